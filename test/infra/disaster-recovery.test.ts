/**
 * The pilot-light DR region and its failover switch: what runs in the DR region before a disaster, that the
 * primary stack manages nothing there, that the DR stacks name nothing of the primary region but the database
 * they replicate (and, after a failover, the other region's host name on the certificate), and that
 * `aws.dr.promoted` promotes the replica in place (no replacement, no argument RDS does not honour) and builds the
 * rest of the environment.
 */
import { parseEcrRepository, regionalHost } from '../../src/config';
import { REPLICATION_TIME_MINUTES } from '../../infra/constructs/artifact-store';
import { REPLICA_LAG_ALARM_SECONDS } from '../../infra/constructs/recovery-alarms';
import { BACKUP_REPLICATION_ID } from '../../infra/stacks/recovery-stack';
import { environmentObjects, findObject } from '../helpers/manifests';
import {
  allResources,
  parsePolicy,
  platform,
  primaryStackName,
  PRODUCTION,
  promotedPlatform,
  promotedStack,
  RECOVERY,
  RECOVERY_STORAGE,
  ref,
  referencedName,
  regionOf,
  resource,
  resourceList,
  resources,
  single,
  stack,
  type Block,
} from './synth';

const production = platform.environments.production;
const dr = production.aws.dr!;
const account = production.aws.accountId;
const config = stack(PRODUCTION);
const storage = stack(RECOVERY_STORAGE);
const pilot = stack(RECOVERY);
const promoted = promotedStack(RECOVERY);
const PRIMARY_DB = 'environment_database_primary';

/** ARN of the production database in a region, as RDS forms it. */
const databaseArn = (region: string) => `arn:aws:rds:${region}:${account}:db:${platform.app.name}-production`;

/** Every string in a JSON value that AWS acts on, with its path (descriptions are prose for people). */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([k]) => !/(^|_)description$/.test(k))
      .flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

describe('the pilot light: what already runs in the DR region', () => {
  const replica = resource(pilot, 'aws_db_instance', PRIMARY_DB);

  it('replicates the production database into the DR region, encrypted with a DR-region key', () => {
    expect(regionOf(pilot, replica)).toBe(dr.region);
    // A cross-region replica names its source by ARN; RDS resolves it, Terraform never reads the primary region.
    expect(replica.replicate_source_db).toBe(databaseArn(production.aws.region));
    expect(replica.replicate_source_db).toBe(
      `arn:aws:rds:${production.aws.region}:${account}:db:${resource(config, 'aws_db_instance', PRIMARY_DB).identifier}`,
    );
    const key = resource(pilot, 'aws_kms_key', referencedName(replica.kms_key_id, 'aws_kms_key'));
    expect(regionOf(pilot, key)).toBe(dr.region);
    expect(key.enable_key_rotation).toBe(true);
    expect(replica.performance_insights_kms_key_id).toBe(replica.kms_key_id);
    expect(replica.db_subnet_group_name).toBe(ref('aws_db_subnet_group', 'environment_database_subnet-group', 'name'));
  });

  it('sets only arguments RDS honours for a cross-region replica', () => {
    // Inherited from the source: setting them conflicts with replicate_source_db or forces a replacement.
    for (const inherited of [
      'engine',
      'engine_version',
      'username',
      'db_name',
      'password',
      'password_wo',
      'allocated_storage',
    ]) {
      expect(replica).not.toHaveProperty(inherited);
    }
    for (const restore of ['restore_to_point_in_time', 'snapshot_identifier', 's3_import']) {
      expect(replica).not.toHaveProperty(restore);
    }
    // RDS refuses a final snapshot of a replica; backups start with the promotion.
    expect(replica).toMatchObject({ skip_final_snapshot: true, storage_encrypted: true, multi_az: false });
    expect(replica).not.toHaveProperty('final_snapshot_identifier');
    expect(replica).not.toHaveProperty('backup_retention_period');
    // RDS places it; a pinned zone would force a replacement once Multi-AZ failover moves it.
    expect(replica).not.toHaveProperty('availability_zone');
  });

  it("alarms when the replica lags past the RPO budget, on the DR region's alarm topic", () => {
    const alarm = single(pilot, 'aws_cloudwatch_metric_alarm', (a) => a.metric_name === 'ReplicaLag');
    expect(alarm).toMatchObject({
      namespace: 'AWS/RDS',
      dimensions: { DBInstanceIdentifier: ref('aws_db_instance', PRIMARY_DB, 'identifier') },
      threshold: REPLICA_LAG_ALARM_SECONDS,
      treat_missing_data: 'breaching',
    });
    const topic = single(storage, 'aws_sns_topic');
    expect(alarm.alarm_actions).toEqual([`arn:aws:sns:${dr.region}:${account}:${topic.name}`]);
    expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
  });

  it('receives the automated backups of the primary for point-in-time restore in the DR region', () => {
    const replication = resource(pilot, 'aws_db_instance_automated_backups_replication', BACKUP_REPLICATION_ID);
    expect(replication).toEqual({
      source_db_instance_arn: databaseArn(production.aws.region),
      kms_key_id: replica.kms_key_id,
      retention_period: production.database.backupRetentionDays,
    });
  });

  it("keeps the copies' destinations in a DR stack of their own, deployed before the primary stack", () => {
    const byType = (c: Block) => [...new Set(allResources(c).map((r) => r.type))].sort();
    expect(byType(storage)).toEqual(
      expect.arrayContaining([
        'aws_backup_vault',
        'aws_backup_vault_lock_configuration',
        'aws_cloudwatch_metric_alarm',
        'aws_ecr_repository',
        'aws_kms_key',
        'aws_s3_bucket',
        'aws_s3_bucket_versioning',
        'aws_sns_topic',
      ]),
    );
    // Nothing in it depends on the primary stack: it names nothing of the primary region but the source bucket.
    const primaryMentions = strings(storage.resource).filter((s) => s.value.includes(production.aws.region));
    expect(primaryMentions.map((s) => s.path)).toEqual([
      'aws_cloudwatch_metric_alarm.recovery-alarms_artifacts-replication-latency.dimensions.SourceBucket',
    ]);
  });

  it.each([
    ['DR storage', storage],
    ['DR', pilot],
  ])("keeps the %s stack's state and every resource in the DR region", (_, dr_) => {
    expect(dr_.provider.aws).toHaveLength(1);
    expect(dr_.provider.aws[0].region).toBe(dr.region);
    expect(dr_.terraform.backend.s3).toMatchObject({ bucket: dr.stateBucket, region: dr.region });
    expect(allResources(dr_).filter((r) => 'region' in r.body)).toEqual([]);
  });
});

