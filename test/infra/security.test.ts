/**
 * Security findings of the DR review: every CloudWatch log group encrypted with a customer key CloudWatch Logs may
 * use only for this account's groups, and kept as long as the environment's profile says (production a year);
 * confused-deputy guards (`aws:SourceAccount`) on the alarm topics' keys; the Redis AUTH token's residual risk
 * written down where the provider gives no way to keep it out of state.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_PROFILES } from '../../src/config';
import { LOG_EXPORTS } from '../../infra/constructs/database';
import { ENVIRONMENTS } from '../helpers/platform';
import {
  defaultStacks,
  platform,
  promotedStack,
  RECOVERY,
  RECOVERY_STORAGE,
  referencedName,
  regionOf,
  resource,
  resourceList,
  stack,
  type Block,
} from './synth';
import { nonEmpty } from '../helpers/collections';

/** Every stack with the environment it belongs to: the default platform's, and the DR stack after a failover. */
const stacks: { name: string; env: string; config: Block }[] = [
  ...[...defaultStacks().values()].map((s) => ({
    name: s.name,
    env: ENVIRONMENTS.find(
      (env) => s.name === `${platform.app.name}-${env}` || s.name.startsWith(`${platform.app.name}-${env}-`),
    )!,
    config: s.config,
  })),
  { name: `${RECOVERY} (promoted)`, env: 'production', config: promotedStack(RECOVERY) },
];

/** The stacks that run a service writing CloudWatch logs: all but the DR storage stack. */
const logging = stacks.filter((s) => resourceList(s.config, 'aws_cloudwatch_log_group').length > 0);

const keyPolicyOf = (config: Block, keyRef: string): Block[] =>
  JSON.parse(resource(config, 'aws_kms_key', referencedName(keyRef, 'aws_kms_key')).policy).Statement;

it('every stack but the DR storage stack writes logs', () => {
  expect(stacks.filter((s) => !logging.includes(s)).map((s) => s.name)).toEqual([RECOVERY_STORAGE]);
  expect(resourceList(stack(RECOVERY_STORAGE), 'aws_db_instance')).toEqual([]);
});

describe.each(logging)('log groups of $name', ({ env, config }) => {
  const groups = resourceList(config, 'aws_cloudwatch_log_group');
  const { aws } = platform.environments[env];

  it("are encrypted with a customer key that CloudWatch Logs may use only for this account's groups", () => {
    for (const group of nonEmpty(groups)) {
      const region = regionOf(config, group);
      expect(keyPolicyOf(config, group.kms_key_id)).toEqual([
        expect.objectContaining({
          Sid: 'AccountAdministersTheKey',
          Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` },
        }),
        {
          Sid: 'CloudWatchLogsEncryptsTheAccountsGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${aws.accountId}:log-group:*` },
          },
        },
      ]);
    }
  });

  it("keep their events as long as the environment's profile decides", () => {
    for (const group of nonEmpty(groups)) expect(group.retention_in_days).toBe(aws.logRetentionDays);
  });

  it('exist before every service that writes logs, so none creates an unencrypted group of its own', () => {
    const names = groups.map((g) => g.name);
    for (const db of nonEmpty(resourceList(config, 'aws_db_instance'))) {
      for (const type of nonEmpty(db.enabled_cloudwatch_logs_exports)) {
        expect(names).toContain(`/aws/rds/instance/${db.identifier}/${type}`);
      }
      expect(db.enabled_cloudwatch_logs_exports).toEqual(LOG_EXPORTS);
      expect(db.depends_on.filter((d: string) => d.startsWith('aws_cloudwatch_log_group.'))).toHaveLength(
        LOG_EXPORTS.length,
      );
    }
    for (const cluster of resourceList(config, 'aws_eks_cluster'))
      expect(names).toContain(`/aws/eks/${cluster.name}/cluster`);
    // The pilot light runs no cache yet.
    for (const cache of resourceList(config, 'aws_elasticache_replication_group')) {
      for (const delivery of nonEmpty(cache.log_delivery_configuration)) {
        expect(delivery.destination).toMatch(/^\$\{aws_cloudwatch_log_group\./);
      }
    }
  });
});

describe('log retention', () => {
  it('is at least a year in production, by the profile', () => {
    expect(BUILT_IN_PROFILES.production.environment.aws?.logRetentionDays).toBeGreaterThanOrEqual(365);
    const production = ENVIRONMENTS.filter((env) => platform.environments[env].profile === 'production');
    expect(production.length).toBeGreaterThan(0);
    for (const env of production) expect(platform.environments[env].aws.logRetentionDays).toBeGreaterThanOrEqual(365);
  });
});

describe.each(stacks.filter((s) => resourceList(s.config, 'aws_sns_topic').length > 0))(
  'the alarm topic of $name',
  ({ env, config }) => {
    const { aws } = platform.environments[env];

    it("lets CloudWatch use its key only for this environment's alarms of this account and region", () => {
      for (const topic of nonEmpty(resourceList(config, 'aws_sns_topic'))) {
        const region = regionOf(config, topic);
        const cloudwatch = keyPolicyOf(config, topic.kms_master_key_id).find(
          (s) => s.Principal?.Service === 'cloudwatch.amazonaws.com',
        )!;
        const pattern = `arn:aws:cloudwatch:${region}:${aws.accountId}:alarm:${platform.app.name}-${env}-*`;
        expect(cloudwatch.Condition).toEqual({
          StringEquals: { 'aws:SourceAccount': aws.accountId },
          ArnLike: { 'aws:SourceArn': pattern },
        });
      }
      // The pattern covers every alarm of the stack, or CloudWatch could not publish them.
      for (const alarm of nonEmpty(resourceList(config, 'aws_cloudwatch_metric_alarm'))) {
        expect(alarm.alarm_name.startsWith(`${platform.app.name}-${env}-`)).toBe(true);
      }
    });
  },
);

describe('the Redis AUTH token', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'disaster-recovery.md'), 'utf8');

  it('is in the state, as the provider gives no write-only argument for it, and the doc says so', () => {
    const groups = stacks.flatMap((s) => resourceList(s.config, 'aws_elasticache_replication_group'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_random_password\./);
    const risks = doc.slice(doc.indexOf('## Residual risks'));
    expect(risks).toContain('**Redis AUTH token in the Terraform state.**');
  });
});
