import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { baseName, bucketName, globalName, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { SecureBucket } from './secure-bucket';
import { ServiceRole } from './service-role';

export interface ArtifactStoreProps {
  readonly context: InfraContext;
  /**
   * Region that receives a copy of every object version (and delete marker).
   * @default none
   */
  readonly replicaRegion?: string;
}

/** S3 Replication Time Control: 99.99 % of objects are copied within 15 minutes, and late ones raise metrics. */
export const REPLICATION_TIME_MINUTES = 15;

/** Id of the replication rule: S3's replication metrics (and the alarms on them) are per rule. */
export const REPLICATION_RULE_ID = 'disaster-recovery';

/**
 * The bucket for database exports and release artifacts, replicated to the DR region with Replication Time
 * Control, so a region loss costs at most the last 15 minutes of writes.
 */
export class ArtifactStore extends Construct {
  readonly primary: SecureBucket;
  readonly replica?: SecureBucket;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const ctx = props.context;
    const alias = `${baseName(ctx)}-artifacts`;
    this.primary = new SecureBucket(this, 'primary', {
      bucketName: bucketName(ctx, 'artifacts', ctx.region.region),
      keyAlias: alias,
    });
    if (!props.replicaRegion) return;

    const replica = new SecureBucket(this, 'replica', {
      bucketName: bucketName(ctx, 'artifacts', props.replicaRegion),
      keyAlias: alias,
      region: props.replicaRegion,
    });
    this.replica = replica;
    const source = this.primary;
    const role = new ServiceRole(this, 'replication-role', {
      name: globalName(ctx, 'artifacts-replication'),
      service: 's3.amazonaws.com',
      inlinePolicy: policyDocument(
        {
          Effect: 'Allow',
          Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          Resource: source.bucket.arn,
        },
        {
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
          Resource: `${source.bucket.arn}/*`,
        },
        {
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: `${replica.bucket.arn}/*`,
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: source.key.arn },
        { Effect: 'Allow', Action: 'kms:Encrypt', Resource: replica.key.arn },
      ),
    });
    new S3BucketReplicationConfigurationA(this, 'replication', {
      bucket: source.bucket.id,
      role: role.role.arn,
      rule: [
        {
          id: REPLICATION_RULE_ID,
          status: 'Enabled',
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replica.bucket.arn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
            replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
            // Replication metrics, which recovery-alarms.ts alarms on; Replication Time Control requires them anyway.
            metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
          },
        },
      ],
      dependsOn: [source.versioning, replica.versioning],
    });
  }
}
