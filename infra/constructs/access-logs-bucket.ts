import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { Construct } from 'constructs';
import { accessLogsBucketName } from '../../src/config';
import type { InfraContext } from '../context';
import { policyDocument, policyJson } from '../policy';

export interface AccessLogsBucketProps {
  readonly context: InfraContext;
  /**
   * Days the logs are kept.
   * @default 90
   */
  readonly retentionDays?: number;
}

/**
 * The bucket the region's ALBs write their access logs to (named by `accessLogsBucketName`, as the load balancer
 * controller's IngressClassParams name it). Encrypted with S3-managed keys: ALB log delivery supports only SSE-S3
 * (Elastic Load Balancing user guide, "Enable access logs"). Only Elastic Load Balancing may write, only over TLS,
 * and nothing is public.
 */
export class AccessLogsBucket extends Construct {
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    const ctx = props.context;
    this.bucketName = accessLogsBucketName(ctx.platform, ctx.envName, ctx.region.region);
    const bucket = new S3Bucket(this, 'Default', { bucket: this.bucketName, tags: { Name: this.bucketName } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // Regions older than August 2022 deliver as their regional ELB account, newer ones as the log delivery service.
    const elb = new DataAwsElbServiceAccount(this, 'elb-account', {});
    const logs = `${bucket.arn}/AWSLogs/${ctx.env.aws.accountId}/*`;
    new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: policyJson(
        policyDocument(
          {
            Sid: 'ElbDeliversLogs',
            Effect: 'Allow',
            Principal: { AWS: elb.arn },
            Action: 's3:PutObject',
            Resource: logs,
          },
          {
            Sid: 'LogDeliveryServiceDeliversLogs',
            Effect: 'Allow',
            Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: logs,
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ),
      ),
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}
