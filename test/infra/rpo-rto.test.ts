/**
 * The RPO/RTO budget of docs/disaster-recovery.md, recomputed from the synthesized stacks: per environment and
 * data store, for one zone lost and for the region lost. The settings decide each cell (Multi-AZ, replicas, the
 * lag alarm's threshold, Replication Time Control, what the DR region runs before a failover and what the failover
 * creates); AWS's typical durations (below) turn them into minutes. The doc's table and lists must equal what this
 * derives, so a change of settings that moves a number fails here until the doc says so too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../helpers/platform';
import { infraContext, stackName } from '../../infra/context';
import {
  allResources,
  platform,
  primaryStackName,
  promotedPlatform,
  synthesizeStacks,
  resourceList,
  single,
  stack,
  type Block,
} from './synth';
import { nonEmpty } from '../helpers/collections';

const RPO_MINUTES = 15;
const RTO_MINUTES = 60;
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'disaster-recovery.md'), 'utf8');

/**
 * Minutes each step of a region failover takes, AWS's typical values (docs/disaster-recovery.md, "Failover
 * timeline"): deciding and flipping the switch, the database's promotion (writable, then Multi-AZ online), each
 * resource type the failover creates, and the cluster layer's deploy to the new cluster.
 */
const FAILOVER_MINUTES = {
  decide: 10,
  promote: 10,
  create: { aws_eks_cluster: 15, aws_eks_node_group: 5, aws_elasticache_replication_group: 15 } as Record<
    string,
    number
  >,
  clusterLayer: 10,
};
/** Resource types that wait for others the failover creates: node groups join the new cluster. */
const AFTER: Record<string, string> = { aws_eks_node_group: 'aws_eks_cluster' };

const promoted = synthesizeStacks(promotedPlatform);
const dr = (env: string, role: 'dr' | 'dr-storage') => stackName(infraContext(platform, env, role));

/** Addresses of a stack's resources. */
const addresses = (config: Block) => allResources(config).map((r) => `${r.type}.${r.name}`);

