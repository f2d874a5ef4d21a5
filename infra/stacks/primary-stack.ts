import { Construct } from 'constructs';
import {
  ENVIRONMENT_NAMES,
  clusterName,
  imageRepositoryOwner,
  parseEcrRepository,
  type EnvironmentName,
  type Platform,
} from '../../src/config';
import { infraContext, replicaHost } from '../context';
import { ArtifactStore } from '../constructs/artifact-store';
import { ContainerRegistry } from '../constructs/container-registry';
import { CrossRegionBackups } from '../constructs/cross-region-backups';
import { DatabaseCredentials } from '../constructs/database-credentials';
import { RegionalEnvironment } from '../constructs/regional-environment';
import { OUTPUT } from '../outputs';
import { EnvironmentStack } from './environment-stack';

/**
 * The running environment in its primary region, plus what must already sit in the DR region before a
 * disaster: replicated database backups, the backup vault copy, the artifacts bucket replica, the image
 * replica and the credentials secret replica.
 */
export class PrimaryStack extends EnvironmentStack {
  readonly environment: RegionalEnvironment;

  constructor(scope: Construct, platform: Platform, envName: EnvironmentName) {
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
    });
    const artifacts = new ArtifactStore(this, 'artifacts', { context: ctx, replicaRegion: drRegion });
    const { database, cache, cluster, network, externalSecrets, loadBalancerController } = this.environment;

    this.output(OUTPUT.region, env.aws.region, 'Primary region of the environment');
    this.output(OUTPUT.vpcId, network.vpc.id, 'VPC id (the AWS Load Balancer Controller takes it as --aws-vpc-id)');
    this.output(OUTPUT.clusterName, clusterName(platform, envName), 'EKS cluster name');
    this.output(OUTPUT.clusterEndpoint, cluster.cluster.endpoint, 'Kubernetes API endpoint');
    this.output(OUTPUT.clusterOidcProviderArn, cluster.oidcProvider.arn, 'OIDC provider that IRSA roles trust');
    this.output(OUTPUT.externalSecretsRoleArn, externalSecrets.roleArn, 'Role of the External Secrets SecretStore');
    this.output(
      OUTPUT.loadBalancerControllerRoleArn,
      loadBalancerController.roleArn,
      'Role of kube-system/aws-load-balancer-controller',
    );
    this.output(
      OUTPUT.databaseEndpoint,
      database.primary.address,
      'RDS endpoint of the primary (behind database_host)',
    );
    this.output(OUTPUT.databaseHost, env.database.host, 'Stable name the app connects to (CNAME to the primary)');
    this.output(OUTPUT.databasePort, env.database.port, 'PostgreSQL port');
    this.output(OUTPUT.databaseSecretName, credentials.secret.name, 'Secret with username, password, host, port');
    this.output(OUTPUT.databaseReplicaIdentifier, database.replica.identifier, 'Read replica that SOP-02 promotes');
    this.output(OUTPUT.databaseReplicaHost, replicaHost(env.database.host), 'Stable name of the read replica');
    this.output(OUTPUT.redisPrimaryEndpoint, cache.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint');
    this.output(OUTPUT.redisHost, env.redis.host, 'Stable name of the Redis primary');
    this.output(OUTPUT.redisAuthSecretName, ctx.env.redis.authSecret, 'Secret with the Redis AUTH token');
    this.output(OUTPUT.artifactsBucket, artifacts.primary.bucket.bucket, 'Bucket for exports and artifacts');
    if (artifacts.replica) {
      this.output(OUTPUT.artifactsDrBucket, artifacts.replica.bucket.bucket, 'Replica of the artifacts bucket');
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
  const accounts = ENVIRONMENT_NAMES.map((name) => platform.environments[name].aws.accountId);
  return [...new Set(accounts)].filter((account) => account !== own).sort();
}
