import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { arnIn, baseName, keyAlias, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { accountAdministersKey, CustomerKey } from './kms-key';

export interface LogKeyProps {
  readonly context: InfraContext;
}

/**
 * The customer key of every CloudWatch log group of a stack, and the groups themselves. CloudWatch Logs uses the
 * key only through its regional service principal and only for this account's log groups (the encryption context
 * names the group); the retention is the environment's `aws.logRetentionDays`.
 */
export class LogKey extends Construct {
  readonly arn: string;
  private readonly context: InfraContext;

  constructor(scope: Construct, id: string, props: LogKeyProps) {
    super(scope, id);
    const ctx = props.context;
    this.context = ctx;
    const region = ctx.region.region;
    const key = new CustomerKey(this, 'Default', {
      alias: keyAlias(ctx, 'logs'),
      description: `CloudWatch log groups of ${baseName(ctx)}`,
      policy: policyDocument(accountAdministersKey(ctx), {
        Sid: 'CloudWatchLogsEncryptsTheAccountsGroups',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arnIn(ctx, 'logs', region, 'log-group:*') } },
      }),
    });
    this.arn = key.arn;
  }

  /**
   * A log group encrypted with this key and kept `aws.logRetentionDays`. Create it before the service that writes
   * to it, or the service creates one of its own, unencrypted and kept forever.
   */
  group(scope: Construct, id: string, name: string): CloudwatchLogGroup {
    return new CloudwatchLogGroup(scope, id, {
      name,
      retentionInDays: this.context.env.aws.logRetentionDays,
      kmsKeyId: this.arn,
    });
  }
}
