import { ENVIRONMENTS } from '../helpers/platform';
import { infraContext, parentDomain, replicaHost, stackName } from '../../infra/context';
import { OUTPUT } from '../../infra/outputs';
import {
  platform,
  primaryStackName,
  promotedStack,
  RECOVERY,
  ref,
  referencedName,
  resource,
  resourceList,
  single,
  stack,
  type Block,
} from './synth';
import { nonEmpty } from '../helpers/collections';

const PRIMARY_DB = 'environment_database_primary';
const REPLICA_DB = 'environment_database_replica';
const REDIS = 'environment_cache_replication-group';

function keyOf(config: Block, expression: string): Block {
  return resource(config, 'aws_kms_key', referencedName(expression, 'aws_kms_key'));
}

/** Stacks that run the environment: every primary stack, and the DR stack once the DR region is promoted. */
const primaryCases = ENVIRONMENTS.map((env) => ({
  stack: primaryStackName(env),
  env,
  zones: platform.environments[env].aws.zones,
  config: stack(primaryStackName(env)),
}));
const cases = [
  ...primaryCases,
  {
    stack: `${RECOVERY} (promoted)`,
    env: 'production',
    zones: platform.environments.production.aws.dr!.zones,
    config: promotedStack(RECOVERY),
  },
];

describe.each(cases)('PostgreSQL in $stack', ({ env, config }) => {
  const { database } = platform.environments[env];
  const primary = resource(config, 'aws_db_instance', PRIMARY_DB);

  it('is Multi-AZ as the profile decides, sized from the config', () => {
    expect(primary).toMatchObject({
      instance_class: database.instanceClass,
      port: database.port,
      multi_az: database.multiAz,
      publicly_accessible: false,
    });
    expect(primary.max_allocated_storage).toBe(database.allocatedStorageGiB * 4);
    // Every built-in profile keeps a synchronous standby: losing a zone loses no committed write.
    expect(database.multiAz).toBe(true);
  });

  it('is created as the configured engine and version, or inherits them as a promoted replica', () => {
    if (primary.replicate_source_db === undefined && primary.engine === undefined) {
      // The promoted DR replica: engine, version, storage and credentials came with the replication.
      for (const inherited of ['engine', 'engine_version', 'allocated_storage', 'username', 'db_name']) {
        expect(primary).not.toHaveProperty(inherited);
      }
      return;
    }
    expect(primary).toMatchObject({
      engine: 'postgres',
      engine_version: database.engineVersion,
      allocated_storage: database.allocatedStorageGiB,
    });
  });

  it('encrypts storage and Performance Insights with a rotating customer key', () => {
    for (const instance of nonEmpty(resourceList(config, 'aws_db_instance'))) {
      expect(instance.storage_encrypted).toBe(true);
      expect(keyOf(config, instance.kms_key_id).enable_key_rotation).toBe(true);
      expect(instance.performance_insights_enabled).toBe(true);
      expect(instance.performance_insights_kms_key_id).toBe(instance.kms_key_id);
    }
  });

  it('is protected against deletion and keeps a final snapshot and its automated backups', () => {
    expect(primary).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      delete_automated_backups: false,
    });
    for (const instance of nonEmpty(resourceList(config, 'aws_db_instance')))
      expect(instance.deletion_protection).toBe(true);
  });

  it('names its final snapshot uniquely per deployment: a rebuilt stack never collides with the last one', () => {
    // The creation time of this deployment, drawn once from the plan's timestamp and then kept in state.
    const marker = 'environment_database_deployment';
    expect(primary.final_snapshot_identifier).toBe(
      `${primary.identifier}-final-\${terraform_data.${marker}.output.createdAt}`,
    );
    expect(resource(config, 'terraform_data', marker)).toEqual({
      input: { createdAt: '${formatdate("YYYYMMDDhhmm", plantimestamp())}' },
      lifecycle: { ignore_changes: ['input'] },
    });
    // RDS's rules for the identifier: a letter first, letters, digits and single hyphens, no hyphen at the end.
    const example = `${primary.identifier}-final-202601151015`;
    expect(example).toMatch(/^[A-Za-z][0-9A-Za-z-]*[0-9A-Za-z]$/);
    expect(example).not.toContain('--');
  });

  it('keeps point-in-time restore for the configured retention, at least 7 days', () => {
    expect(primary.backup_retention_period).toBe(database.backupRetentionDays);
    expect(primary.backup_retention_period).toBeGreaterThanOrEqual(7);
  });

  it('has enhanced monitoring, IAM authentication, log exports and its own parameter group', () => {
    for (const instance of nonEmpty(resourceList(config, 'aws_db_instance'))) {
      expect(instance.monitoring_interval).toBeGreaterThan(0);
      expect(instance.monitoring_role_arn).toMatch(/^\$\{aws_iam_role\./);
      expect(instance.iam_database_authentication_enabled).toBe(true);
      expect(instance.enabled_cloudwatch_logs_exports).toEqual(expect.arrayContaining(['postgresql']));
    }
    const group = resource(
      config,
      'aws_db_parameter_group',
      referencedName(primary.parameter_group_name, 'aws_db_parameter_group'),
    );
    expect(group.family).toBe(`postgres${database.engineVersion.split('.')[0]}`);
    expect(group.parameter).toEqual(expect.arrayContaining([{ name: 'rds.force_ssl', value: '1' }]));
  });

  it('answers at the stable name the app uses, through a private zone of the VPC', () => {
    const zone = single(config, 'aws_route53_zone', (z) => z.vpc !== undefined);
    expect(zone.name).toBe(parentDomain(database.host));
    expect(zone.vpc).toEqual([{ vpc_id: ref('aws_vpc', 'environment_network_vpc', 'id') }]);
    const record = single(config, 'aws_route53_record', (r) => r.name === database.host);
    expect(record).toMatchObject({ type: 'CNAME', records: [ref('aws_db_instance', PRIMARY_DB, 'address')] });
    // Short TTLs: a repoint reaches the pods within a minute.
    for (const r of resourceList(config, 'aws_route53_record')) expect(r.ttl).toBeLessThanOrEqual(60);
    expect(config.output[OUTPUT.databaseHost].value).toBe(database.host);
    expect(config.output[OUTPUT.databaseEndpoint].value).toBe(ref('aws_db_instance', PRIMARY_DB, 'address'));
    // The credentials' secret of the platform file's name: the primary stack's own (by reference), or in the DR
    // region the replica Secrets Manager keeps under the same name.
    const secret: string = config.output[OUTPUT.databaseSecretName].value;
    const named = secret.startsWith('${')
      ? resource(config, 'aws_secretsmanager_secret', referencedName(secret, 'aws_secretsmanager_secret')).name
      : secret;
    expect(named).toBe(database.credentialsSecret);
  });
});

