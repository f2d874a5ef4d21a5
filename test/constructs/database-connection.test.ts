/**
 * How the app finds its data stores, followed the way the cluster follows it: a container's environment comes from
 * the ConfigMaps the construct names and from Secret keys it references; each Secret is written by an External
 * Secrets ExternalSecret (v2.9.0 API: the target Secret defaults to the ExternalSecret's name, `data[].secretKey` is
 * its key, `remoteRef.key`/`property` the Secrets Manager secret and its JSON field) through a SecretStore that
 * authenticates as a ServiceAccount carrying the IRSA role. Expected values: the README (the `<app>-database`
 * ConfigMap holds the host SOP-02 repoints), docs/infrastructure.md (PostgreSQL clients verify the CA, not the host
 * name; Redis with TLS and AUTH), infra's secrets (database: `username`, `password`; Redis: `token`).
 */
import { Testing } from 'cdk8s';
import { DatabaseConnection } from '../../src/constructs/database-connection';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

const props = {
  identity,
  database: {
    host: 'postgres.prod.shop.internal',
    port: 5433,
    name: 'orders',
    credentialsSecret: 'shop/prod/database',
  },
  redis: { host: 'redis.prod.shop.internal', port: 6380, authSecret: 'shop/prod/redis' },
  region: 'eu-central-1',
  secretsServiceAccountName: 'shop-external-secrets',
  secretsRoleArn: 'arn:aws:iam::123456789012:role/shop-prod-external-secrets',
};

function connect() {
  const chart = Testing.chart();
  const connection = new DatabaseConnection(chart, 'connection', props);
  return { connection, objects: Testing.synth(chart) };
}

const ofKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);

