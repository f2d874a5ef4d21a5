import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Environment } from '../config';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secret-external-secrets.io';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/secret-store-external-secrets.io';
import { objectMeta, type AppIdentity } from './identity';

export interface DatabaseConnectionProps {
  readonly identity: AppIdentity;
  readonly database: Pick<Environment['database'], 'host' | 'port' | 'name' | 'credentialsSecret'>;
  readonly redis: Pick<Environment['redis'], 'host' | 'port' | 'authSecret'>;
  /** Region of the Secrets Manager secrets. */
  readonly region: string;
  /** ServiceAccount the SecretStore authenticates as. */
  readonly secretsServiceAccountName: string;
  /** IAM role (IRSA) that ServiceAccount assumes: it may read exactly the two secrets. */
  readonly secretsRoleArn: string;
}

/**
 * How the app finds its data stores: a ConfigMap per store (host, port, database, TLS mode) and their
 * secrets (database credentials, Redis AUTH token) synced from AWS Secrets Manager by External Secrets through
 * IRSA. Repointing the app to a promoted primary (SOP-02 step 4) is a change of `database.host` alone.
 */
export class DatabaseConnection extends Construct {
  /** ConfigMap with DATABASE_HOST, DATABASE_PORT and DATABASE_NAME. */
  public readonly databaseConfigMapName: string;
  /** ConfigMap with REDIS_HOST and REDIS_PORT. */
  public readonly redisConfigMapName: string;
  /** Secret (created by External Secrets) with the keys `username` and `password`. */
  public readonly credentialsSecretName: string;
  /** Secret (created by External Secrets) with the key `token`, the Redis AUTH token. */
  public readonly redisAuthSecretName: string;

  constructor(scope: Construct, id: string, props: DatabaseConnectionProps) {
    super(scope, id);
    const { identity, database, redis } = props;
    const app = identity.app;
    this.databaseConfigMapName = `${app}-database`;
    this.redisConfigMapName = `${app}-redis`;
    this.credentialsSecretName = `${app}-database-credentials`;
    this.redisAuthSecretName = `${app}-redis-auth`;

    new k8s.KubeConfigMap(this, 'DatabaseConfig', {
      metadata: objectMeta(identity, this.databaseConfigMapName, 'database'),
      data: {
        DATABASE_HOST: database.host,
        DATABASE_PORT: String(database.port),
        DATABASE_NAME: database.name,
        // The server certificate names the RDS endpoint, not database.host (a CNAME): verify the CA only.
        DATABASE_SSLMODE: 'verify-ca',
      },
    });
    new k8s.KubeConfigMap(this, 'RedisConfig', {
      metadata: objectMeta(identity, this.redisConfigMapName, 'cache'),
      // ElastiCache requires TLS in transit.
      data: { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), REDIS_TLS: 'true' },
    });

    const serviceAccountName = props.secretsServiceAccountName;
    new k8s.KubeServiceAccount(this, 'SecretsServiceAccount', {
      metadata: {
        ...objectMeta(identity, serviceAccountName, 'database'),
        annotations: { 'eks.amazonaws.com/role-arn': props.secretsRoleArn },
      },
      // External Secrets requests its own short-lived token for this account; no pod mounts it.
      automountServiceAccountToken: false,
    });
    const storeName = `${app}-aws-secrets-manager`;
    new SecretStore(this, 'SecretStore', {
      metadata: objectMeta(identity, storeName, 'database'),
      spec: {
        provider: {
          aws: {
            service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: props.region,
            auth: { jwt: { serviceAccountRef: { name: serviceAccountName } } },
          },
        },
      },
    });
    const store = { kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE, name: storeName };
    const sync = (id: string, name: string, remoteKey: string, properties: readonly string[], component: string) =>
      new ExternalSecret(this, id, {
        metadata: objectMeta(identity, name, component),
        spec: {
          refreshInterval: '1h',
          secretStoreRef: store,
          target: { name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
          data: properties.map((key) => ({ secretKey: key, remoteRef: { key: remoteKey, property: key } })),
        },
      });
    sync('Credentials', this.credentialsSecretName, database.credentialsSecret, ['username', 'password'], 'database');
    sync('RedisAuth', this.redisAuthSecretName, redis.authSecret, ['token'], 'cache');
  }

  /** ConfigMaps whose keys the app containers take as environment variables. */
  public configMapNames(): string[] {
    return [this.databaseConfigMapName, this.redisConfigMapName];
  }

  /** The secrets as environment variables, referenced (never copied) from the synced Secrets. */
  public secretEnv(): k8s.EnvVar[] {
    const fromSecret = (name: string, secret: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    return [
      fromSecret('DATABASE_USERNAME', this.credentialsSecretName, 'username'),
      fromSecret('DATABASE_PASSWORD', this.credentialsSecretName, 'password'),
      fromSecret('REDIS_AUTH_TOKEN', this.redisAuthSecretName, 'token'),
    ];
  }
}
