/**
 * The zone spread of a service's pods, with replica counts that do not divide by the zone count (4, 5 and 7 over 3
 * zones), placed by the simulator's kube-scheduler filters (src/dr-simulation). The design (docs/disaster-recovery.md,
 * zone-spread.ts): `maxSkew: 1` with `DoNotSchedule` means no zone ever holds more than one pod above the emptiest,
 * whatever order the scheduler picks nodes in; after a zone is lost its pods are replaced in the surviving zones,
 * which end just as balanced. The expected counts are that arithmetic written out, not read from the code.
 */
import { ZONE_LABEL, type SimNode, type SimPod } from '../../src/dr-simulation/cluster';
import type { SimulationInput } from '../../src/dr-simulation/input';
import { simulateEnvironment } from '../../src/dr-simulation/simulate';
import { scheduleQueue } from '../../src/dr-simulation/scheduler';
import { unreachableTaints } from '../../src/dr-simulation/taints';
import { Testing } from 'cdk8s';
import { DisruptionBudget } from '../../src/constructs/disruption-budget';
import type { AppIdentity } from '../../src/constructs/identity';
import { zoneSpreadConstraints } from '../../src/constructs/zone-spread';
import { nonEmpty } from '../helpers/collections';
import { candidates, node, pod } from '../helpers/scheduling';