describe('the primary stack manages nothing in the DR region', () => {
  it('has one provider, in the primary region, and no resource with a region of its own', () => {
    for (const env of ['qa', 'staging', 'production']) {
      const c = stack(primaryStackName(env));
      expect(c.provider.aws).toEqual([expect.objectContaining({ region: platform.environments[env].aws.region })]);
      expect(
        allResources(c)
          .filter((r) => 'region' in r.body)
          .map((r) => `${r.type}.${r.name}`),
      ).toEqual([]);
    }
  });

  it('names the DR region only where it sends a copy (each to a destination the DR storage stack creates) and in host names', () => {
    const mentions = strings(config.resource).filter((s) => s.value.includes(dr.region));
    // Host names of the DR region, not dependencies on it, by path and value. The certificate of this region covers
    // the DR region's regional host (`*.<dr region>.<domain>`): both clusters apply the same Ingress, which names
    // every region's host, and the load balancer controller fails an Ingress unless a certificate of its own region
    // matches each of its hosts (aws-load-balancer-controller@v3.5.0 pkg/certs/cert_discovery.go). And the public
    // name's failover pair (Route 53 is global: the primary stack owns it) points at the DR region's regional host
    // once the health check of that host passes.
    const publicServices = Object.keys(platform.services).filter((name) => {
      const definition = platform.services[name];
      return definition.kind === 'http' && definition.exposure === 'public';
    });
    expect(publicServices.length).toBeGreaterThan(0);
    const hostNames: Record<string, string> = {
      'aws_acm_certificate.environment_platform_certificate.subject_alternative_names[1]': `*.${dr.region}.${production.domain}`,
      ...Object.fromEntries(
        publicServices.flatMap((service) => {
          const host = regionalHost(service, dr.region, production.domain);
          return [
            [`aws_route53_record.public-records_${service}-secondary.records[0]`, host],
            [`aws_route53_record.public-records_${service}-secondary.set_identifier`, dr.region],
            [`aws_route53_health_check.public-records_${service}-secondary-health-check.fqdn`, host],
            [`aws_route53_health_check.public-records_${service}-secondary-health-check.tags.Name`, host],
          ];
        }),
      ),
    };
    expect(Object.fromEntries(mentions.filter((s) => s.path in hostNames).map((s) => [s.path, s.value]))).toEqual(
      hostNames,
    );
    expect(
      mentions
        .filter((s) => !(s.path in hostNames))
        .map((s) => s.path)
        .sort(),
    ).toEqual(
      [
        'aws_backup_plan.backups_plan.rule[0].copy_action[0].destination_vault_arn',
        'aws_cloudwatch_metric_alarm.recovery-alarms_artifacts-replication-failed.dimensions.DestinationBucket',
        'aws_ecr_replication_configuration.registry_replication.replication_configuration.rule[0].destination[0].region',
        'aws_iam_role_policy.artifacts_replication-role_inline-policy.policy',
        'aws_s3_bucket_replication_configuration.artifacts_replication.rule[0].destination.bucket',
        'aws_s3_bucket_replication_configuration.artifacts_replication.rule[0].destination.encryption_configuration.replica_kms_key_id',
        'aws_secretsmanager_secret.database-credentials_secret.replica[0].kms_key_id',
        'aws_secretsmanager_secret.database-credentials_secret.replica[0].region',
      ].sort(),
    );
  });

  it("copies AWS Backup recovery points to the DR storage stack's vault, both vaults locked", () => {
    const [rule] = single(config, 'aws_backup_plan').rule;
    const drVault = single(storage, 'aws_backup_vault');
    expect(rule.copy_action).toEqual([
      {
        destination_vault_arn: `arn:aws:backup:${dr.region}:${account}:backup-vault:${drVault.name}`,
        lifecycle: { delete_after: production.database.backupRetentionDays },
      },
    ]);
    expect(rule.enable_continuous_backup).toBe(true);
    const retention = production.database.backupRetentionDays;
    for (const c of [config, storage]) {
      const vault = single(c, 'aws_backup_vault');
      const lock = single(c, 'aws_backup_vault_lock_configuration');
      expect(lock.backup_vault_name).toBe(
        ref('aws_backup_vault', referencedName(lock.backup_vault_name, 'aws_backup_vault'), 'name'),
      );
      expect(resource(c, 'aws_backup_vault', referencedName(lock.backup_vault_name, 'aws_backup_vault'))).toBe(vault);
      expect(lock.min_retention_days).toBe(retention);
      // Governance mode: changeable_for_days would start compliance mode, irreversible after its grace time.
      expect(lock).not.toHaveProperty('changeable_for_days');
      for (const days of [rule.lifecycle.delete_after, rule.copy_action[0].lifecycle.delete_after]) {
        expect(days).toBeGreaterThanOrEqual(lock.min_retention_days);
        expect(days).toBeLessThanOrEqual(lock.max_retention_days);
      }
      const key = resource(c, 'aws_kms_key', referencedName(vault.kms_key_arn, 'aws_kms_key'));
      expect(regionOf(c, key)).toBe(regionOf(c, vault));
    }
  });

  it("replicates the artifacts bucket within 15 minutes into the DR storage stack's bucket and key", () => {
    const [rule] = single(config, 'aws_s3_bucket_replication_configuration').rule;
    const replicaBucket = single(storage, 'aws_s3_bucket');
    expect(rule.destination).toMatchObject({
      bucket: `arn:aws:s3:::${replicaBucket.bucket}`,
      replication_time: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
      metrics: { status: 'Enabled' },
    });
    expect(rule.delete_marker_replication).toEqual({ status: 'Enabled' });
    const aliasArn: string = rule.destination.encryption_configuration.replica_kms_key_id;
    const alias = aliasArn.slice(aliasArn.indexOf(':alias/') + 1);
    expect(aliasArn).toBe(`arn:aws:kms:${dr.region}:${account}:${alias}`);
    const aliased = single(storage, 'aws_kms_alias', (a) => a.name === alias);
    const encryption = single(storage, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(
      aliased.target_key_id.replace('.key_id}', '.arn}'),
    );
    // The replication role may encrypt only with that alias's key, only through S3 in the DR region.
    const role = single(config, 'aws_iam_role_policy', (p) => p.name.endsWith('artifacts-replication'));
    expect(parsePolicy(role.policy).Statement).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 'kms:Encrypt',
          Resource: `arn:aws:kms:${dr.region}:${account}:key/*`,
          Condition: {
            StringEquals: { 'kms:ViaService': `s3.${dr.region}.amazonaws.com` },
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias },
          },
        },
      ]),
    );
  });

  it('replicates every pushed image into an identical repository of the DR storage stack', () => {
    const image = parseEcrRepository(platform.image.repository)!;
    const [rule] = single(config, 'aws_ecr_replication_configuration').replication_configuration.rule;
    expect(rule.destination).toEqual([{ region: dr.region, registry_id: account }]);
    const primaryRepo = resource(config, 'aws_ecr_repository', 'registry_primary');
    const replicaRepo = single(storage, 'aws_ecr_repository');
    expect(replicaRepo.name).toBe(image.name);
    const settings = (r: Block) => ({
      ...r,
      encryption_configuration: r.encryption_configuration.map((e: Block) => e.encryption_type),
    });
    expect(settings(replicaRepo)).toEqual(settings(primaryRepo));
  });
});

