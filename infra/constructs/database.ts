import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Construct } from 'constructs';
import { databaseInstances, type DatabaseInstances } from '../../src/config';
import { baseName, globalName, partition, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import { ServiceRole } from './service-role';
import { TierSecurityGroup } from './tier-security-group';

/** A fresh database with generated credentials, or a point-in-time restore of replicated backups (DR). */
export type DatabaseSource =
  | { readonly kind: 'new'; readonly username: string; readonly password: string; readonly passwordVersion: number }
  | { readonly kind: 'restore'; readonly automatedBackupsArn: string };

export interface DatabaseProps {
  readonly context: InfraContext;
  readonly vpcId: string;
  /** Database subnet ids, one per zone. */
  readonly subnetIds: readonly string[];
  /** CIDRs of the private subnets, the only clients. */
  readonly clientCidrs: readonly string[];
  readonly source: DatabaseSource;
  /**
   * Build the read replica that SOP-02 promotes. The recovery stack leaves it out: a second full copy of the
   * restored database would hold its deploy (and the RTO) back for as long as the restore itself took.
   * @default true
   */
  readonly readReplica?: boolean;
  /**
   * AWS Backup's continuous backup takes over this instance's backup settings and may change its backup
   * window; Terraform then ignores `backup_window` instead of planning it back on every run.
   * @default false
   */
  readonly backupsManagedByAwsBackup?: boolean;
  /**
   * Enhanced Monitoring granularity, seconds.
   * @default 15
   */
  readonly monitoringIntervalSeconds?: number;
}

/** Daily snapshot window; continuous WAL archiving runs regardless. */
const BACKUP_WINDOW = '02:00-02:30';
/** RDS refuses a backup window overlapping it: ours, or AWS Backup's plan window (cross-region-backups.ts). */
const MAINTENANCE_WINDOW = 'sun:03:00-sun:04:00';
const LOG_EXPORTS = ['postgresql', 'upgrade'];

/**
 * PostgreSQL on RDS: a Multi-AZ primary (synchronous standby, automatic failover) encrypted with a customer
 * key, point-in-time restore over `backupRetentionDays`, and (unless told otherwise) a read replica in another
 * zone that SOP-02 can promote. Deletion is guarded twice: deletion protection, then a final snapshot.
 */
export class Database extends Construct {
  readonly primary: DbInstance;
  readonly replica?: DbInstance;
  readonly key: CustomerKey;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: DbParameterGroup;
  /** The instances' identifiers and private names, and which is the primary. */
  readonly instances: DatabaseInstances;
  /** The resources by instance rather than role: `main` is `<app>-<env>`, `replica` is `<app>-<env>-replica`. */
  readonly slots: { readonly main: DbInstance; readonly replica?: DbInstance };

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const ctx = props.context;
    const { database } = ctx.env;
    const { zones } = ctx.region;
    const name = baseName(ctx);
    const major = database.engineVersion.split('.')[0];

    this.key = new CustomerKey(this, 'key', {
      alias: `${name}-database`,
      description: `Storage of ${name} PostgreSQL`,
    });
    const subnetGroup = (this.subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name,
      description: `Database subnets of ${name}`,
      subnetIds: [...props.subnetIds],
      tags: { Name: name },
    }));
    const securityGroup = new TierSecurityGroup(this, 'security-group', {
      name: `${name}-database`,
      vpcId: props.vpcId,
      port: database.port,
      sourceCidrs: props.clientCidrs,
    });
    const parameters = (this.parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: `${name}-postgres${major}`,
      family: `postgres${major}`,
      description: `PostgreSQL ${major} settings of ${name}`,
      parameter: [
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
        { name: 'log_min_duration_statement', value: '1000' },
        // TLS only: credentials never cross the VPC in clear text.
        { name: 'rds.force_ssl', value: '1' },
      ],
      tags: { Name: `${name}-postgres${major}` },
    }));
    const monitoringRole = new ServiceRole(this, 'monitoring-role', {
      name: globalName(ctx, 'rds-monitoring'),
      service: 'monitoring.rds.amazonaws.com',
      managedPolicies: ['service-role/AmazonRDSEnhancedMonitoringRole'],
      partition: partition(ctx.region.region),
    });

    const shared: Omit<DbInstanceConfig, 'identifier' | 'instanceClass'> = {
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      port: database.port,
      parameterGroupName: parameters.name,
      vpcSecurityGroupIds: [securityGroup.group.id],
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.key.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: props.monitoringIntervalSeconds ?? 15,
      monitoringRoleArn: monitoringRole.role.arn,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      autoMinorVersionUpgrade: true,
      maintenanceWindow: MAINTENANCE_WINDOW,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      dependsOn: monitoringRole.ready,
    };

    // SOP-02 step 6: the instances keep their identifiers and Terraform addresses; `promotedReplica` swaps roles.
    const promoted = database.promotedReplica && props.readReplica !== false;
    this.instances = databaseInstances(ctx.platform.app.name, ctx.envName, promoted);
    const { main, replica } = this.instances;
    const primaryRole = (identifier: string): DbInstanceConfig => ({
      ...shared,
      identifier,
      engine: 'postgres',
      engineVersion: database.engineVersion,
      instanceClass: database.instanceClass,
      allocatedStorage: database.allocatedStorageGiB,
      // Storage autoscaling up to 4x: a full disk is an outage, a bigger one only a cost.
      maxAllocatedStorage: database.allocatedStorageGiB * 4,
      storageType: 'gp3',
      // RDS places the primary and its synchronous standby in two zones of the subnet group (the API refuses
      // an explicit zone for Multi-AZ) and swaps them on failover.
      multiAz: true,
      dbSubnetGroupName: subnetGroup.name,
      backupRetentionPeriod: database.backupRetentionDays,
      backupWindow: BACKUP_WINDOW,
      // Automated backups outlive the instance: a deleted database can still be restored to a point in time.
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final`,
      lifecycle: props.backupsManagedByAwsBackup ? { ignoreChanges: ['backup_window'] } : undefined,
    });
    // SOP-02 promotes the replica when the primary is lost. It is pinned to a zone; should RDS have put the
    // primary there too, losing that zone is what Multi-AZ failover covers, not the replica.
    const replicaRole = (identifier: string, source: DbInstance, zone: string): DbInstanceConfig => ({
      ...shared,
      identifier,
      replicateSourceDb: source.identifier,
      instanceClass: database.instanceClass,
      maxAllocatedStorage: database.allocatedStorageGiB * 4,
      storageType: 'gp3',
      availabilityZone: zone,
      // A replica cannot take a final snapshot; the primary's backups cover its data.
      skipFinalSnapshot: true,
    });
    const lastZone = zones[zones.length - 1];

    if (!promoted) {
      this.primary = new DbInstance(this, 'primary', {
        ...primaryRole(main.identifier),
        ...sourceSettings(props.source, database.name),
      });
      this.replica =
        props.readReplica === false
          ? undefined
          : new DbInstance(this, 'replica', replicaRole(replica.identifier, this.primary, lastZone));
      this.slots = { main: this.primary, replica: this.replica };
      return;
    }
    // After SOP-02: the promoted instance (created as the replica, pinned to the last zone: a changed zone would
    // replace it) is the primary; its user, database and password came with the data. The former primary's
    // address holds the new replica, in the first zone, once the former primary is out of the state.
    this.primary = new DbInstance(this, 'replica', { ...primaryRole(replica.identifier), availabilityZone: lastZone });
    this.replica = new DbInstance(this, 'primary', replicaRole(main.identifier, this.primary, zones[0]));
    this.slots = { main: this.replica, replica: this.primary };
  }
}

function sourceSettings(source: DatabaseSource, dbName: string): Partial<DbInstanceConfig> {
  if (source.kind === 'new') {
    return {
      dbName,
      username: source.username,
      passwordWo: source.password,
      passwordWoVersion: source.passwordVersion,
    };
  }
  // Database name and master password come with the restored data; they match the replicated secret.
  return {
    restoreToPointInTime: {
      sourceDbInstanceAutomatedBackupsArn: source.automatedBackupsArn,
      useLatestRestorableTime: true,
    },
  };
}
