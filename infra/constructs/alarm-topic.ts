import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { alarmTopicName, arnIn, baseName, keyAlias, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { accountAdministersKey, CustomerKey } from './kms-key';

export interface AlarmTopicProps {
  readonly context: InfraContext;
}

/**
 * The SNS topic the recovery alarms of a region notify, `<app>-<env>-alarms`, encrypted with a customer key
 * that CloudWatch may use (it cannot publish to a topic under the AWS managed SNS key), and only for this
 * environment's alarms of this account and region. Subscriptions (the on-call pager, e-mail) are the operators':
 * they need a confirmation and an endpoint no config should hold.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const ctx = props.context;
    const name = alarmTopicName(ctx);
    const key = new CustomerKey(this, 'key', {
      alias: keyAlias(ctx, 'alarms'),
      description: `Notifications of the ${name} topic`,
      policy: policyDocument(accountAdministersKey(ctx), {
        Sid: 'CloudWatchPublishesTheEnvironmentsAlarms',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        // Confused-deputy guard: CloudWatch acts for alarms of this account and environment only.
        Condition: {
          StringEquals: { 'aws:SourceAccount': ctx.env.aws.accountId },
          ArnLike: { 'aws:SourceArn': arnIn(ctx, 'cloudwatch', ctx.region.region, `alarm:${baseName(ctx)}-*`) },
        },
      }),
    });
    this.topic = new SnsTopic(this, 'Default', { name, kmsMasterKeyId: key.arn, tags: { Name: name } });
  }
}
