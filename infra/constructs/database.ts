import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Construct } from 'constructs';
import { databaseInstances, type DatabaseInstances } from '../../src/config';
import { baseName, globalName, keyAlias, partition, siteOf, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import { DeploymentTimestamp } from './deployment-timestamp';
import type { LogKey } from './log-key';
import { ServiceRole } from './service-role';
import { TierSecurityGroup } from './tier-security-group';

/**
 * Where the database comes from: a fresh one with generated credentials; a read replica of the database in the
 * other region (the DR pilot light); or that replica promoted to a standalone primary (failover). Replica and
 * promoted are the same instance: the switch removes `replicate_source_db`, which the provider turns into
 * PromoteReadReplica, and changes nothing that forces a replacement.
 */
export type DatabaseSource =
  | { readonly kind: 'new'; readonly username: string; readonly password: string; readonly passwordVersion: number }
  | { readonly kind: 'replica'; readonly sourceArn: string }
  | { readonly kind: 'promoted' };

export interface DatabaseProps {
  readonly context: InfraContext;
  readonly vpcId: string;
  /** Database subnet ids, one per zone. */
  readonly subnetIds: readonly string[];
  /** CIDRs of the private subnets, the only clients. */
  readonly clientCidrs: readonly string[];
  readonly source: DatabaseSource;
  /** Encrypts the groups the PostgreSQL logs are exported to. */
  readonly logKey: LogKey;
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
export const LOG_EXPORTS = ['postgresql', 'upgrade'];

/**
 * PostgreSQL on RDS: a primary (Multi-AZ when `database.multiAz`: a synchronous standby, automatic failover)
 * encrypted with a customer key of its region, point-in-time restore over `backupRetentionDays`, and, when
 * `database.readReplica`, a read replica in another zone that SOP-02 can promote. Deletion is guarded twice:
 * deletion protection, then a final snapshot whose name is unique per deployment. After SOP-02
 * (`database.promotedReplica`) the two instances swap roles, keeping their identifiers and Terraform addresses.
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
    const { source } = props;

    this.key = new CustomerKey(this, 'key', {
      alias: keyAlias(ctx, 'database'),
      description: `Storage of ${name} PostgreSQL in ${ctx.region.region}`,
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
      // Set explicitly even where RDS ignores it (a cross-region replica takes kms_key_id): it forces a
      // replacement, so the planned value must equal what RDS reports, which is true.
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
      maxAllocatedStorage: database.allocatedStorageGiB * 4,
      storageType: 'gp3',
      copyTagsToSnapshot: true,
      deletionProtection: true,
      // The DR region's changes (Multi-AZ after a promotion) must not wait for a maintenance window.
      applyImmediately: siteOf(ctx) === 'dr' ? true : undefined,
    };

    // The instances keep their identifiers, Terraform addresses and log groups for life (by construct id, 'primary'
    // for <app>-<env>, 'replica' for <app>-<env>-replica); SOP-02 step 6 (`promotedReplica`) swaps their roles.
    const withReplica = database.readReplica && source.kind !== 'replica';
    const promoted = database.promotedReplica && withReplica;
    this.instances = databaseInstances(ctx.platform.app.name, ctx.envName, promoted);
    const { main, replica } = this.instances;
    const slot = (id: 'primary' | 'replica', identifier: string) => ({
      identifier,
      dependsOn: [...monitoringRole.ready, ...this.logGroups(props.logKey, id, identifier)],
    });
    const primaryRole = (id: 'primary' | 'replica', identifier: string, settings: DatabaseSource) =>
      new DbInstance(this, id, {
        ...shared,
        ...slot(id, identifier),
        instanceClass: database.instanceClass,
        dbSubnetGroupName: subnetGroup.name,
        // Automated backups outlive the instance: a deleted database can still be restored to a point in time.
        deleteAutomatedBackups: false,
        ...sourceSettings(settings, ctx),
        ...this.finalSnapshot(settings, identifier),
        lifecycle: props.backupsManagedByAwsBackup ? { ignoreChanges: ['backup_window'] } : undefined,
      });
    // SOP-02 promotes the replica when the primary is lost. It is pinned to a zone; should RDS have put the primary
    // there too, losing that zone is what Multi-AZ failover covers, not the replica.
    const replicaRole = (id: 'primary' | 'replica', identifier: string, sourceDb: DbInstance, zone: string) =>
      new DbInstance(this, id, {
        ...shared,
        ...slot(id, identifier),
        replicateSourceDb: sourceDb.identifier,
        instanceClass: database.instanceClass,
        availabilityZone: zone,
        // RDS refuses a final snapshot of a replica; the primary's backups cover its data.
        skipFinalSnapshot: true,
      });
    const lastZone = zones[zones.length - 1];

    if (!promoted) {
      this.primary = primaryRole('primary', main.identifier, source);
      this.replica = withReplica ? replicaRole('replica', replica.identifier, this.primary, lastZone) : undefined;
      this.slots = { main: this.primary, replica: this.replica };
      return;
    }
    // After SOP-02: the promoted instance (created as the replica, pinned to the last zone: a changed zone would
    // replace it) is the primary; its user, database and password came with the data. The former primary's
    // address holds the new replica, in the first zone, once the former primary is out of the state.
    this.primary = primaryRole('replica', replica.identifier, { kind: 'promoted' });
    this.primary.availabilityZone = lastZone;
    this.replica = replicaRole('primary', main.identifier, this.primary, zones[0]);
    this.slots = { main: this.replica, replica: this.primary };
  }

  /**
   * The groups RDS exports the instance's logs to, created first: RDS would otherwise create them unencrypted and
   * kept forever.
   */
  private logGroups(logKey: LogKey, instance: string, identifier: string) {
    return LOG_EXPORTS.map((type) =>
      logKey.group(this, `${instance}-log-${type}`, `/aws/rds/instance/${identifier}/${type}`),
    );
  }

  /**
   * Final snapshot settings: none for a replica (RDS refuses one), else a name unique per deployment. A fixed
   * name would collide with the snapshot of the previous deployment (a drill torn down and rebuilt): the
   * deployment's creation time, drawn once from the plan's timestamp and then kept in state, tells them apart.
   */
  private finalSnapshot(source: DatabaseSource, identifier: string): Partial<DbInstanceConfig> {
    if (source.kind === 'replica') return { skipFinalSnapshot: true };
    const deployment = new DeploymentTimestamp(this, 'deployment');
    return {
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final-${deployment.createdAt}`,
    };
  }
}

/**
 * The arguments that differ by source, and only those the RDS API honours for it. A replica inherits engine,
 * version, storage, name and credentials, so none of them is set, then or after its promotion (each would force a
 * replacement or a diff); backups, Multi-AZ and the backup window start with the promotion, which passes
 * `backup_retention_period` and `backup_window` to PromoteReadReplica.
 */
function sourceSettings(source: DatabaseSource, ctx: InfraContext): Partial<DbInstanceConfig> {
  const { database } = ctx.env;
  const primary: Partial<DbInstanceConfig> = {
    multiAz: database.multiAz,
    backupRetentionPeriod: database.backupRetentionDays,
    backupWindow: BACKUP_WINDOW,
  };
  switch (source.kind) {
    case 'new':
      return {
        ...primary,
        engine: 'postgres',
        engineVersion: database.engineVersion,
        allocatedStorage: database.allocatedStorageGiB,
        dbName: database.name,
        username: source.username,
        passwordWo: source.password,
        passwordWoVersion: source.passwordVersion,
      };
    case 'replica':
      // A cross-region replica: the source by ARN, encrypted with this region's key (shared.kmsKeyId). One
      // instance is enough until it serves; the promotion makes it Multi-AZ.
      return { replicateSourceDb: source.sourceArn, multiAz: false };
    case 'promoted':
      return primary;
  }
}
