import { Construct } from 'constructs';
import { replicaHost, type InfraContext } from '../context';
import { Cache } from './cache';
import { ClusterAdminAccess } from './cluster-admin-access';
import { ClusterAutoscalerRole } from './cluster-autoscaler-role';
import { ClusterPlatform } from './cluster-platform';
import { Database, type DatabaseSource } from './database';
import { EksClusterConstruct } from './eks-cluster';
import { ExternalSecretsRole } from './external-secrets-role';
import { LoadBalancerControllerRole } from './load-balancer-controller-role';
import { Network } from './network';
import { PrivateDns } from './private-dns';

export interface RegionalEnvironmentProps {
  readonly context: InfraContext;
  readonly databaseSource: DatabaseSource;
  /** The database credentials secret in this region (the original, or its replica in the DR region). */
  readonly credentials: { readonly secretArn: string; readonly keyArn: string };
  /**
   * AWS Backup protects the database continuously (cross-region-backups.ts) and owns its backup window.
   * @default false
   */
  readonly backupsManagedByAwsBackup?: boolean;
}

/**
 * Everything one region needs to run the environment: network, cluster with its workload roles, database,
 * cache and the private names the app connects to. The primary stack and the recovery stack both build it,
 * so the DR region gets the same environment from the same code.
 */
export class RegionalEnvironment extends Construct {
  readonly network: Network;
  readonly cluster: EksClusterConstruct;
  readonly externalSecrets: ExternalSecretsRole;
  readonly loadBalancerController: LoadBalancerControllerRole;
  readonly clusterAutoscaler: ClusterAutoscalerRole;
  readonly clusterAdmin: ClusterAdminAccess;
  readonly database: Database;
  readonly cache: Cache;
  /** What the cluster's add-ons need from AWS: their roles, Loki's bucket, receiver secrets, the internet edge. */
  readonly platform: ClusterPlatform;

  constructor(scope: Construct, id: string, props: RegionalEnvironmentProps) {
    super(scope, id);
    const ctx = props.context;
    const { subnets } = ctx.region.network;
    // NAT per zone where a zone outage must not cut the others off; one NAT elsewhere to save cost.
    this.network = new Network(this, 'network', { context: ctx, natGatewayPerZone: ctx.env.aws.natGatewayPerZone });
    const vpcId = this.network.vpc.id;

    this.cluster = new EksClusterConstruct(this, 'eks', {
      context: ctx,
      privateSubnetIds: this.network.subnetIds.private,
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

    // Clients are the pods, which take their IPs from the private subnets (VPC CNI).
    this.database = new Database(this, 'database', {
      context: ctx,
      vpcId,
      subnetIds: this.network.subnetIds.database,
      clientCidrs: subnets.private,
      source: props.databaseSource,
      // The recovery stack restores first and adds the replica once the region serves (disaster-recovery.md).
      readReplica: ctx.role === 'primary',
      backupsManagedByAwsBackup: props.backupsManagedByAwsBackup,
    });
    this.cache = new Cache(this, 'cache', {
      context: ctx,
      vpcId,
      subnetIds: this.network.subnetIds.cache,
      clientCidrs: subnets.private,
    });

    const dataStoreSecrets = [props.credentials, { secretArn: this.cache.authSecret.arn, keyArn: this.cache.keyArn }];
    this.externalSecrets = new ExternalSecretsRole(this, 'external-secrets', {
      context: ctx,
      ...oidc,
      secrets: dataStoreSecrets,
    });

    this.platform = new ClusterPlatform(this, 'platform', { context: ctx, ...oidc, dataStoreSecrets });

    const { primary, replica } = this.database;
    new PrivateDns(this, 'private-dns', {
      vpcId,
      records: [
        { id: 'database', name: ctx.env.database.host, target: primary.address },
        ...(replica
          ? [{ id: 'database-replica', name: replicaHost(ctx.env.database.host), target: replica.address }]
          : []),
        { id: 'redis', name: ctx.env.redis.host, target: this.cache.replicationGroup.primaryEndpointAddress },
      ],
    });
  }
}
