import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { policyJson, type PolicyDocument } from '../policy';

export interface CustomerKeyProps {
  /** Alias without the `alias/` prefix, e.g. `your-app-production-database`. */
  readonly alias: string;
  /** What the key protects, shown in the console and CloudTrail. */
  readonly description: string;
  /**
   * Region of the key, for a key that protects a copy in the DR region.
   * @default the stack's region
   */
  readonly region?: string;
  /**
   * Key policy, for a service that must use the key without a role or grant (CloudWatch publishing to an
   * encrypted SNS topic). It must keep the account's own access, or nobody can manage the key again.
   * @default the default key policy: the account, through IAM
   */
  readonly policy?: PolicyDocument;
}

/**
 * A customer managed KMS key with yearly rotation and its alias. The default key policy (the account, through
 * IAM) is enough for most: each service reaches the key through its role or a grant it creates itself.
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
      region: props.region,
      policy: props.policy ? policyJson(props.policy) : undefined,
      tags: { Name: props.alias },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, region: props.region });
    this.arn = this.key.arn;
  }
}
