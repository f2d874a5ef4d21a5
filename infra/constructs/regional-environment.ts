import type { Construct } from 'constructs';
import { appSecretsWorkload } from '../../src/config';
import { Cache } from './cache';
import { ClusterAdminAccess } from './cluster-admin-access';
import { ClusterAutoscalerRole } from './cluster-autoscaler-role';
import { ClusterPlatform } from './cluster-platform';
import type { ReadableSecret } from './secret-access';
import { EksClusterConstruct } from './eks-cluster';
import { LoadBalancerControllerRole } from './load-balancer-controller-role';
import { PrivateDns } from './private-dns';
import { RegionalData, type RegionalDataProps } from './regional-data';
import { SecretsReaderRole } from './secrets-reader-role';

export interface RegionalEnvironmentProps extends RegionalDataProps {
  /** The database credentials secret in this region (in the DR region, the replica Secrets Manager keeps there). */
  readonly credentials: ReadableSecret;
  /**
   * Days a deleted secret this environment creates stays recoverable (0: at once, for a DR stack that is torn
   * down after a drill and deployed again).
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
}

/**
 * Everything one region needs to run the environment: the regional data (network, database), the cluster with
 * its workload roles, the cache and the private names the app connects to. The primary stack builds it, and the
 * DR stack once the DR region is promoted, so the DR region gets the same environment from the same code.
 */
export class RegionalEnvironment extends RegionalData {
  readonly cluster: EksClusterConstruct;
  readonly externalSecrets: SecretsReaderRole;
  readonly loadBalancerController: LoadBalancerControllerRole;
  readonly clusterAutoscaler: ClusterAutoscalerRole;
  readonly clusterAdmin: ClusterAdminAccess;
  readonly cache: Cache;
  /** What the cluster's add-ons need from AWS: their roles, Loki's bucket, receiver secrets, the internet edge. */
  readonly platform: ClusterPlatform;

  constructor(scope: Construct, id: string, props: RegionalEnvironmentProps) {
    super(scope, id, props);
    const ctx = props.context;
    const { subnets } = ctx.region.network;
    const vpcId = this.network.vpc.id;

    this.cluster = new EksClusterConstruct(this, 'eks', {
      context: ctx,
      privateSubnetIds: this.network.subnetIds.private,
      logKey: this.logKey,
    });
    const oidc = {
      oidcProviderArn: this.cluster.oidcProvider.arn,
      oidcIssuerHostPath: this.cluster.oidcIssuerHostPath,
    };
    this.loadBalancerController = new LoadBalancerControllerRole(this, 'aws-load-balancer-controller', {
      context: ctx,
      ...oidc,
    });
    this.clusterAutoscaler = new ClusterAutoscalerRole(this, 'cluster-autoscaler', { context: ctx, ...oidc });
    this.clusterAdmin = new ClusterAdminAccess(this, 'cluster-admin', { context: ctx, cluster: this.cluster.cluster });

    this.cache = new Cache(this, 'cache', {
      context: ctx,
      vpcId,
      subnetIds: this.network.subnetIds.cache,
      clientCidrs: subnets.private,
      logKey: this.logKey,
      secretRecoveryWindowDays: props.secretRecoveryWindowDays,
    });

    const dataStoreSecrets: ReadableSecret[] = [
      props.credentials,
      { secretArn: this.cache.authSecret.arn, keyArn: this.cache.keyArn },
    ];
    this.externalSecrets = new SecretsReaderRole(this, 'external-secrets', {
      context: ctx,
      ...oidc,
      workload: appSecretsWorkload(ctx.platform, ctx.envName),
      secrets: dataStoreSecrets,
    });

    this.platform = new ClusterPlatform(this, 'platform', { context: ctx, ...oidc, dataStoreSecrets });

    // Each instance keeps its private name for life (SOP-02 swaps roles, not names); a database.host that is
    // neither name (set in the platform file) points at the primary.
    const { primary, slots, instances } = this.database;
    const named = [instances.main.host, ...(slots.replica ? [instances.replica.host] : [])];
    new PrivateDns(this, 'private-dns', {
      vpcId,
      records: [
        { id: 'database', name: instances.main.host, target: slots.main.address },
        ...(slots.replica
          ? [{ id: 'database-replica', name: instances.replica.host, target: slots.replica.address }]
          : []),
        ...(named.includes(ctx.env.database.host)
          ? []
          : [{ id: 'database-app', name: ctx.env.database.host, target: primary.address }]),
        { id: 'redis', name: ctx.env.redis.host, target: this.cache.replicationGroup.primaryEndpointAddress },
      ],
    });
  }
}