describe('the DR stacks plan and apply while the primary region is down', () => {
  it.each([
    ['DR storage', storage],
    ['DR', pilot],
    ['promoted DR', promoted],
  ])('%s: no remote state, nothing read or named in the primary region but the replicated database', (_, c) => {
    // A data source reads through the stack's only provider, in the DR region (the Redis token's generator).
    const data = Object.entries((c.data ?? {}) as Record<string, Record<string, Block>>).flatMap(([type, byName]) =>
      Object.values(byName).map((body) => ({ type, body })),
    );
    expect(
      data.filter((d) => d.type === 'terraform_remote_state' || 'region' in d.body || 'provider' in d.body),
    ).toEqual([]);
    expect(c.provider.aws).toEqual([expect.objectContaining({ region: dr.region })]);
    const mentions = strings({ resource: c.resource, output: c.output }).filter((s) =>
      s.value.includes(production.aws.region),
    );
    const allowed = new Set([
      databaseArn(production.aws.region),
      `${platform.app.name}-production-artifacts-${account}-${production.aws.region}`,
    ]);
    // And a host name: after a failover the DR region's certificate covers the primary region's regional host, for
    // the same Ingress in either cluster (see the primary stack's test above). A name in the global zone, validated
    // by ACM in the DR region: nothing read from or created in the primary region.
    const certificateName = (s: { path: string; value: string }) =>
      /^resource\.aws_acm_certificate\.[^.]+\.subject_alternative_names\[\d+\]$/.test(s.path) &&
      s.value === `*.${production.aws.region}.${production.domain}`;
    expect(mentions.filter((s) => !allowed.has(s.value) && !certificateName(s))).toEqual([]);
  });
});

