import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import { Construct } from 'constructs';
import type { Platform } from '../../src/config';
import { alarmTopicName, arnIn, databaseArn, infraContext, keyAlias, replicaHost, type InfraContext } from '../context';
import { SECRETS_KEY } from '../constructs/database-credentials';
import { RecoveryAlarms } from '../constructs/recovery-alarms';
import { RegionalData } from '../constructs/regional-data';
import { RegionalEnvironment } from '../constructs/regional-environment';
import { OUTPUT } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/** Construct id, and so Terraform address, of the replication of the primary's automated backups. */
export const BACKUP_REPLICATION_ID = 'database-backup-replication';

/**
 * The environment's pilot light in the DR region, with its state in the DR region. Until a failover it runs the
 * network and a cross-region read replica of the primary database (encrypted with this region's key, its lag
 * alarmed), and receives the primary's automated backups (point-in-time restore here). When `aws.dr.promoted` is
 * set, the same stack promotes the replica to a standalone Multi-AZ primary and builds the rest of the
 * environment from the primary stack's constructs. It names the primary database by ARN and nothing else of the
 * primary region, so it plans and applies while that region is down.
 */
export class RecoveryStack extends EnvironmentStack {
  constructor(scope: Construct, platform: Platform, envName: string) {
    const ctx = infraContext(platform, envName, 'dr');
    super(scope, ctx);
    // The DR storage stack's topic, named: CloudWatch notifies a topic of its own region.
    const topicArn = arnIn(ctx, 'sns', ctx.region.region, alarmTopicName(ctx));
    if (ctx.env.aws.dr?.promoted) this.promoted(ctx, topicArn);
    else this.pilotLight(ctx, topicArn);
  }

  private pilotLight(ctx: InfraContext, topicArn: string): void {
    const { env } = ctx;
    const source = databaseArn(ctx, env.aws.region);
    const data = new RegionalData(this, 'environment', {
      context: ctx,
      databaseSource: { kind: 'replica', sourceArn: source },
    });
    const { database } = data;
    // Point-in-time restore in this region as well, for damage the replica has already replayed. Created here,
    // in the destination region, as the RDS API requires.
    new DbInstanceAutomatedBackupsReplication(this, BACKUP_REPLICATION_ID, {
      sourceDbInstanceArn: source,
      kmsKeyId: database.key.arn,
      retentionPeriod: env.database.backupRetentionDays,
    });
    new RecoveryAlarms(this, 'recovery-alarms', {
      context: ctx,
      topicArn,
      replicaIdentifier: database.primary.identifier,
    });

    this.output(OUTPUT.region, ctx.region.region, 'DR region of the environment');
    this.output(OUTPUT.vpcId, data.network.vpc.id, 'VPC id of the DR region');
    this.output(OUTPUT.databaseEndpoint, database.primary.address, 'RDS endpoint of the cross-region replica');
    this.output(OUTPUT.databasePort, env.database.port, 'PostgreSQL port');
    this.output(OUTPUT.databaseSecretName, env.database.credentialsSecret, 'Replica of the credentials secret');
  }

  private promoted(ctx: InfraContext, topicArn: string): void {
    const { env, region } = ctx;
    const environment = new RegionalEnvironment(this, 'environment', {
      context: ctx,
      databaseSource: { kind: 'promoted' },
      // The replica of the primary's secret: same name, a random suffix this stack cannot know, the DR storage
      // stack's key. The promoted database keeps the password it replicated, which is the one in the secret.
      credentials: {
        secretArn: arnIn(ctx, 'secretsmanager', region.region, `secret:${env.database.credentialsSecret}-??????`),
        keyAlias: keyAlias(ctx, SECRETS_KEY),
      },
      // A drill tears this stack down and deploys it again: its secrets must not block their own names.
      secretRecoveryWindowDays: 0,
    });
    // The replication's source is the lost region: Terraform forgets it rather than deleting it, because the
    // provider's delete waits on the source region. Its backups stay restorable for their retention.
    this.addOverride('removed', [
      {
        from: `${DbInstanceAutomatedBackupsReplication.tfResourceType}.${BACKUP_REPLICATION_ID}`,
        lifecycle: { destroy: false },
      },
    ]);
    const { database, cache } = environment;
    new RecoveryAlarms(this, 'recovery-alarms', {
      context: ctx,
      topicArn,
      replicaIdentifier: database.replica?.identifier,
    });

    this.output(OUTPUT.region, region.region, 'DR region, serving the environment');
    this.clusterOutputs(environment);
    this.output(OUTPUT.databaseEndpoint, database.primary.address, 'RDS endpoint of the promoted primary');
    this.output(OUTPUT.databaseHost, env.database.host, 'Stable name the app connects to (CNAME to the primary)');
    this.output(OUTPUT.databasePort, env.database.port, 'PostgreSQL port');
    this.output(OUTPUT.databaseSecretName, env.database.credentialsSecret, 'Replica of the credentials secret');
    if (database.replica) {
      this.output(OUTPUT.databaseReplicaIdentifier, database.replica.identifier, 'Read replica that SOP-02 promotes');
      this.output(OUTPUT.databaseReplicaHost, replicaHost(env.database.host), 'Stable name of the read replica');
    }
    this.output(OUTPUT.redisPrimaryEndpoint, cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint');
    this.output(OUTPUT.redisHost, env.redis.host, 'Stable name of the Redis primary');
    this.output(OUTPUT.redisAuthSecretName, env.redis.authSecret, 'Secret with the Redis AUTH token');
  }
}