describe.each(cases)('the read replica in $stack', ({ env, zones, config }) => {
  const { database } = platform.environments[env];
  it('is built because the profile decides so', () => expect(database.readReplica).toBe(true));
  const primary = resource(config, 'aws_db_instance', PRIMARY_DB);
  const replica = resource(config, 'aws_db_instance', REPLICA_DB);

  it('replicates the primary from a pinned zone, for SOP-02 to promote', () => {
    expect(replica.replicate_source_db).toBe(ref('aws_db_instance', PRIMARY_DB, 'identifier'));
    // RDS places a Multi-AZ primary and its standby itself (its API refuses a zone); the replica is pinned.
    expect(primary).not.toHaveProperty('availability_zone');
    expect(replica.availability_zone).toBe(zones[zones.length - 1]);
    expect(replica.instance_class).toBe(database.instanceClass);
    expect(replica.deletion_protection).toBe(true);
  });

  it('answers at its stable name, which the stack outputs with its identifier', () => {
    const record = single(config, 'aws_route53_record', (r) => r.name === replicaHost(database.host));
    expect(record.records).toEqual([ref('aws_db_instance', REPLICA_DB, 'address')]);
    expect(config.output[OUTPUT.databaseReplicaHost].value).toBe(replicaHost(database.host));
    expect(config.output[OUTPUT.databaseReplicaIdentifier].value).toBe(
      ref('aws_db_instance', REPLICA_DB, 'identifier'),
    );
  });
});

