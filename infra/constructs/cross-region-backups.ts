import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { Construct } from 'constructs';
import { arnIn, baseName, globalName, keyAlias, partition, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import { ServiceRole } from './service-role';

export interface CrossRegionBackupsProps {
  readonly context: InfraContext;
  /** The primary database, backed up continuously. */
  readonly databaseArn: string;
  /** What AWS Backup protects besides: the artifacts bucket. */
  readonly bucketArn: string;
  /** The DR region whose vault (`CrossRegionBackups.drVault`, in the DR storage stack) receives the daily copy. */
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
 * AWS Backup's line against deletion or corruption that also reaches the replicas: a continuous backup of the
 * database and the artifacts bucket in a vault of this region, and a daily recovery point copied to the vault of
 * the DR region. That vault belongs to the DR storage stack (deployed first); the plan names it by ARN.
 */
export class CrossRegionBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  /** The vault that receives the daily copies, with its key and lock, in the DR storage stack. */
  static drVault(scope: Construct, id: string, ctx: InfraContext): BackupVault {
    const description = `Backups of ${baseName(ctx)} copied from its primary region`;
    return lockedVault(new Construct(scope, id), 'vault', ctx, description);
  }

  constructor(scope: Construct, id: string, props: CrossRegionBackupsProps) {
    super(scope, id);
    const ctx = props.context;
    const name = baseName(ctx);
    const retention = ctx.env.database.backupRetentionDays;
    this.vault = lockedVault(this, 'vault', ctx, `AWS Backup vault of ${name}`);
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
          copyAction: [
            {
              destinationVaultArn: arnIn(ctx, 'backup', props.drRegion, `backup-vault:${name}`),
              lifecycle: { deleteAfter: retention },
            },
          ],
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

/**
 * A vault `<app>-<env>` with a customer key of its region and a lock in governance mode: recovery points cannot
 * be deleted or shortened below the retention, except by a principal allowed
 * backup:DeleteBackupVaultLockConfiguration. Compliance mode (changeable_for_days) is irreversible once its grace
 * time ends, even for the account root: a decision for the owners, see disaster-recovery.md.
 */
function lockedVault(scope: Construct, id: string, ctx: InfraContext, description: string): BackupVault {
  const name = baseName(ctx);
  const key = new CustomerKey(scope, `${id}-key`, { alias: keyAlias(ctx, 'backup'), description });
  const vault = new BackupVault(scope, id, { name, kmsKeyArn: key.arn, tags: { Name: name } });
  new BackupVaultLockConfiguration(scope, `${id}-lock`, {
    backupVaultName: vault.name,
    minRetentionDays: ctx.env.database.backupRetentionDays,
    maxRetentionDays: MAX_RETENTION_DAYS,
  });
  return vault;
}
