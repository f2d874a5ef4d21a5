import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { baseName, type InfraContext } from '../context';
import { AlarmTopic } from './alarm-topic';
import { REPLICATION_TIME_MINUTES } from './artifact-store';

/** Lag at which promoting the replica (SOP-02) would lose a third of the 15-minute RPO budget. */
export const REPLICA_LAG_ALARM_SECONDS = 300;

/** The cross-region replication rule of a bucket, as S3 names it in its replication metrics. */
export interface BucketReplication {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly destinationRegion: string;
}

export interface RecoveryAlarmsProps {
  readonly context: InfraContext;
  /** Identifier of the read replica that SOP-02 promotes. */
  readonly replicaIdentifier: string;
  /**
   * Replication of the artifacts bucket to the DR region (its rule must have replication metrics on).
   * @default none
   */
  readonly bucketReplication?: BucketReplication;
}

/**
 * Alarms on the copies the RPO rests on: the read replica's lag, and the artifacts bucket's cross-region
 * replication (failed operations, and a latency past the Replication Time Control threshold). S3 publishes
 * `ReplicationLatency` in the destination region and `OperationsFailedReplication` in the source region, so
 * each alarm, and the topic it notifies, lives where its metric is.
 */
export class RecoveryAlarms extends Construct {
  readonly topic: AlarmTopic;
  readonly drTopic?: AlarmTopic;

  constructor(scope: Construct, id: string, props: RecoveryAlarmsProps) {
    super(scope, id);
    const ctx = props.context;
    const name = baseName(ctx);
    this.topic = new AlarmTopic(this, 'topic', { context: ctx });
    const actions = [this.topic.topic.arn];

    new CloudwatchMetricAlarm(this, 'database-replica-lag', {
      alarmName: `${name}-database-replica-lag`,
      alarmDescription: `${props.replicaIdentifier} lags more than ${REPLICA_LAG_ALARM_SECONDS} s behind the primary, or reports nothing: SOP-02 would lose that much`,
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: props.replicaIdentifier },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: REPLICA_LAG_ALARM_SECONDS,
      // No data means replication stopped or the replica is gone: exactly what this alarm is for.
      treatMissingData: 'breaching',
      alarmActions: actions,
      okActions: actions,
    });

    const replication = props.bucketReplication;
    if (!replication) return;
    const dimensions = {
      SourceBucket: replication.sourceBucket,
      DestinationBucket: replication.destinationBucket,
      RuleId: replication.ruleId,
    };
    new CloudwatchMetricAlarm(this, 'artifacts-replication-failed', {
      alarmName: `${name}-artifacts-replication-failed`,
      alarmDescription: `Objects of ${replication.sourceBucket} failed to replicate to the DR region`,
      namespace: 'AWS/S3',
      metricName: 'OperationsFailedReplication',
      dimensions,
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      // S3 publishes the metric only when something replicates.
      treatMissingData: 'notBreaching',
      alarmActions: actions,
      okActions: actions,
    });

    const region = replication.destinationRegion;
    this.drTopic = new AlarmTopic(this, 'dr-topic', { context: ctx, region });
    const drActions = [this.drTopic.topic.arn];
    new CloudwatchMetricAlarm(this, 'artifacts-replication-latency', {
      alarmName: `${name}-artifacts-replication-latency`,
      alarmDescription: `${replication.destinationBucket} is more than ${REPLICATION_TIME_MINUTES} minutes behind ${replication.sourceBucket}`,
      region,
      namespace: 'AWS/S3',
      metricName: 'ReplicationLatency',
      dimensions,
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: REPLICATION_TIME_MINUTES * 60,
      treatMissingData: 'notBreaching',
      alarmActions: drActions,
      okActions: drActions,
    });
  }
}
