import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { arnIn, bucketName, globalName, keyAlias, keyAliasArn, partition, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import { SecureBucket } from './secure-bucket';
import { ServiceRole } from './service-role';

export interface ArtifactStoreProps {
  readonly context: InfraContext;
  /**
   * Region that receives a copy of every object version (and delete marker), into the bucket the DR storage
   * stack keeps there (`ArtifactStore.replicaBucket`).
   * @default none
   */
  readonly replicaRegion?: string;
}

/** Purpose of the artifacts bucket and its key, in both regions. */
const PURPOSE = 'artifacts';

/** S3 Replication Time Control: 99.99 % of objects are copied within 15 minutes, and late ones raise metrics. */
export const REPLICATION_TIME_MINUTES = 15;

/** Id of the replication rule: S3's replication metrics (and the alarms on them) are per rule. */
export const REPLICATION_RULE_ID = 'disaster-recovery';

/**
 * The bucket for database exports and release artifacts, replicated to the DR region with Replication Time
 * Control, so a region loss costs at most the last 15 minutes of writes. The destination bucket and its key
 * belong to the DR storage stack, which must be deployed first; this stack names them, by bucket name and key
 * alias, and never reads the DR region.
 */
export class ArtifactStore extends Construct {
  readonly primary: SecureBucket;
  /** Name of the bucket in the DR region that receives the copies. */
  readonly replicaBucketName?: string;

  /** The bucket that receives the copies, in the DR storage stack (its own region). */
  static replicaBucket(scope: Construct, id: string, ctx: InfraContext): SecureBucket {
    return new SecureBucket(scope, id, {
      bucketName: bucketName(ctx, PURPOSE, ctx.region.region),
      keyAlias: keyAlias(ctx, PURPOSE),
    });
  }

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const ctx = props.context;
    this.primary = new SecureBucket(this, 'primary', {
      bucketName: bucketName(ctx, PURPOSE, ctx.region.region),
      keyAlias: keyAlias(ctx, PURPOSE),
    });
    const drRegion = props.replicaRegion;
    if (!drRegion) return;

    const replicaName = bucketName(ctx, PURPOSE, drRegion);
    this.replicaBucketName = replicaName;
    const replicaArn = `arn:${partition(drRegion)}:s3:::${replicaName}`;
    const replicaKey = keyAliasArn(ctx, PURPOSE, drRegion);
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
          Resource: `${replicaArn}/*`,
        },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: source.key.arn },
        {
          // The DR key by its alias: IAM matches key ARNs, and this stack does not know the DR key's id.
          Effect: 'Allow',
          Action: 'kms:Encrypt',
          Resource: arnIn(ctx, 'kms', drRegion, 'key/*'),
          Condition: {
            StringEquals: { 'kms:ViaService': `s3.${drRegion}.amazonaws.com` },
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${keyAlias(ctx, PURPOSE)}` },
          },
        },
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
            bucket: replicaArn,
            storageClass: 'STANDARD',
            // S3 takes a key ARN or an alias ARN; an alias ARN names the DR stack's key without its id.
            encryptionConfiguration: { replicaKmsKeyId: replicaKey },
            replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
            // Replication metrics, which recovery-alarms.ts alarms on; Replication Time Control requires them anyway.
            metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
          },
        },
      ],
      dependsOn: [source.versioning],
    });
  }
}