describe.each(ENVIRONMENTS)('%s: database credentials', (env) => {
  const config = stack(primaryStackName(env));
  const { database, aws } = platform.environments[env];

  it('live in the secret the ExternalSecret reads, with the keys it reads, never in state', () => {
    const secret = resource(config, 'aws_secretsmanager_secret', 'database-credentials_secret');
    expect(secret.name).toBe(database.credentialsSecret);
    expect(keyOf(config, secret.kms_key_id).enable_key_rotation).toBe(true);
    const value = single(
      config,
      'aws_secretsmanager_secret_version',
      (v) => v.secret_id === ref('aws_secretsmanager_secret', 'database-credentials_secret', 'id'),
    );
    expect(value).not.toHaveProperty('secret_string');
    for (const key of ['username', 'password', 'host', 'port', 'dbname'])
      expect(value.secret_string_wo).toContain(`"${key}" =`);
    expect(value.secret_string_wo).toContain(`"host" = "${database.host}"`);
    expect(config.output[OUTPUT.databaseSecretName].value).toBe(
      ref('aws_secretsmanager_secret', 'database-credentials_secret', 'name'),
    );
  });

  it('give the database the same generated password, write-only, rotated by one version number', () => {
    const primary = resource(config, 'aws_db_instance', PRIMARY_DB);
    const value = resourceList(config, 'aws_secretsmanager_secret_version').find((v) =>
      v.secret_string_wo.includes('"dbname"'),
    )!;
    const password = 'ephemeral.aws_secretsmanager_random_password.database-credentials_password.random_password';
    expect(primary.password_wo).toBe(`\${${password}}`);
    expect(value.secret_string_wo).toContain(`"password" = ${password}`);
    expect(primary).not.toHaveProperty('password');
    expect(primary).not.toHaveProperty('manage_master_user_password');
    expect(primary.password_wo_version).toBe(value.secret_string_wo_version);
  });

  it('come from an ephemeral password, which Terraform keeps in neither state nor plan', () => {
    // Terraform's JSON syntax: "ephemeral": {"<type>": {"<name>": {<arguments>}}}, like "resource" and "data".
    expect(config.ephemeral).toEqual({
      aws_secretsmanager_random_password: {
        'database-credentials_password': { password_length: 40, exclude_punctuation: true },
      },
    });
    // A data source's result is stored in state: the database password must not come from one.
    expect(config.data?.aws_secretsmanager_random_password ?? {}).not.toHaveProperty('database-credentials_password');
    // Terraform accepts an ephemeral value only in write-only arguments (`*_wo`), never in an output.
    const persisted = Object.values(config.resource as Record<string, Record<string, Block>>)
      .flatMap((byName) => Object.values(byName))
      .flatMap((body) => Object.entries(body).filter(([argument]) => !argument.endsWith('_wo')))
      .map(([, value]) => JSON.stringify(value));
    expect(persisted.filter((v) => v.includes('ephemeral.'))).toEqual([]);
    expect(JSON.stringify(config.output)).not.toContain('ephemeral.');
  });

  it(
    aws.dr
      ? 'are replicated to the DR region, under the key the DR storage stack keeps there'
      : 'stay in the primary region',
    () => {
      const secret = resource(config, 'aws_secretsmanager_secret', 'database-credentials_secret');
      if (!aws.dr) return expect(secret.replica).toBeUndefined();
      expect(secret.replica).toEqual([
        {
          region: aws.dr.region,
          kms_key_id: `arn:aws:kms:${aws.dr.region}:${aws.accountId}:alias/${platform.app.name}-${env}-secrets`,
        },
      ]);
      const alias = `alias/${platform.app.name}-${env}-secrets`;
      expect(
        resourceList(stack(stackName(infraContext(platform, env, 'dr-storage'))), 'aws_kms_alias').map((a) => a.name),
      ).toContain(alias);
    },
  );
});

describe.each(cases)('Redis in $stack', ({ env, zones, config }) => {
  const { redis } = platform.environments[env];
  const group = resource(config, 'aws_elasticache_replication_group', REDIS);

  it("has the profile's node count round the zones, Multi-AZ with automatic failover", () => {
    expect(group).toMatchObject({
      node_type: redis.nodeType,
      port: redis.port,
      multi_az_enabled: redis.multiAz,
      automatic_failover_enabled: true,
      num_cache_clusters: redis.nodeCount,
    });
    expect(redis.multiAz).toBe(true);
    expect(redis.nodeCount).toBeGreaterThanOrEqual(2);
    // No two nodes share a zone until every zone holds one: a lost zone always leaves a replica elsewhere.
    const placed: string[] = group.preferred_cache_cluster_azs;
    expect(placed).toHaveLength(redis.nodeCount);
    expect(new Set(placed).size).toBe(Math.min(redis.nodeCount, zones.length));
    for (const zone of placed) expect(zones).toContain(zone);
  });

  it('encrypts at rest with a customer key and in transit, and requires AUTH', () => {
    expect(group.at_rest_encryption_enabled).toBe('true');
    expect(keyOf(config, group.kms_key_id).enable_key_rotation).toBe(true);
    expect(group).toMatchObject({ transit_encryption_enabled: true, transit_encryption_mode: 'required' });
    expect(group.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_random_password\./);
    const secret = single(
      config,
      'aws_secretsmanager_secret',
      (s) => s.name === config.output[OUTPUT.redisAuthSecretName].value,
    );
    expect(secret.kms_key_id).toBe(group.kms_key_id);
  });

  it('rewrites the AUTH secret when the group is replaced, and only then', () => {
    const value = single(config, 'aws_secretsmanager_secret_version', (v) => v.secret_string_wo.includes('"token"'));
    // The group and the secret take the same token, drawn once per run.
    expect(value.secret_string_wo).toContain(`"token" = ${group.auth_token.slice(2, -1)}`);
    // The token's data source draws anew on every plan; only a new group may take the new one.
    expect(group.lifecycle.ignore_changes).toEqual(['auth_token']);
    // An attribute, not the whole group: a whole-resource reference would fire on every in-place update and
    // write a token the running group does not have. `id` is unknown only when the group is replaced.
    // Terraform's JSON syntax wants a bare reference here (it rejects "${...}").
    expect(value.lifecycle.replace_triggered_by).toEqual([`aws_elasticache_replication_group.${REDIS}.id`]);
  });

  it('answers at the stable Redis name', () => {
    const record = single(config, 'aws_route53_record', (r) => r.name === redis.host);
    expect(record.records).toEqual([ref('aws_elasticache_replication_group', REDIS, 'primary_endpoint_address')]);
  });
});
