import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { baseName, partition, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { CustomerKey } from './kms-key';

export interface AlarmTopicProps {
  readonly context: InfraContext;
  /**
   * Region of the topic: a CloudWatch alarm notifies a topic of its own region.
   * @default the stack's region
   */
  readonly region?: string;
}

/**
 * The SNS topic the recovery alarms notify, `<app>-<env>-alarms` in its region, encrypted with a customer key
 * that CloudWatch may use (it cannot publish to a topic under the AWS managed SNS key). Subscriptions (the
 * on-call pager, e-mail) are the operators': they need a confirmation and an endpoint no config should hold.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const ctx = props.context;
    const name = `${baseName(ctx)}-alarms`;
    const { region } = props;
    const key = new CustomerKey(this, 'key', {
      alias: name,
      description: `Notifications of the ${name} topic`,
      region,
      policy: policyDocument(
        {
          Sid: 'AccountAdministersTheKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition(region ?? ctx.region.region)}:iam::${ctx.env.aws.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchPublishesAlarms',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
        },
      ),
    });
    this.topic = new SnsTopic(this, 'Default', { name, region, kmsMasterKeyId: key.arn, tags: { Name: name } });
  }
}
