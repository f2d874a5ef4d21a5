import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
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

/** Daily recovery point copied to the DR vault; continuous backup covers the time in between. */
const BACKUP_SCHEDULE = 'cron(0 3 ? * * *)';

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
          startWindow: 60,
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
