import { Construct } from 'constructs';
import { imageRepositoryOwner, parseEcrRepository, type Platform } from '../../src/config';
import { infraContext } from '../context';
import { AlarmTopic } from '../constructs/alarm-topic';
import { ArtifactStore, REPLICATION_RULE_ID } from '../constructs/artifact-store';
import { CiRoles } from '../constructs/ci-roles';
import { ContainerRegistry } from '../constructs/container-registry';
import { CrossRegionBackups } from '../constructs/cross-region-backups';
import { DatabaseCredentials } from '../constructs/database-credentials';
import { RecoveryAlarms } from '../constructs/recovery-alarms';
import { RegionalEnvironment } from '../constructs/regional-environment';
import { RestoreDrill } from '../constructs/restore-drill';
import { PublicRecords } from '../constructs/public-records';
import { OUTPUT } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/**
 * The running environment in its primary region. Everything it keeps in the DR region is created by the DR
 * stacks, whose state lives there: this stack only sends copies to them (backup copies, bucket and image
 * replication, the secret's replica), naming the destinations by name, alias or ARN, never by a reference into
 * the DR region.
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
    // The delivery pipeline's roles (GitHub OIDC): plan, deploy, promote and, with the registry, image-push.
    new CiRoles(this, 'ci', { context: ctx, cluster: this.environment.cluster.cluster });
    const { database, cache } = this.environment;
    const { replica } = database;
    const alarmTopic = new AlarmTopic(this, 'alarm-topic', { context: ctx });
    new RecoveryAlarms(this, 'recovery-alarms', {
      context: ctx,
      topicArn: alarmTopic.topic.arn,
      replicaIdentifier: replica?.identifier,
      replicationFailures: artifacts.replicaBucketName
        ? {
            sourceBucket: artifacts.primary.bucket.bucket,
            destinationBucket: artifacts.replicaBucketName,
            ruleId: REPLICATION_RULE_ID,
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
    if (replica) {
      this.output(OUTPUT.databaseReplicaIdentifier, replica.identifier, 'Read replica that SOP-02 promotes');
      this.output(OUTPUT.databaseReplicaHost, database.instances.standby.host, 'Stable name of the read replica');
    }
    this.output(OUTPUT.redisPrimaryEndpoint, cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint');
    this.output(OUTPUT.redisHost, env.redis.host, 'Stable name of the Redis primary');
    this.output(OUTPUT.redisAuthSecretName, ctx.env.redis.authSecret, 'Secret with the Redis AUTH token');
    this.output(OUTPUT.artifactsBucket, artifacts.primary.bucket.bucket, 'Bucket for exports and artifacts');
    this.output(OUTPUT.alarmTopicArn, alarmTopic.topic.arn, 'SNS topic of the recovery alarms: subscribe on-call');

    if (platform.sop?.restoreDrill) {
      const drill = new RestoreDrill(this, 'sop-drill', {
        context: ctx,
        vpcId: this.environment.network.vpc.id,
        clientCidrs: env.aws.network.subnets.private,
        database,
        credentials: { secretArn: credentials.secret.arn, keyArn: credentials.keyArn },
        clusterName: this.environment.cluster.cluster.name,
        clusterArn: this.environment.cluster.cluster.arn,
      });
      this.output(OUTPUT.sopDrillRoleArn, drill.roleArn, 'Role of the scheduled SOP-01 drill workflow (GitHub OIDC)');
      this.output(OUTPUT.sopDrillParameter, drill.parameterName, 'SSM parameter with the drill inputs');
      this.output(OUTPUT.sopDrillSecurityGroupId, drill.securityGroupId, 'Security group of the drill instance');
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
    }

    if (drRegion) {
      const backups = new CrossRegionBackups(this, 'backups', {
        context: ctx,
        databaseArn: database.primary.arn,
        bucketArn: artifacts.primary.bucket.arn,
        drRegion,
      });
      this.output(OUTPUT.backupVault, backups.vault.name, 'AWS Backup vault of this region');
    }
  }
}

/** The other environments' accounts, which pull the one image this environment's registry holds. */
function otherAccounts(platform: Platform, own: string): string[] {
  const accounts = Object.values(platform.environments).map((env) => env.aws.accountId);
  return [...new Set(accounts)].filter((account) => account !== own).sort();
}
