import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { baseName, type InfraContext } from '../context';
import { REPLICATION_TIME_MINUTES } from './artifact-store';

/** Lag at which promoting a replica would lose a third of the 15-minute RPO budget. */
export const REPLICA_LAG_ALARM_SECONDS = 300;

/** The cross-region replication rule of a bucket, as S3 names it in its replication metrics. */
export interface BucketReplication {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
}

export interface RecoveryAlarmsProps {
  readonly context: InfraContext;
  /** The SNS topic of this region the alarms notify (CloudWatch notifies only a topic of its own region). */
  readonly topicArn: string;
  /**
   * Read replica whose lag to watch: the in-region replica SOP-02 promotes, or the DR region's cross-region one.
   * @default none
   */
  readonly replicaIdentifier?: string;
  /**
   * Bucket replication whose failures to watch: S3 publishes `OperationsFailedReplication` in the source region.
   * @default none
   */
  readonly replicationFailures?: BucketReplication;
  /**
   * Bucket replication whose latency to watch: S3 publishes `ReplicationLatency` in the destination region.
   * @default none
   */
  readonly replicationLatency?: BucketReplication;
}

/**
 * Alarms on the copies the RPO rests on, each in the region where its metric is: a read replica's lag, and the
 * artifacts bucket's cross-region replication (failed operations, and a latency past the Replication Time
 * Control threshold). Each notifies, and clears to, the region's alarm topic.
 */
export class RecoveryAlarms extends Construct {
  constructor(scope: Construct, id: string, props: RecoveryAlarmsProps) {
    super(scope, id);
    const ctx = props.context;
    const name = baseName(ctx);
    const actions = [props.topicArn];

    if (props.replicaIdentifier) {
      new CloudwatchMetricAlarm(this, 'database-replica-lag', {
        alarmName: `${name}-database-replica-lag`,
        alarmDescription: `${props.replicaIdentifier} lags more than ${REPLICA_LAG_ALARM_SECONDS} s behind its source, or reports nothing: promoting it would lose that much`,
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
    }

    const failures = props.replicationFailures;
    if (failures) {
      new CloudwatchMetricAlarm(this, 'artifacts-replication-failed', {
        alarmName: `${name}-artifacts-replication-failed`,
        alarmDescription: `Objects of ${failures.sourceBucket} failed to replicate to the DR region`,
        namespace: 'AWS/S3',
        metricName: 'OperationsFailedReplication',
        dimensions: dimensionsOf(failures),
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
    }

    const latency = props.replicationLatency;
    if (latency) {
      new CloudwatchMetricAlarm(this, 'artifacts-replication-latency', {
        alarmName: `${name}-artifacts-replication-latency`,
        alarmDescription: `${latency.destinationBucket} is more than ${REPLICATION_TIME_MINUTES} minutes behind ${latency.sourceBucket}`,
        namespace: 'AWS/S3',
        metricName: 'ReplicationLatency',
        dimensions: dimensionsOf(latency),
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: REPLICATION_TIME_MINUTES * 60,
        treatMissingData: 'notBreaching',
        alarmActions: actions,
        okActions: actions,
      });
    }
  }
}

function dimensionsOf(replication: BucketReplication): Record<string, string> {
  return {
    SourceBucket: replication.sourceBucket,
    DestinationBucket: replication.destinationBucket,
    RuleId: replication.ruleId,
  };
}
