import { parseEcrRepository } from '../../src/config';
import { REPLICATION_TIME_MINUTES } from '../../infra/constructs/artifact-store';
import { OUTPUT, RESTORE_SOURCE_VARIABLE } from '../../infra/outputs';
import {
  platform,
  primaryStackName,
  PRODUCTION,
  RECOVERY,
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
const config = stack(PRODUCTION);
const recovery = stack(RECOVERY);

function keyRegion(expression: string): string {
  return regionOf(config, resource(config, 'aws_kms_key', referencedName(expression, 'aws_kms_key')));
}

describe('cross-region backups of production', () => {
  it('replicates the primary database backups (snapshots and transaction logs) to the DR region', () => {
    const replication = single(config, 'aws_db_instance_automated_backups_replication');
    expect(replication).toMatchObject({
      region: dr.region,
      source_db_instance_arn: ref('aws_db_instance', 'environment_database_primary', 'arn'),
      retention_period: production.database.backupRetentionDays,
    });
    expect(keyRegion(replication.kms_key_id)).toBe(dr.region);
    expect(dr.region).not.toBe(production.aws.region);
  });

  it('backs up the database and the bucket continuously with AWS Backup and copies to a DR-region vault', () => {
    const [rule] = single(config, 'aws_backup_plan').rule;
    expect(rule.enable_continuous_backup).toBe(true);
    expect(rule.lifecycle.delete_after).toBe(production.database.backupRetentionDays);
    const source = resource(config, 'aws_backup_vault', referencedName(rule.target_vault_name, 'aws_backup_vault'));
    expect(regionOf(config, source)).toBe(production.aws.region);
    expect(rule.copy_action).toHaveLength(1);
    const target = resource(
      config,
      'aws_backup_vault',
      referencedName(rule.copy_action[0].destination_vault_arn, 'aws_backup_vault'),
    );
    expect(regionOf(config, target)).toBe(dr.region);
    expect(keyRegion(target.kms_key_arn)).toBe(dr.region);
    expect(single(config, 'aws_backup_selection').resources).toEqual([
      ref('aws_db_instance', 'environment_database_primary', 'arn'),
      ref('aws_s3_bucket', 'artifacts_primary', 'arn'),
    ]);
  });

  it('locks both vaults (governance mode): no recovery point expires before the retention', () => {
    const [rule] = single(config, 'aws_backup_plan').rule;
    const retention = production.database.backupRetentionDays;
    const vaults = [rule.target_vault_name, rule.copy_action[0].destination_vault_arn].map((v: string) =>
      referencedName(v, 'aws_backup_vault'),
    );
    const locks = resourceList(config, 'aws_backup_vault_lock_configuration');
    expect(locks.map((l) => referencedName(l.backup_vault_name, 'aws_backup_vault')).sort()).toEqual(vaults.sort());
    for (const lock of locks) {
      const vault = resource(config, 'aws_backup_vault', referencedName(lock.backup_vault_name, 'aws_backup_vault'));
      expect(regionOf(config, lock)).toBe(regionOf(config, vault));
      expect(lock.min_retention_days).toBe(retention);
      // Governance mode: changeable_for_days would start compliance mode, irreversible after its grace time.
      expect(lock).not.toHaveProperty('changeable_for_days');
      // Every recovery point the plan writes must fit the lock, or AWS Backup fails the job.
      for (const days of [rule.lifecycle.delete_after, rule.copy_action[0].lifecycle.delete_after]) {
        expect(days).toBeGreaterThanOrEqual(lock.min_retention_days);
        expect(days).toBeLessThanOrEqual(lock.max_retention_days);
      }
    }
  });

  it("leaves the database's backup window to AWS Backup, and keeps the plan clear of maintenance", () => {
    const primary = resource(config, 'aws_db_instance', 'environment_database_primary');
    expect(primary.lifecycle).toEqual({ ignore_changes: ['backup_window'] });
    const [rule] = single(config, 'aws_backup_plan').rule;
    const match = /^cron\((\d+) (\d+) \? \* \* \*\)$/.exec(rule.schedule);
    expect(match).not.toBeNull();
    const start = Number(match![2]) * 60 + Number(match![1]);
    const plan: Interval = [start, start + rule.start_window];
    // RDS refuses a backup window that overlaps the maintenance window, whoever sets it.
    const [, from, to] = /^[a-z]{3}:(\d\d:\d\d)-[a-z]{3}:(\d\d:\d\d)$/.exec(primary.maintenance_window)!;
    expect(overlaps(plan, [minutes(from), minutes(to)])).toBe(false);
    const [ownFrom, ownTo] = primary.backup_window.split('-');
    expect(overlaps(plan, [minutes(ownFrom), minutes(ownTo)])).toBe(false);
  });

  it('ignores the backup window only where AWS Backup protects the database', () => {
    for (const name of [primaryStackName('qa'), primaryStackName('staging'), RECOVERY]) {
      const other = stack(name);
      expect(resources(other, 'aws_backup_selection')).toEqual({});
      expect(resource(other, 'aws_db_instance', 'environment_database_primary')).not.toHaveProperty('lifecycle');
    }
  });

  it('replicates the artifacts bucket to a DR bucket within 15 minutes (Replication Time Control)', () => {
    const buckets = resources(config, 'aws_s3_bucket');
    expect(regionOf(config, buckets.artifacts_primary)).toBe(production.aws.region);
    expect(regionOf(config, buckets.artifacts_replica)).toBe(dr.region);
    const [rule] = single(config, 'aws_s3_bucket_replication_configuration').rule;
    expect(rule.destination).toMatchObject({
      bucket: ref('aws_s3_bucket', 'artifacts_replica', 'arn'),
      replication_time: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
    });
    expect(REPLICATION_TIME_MINUTES).toBeLessThanOrEqual(15);
    expect(keyRegion(rule.destination.encryption_configuration.replica_kms_key_id)).toBe(dr.region);
    expect(rule.delete_marker_replication).toEqual({ status: 'Enabled' });
  });

  it('keeps both buckets versioned, KMS-encrypted, private and TLS-only', () => {
    for (const name of ['artifacts_primary', 'artifacts_replica']) {
      const bucket = ref('aws_s3_bucket', name, 'id');
      const of = (type: string) => single(config, type, (r) => r.bucket === bucket);
      expect(of('aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
      const [encryption] = of('aws_s3_bucket_server_side_encryption_configuration').rule;
      expect(encryption.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
      expect(of('aws_s3_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(of('aws_s3_bucket_policy').policy).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('replicates every pushed image to an identical repository in the DR region', () => {
    const repositories = resources(config, 'aws_ecr_repository');
    const image = parseEcrRepository(platform.image.repository)!;
    expect(Object.values(repositories).map((r) => [r.name, regionOf(config, r)])).toEqual([
      [image.name, production.aws.region],
      [image.name, dr.region],
    ]);
    const [rule] = single(config, 'aws_ecr_replication_configuration').replication_configuration.rule;
    expect(rule.destination).toEqual([{ region: dr.region, registry_id: production.aws.accountId }]);
  });

  it('keeps no DR resources in environments without a DR region', () => {
    for (const env of ['qa', 'staging'] as const) {
      expect(platform.environments[env].aws.dr).toBeUndefined();
      const other = stack(primaryStackName(env));
      expect(resources(other, 'aws_db_instance_automated_backups_replication')).toEqual({});
      expect(resources(other, 'aws_s3_bucket_replication_configuration')).toEqual({});
      const regions = new Set(
        Object.values(other.resource as Record<string, Record<string, Block>>).flatMap((byName) =>
          Object.values(byName).map((r) => regionOf(other, r)),
        ),
      );
      expect([...regions]).toEqual([platform.environments[env].aws.region]);
    }
  });
});

describe('the recovery stack (production rebuilt in the DR region)', () => {
  it('runs in the DR region, with its state in a DR-region bucket', () => {
    expect(recovery.provider.aws[0].region).toBe(dr.region);
    expect(recovery.terraform.backend.s3).toMatchObject({
      bucket: dr.stateBucket,
      region: dr.region,
      use_lockfile: true,
    });
  });

  it('is built from the same constructs as the primary stack, less the read replica', () => {
    // Same resources under the same addresses, zone names aside (zone i of one region is zone i of the other).
    const addresses = (c: Block, zones: string[]) =>
      Object.entries(c.resource as Record<string, Block>)
        .flatMap(([type, byName]) =>
          Object.keys(byName)
            .filter((n) => n.startsWith('environment_'))
            .map((n) => zones.reduce((a, zone, i) => a.replace(zone, `zone${i}`), `${type}.${n}`)),
        )
        .sort();
    // The replica and its stable name wait until the rebuilt region serves (disaster-recovery.md).
    const replica = [
      'aws_db_instance.environment_database_replica',
      'aws_route53_record.environment_private-dns_record-database-replica',
    ];
    // The public zone is global: the primary stack creates it, the recovery stack looks it up.
    const primaryOnly = [...replica, 'aws_route53_zone.environment_platform_zone'];
    const primaryAddresses = addresses(config, production.aws.zones);
    expect(primaryAddresses).toEqual(expect.arrayContaining(primaryOnly));
    expect(addresses(recovery, dr.zones)).toEqual(primaryAddresses.filter((a) => !primaryOnly.includes(a)));
  });

  it('restores the database to the latest restorable time of the replicated backups', () => {
    const primary = resource(recovery, 'aws_db_instance', 'environment_database_primary');
    expect(primary.restore_to_point_in_time).toEqual({
      source_db_instance_automated_backups_arn: `\${var.${RESTORE_SOURCE_VARIABLE}}`,
      use_latest_restorable_time: true,
    });
    expect(recovery.variable[RESTORE_SOURCE_VARIABLE].type).toBe('string');
    // The password comes with the restored data and matches the replicated secret.
    expect(primary).not.toHaveProperty('password_wo');
    expect(resources(recovery, 'aws_secretsmanager_secret')).not.toHaveProperty('database-credentials_secret');
  });

  it('creates nothing whose name the primary stack already uses in the DR region', () => {
    const namesIn = (c: Block, region: string) =>
      Object.entries(c.resource as Record<string, Record<string, Block>>).flatMap(([type, byName]) =>
        Object.values(byName)
          .filter((r) => regionOf(c, r) === region)
          .map((r) => `${type}:${r.name ?? r.identifier ?? r.bucket ?? r.replication_group_id ?? ''}`)
          .filter((id) => !id.endsWith(':')),
      );
    const primaryInDr = new Set(namesIn(config, dr.region));
    expect(primaryInDr.size).toBeGreaterThan(0);
    expect(namesIn(recovery, dr.region).filter((n) => primaryInDr.has(n))).toEqual([]);
    // IAM is global: no role name of the recovery stack may exist in the primary stack.
    const roles = (c: Block) => resourceList(c, 'aws_iam_role').map((r) => r.name);
    expect(roles(recovery).filter((n) => roles(config).includes(n))).toEqual([]);
  });

  it('points the app at the replicated image and bucket', () => {
    const image = parseEcrRepository(platform.image.repository)!;
    expect(recovery.output[OUTPUT.ecrRepositoryUrl].value).toBe(
      `${image.accountId}.dkr.ecr.${dr.region}.amazonaws.com/${image.name}`,
    );
    expect(recovery.output[OUTPUT.artifactsBucket].value).toBe(
      resources(config, 'aws_s3_bucket').artifacts_replica.bucket,
    );
  });
});

/** A daily window, in minutes after midnight UTC. */
type Interval = [number, number];

/** Minutes after midnight UTC, from `HH:MM`. */
function minutes(time: string): number {
  const [hours, mins] = time.split(':').map(Number);
  return hours * 60 + mins;
}

/** Whether two daily windows share a minute (none of ours wraps past midnight). */
function overlaps(a: Interval, b: Interval): boolean {
  return a[0] < b[1] && b[0] < a[1];
}