function only(objects: any[], kind: string, name: string) {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** What a container with `envFrom` these ConfigMaps sees: their data merged. */
function configMapEnv(objects: any[], names: readonly string[]): Record<string, string> {
  return Object.assign({}, ...names.map((name) => only(objects, 'ConfigMap', name).data));
}

/** Where an environment variable's value comes from in the end: the Secrets Manager secret, field and region. */
function secretSource(objects: any[], env: any) {
  const { name, key } = env.valueFrom.secretKeyRef;
  const writers = ofKind(objects, 'ExternalSecret').filter((o) => (o.spec.target?.name ?? o.metadata.name) === name);
  expect(writers).toHaveLength(1);
  const [externalSecret] = writers;
  const entries = (externalSecret.spec.data ?? []).filter((entry: any) => entry.secretKey === key);
  expect(entries).toHaveLength(1);
  expect(externalSecret.spec.secretStoreRef.kind).toBe('SecretStore');
  const store = only(objects, 'SecretStore', externalSecret.spec.secretStoreRef.name);
  return { secret: entries[0].remoteRef.key, field: entries[0].remoteRef.property, store };
}

/** A Go duration (`1h`, `1h0m0s`, `60m`) in seconds; NaN when it is not one. */
function goDurationSeconds(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '') return NaN;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

describe('the database connection', () => {
  it('is valid objects in the app namespace: 2 ConfigMaps, a ServiceAccount, a SecretStore, 2 ExternalSecrets', () => {
    const { objects } = connect();
    expectValidManifests(objects);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap',
      'ConfigMap',
      'ExternalSecret',
      'ExternalSecret',
      'SecretStore',
      'ServiceAccount',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe('shop-prod');
  });

  it('gives the containers the database endpoint from the <app>-database ConfigMap, verifying the CA only', () => {
    const { connection, objects } = connect();
    expect(connection.configMapNames()).toContain('shop-database');
    expect(only(objects, 'ConfigMap', 'shop-database').data).toEqual({
      DATABASE_HOST: 'postgres.prod.shop.internal',
      DATABASE_PORT: '5433',
      DATABASE_NAME: 'orders',
      DATABASE_SSLMODE: 'verify-ca',
    });
  });

  it('gives the containers every endpoint key through the ConfigMaps it names: the database and Redis over TLS', () => {
    const { connection, objects } = connect();
    expect(configMapEnv(objects, connection.configMapNames())).toEqual({
      DATABASE_HOST: 'postgres.prod.shop.internal',
      DATABASE_PORT: '5433',
      DATABASE_NAME: 'orders',
      DATABASE_SSLMODE: 'verify-ca',
      REDIS_HOST: 'redis.prod.shop.internal',
      REDIS_PORT: '6380',
      REDIS_TLS: 'true',
    });
  });

  it('labels each object with the store it belongs to: database or cache', () => {
    const { connection, objects } = connect();
    const component = (kind: string, name: string) =>
      only(objects, kind, name).metadata.labels['app.kubernetes.io/component'];
    expect(component('ConfigMap', connection.databaseConfigMapName)).toBe('database');
    expect(component('ConfigMap', connection.redisConfigMapName)).toBe('cache');
    expect(component('ExternalSecret', connection.credentialsSecretName)).toBe('database');
    expect(component('ExternalSecret', connection.redisAuthSecretName)).toBe('cache');
    expect(component('ServiceAccount', 'shop-external-secrets')).toBe('database');
    expect(component('SecretStore', ofKind(objects, 'SecretStore')[0].metadata.name)).toBe('database');
  });

  it('references the credentials and the Redis token from Secrets synced from Secrets Manager, never copies them', () => {
    const { connection, objects } = connect();
    const env = connection.secretEnv();
    expect(env.map((variable) => variable.name)).toEqual([
      'DATABASE_USERNAME',
      'DATABASE_PASSWORD',
      'REDIS_AUTH_TOKEN',
    ]);
    const sources = env.map((variable) => {
      expect(variable.value).toBeUndefined();
      const { secret, field } = secretSource(objects, variable);
      return [variable.name, `${secret}#${field}`];
    });
    expect(Object.fromEntries(sources)).toEqual({
      DATABASE_USERNAME: 'shop/prod/database#username',
      DATABASE_PASSWORD: 'shop/prod/database#password',
      REDIS_AUTH_TOKEN: 'shop/prod/redis#token',
    });
  });

  it('syncs exactly the fields the containers reference, and writes no secret data into any object', () => {
    const { connection, objects } = connect();
    const synced = ofKind(objects, 'ExternalSecret').flatMap((o) =>
      o.spec.data.map((entry: any) => `${o.spec.target?.name ?? o.metadata.name}:${entry.secretKey}`),
    );
    const referenced = connection.secretEnv().map((variable) => {
      const { name, key } = variable.valueFrom!.secretKeyRef!;
      return `${name}:${key}`;
    });
    expect(synced).toHaveLength(3);
    expect(synced.sort()).toEqual(referenced.sort());
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('re-reads the secrets every hour (rotation reaches the Secrets), and owns the Secrets it writes', () => {
    const externalSecrets = ofKind(connect().objects, 'ExternalSecret');
    expect(externalSecrets).toHaveLength(2);
    for (const o of externalSecrets) {
      expect(goDurationSeconds(o.spec.refreshInterval)).toBe(3600);
      // Owner (ESO's default too): the Secret goes when the ExternalSecret goes.
      expect(o.spec.target?.creationPolicy ?? 'Owner').toBe('Owner');
    }
  });

  it("reads Secrets Manager in the props' region as the IRSA ServiceAccount, which no pod mounts", () => {
    const { connection, objects } = connect();
    const { store } = secretSource(objects, connection.secretEnv()[0]);
    expect(store.spec.provider).toEqual({
      aws: {
        service: 'SecretsManager',
        region: 'eu-central-1',
        auth: { jwt: { serviceAccountRef: { name: 'shop-external-secrets' } } },
      },
    });
    const account = only(objects, 'ServiceAccount', 'shop-external-secrets');
    expect(account.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/shop-prod-external-secrets',
    });
    expect(account.automountServiceAccountToken).toBe(false);
    // Both ExternalSecrets go through that one store.
    expect(secretSource(objects, connection.secretEnv()[2]).store).toBe(store);
  });
});
