import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { baseName, keyAlias, type InfraContext } from '../context';
import { CustomerKey } from './kms-key';
import type { LogKey } from './log-key';
import { TierSecurityGroup } from './tier-security-group';

export interface CacheProps {
  readonly context: InfraContext;
  readonly vpcId: string;
  /** Cache subnet ids, one per zone. */
  readonly subnetIds: readonly string[];
  /** CIDRs of the private subnets, the only clients. */
  readonly clientCidrs: readonly string[];
  /** Encrypts the slow-log group and sets its retention. */
  readonly logKey: LogKey;
  /**
   * Days a deleted AUTH token secret stays recoverable; 0 deletes it at once, so a stack torn down after a drill
   * can be deployed again the same day (Secrets Manager refuses a name pending deletion).
   * @default 30
   */
  readonly secretRecoveryWindowDays?: number;
  /**
   * Redis engine version.
   * @default 7.1
   */
  readonly engineVersion?: string;
  /**
   * Days of daily snapshots kept (the cache is rebuildable; snapshots only shorten a cold start).
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
}

/**
 * Redis on ElastiCache: a replication group of `redis.nodeCount` nodes placed round the zones, with automatic
 * failover to a replica in another zone when `redis.multiAz`, encrypted at rest with a customer key and in
 * transit (TLS required), and an AUTH token kept in Secrets Manager. The token is also in the Terraform state:
 * ElastiCache has no write-only token argument (docs/disaster-recovery.md, "Residual risks").
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly authSecret: SecretsmanagerSecret;
  /** Customer key of the cache, which also encrypts the AUTH token secret. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const ctx = props.context;
    const { redis } = ctx.env;
    const { zones } = ctx.region;
    const name = baseName(ctx);

    const key = new CustomerKey(this, 'key', { alias: keyAlias(ctx, 'cache'), description: `Redis data of ${name}` });
    this.keyArn = key.arn;
    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnet-group', {
      name,
      description: `Cache subnets of ${name}`,
      subnetIds: [...props.subnetIds],
      tags: { Name: name },
    });
    const securityGroup = new TierSecurityGroup(this, 'security-group', {
      name: `${name}-cache`,
      vpcId: props.vpcId,
      port: redis.port,
      sourceCidrs: props.clientCidrs,
    });
    const slowLog = props.logKey.group(this, 'slow-log', `/aws/elasticache/${name}/slow-log`);
    // Zones round-robin: with 3 nodes in 3 zones each zone holds one; a lost zone leaves a replica elsewhere.
    const nodeZones = Array.from({ length: redis.nodeCount }, (_, i) => zones[i % zones.length]);
    const failover = redis.nodeCount >= 2;

    // Redis AUTH allows printable ASCII except "@", '"' and "/"; letters and digits only keep it simple.
    const token = new DataAwsSecretsmanagerRandomPassword(this, 'auth-token', {
      passwordLength: 64,
      excludePunctuation: true,
    }).randomPassword;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: name,
      description: `Redis of ${name}`,
      engine: 'redis',
      engineVersion: props.engineVersion ?? '7.1',
      nodeType: redis.nodeType,
      port: redis.port,
      numCacheClusters: redis.nodeCount,
      preferredCacheClusterAzs: nodeZones,
      multiAzEnabled: redis.multiAz,
      automaticFailoverEnabled: failover,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: token,
      authTokenUpdateStrategy: 'ROTATE',
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.group.id],
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 7,
      snapshotWindow: '01:00-02:00',
      maintenanceWindow: 'sun:04:30-sun:05:30',
      autoMinorVersionUpgrade: 'true',
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'slow-log' },
      ],
      tags: { Name: name },
      // The data source draws a new token on every plan; only a new group takes it (rotation: docs/infrastructure.md).
      lifecycle: { ignoreChanges: ['auth_token'] },
    });

    this.authSecret = new SecretsmanagerSecret(this, 'auth-secret', {
      name: redis.authSecret,
      description: `Redis AUTH token of ${name}`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: props.secretRecoveryWindowDays ?? 30,
      tags: { Name: redis.authSecret },
    });
    const group = this.replicationGroup;
    new SecretsmanagerSecretVersion(this, 'auth-secret-value', {
      secretId: this.authSecret.id,
      secretStringWo: Fn.jsonencode({ token, host: redis.host, port: redis.port }),
      secretStringWoVersion: 1,
      // A replaced group is created with the token drawn in that run (ignore_changes does not apply to a create):
      // its unknown new id rewrites the secret in the same run. An in-place update keeps the id, and the secret.
      lifecycle: { replaceTriggeredBy: [`${group.terraformResourceType}.${group.friendlyUniqueId}.id`] },
    });
  }
}