/** `environment/network` for `aws_subnet.environment_network_subnet-...`: the construct that owns a resource. */
function owner(address: string): string {
  const [, name] = address.split('.');
  const parts = name.split('_');
  return parts[0] === 'environment' ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The DR region before and after a failover of one environment: what runs there, what the failover creates. */
function failover(env: string): { running: string[]; created: string[]; minutes: number } {
  const before = [...addresses(stack(dr(env, 'dr-storage'))), ...addresses(stack(dr(env, 'dr')))];
  const after = [
    ...addresses(promoted.get(dr(env, 'dr-storage'))!.config),
    ...addresses(promoted.get(dr(env, 'dr'))!.config),
  ];
  const createdAddresses = after.filter((a) => !before.includes(a));
  const types = new Set(createdAddresses.map((a) => a.split('.')[0]));
  const path = (type: string): number =>
    (FAILOVER_MINUTES.create[type] ?? 0) + (AFTER[type] && types.has(AFTER[type]) ? path(AFTER[type]) : 0);
  const longest = Math.max(FAILOVER_MINUTES.promote, ...[...types].map(path));
  return {
    running: [...new Set(before.map(owner))].sort(),
    created: [...new Set(createdAddresses.map(owner))].sort(),
    minutes: FAILOVER_MINUTES.decide + longest + FAILOVER_MINUTES.clusterLayer,
  };
}

type Row = [environment: string, store: string, azRpo: string, azRto: string, regionRpo: string, regionRto: string];
const NOT_COVERED = 'not covered: no DR region';

/** RPO and RTO of a region loss: the given ones where a copy exists, else not covered. */
function pair(copied: boolean, rpo: string, rto: string): [string, string] {
  return copied ? [rpo, rto] : [NOT_COVERED, NOT_COVERED];
}

/** The budget rows of one environment, from its synthesized stacks. */
function budget(env: string): Row[] {
  const config = stack(primaryStackName(env));
  const hasDr = platform.environments[env].aws.dr !== undefined;
  const rto = hasDr ? `≤ ${failover(env).minutes} min (failover)` : NOT_COVERED;
  const regional = (rpo: string, rtoIfDr: string) => pair(hasDr, rpo, rtoIfDr);
  const rows: Row[] = [];

  const db = single(config, 'aws_db_instance', (d) => d.replicate_source_db === undefined);
  const replica = resourceList(config, 'aws_db_instance').some((d) => d.replicate_source_db !== undefined);
  const lag = hasDr
    ? single(stack(dr(env, 'dr')), 'aws_cloudwatch_metric_alarm', (a) => a.metric_name === 'ReplicaLag').threshold
    : 0;
  rows.push([
    env,
    'PostgreSQL',
    db.multi_az ? '0 (synchronous standby)' : '≤ 5 min (point-in-time restore)',
    db.multi_az
      ? '≤ 2 min (Multi-AZ failover)'
      : replica
        ? '≤ 10 min (SOP-02 promotes the replica)'
        : '≥ 60 min (restore)',
    ...regional(`≤ ${lag / 60} min (replica lag, alarmed above ${lag} s)`, rto),
  ]);

  const cache = single(config, 'aws_elasticache_replication_group');
  rows.push([
    env,
    'Redis',
    'cache: unreplicated writes',
    cache.automatic_failover_enabled ? '≤ 1 min (automatic failover)' : 'until the node is replaced',
    ...regional('cache: starts empty', rto),
  ]);

  const replication = resourceList(config, 'aws_s3_bucket_replication_configuration')[0];
  const rtc = replication?.rule[0].destination.replication_time.time.minutes;
  rows.push([
    env,
    'Artifacts (S3)',
    '0 (stored across zones)',
    '0',
    ...regional(`≤ ${rtc} min (Replication Time Control)`, '0 (the replica is readable)'),
  ]);

  if (resourceList(config, 'aws_ecr_repository').length > 0) {
    const replicated = resourceList(config, 'aws_ecr_replication_configuration').length > 0;
    rows.push([
      env,
      'Images (ECR)',
      '0 (stored across zones)',
      '0',
      ...pair(replicated, 'the last push, until replicated', '0 (pull the replica)'),
    ]);
  }

  const secret = resourceList(config, 'aws_secretsmanager_secret').find((s) => s.replica);
  rows.push([
    env,
    'Database credentials (Secrets Manager)',
    '0 (regional service)',
    '0',
    ...pair(secret !== undefined, '0 (replicated)', '0 (the replica is readable)'),
  ]);
  return rows;
}

/** The cells of the markdown table between `<!-- name:begin -->` and `<!-- name:end -->` in the doc. */
function section(name: string): string {
  const match = new RegExp(`<!-- ${name}:begin -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (!match) throw new Error(`docs/disaster-recovery.md has no ${name} section`);
  return match[1];
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

/** The code spans of a markdown list. */
function listed(text: string): string[] {
  return [...text.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]).sort();
}

describe('the RPO/RTO budget of docs/disaster-recovery.md', () => {
  const derived = ENVIRONMENTS.flatMap(budget);

  it('is the one the synthesized settings give, per environment and data store', () => {
    expect(derived.length).toBeGreaterThan(0);
    expect(tableRows(section('rpo-rto-budget'))).toEqual(derived);
  });

  it("meets the manual's targets wherever a DR region covers the region: RPO < 15 min, RTO < 1 h", () => {
    const covered = ENVIRONMENTS.filter((env) => platform.environments[env].aws.dr);
    expect(covered.length).toBeGreaterThan(0);
    for (const env of covered) {
      expect(failover(env).minutes).toBeLessThan(RTO_MINUTES);
      const [, , azRpo, , regionRpo] = budget(env)[0];
      expect(azRpo).toBe('0 (synchronous standby)');
      expect(Number(/≤ (\d+) min/.exec(regionRpo)![1])).toBeLessThan(RPO_MINUTES);
    }
  });

  it('lists what already runs in the DR region and what the failover creates', () => {
    for (const env of nonEmpty(ENVIRONMENTS.filter((e) => platform.environments[e].aws.dr))) {
      const { running, created } = failover(env);
      expect(running.length).toBeGreaterThan(0);
      expect(listed(section('dr-running'))).toEqual(running);
      expect(listed(section('dr-created'))).toEqual(created);
    }
  });
});
