/**
 * One check per row of docs/disaster-recovery.md: the settings that make RPO < 15 min and RTO < 1 h true.
 * If a setting changes, the doc's table must change with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../helpers/platform';
import { REPLICATION_TIME_MINUTES } from '../../infra/constructs/artifact-store';
import { RESTORE_SOURCE_VARIABLE } from '../../infra/outputs';
import {
  platform,
  primaryStackName,
  RECOVERY,
  ref,
  referencedName,
  regionOf,
  resource,
  resourceList,
  single,
  stack,
  type Block,
} from './synth';

const RPO_MINUTES = 15;
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'disaster-recovery.md'), 'utf8');

describe.each(ENVIRONMENTS)('%s meets the RPO/RTO budget', (env) => {
  const config = stack(primaryStackName(env));
  const { database, aws } = platform.environments[env];
  const primary = resource(config, 'aws_db_instance', 'environment_database_primary');

  it('PostgreSQL, zone loss: Multi-AZ, plus a read replica pinned to a zone', () => {
    expect(primary.multi_az).toBe(true);
    const replica = resource(config, 'aws_db_instance', 'environment_database_replica');
    expect(replica.replicate_source_db).toBeDefined();
    expect(aws.zones).toContain(replica.availability_zone);
  });

  it('PostgreSQL, bad data: point-in-time restore for >= 7 days, backups outlive the instance', () => {
    expect(primary.backup_retention_period).toBe(database.backupRetentionDays);
    expect(primary.backup_retention_period).toBeGreaterThanOrEqual(7);
    expect(primary.delete_automated_backups).toBe(false);
    expect(primary.deletion_protection).toBe(true);
  });

  it('Redis: Multi-AZ with automatic failover', () => {
    const group = single(config, 'aws_elasticache_replication_group');
    expect(group).toMatchObject({ multi_az_enabled: true, automatic_failover_enabled: true });
    expect(group.num_cache_clusters).toBeGreaterThanOrEqual(2);
  });

  it('Artifacts: versioned', () => {
    const versioning = resourceList(config, 'aws_s3_bucket_versioning');
    expect(versioning.length).toBeGreaterThan(0);
    for (const v of versioning) expect(v.versioning_configuration.status).toBe('Enabled');
  });

  it('Failover reaches clients within a minute: private DNS TTLs <= 60 s', () => {
    for (const record of resourceList(config, 'aws_route53_record')) expect(record.ttl).toBeLessThanOrEqual(60);
  });

  it('PostgreSQL, SOP-02: an alarm when the replica lags, well inside the RPO budget', () => {
    const alarm = single(config, 'aws_cloudwatch_metric_alarm', (a) => a.metric_name === 'ReplicaLag');
    expect(alarm).toMatchObject({
      namespace: 'AWS/RDS',
      dimensions: { DBInstanceIdentifier: ref('aws_db_instance', 'environment_database_replica', 'identifier') },
      comparison_operator: 'GreaterThanThreshold',
      // Silence is a stopped replication: it alarms too.
      treat_missing_data: 'breaching',
    });
    expect(alarm.threshold).toBeLessThan(RPO_MINUTES * 60);
    expectNotifiesTopicOfItsRegion(config, alarm);
    expect(doc).toContain('`ReplicaLag`');
  });

  if (!aws.dr) return;
  const dr = aws.dr;

  it('PostgreSQL, region loss: backups and logs replicated to a DR-region key, same retention', () => {
    const replication = single(config, 'aws_db_instance_automated_backups_replication');
    expect(replication.region).toBe(dr.region);
    expect(replication.retention_period).toBe(database.backupRetentionDays);
  });

  it('PostgreSQL, deletion: AWS Backup continuous backup with a copy to a DR vault', () => {
    const [rule] = single(config, 'aws_backup_plan').rule;
    expect(rule.enable_continuous_backup).toBe(true);
    expect(rule.copy_action).toHaveLength(1);
  });

  it(`Artifacts, region loss: replicated within ${REPLICATION_TIME_MINUTES} minutes`, () => {
    const [rule] = single(config, 'aws_s3_bucket_replication_configuration').rule;
    expect(rule.destination.replication_time.time.minutes).toBeLessThanOrEqual(RPO_MINUTES);
    expect(doc).toContain(`within ${REPLICATION_TIME_MINUTES} min`);
  });

  it('Artifacts, region loss: alarms when replication fails or falls behind the RPO', () => {
    const [rule] = single(config, 'aws_s3_bucket_replication_configuration').rule;
    // S3 publishes replication metrics only for a rule that turns them on.
    expect(rule.destination.metrics.status).toBe('Enabled');
    const dimensions = {
      SourceBucket: ref('aws_s3_bucket', 'artifacts_primary', 'bucket'),
      DestinationBucket: ref('aws_s3_bucket', 'artifacts_replica', 'bucket'),
      RuleId: rule.id,
    };
    const alarm = (metric: string) =>
      single(config, 'aws_cloudwatch_metric_alarm', (a) => a.namespace === 'AWS/S3' && a.metric_name === metric);
    // Each where S3 publishes it: failures in the source region, latency in the destination region.
    const failed = alarm('OperationsFailedReplication');
    expect(failed).toMatchObject({ dimensions, threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    expect(regionOf(config, failed)).toBe(aws.region);
    const latency = alarm('ReplicationLatency');
    expect(latency).toMatchObject({ dimensions, statistic: 'Maximum', comparison_operator: 'GreaterThanThreshold' });
    expect(latency.threshold).toBeLessThanOrEqual(RPO_MINUTES * 60);
    expect(regionOf(config, latency)).toBe(dr.region);
    for (const a of [failed, latency]) expectNotifiesTopicOfItsRegion(config, a);
    expect(doc).toContain('`ReplicationLatency`');
    expect(doc).toContain('`OperationsFailedReplication`');
  });

  it('Images and credentials, region loss: replicated to the DR region', () => {
    const [rule] = single(config, 'aws_ecr_replication_configuration').replication_configuration.rule;
    expect(rule.destination[0].region).toBe(dr.region);
    const secret = resource(config, 'aws_secretsmanager_secret', 'database-credentials_secret');
    expect(secret.replica[0].region).toBe(dr.region);
  });

  it('Region loss: a recovery stack in the DR region restores the latest restorable time', () => {
    const recovery = stack(RECOVERY);
    expect(recovery.terraform.backend.s3.region).toBe(dr.region);
    const restored = resource(recovery, 'aws_db_instance', 'environment_database_primary');
    expect(regionOf(recovery, restored)).toBe(dr.region);
    expect(restored.restore_to_point_in_time).toMatchObject({
      source_db_instance_automated_backups_arn: `\${var.${RESTORE_SOURCE_VARIABLE}}`,
      use_latest_restorable_time: true,
    });
    expect(restored).toMatchObject({ multi_az: true, deletion_protection: true });
  });

  it('Region loss: the recovery deploy waits for the restore only, not for a replica of it', () => {
    expect(Object.keys(stack(RECOVERY).resource.aws_db_instance)).toEqual(['environment_database_primary']);
  });
});

/** The alarm notifies (and clears to) an SNS topic of its own region, as CloudWatch requires. */
function expectNotifiesTopicOfItsRegion(config: Block, alarm: Block): void {
  expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
  expect(alarm.alarm_actions).toHaveLength(1);
  const topic = resource(config, 'aws_sns_topic', referencedName(alarm.alarm_actions[0], 'aws_sns_topic'));
  expect(regionOf(config, topic)).toBe(regionOf(config, alarm));
  const key = resource(config, 'aws_kms_key', referencedName(topic.kms_master_key_id, 'aws_kms_key'));
  expect(regionOf(config, key)).toBe(regionOf(config, topic));
  // CloudWatch publishes to an encrypted topic only if the key lets it (the AWS managed SNS key does not).
  const statements = JSON.parse(key.policy).Statement as Block[];
  expect(statements).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    ]),
  );
}
