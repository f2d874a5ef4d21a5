import { Construct } from 'constructs';
import type { InfraContext } from '../context';
import { Database, type DatabaseSource } from './database';
import { LogKey } from './log-key';
import { Network } from './network';

export interface RegionalDataProps {
  readonly context: InfraContext;
  readonly databaseSource: DatabaseSource;
  /**
   * AWS Backup protects the database continuously (cross-region-backups.ts) and owns its backup window.
   * @default false
   */
  readonly backupsManagedByAwsBackup?: boolean;
}

/**
 * What a region keeps running for the environment's data: the network (with its VPC endpoints and flow logs),
 * the key of the region's log groups, and the database. It is all the DR region runs before a failover (the pilot
 * light, with the database as a cross-region replica); `RegionalEnvironment` adds the rest under the same
 * construct ids, so promoting the DR region changes no Terraform address of these.
 */
export class RegionalData extends Construct {
  readonly logKey: LogKey;
  readonly network: Network;
  readonly database: Database;

  constructor(scope: Construct, id: string, props: RegionalDataProps) {
    super(scope, id);
    const ctx = props.context;
    this.logKey = new LogKey(this, 'log-key', { context: ctx });
    // NAT per zone where a zone outage must not cut the others off; one NAT elsewhere to save cost.
    this.network = new Network(this, 'network', {
      context: ctx,
      natGatewayPerZone: ctx.env.aws.natGatewayPerZone,
      logKey: this.logKey,
    });
    // Clients are the pods, which take their IPs from the private subnets (VPC CNI).
    this.database = new Database(this, 'database', {
      context: ctx,
      vpcId: this.network.vpc.id,
      subnetIds: this.network.subnetIds.database,
      clientCidrs: ctx.region.network.subnets.private,
      source: props.databaseSource,
      logKey: this.logKey,
      backupsManagedByAwsBackup: props.backupsManagedByAwsBackup,
    });
  }
}