describe('the failover switch: aws.dr.promoted', () => {
  const before = resource(pilot, 'aws_db_instance', PRIMARY_DB);
  const after = resource(promoted, 'aws_db_instance', PRIMARY_DB);

  it('promotes the same instance: removing replicate_source_db is what makes the provider call PromoteReadReplica', () => {
    expect(before.replicate_source_db).toBe(databaseArn(production.aws.region));
    expect(after).not.toHaveProperty('replicate_source_db');
    expect(after.identifier).toBe(before.identifier);
  });

  it('changes no argument that forces a replacement, so neither apply replaces the database', () => {
    // ForceNew arguments of aws_db_instance (provider schema, internal/service/rds/instance.go).
    const forceNew = [
      'identifier',
      'identifier_prefix',
      'kms_key_id',
      'storage_encrypted',
      'availability_zone',
      'engine',
      'username',
      'db_name',
      'character_set_name',
      'nchar_character_set_name',
      'timezone',
      'snapshot_identifier',
      'restore_to_point_in_time',
      'custom_iam_instance_profile',
      'backup_target',
    ];
    for (const argument of forceNew) expect([argument, after[argument]]).toEqual([argument, before[argument]]);
    // What changes is applied in place: the promotion passes backup retention and window to PromoteReadReplica.
    const changed = Object.keys({ ...before, ...after })
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .sort();
    expect(changed).toEqual(
      [
        'backup_retention_period',
        'backup_window',
        'final_snapshot_identifier',
        'multi_az',
        'replicate_source_db',
        'skip_final_snapshot',
      ].sort(),
    );
    expect(after).toMatchObject({
      multi_az: production.database.multiAz,
      backup_retention_period: production.database.backupRetentionDays,
      skip_final_snapshot: false,
      // Without it, Multi-AZ would wait for the maintenance window and the next plan would show it again.
      apply_immediately: true,
    });
  });

  it('keeps every resource of the pilot light at its address and, but for the database, unchanged', () => {
    const bodies = (c: Block) => new Map(allResources(c).map((r) => [`${r.type}.${r.name}`, r.body]));
    const was = bodies(pilot);
    const now = bodies(promoted);
    const gone = [...was.keys()].filter((address) => !now.has(address));
    // The backup replication's source is the lost region: forgotten, not destroyed (its delete waits on that region).
    expect(gone).toEqual([`aws_db_instance_automated_backups_replication.${BACKUP_REPLICATION_ID}`]);
    expect(promoted.removed).toEqual([{ from: gone[0], lifecycle: { destroy: false } }]);
    const changed = [...was.keys()].filter(
      (a) => now.has(a) && JSON.stringify(was.get(a)) !== JSON.stringify(now.get(a)),
    );
    expect(changed.sort()).toEqual(
      [`aws_db_instance.${PRIMARY_DB}`, 'aws_cloudwatch_metric_alarm.recovery-alarms_database-replica-lag'].sort(),
    );
  });

  it("then owns a primary: the whole environment, built like the primary stack's", () => {
    const dataSources = (c: Block) =>
      Object.entries((c.data ?? {}) as Record<string, Record<string, Block>>).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => ({ type: `data.${type}`, name })),
      );
    const addresses = (c: Block) =>
      [...allResources(c), ...dataSources(c)]
        .filter((r) => r.name.startsWith('environment_'))
        .map((r) => `${r.type}.${r.name}`);
    const zoneFree = (list: string[], zones: string[]) =>
      list.map((a) => zones.reduce((s, zone, i) => s.split(zone).join(`zone${i}`), a)).sort();
    // But for what Route 53 keeps for both regions, which the primary stack writes. The public zone, which only
    // the primary stack creates (`dnsZone: create`): the DR stack looks it up by name. And the certificate's
    // validation records: ACM's record is one per domain name and account, valid in every region, so the DR
    // certificate of the same names validates with them, and a drill's teardown of the DR stack leaves them.
    const zone = 'aws_route53_zone.environment_platform_zone';
    const validationRecords = 'aws_route53_record.environment_platform_certificate_validation';
    expect(production.dnsZone).toBe('create');
    expect(addresses(config)).toEqual(expect.arrayContaining([zone, validationRecords]));
    const asInDr = addresses(config)
      .filter((a) => a !== validationRecords)
      .map((a) => (a === zone ? `data.${zone}` : a));
    expect(zoneFree(addresses(promoted), dr.zones)).toEqual(zoneFree(asInDr, production.aws.zones));
    // Its replica of the credentials is the primary's secret, replicated by Secrets Manager: it creates none.
    expect(resources(promoted, 'aws_secretsmanager_secret')).not.toHaveProperty('database-credentials_secret');
  });

  it('leaves nothing to the next plan: no value that changes from one plan to the next', () => {
    const volatile = strings(promoted.resource).filter((s) => /timestamp\(|uuid\(|bcrypt\(/.test(s.value));
    // The deployment's creation time is drawn once and kept: its input is ignored after the create.
    expect(volatile.map((s) => s.path)).toEqual(['terraform_data.environment_database_deployment.input.createdAt']);
    expect(resource(promoted, 'terraform_data', 'environment_database_deployment').lifecycle).toEqual({
      ignore_changes: ['input'],
    });
  });

  it('lets a drill tear the DR stack down and deploy it again at once: its secrets go without a recovery window', () => {
    const secrets = resourceList(promoted, 'aws_secretsmanager_secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.recovery_window_in_days).toBe(0);
  });
});

describe('the cluster layer after a failover', () => {
  const objects = environmentObjects(promotedPlatform, 'production');
  const app = platform.app.name;

  it("reads its secrets in the DR region through the DR stack's role", () => {
    const store = objects.find((o) => o.kind === 'SecretStore')!;
    expect(store.spec.provider.aws.region).toBe(dr.region);
    const account_ = objects.find(
      (o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.['eks.amazonaws.com/role-arn'],
    )!;
    const roleName = resourceList(promoted, 'aws_iam_role').find((r) => r.name.endsWith('-external-secrets'))!.name;
    expect(account_.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(
      `arn:aws:iam::${account}:role/${roleName}`,
    );
  });

  it("pulls the image replica of the DR region and admits the DR region's data subnets", () => {
    const image = parseEcrRepository(platform.image.repository)!;
    const images = objects.flatMap((o) => o.spec?.template?.spec?.containers?.map((c: Block) => c.image) ?? []);
    expect(images.length).toBeGreaterThan(0);
    for (const i of images)
      expect(i.startsWith(`${account}.dkr.ecr.${dr.region}.amazonaws.com/${image.name}:`)).toBe(true);
    const policy = findObject(objects, 'NetworkPolicy', `${app}-allow-database`);
    const cidrs = policy.spec.egress.flatMap((r: Block) => r.to.map((p: Block) => p.ipBlock.cidr)).sort();
    expect(cidrs).toEqual([...dr.network.subnets.database].sort());
  });
});
