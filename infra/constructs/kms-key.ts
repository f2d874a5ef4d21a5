import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { partition, type InfraContext } from '../context';
import { policyJson, type PolicyDocument, type PolicyStatement } from '../policy';

export interface CustomerKeyProps {
  /** Alias without the `alias/` prefix, e.g. `your-app-production-database`. */
  readonly alias: string;
  /** What the key protects, shown in the console and CloudTrail. */
  readonly description: string;
  /**
   * Key policy, for a service that must use the key without a role or grant (CloudWatch publishing to an
   * encrypted SNS topic). It must keep the account's own access (`accountAdministersKey`), or nobody can manage
   * the key again.
   * @default the default key policy: the account, through IAM
   */
  readonly policy?: PolicyDocument;
}

/**
 * A customer managed KMS key in the stack's region with yearly rotation and its alias. The default key policy
 * (the account, through IAM) is enough for most: each service reaches the key through its role or a grant it
 * creates itself.
 */
export class CustomerKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'Default', {
      description: props.description,
      enableKeyRotation: true,
      // The longest window: a key deleted by mistake makes every backup it encrypts unreadable.
      deletionWindowInDays: 30,
      policy: props.policy ? policyJson(props.policy) : undefined,
      tags: { Name: props.alias },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}

/** The statement of the default key policy: the account administers the key, and IAM policies grant its use. */
export function accountAdministersKey(ctx: InfraContext): PolicyStatement {
  return {
    Sid: 'AccountAdministersTheKey',
    Effect: 'Allow',
    Principal: { AWS: `arn:${partition(ctx.region.region)}:iam::${ctx.env.aws.accountId}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}
