import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import { Construct } from 'constructs';
import { baseName, globalName, partition, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import { ServiceRole } from './service-role';

export interface CrossRegionBackupsProps {
  readonly context: InfraContext;
  /** The primary database, whose snapshots and transaction logs are replicated. */
  readonly databaseArn: string;
  /** What AWS Backup protects besides: the artifacts bucket. */
  readonly bucketArn: string;
  /** The DR region that receives every copy. */
  readonly drRegion: string;
}

/**
 * Daily recovery point copied to the DR vault; continuous backup covers the time in between. 05:00-06:00 UTC
 * (with the start window) stays clear of the database's maintenance window (Sunday 03:00-04:00) and its own
 * backup window: AWS Backup takes over the instance's backup settings, and RDS refuses a backup window that
 * overlaps maintenance.
 */
const BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';
const START_WINDOW_MINUTES = 60;

/** Longest retention a vault accepts: continuous backup keeps at most 35 days, as does `backupRetentionDays`. */
const MAX_RETENTION_DAYS = 35;

/**
 * Backups that survive the loss of the primary region. RDS replicates its snapshots and transaction logs to
 * the DR region as they are produced (point-in-time restore there, the path of the RPO); AWS Backup keeps an
 * independent continuous backup in a vault of its own and copies a daily recovery point to a DR vault, a
 * second line against deletion or corruption that would also reach the replicated backups.
 */
export class CrossRegionBackups extends Construct {
  readonly replication: DbInstanceAutomatedBackupsReplication;
  readonly vault: BackupVault;
  readonly drVault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: CrossRegionBackupsProps) {
    super(scope, id);
    const ctx = props.context;
    const name = baseName(ctx);
    const retention = ctx.env.database.backupRetentionDays;
    const drKey = new CustomerKey(this, 'dr-key', {
      alias: `${name}-backup`,
      description: `Backups of ${name} replicated from ${ctx.region.region}`,
      region: props.drRegion,
    });
    // Created in the destination region, as the RDS API requires.
    this.replication = new DbInstanceAutomatedBackupsReplication(this, 'database-replication', {
      region: props.drRegion,
      sourceDbInstanceArn: props.databaseArn,
      kmsKeyId: drKey.arn,
      retentionPeriod: retention,
    });

    const key = new CustomerKey(this, 'key', { alias: `${name}-backup`, description: `AWS Backup vault of ${name}` });
    this.vault = new BackupVault(this, 'vault', { name, kmsKeyArn: key.arn, tags: { Name: name } });
    this.drVault = new BackupVault(this, 'dr-vault', {
      name,
      region: props.drRegion,
      kmsKeyArn: drKey.arn,
      tags: { Name: name },
    });
    // Governance mode: recovery points cannot be deleted or shortened below the retention, except by a principal
    // allowed backup:DeleteBackupVaultLockConfiguration. Compliance mode (changeable_for_days) is irreversible
    // once its grace time ends, even for the account root: a decision for the owners, see disaster-recovery.md.
    const lock = { minRetentionDays: retention, maxRetentionDays: MAX_RETENTION_DAYS };
    new BackupVaultLockConfiguration(this, 'vault-lock', { backupVaultName: this.vault.name, ...lock });
    new BackupVaultLockConfiguration(this, 'dr-vault-lock', {
      backupVaultName: this.drVault.name,
      region: props.drRegion,
      ...lock,
    });
    const role = new ServiceRole(this, 'role', {
      name: globalName(ctx, 'backup'),
      service: 'backup.amazonaws.com',
      managedPolicies: [
        'service-role/AWSBackupServiceRolePolicyForBackup',
        'service-role/AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ],
      partition: partition(ctx.region.region),
    });
    this.plan = new BackupPlan(this, 'plan', {
      name,
      rule: [
        {
          ruleName: 'continuous-with-dr-copy',
          targetVaultName: this.vault.name,
          schedule: BACKUP_SCHEDULE,
          startWindow: START_WINDOW_MINUTES,
          completionWindow: 180,
          enableContinuousBackup: true,
          // Equal to the database's own retention: AWS Backup takes over the instance's retention setting for
          // continuous backup, and a different value would show up as drift on every plan.
          lifecycle: { deleteAfter: retention },
          copyAction: [{ destinationVaultArn: this.drVault.arn, lifecycle: { deleteAfter: retention } }],
        },
      ],
      tags: { Name: name },
    });
    new BackupSelection(this, 'selection', {
      name,
      planId: this.plan.id,
      iamRoleArn: role.role.arn,
      resources: [props.databaseArn, props.bucketArn],
    });
  }
}
