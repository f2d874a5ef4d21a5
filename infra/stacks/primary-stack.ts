import { Construct } from 'constructs';
import { imageRepositoryOwner, parseEcrRepository, type Platform } from '../../src/config';
import { infraContext, replicaHost } from '../context';
import { ArtifactStore, REPLICATION_RULE_ID } from '../constructs/artifact-store';
import { ContainerRegistry } from '../constructs/container-registry';
import { CrossRegionBackups } from '../constructs/cross-region-backups';
import { DatabaseCredentials } from '../constructs/database-credentials';
import { RecoveryAlarms } from '../constructs/recovery-alarms';
import { RegionalEnvironment } from '../constructs/regional-environment';
import { PublicRecords } from '../constructs/public-records';
import { OUTPUT } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/**
 * The running environment in its primary region, plus what must already sit in the DR region before a
 * disaster: replicated database backups, the backup vault copy, the artifacts bucket replica, the image
 * replica and the credentials secret replica.
 */
export class PrimaryStack extends EnvironmentStack {
  readonly environment: RegionalEnvironment;

  constructor(scope: Construct, platform: Platform, envName: string) {
    const ctx = infraContext(platform, envName, 'primary');
    super(scope, ctx);
    const { env } = ctx;
    const drRegion = env.aws.dr?.region;

    const credentials = new DatabaseCredentials(this, 'database-credentials', {
      context: ctx,
      replicaRegion: drRegion,
    });
    this.environment = new RegionalEnvironment(this, 'environment', {
      context: ctx,
      databaseSource: {
        kind: 'new',
        username: credentials.username,
        password: credentials.password,
        passwordVersion: credentials.version,
      },
      credentials: { secretArn: credentials.secret.arn, keyArn: credentials.keyArn },
      // The CrossRegionBackups below put the database under AWS Backup's continuous backup.
      backupsManagedByAwsBackup: drRegion !== undefined,
    });
    // Route 53 is global: the public names and their failover live here, not in either region's copy.
    new PublicRecords(this, 'public-records', { context: ctx, zoneId: this.environment.platform.zone.zoneId });
    const artifacts = new ArtifactStore(this, 'artifacts', { context: ctx, replicaRegion: drRegion });
    const { database, cache } = this.environment;
    const { replica } = database;
    if (!replica) throw new Error(`${this.node.id}: the primary stack builds the read replica that SOP-02 promotes`);
    const alarms = new RecoveryAlarms(this, 'recovery-alarms', {
      context: ctx,
      replicaIdentifier: replica.identifier,
      bucketReplication:
        artifacts.replica && drRegion
          ? {
              sourceBucket: artifacts.primary.bucket.bucket,
              destinationBucket: artifacts.replica.bucket.bucket,
              ruleId: REPLICATION_RULE_ID,
              destinationRegion: drRegion,
            }
          : undefined,
    });

    this.output(OUTPUT.region, env.aws.region, 'Primary region of the environment');
    this.clusterOutputs(this.environment);
    this.output(
      OUTPUT.databaseEndpoint,
      database.primary.address,
      'RDS endpoint of the primary (behind database_host)',
    );
    this.output(OUTPUT.databaseHost, env.database.host, 'Stable name the app connects to (CNAME to the primary)');
    this.output(OUTPUT.databasePort, env.database.port, 'PostgreSQL port');
    this.output(OUTPUT.databaseSecretName, credentials.secret.name, 'Secret with username, password, host, port');
    this.output(OUTPUT.databaseReplicaIdentifier, replica.identifier, 'Read replica that SOP-02 promotes');
    this.output(OUTPUT.databaseReplicaHost, replicaHost(env.database.host), 'Stable name of the read replica');
    this.output(OUTPUT.redisPrimaryEndpoint, cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint');
    this.output(OUTPUT.redisHost, env.redis.host, 'Stable name of the Redis primary');
    this.output(OUTPUT.redisAuthSecretName, ctx.env.redis.authSecret, 'Secret with the Redis AUTH token');
    this.output(OUTPUT.artifactsBucket, artifacts.primary.bucket.bucket, 'Bucket for exports and artifacts');
    if (artifacts.replica) {
      this.output(OUTPUT.artifactsDrBucket, artifacts.replica.bucket.bucket, 'Replica of the artifacts bucket');
    }
    this.output(OUTPUT.alarmTopicArn, alarms.topic.topic.arn, 'SNS topic of the recovery alarms: subscribe on-call');
    if (alarms.drTopic) {
      this.output(OUTPUT.drAlarmTopicArn, alarms.drTopic.topic.arn, 'SNS topic of the DR-region recovery alarms');
    }

    const image = parseEcrRepository(platform.image.repository);
    if (image && imageRepositoryOwner(platform) === envName) {
      const registry = new ContainerRegistry(this, 'registry', {
        context: ctx,
        repositoryName: image.name,
        pullAccountIds: otherAccounts(platform, env.aws.accountId),
        replicaRegion: drRegion,
      });
      this.output(OUTPUT.ecrRepositoryUrl, registry.repository.repositoryUrl, 'Image repository (image.repository)');
      if (registry.replica) {
        this.output(OUTPUT.ecrDrRepositoryUrl, registry.replica.repositoryUrl, 'Image replica in the DR region');
      }
    }

    if (drRegion) {
      const backups = new CrossRegionBackups(this, 'backups', {
        context: ctx,
        databaseArn: database.primary.arn,
        bucketArn: artifacts.primary.bucket.arn,
        drRegion,
      });
      this.output(OUTPUT.backupVault, backups.vault.name, 'AWS Backup vault in the primary region');
      this.output(OUTPUT.drBackupVault, backups.drVault.arn, 'AWS Backup vault in the DR region');
    }
  }
}

/** The other environments' accounts, which pull the one image this environment's registry holds. */
function otherAccounts(platform: Platform, own: string): string[] {
  const accounts = Object.values(platform.environments).map((env) => env.aws.accountId);
  return [...new Set(accounts)].filter((account) => account !== own).sort();
}
