import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { clusterName, imageRepositoryOwner, parseEcrRepository, type Platform } from '../../src/config';
import { bucketName, infraContext } from '../context';
import { RegionalEnvironment } from '../constructs/regional-environment';
import { OUTPUT, RESTORE_SOURCE_VARIABLE } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/**
 * The environment rebuilt in the DR region from code (the manual's region-failure scenario), deployed only
 * when the primary region is lost. The same constructs as the primary stack; the database is restored to
 * the latest restorable time of the backups the primary stack replicated here, and the credentials come
 * from the replica of the secret, which matches the restored master password.
 */
export class RecoveryStack extends EnvironmentStack {
  readonly environment: RegionalEnvironment;

  constructor(scope: Construct, platform: Platform, envName: string) {
    const ctx = infraContext(platform, envName, 'recovery');
    super(scope, ctx);
    const { env, region } = ctx;

    const source = new TerraformVariable(this, RESTORE_SOURCE_VARIABLE, {
      type: 'string',
      nullable: false,
      description:
        'ARN of the replicated automated backups to restore (aws rds describe-db-instance-automated-backups ' +
        `--region ${region.region} --db-instance-identifier ${clusterName(platform, envName)})`,
    });
    const secret = new DataAwsSecretsmanagerSecret(this, 'database-credentials', {
      name: env.database.credentialsSecret,
    });
    this.environment = new RegionalEnvironment(this, 'environment', {
      context: ctx,
      databaseSource: { kind: 'restore', automatedBackupsArn: source.stringValue },
      credentials: { secretArn: secret.arn, keyArn: secret.kmsKeyId },
    });
    const { database, cache } = this.environment;

    this.output(OUTPUT.region, region.region, 'DR region the environment was rebuilt in');
    this.clusterOutputs(this.environment);
    this.output(OUTPUT.databaseEndpoint, database.primary.address, 'RDS endpoint of the restored primary');
    this.output(OUTPUT.databaseHost, env.database.host, 'Stable name the app connects to (CNAME to the primary)');
    this.output(OUTPUT.databasePort, env.database.port, 'PostgreSQL port');
    this.output(OUTPUT.databaseSecretName, env.database.credentialsSecret, 'Replica of the credentials secret');
    this.output(OUTPUT.redisPrimaryEndpoint, cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint');
    this.output(OUTPUT.redisHost, env.redis.host, 'Stable name of the Redis primary');
    this.output(OUTPUT.redisAuthSecretName, ctx.env.redis.authSecret, 'Secret with the Redis AUTH token');
    this.output(OUTPUT.artifactsBucket, bucketName(ctx, 'artifacts', region.region), 'Replica of the artifacts bucket');
    const image = parseEcrRepository(platform.image.repository);
    if (image && imageRepositoryOwner(platform) === envName) {
      this.output(
        OUTPUT.ecrRepositoryUrl,
        `${image.accountId}.dkr.ecr.${region.region}.amazonaws.com/${image.name}`,
        'Image replica in this region: set image.repository to it for the rebuilt cluster',
      );
    }
  }
}