const ZONES = ['a', 'b', 'c'];
const identity: AppIdentity = { app: 'shop', partOf: 'shop', environment: 'prod', namespace: 'shop', version: '1' };
const selector = { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/component': 'api' };
const HASH = 'rollouts-pod-template-hash';
/** The hard rule, built when a test places a pod (not at load: Stryker measures what runs inside tests). */
const spread = () => zoneSpreadConstraints({ hard: true, selector });

/** Two nodes per zone, room for anything: only the spread rule decides. */
const clusterNodes = (): SimNode[] =>
  ZONES.flatMap((zone) =>
    [1, 2].map((i) => node(`${zone}${i}`, { [ZONE_LABEL]: zone, 'kubernetes.io/hostname': `${zone}${i}` })),
  );

const zoneOf = (nodes: readonly SimNode[], name: string) => nodes.find((n) => n.name === name)!.labels[ZONE_LABEL];

type Counts = Readonly<Record<string, number>>;

const podsOn = (counts: Counts, hash: string, terminating = false): SimPod[] =>
  Object.entries(counts).flatMap(([on, count]) =>
    Array.from({ length: count }, (_, i) =>
      pod(`${hash}-${on}-${i}`, { ...selector, [HASH]: hash }, { on, terminating, spread: spread() }),
    ),
  );

/** Pods per zone, emptiest last, over the zones given: `3-2-2`. */
const perZone = (nodes: readonly SimNode[], counts: Counts, zones: readonly string[]) =>
  zones
    .map((zone) => Object.entries(counts).reduce((sum, [on, n]) => sum + (zoneOf(nodes, on) === zone ? n : 0), 0))
    .sort((x, y) => y - x)
    .join('-');

/**
 * Every outcome of placing `count` more pods of template `hash` one by one, the scheduler taking any node the filters
 * allow (its scores only choose among those): the per-zone counts over `zones`, or `pending` when a pod fits nowhere.
 */
function outcomes(
  nodes: readonly SimNode[],
  count: number,
  options: { hash?: string; start?: Counts; others?: readonly SimPod[]; zones?: readonly string[] } = {},
): string[] {
  const hash = options.hash ?? 'stable';
  const zones = options.zones ?? ZONES;
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (counts: Counts, left: number) => {
    const key = `${JSON.stringify(counts)}/${left}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (left === 0) {
      found.add(perZone(nodes, counts, zones));
      return;
    }
    const incoming = pod('incoming', { ...selector, [HASH]: hash }, { spread: spread() });
    const feasible = candidates([...nodes], [...(options.others ?? []), ...podsOn(counts, hash)], incoming);
    if (feasible.length === 0) found.add('pending');
    for (const name of feasible) visit({ ...counts, [name]: (counts[name] ?? 0) + 1 }, left - 1);
  };
  visit(options.start ?? {}, count);
  return [...found].sort();
}

/** Every placement of `count` pods, as the node counts it leaves. */
function placements(nodes: readonly SimNode[], count: number): Counts[] {
  const all: Counts[] = [];
  const seen = new Set<string>();
  const visit = (counts: Counts, left: number) => {
    const key = JSON.stringify(Object.entries(counts).sort());
    if (seen.has(key)) return;
    seen.add(key);
    if (left === 0) {
      all.push(counts);
      return;
    }
    const feasible = candidates(
      [...nodes],
      podsOn(counts, 'stable'),
      pod('incoming', { ...selector, [HASH]: 'stable' }, { spread: spread() }),
    );
    for (const name of feasible) visit({ ...counts, [name]: (counts[name] ?? 0) + 1 }, left - 1);
  };
  visit({}, count);
  return all;
}

/** The PodDisruptionBudget of a service whose autoscaler keeps `pods` pods, over 3 zones. */
function disruptionBudget(pods: number) {
  const chart = Testing.chart();
  new DisruptionBudget(chart, 'pdb', { identity, service: 'api', minReplicas: pods, zoneCount: ZONES.length });
  return Testing.synth(chart)[0];
}

describe.each([
  // pods, per zone over 3 zones, per zone over the 2 left after losing any one, pods a drain may take at once
  { pods: 4, spread: '2-1-1', survivors: '2-2', drain: 1 },
  { pods: 5, spread: '2-2-1', survivors: '3-2', drain: 1 },
  { pods: 7, spread: '3-2-2', survivors: '4-3', drain: 2 },
])('$pods pods over 3 zones', ({ pods, spread: expected, survivors, drain }) => {
  it(`end ${expected} whatever nodes the scheduler picks: no zone holds two more than another`, () => {
    expect(outcomes(clusterNodes(), pods)).toEqual([expected]);
  });

  it(`let a drain take ${drain} at a time: the emptiest zone's pods, never a whole zone's worth more`, () => {
    // The PDB selects these pods and allows what the emptiest zone holds, so a drain of one zone's nodes never
    // leaves fewer pods running than the loss of that zone would.
    const pdb = disruptionBudget(pods);
    expect(pdb.spec.maxUnavailable).toBe(drain);
    expect(pdb.spec.selector.matchLabels).toMatchObject(selector);
  });

  it(`are replaced in the surviving zones when any zone is lost, which end ${survivors}`, () => {
    const nodes = clusterNodes();
    const before = nonEmpty(placements(nodes, pods));
    for (const lost of ZONES) {
      for (const counts of before) {
        // The lost zone's nodes turn unreachable (NoSchedule at once) and their pods, evicted, stay Terminating.
        const down = nodes.map((n) => (zoneOf(nodes, n.name) === lost ? { ...n, taints: unreachableTaints() } : n));
        const inLost = Object.fromEntries(Object.entries(counts).filter(([on]) => zoneOf(nodes, on) === lost));
        const kept = Object.fromEntries(Object.entries(counts).filter(([on]) => zoneOf(nodes, on) !== lost));
        const replacements = pods - Object.values(kept).reduce((sum, n) => sum + n, 0);
        const result = outcomes(down, replacements, {
          start: kept,
          others: podsOn(inLost, 'stable', true),
          zones: ZONES.filter((zone) => zone !== lost),
        });
        expect({ lost, counts, result }).toEqual({ lost, counts, result: [survivors] });
      }
    }
  });

  it('survive the loss of each zone with the autoscaler growing the surviving zones (the full simulation)', () => {
    const input: SimulationInput = {
      environment: 'three-zones',
      zones: ZONES,
      nodeGroups: ZONES.map((zone) => ({ name: zone, zone, instanceType: 'm7g.large', minSize: 1, maxSize: 10 })),
      workloads: [
        {
          name: 'api',
          namespace: 'shop',
          replicas: pods,
          maxReplicas: pods,
          pod: {
            labels: { ...selector, [HASH]: 'stable' },
            requests: { cpuMillis: 500, memoryBytes: 2 ** 30 },
            topologySpreadConstraints: zoneSpreadConstraints({ hard: true, selector }),
          },
        },
      ],
      disruptionBudgets: [],
      nodeOverhead: { cpuMillis: 125, memoryBytes: 0, pods: 2 },
    };
    const { rows } = simulateEnvironment(input);
    expect(rows.map((row) => [row.zone, row.nodesRemoved.ready, row.nodesRemoved.pending])).toEqual(
      ZONES.map((zone) => [zone, pods, 0]),
    );
  });
});

describe('the canary', () => {
  it('is spread by itself: with the stable pods at 2-1-1, its first pod may go to any zone and three end 1-1-1', () => {
    const nodes = clusterNodes();
    const stable = podsOn({ a1: 2, b1: 1, c1: 1 }, 'stable');
    const first = candidates(nodes, stable, pod('canary', { ...selector, [HASH]: 'canary' }, { spread: spread() }));
    expect(new Set(first.map((name) => zoneOf(nodes, name)))).toEqual(new Set(ZONES));
    expect(outcomes(nodes, 3, { hash: 'canary', others: stable })).toEqual(['1-1-1']);
  });
});

describe('without the hard rule (a non-production profile)', () => {
  it('lets the scheduler put every pod in one zone: only the hard rule guarantees the counts above', () => {
    const soft = zoneSpreadConstraints({ hard: false, selector });
    const nodes = clusterNodes();
    const existing = Array.from({ length: 3 }, (_, i) =>
      pod(`p${i}`, { ...selector, [HASH]: 'stable' }, { on: 'a1', spread: soft }),
    );
    const incoming = pod('incoming', { ...selector, [HASH]: 'stable' }, { spread: soft });
    expect(candidates(nodes, existing, incoming)).toContain('a1');
  });
});

/**
 * Why the spread counts each revision apart (`matchLabelKeys: [rollouts-pod-template-hash]`), KEP-3243 "Respect
 * PodTopologySpread after rolling upgrades" (kubernetes/enhancements, keps/sig-scheduling/3243): a selector that
 * counts the old revision's pods too places the new ones to even out the total, so once the old ReplicaSet is
 * scaled away the new revision is left unbalanced. A canary at full weight runs all its pods beside all the stable
 * ones before the stable ReplicaSet goes.
 */
describe('a new revision, scheduled beside the whole old one', () => {
  it('ends as balanced over the zones by itself as a first rollout would: 5 pods 2-2-1', () => {
    const nodes = clusterNodes();
    const stable = podsOn({ a1: 2, b1: 2, c1: 1 }, 'stable');
    // Counted with the stable pods, the new ones would fill the emptiest zone first and could end 3-1-1.
    expect(outcomes(nodes, 5, { hash: 'canary', others: stable })).toEqual(['2-2-1']);
  });

  it('spreads over the nodes by itself, not only onto the nodes the old revision left empty', () => {
    // The node constraint only scores (ScheduleAnyway): the scheduler's choice, with the simulator's scoring.
    const nodes = clusterNodes();
    const stable = podsOn({ a1: 2, b1: 2, c1: 2 }, 'stable');
    const incoming = Array.from({ length: 6 }, (_, i) =>
      pod(`canary-${i}`, { ...selector, [HASH]: 'canary' }, { spread: spread() }),
    );
    const cluster = { nodes, pods: [...stable, ...incoming] };
    expect(scheduleQueue(cluster)).toBe(6);
    const perNode = Object.fromEntries(
      nodes.map((n) => [n.name, incoming.filter((p) => p.nodeName === n.name).length]),
    );
    expect(perNode).toEqual({ a1: 1, a2: 1, b1: 1, b2: 1, c1: 1, c2: 1 });
  });
});
