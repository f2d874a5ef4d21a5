import { Construct } from 'constructs';
import { awsWorkloads, lokiBucketName } from '../../src/config';
import { baseName, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { SecureBucket } from './secure-bucket';
import { WorkloadRole, type ClusterOidc } from './workload-role';

export interface LokiStorageProps extends ClusterOidc {
  readonly context: InfraContext;
}

/**
 * Loki's object store in this region (chunks, index, ruler: one bucket, named by `lokiBucketName` as the loki
 * add-on's values name it) and the role of Loki's ServiceAccount: list the bucket, read, write and delete its
 * objects (the compactor deletes), and use the bucket's key for that alone.
 */
export class LokiStorage extends Construct {
  readonly roleArn: string;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: LokiStorageProps) {
    super(scope, id);
    const ctx = props.context;
    this.bucketName = lokiBucketName(ctx.platform, ctx.envName, ctx.region.region);
    const store = new SecureBucket(this, 'bucket', {
      bucketName: this.bucketName,
      keyAlias: `${baseName(ctx)}-loki`,
      // Loki deletes what its retention drops; older versions need not outlive a week.
      noncurrentVersionDays: 7,
    });
    const bucketArn = store.bucket.arn;
    const role = new WorkloadRole(this, 'role', {
      ...props,
      workload: awsWorkloads(ctx.platform).loki,
      policy: policyDocument(
        { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
        {
          Sid: 'ReadWriteObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: `${bucketArn}/*`,
        },
        {
          Sid: 'UseBucketKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: store.key.arn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${ctx.region.region}.amazonaws.com` } },
        },
      ),
    });
    this.roleArn = role.roleArn;
  }
}
