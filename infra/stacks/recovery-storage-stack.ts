import { Construct } from 'constructs';
import { imageRepositoryOwner, parseEcrRepository, type Platform } from '../../src/config';
import { bucketName, infraContext } from '../context';
import { AlarmTopic } from '../constructs/alarm-topic';
import { ArtifactStore, REPLICATION_RULE_ID } from '../constructs/artifact-store';
import { ContainerRegistry } from '../constructs/container-registry';
import { CrossRegionBackups } from '../constructs/cross-region-backups';
import { DatabaseCredentials } from '../constructs/database-credentials';
import { RecoveryAlarms } from '../constructs/recovery-alarms';
import { OUTPUT } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/**
 * Where the primary region's copies land in the DR region, with its state in the DR region: the key of the
 * credentials secret's replica, the backup vault (locked) for AWS Backup's daily copies, the artifacts bucket's
 * replica, the image repository's replica, and the region's alarm topic with the replication latency alarm. It
 * depends on nothing else, so it is deployed first; the primary stack names these destinations.
 */
export class RecoveryStorageStack extends EnvironmentStack {
  constructor(scope: Construct, platform: Platform, envName: string) {
    const ctx = infraContext(platform, envName, 'dr-storage');
    super(scope, ctx);
    const { env, region } = ctx;

    DatabaseCredentials.replicaKey(this, 'secrets-key', ctx);
    const vault = CrossRegionBackups.drVault(this, 'backup-vault', ctx);
    const artifacts = ArtifactStore.replicaBucket(this, 'artifacts', ctx);
    const alarmTopic = new AlarmTopic(this, 'alarm-topic', { context: ctx });
    new RecoveryAlarms(this, 'recovery-alarms', {
      context: ctx,
      topicArn: alarmTopic.topic.arn,
      replicationLatency: {
        sourceBucket: bucketName(ctx, 'artifacts', env.aws.region),
        destinationBucket: artifacts.bucket.bucket,
        ruleId: REPLICATION_RULE_ID,
      },
    });

    this.output(OUTPUT.region, region.region, 'DR region of the environment');
    this.output(OUTPUT.backupVault, vault.name, 'AWS Backup vault receiving the daily copies');
    this.output(OUTPUT.artifactsBucket, artifacts.bucket.bucket, 'Replica of the artifacts bucket');
    this.output(OUTPUT.alarmTopicArn, alarmTopic.topic.arn, 'SNS topic of the DR-region alarms: subscribe on-call');
    const image = parseEcrRepository(platform.image.repository);
    if (image && imageRepositoryOwner(platform) === envName) {
      const repository = ContainerRegistry.replicaRepository(this, 'registry', ctx, image.name);
      this.output(OUTPUT.ecrRepositoryUrl, repository.repositoryUrl, 'Image replica: the DR cluster pulls from it');
    }
  }
}
