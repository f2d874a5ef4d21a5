/**
 * Losing each zone of the default platform, from its synthesized manifests and node groups: the zone spread
 * rule shipped before issue 11 fails in production, the proposed one survives everywhere, and platforms whose
 * node groups or PDBs cannot absorb a zone fail.
 */
import type { SimulationInput } from '../../src/dr-simulation/input';
import { formatResult } from '../../src/dr-simulation/report';
import { requiredReady, simulateEnvironment, type ResultRow } from '../../src/dr-simulation/simulate';
import { simulationInputFromManifests } from '../../src/dr-simulation/from-manifests';
import { nodeGroupPlans } from '../../src/dr-simulation/platform-node-groups';
import { defaultPlatform } from '../helpers/platform';
import { inputWith, legacyRule, manifestsWith, proposedRule } from '../helpers/zone-loss';
import { nonEmpty } from '../helpers/collections';

const ZONES = 3;

function simulate(input: SimulationInput) {
  const result = simulateEnvironment(input);
  expect(result.rows.length).toBeGreaterThan(0);
  return { ...result, table: formatResult(result) };
}

describe('the rule pod-template.ts ships today (DoNotSchedule, minDomains = zone count)', () => {
  const production = simulate(inputWith('production', legacyRule(ZONES)));

  it('fails production, and the table says why', () => {
    expect(production.passed).toBe(false);
    expect(production.table).toContain('environment production: does NOT survive the loss of a zone');
    expect(production.table).toContain('replacements stay pending');
    expect(production.table).toContain('PDB allows 0 disruptions');
  });

  it('leaves every pod of the lost zone pending, with the node objects present and once they are gone', () => {
    for (const row of nonEmpty(production.rows)) {
      // maxSkew 1 placed replicas/3 pods per zone; all of the lost zone's share stays pending.
      const lostShare = row.replicas / ZONES;
      expect([row.zone, row.workload, row.nodesNotReady.pending, row.nodesRemoved.pending]).toEqual([
        row.zone,
        row.workload,
        lostShare,
        lostShare,
      ]);
      expect(row.nodesRemoved.disruptionsAllowed).toBe(0);
    }
  });

  it('still blocks with either of the two fixes alone', () => {
    const rows = (rule: Parameters<typeof inputWith>[1]) => simulate(inputWith('production', rule)).rows;
    // Without minDomains, nodeTaintsPolicy Ignore still counts the unreachable zone at 0 while its nodes exist.
    const withoutMinDomains = rows(legacyRule(ZONES, { minDomains: undefined }));
    expect(withoutMinDomains.every((r) => r.nodesNotReady.pending > 0 && r.nodesRemoved.pending === 0)).toBe(true);
    // With Honor the tainted zone stops being eligible at once: 2 domains < minDomains 3 forces the minimum to 0.
    const honorTaints = rows(legacyRule(ZONES, { nodeTaintsPolicy: 'Honor' }));
    expect(honorTaints.every((r) => r.nodesNotReady.pending > 0 && r.nodesRemoved.pending > 0)).toBe(true);
  });
});

describe('the proposed rule (zoneSpreadConstraints)', () => {
  it.each(['qa', 'staging', 'production'] as const)(
    '%s survives the loss of any zone at every replica count',
    (env) => {
      const result = simulate(inputWith(env, proposedRule));
      expect(result.table).toContain(`environment ${env}: survives the loss of any one zone`);
      expect(result.passed).toBe(true);
      for (const row of nonEmpty(result.rows)) {
        expect([row.zone, row.workload, row.nodesNotReady.ready, row.nodesRemoved.ready]).toEqual([
          row.zone,
          row.workload,
          row.replicas,
          row.replicas,
        ]);
      }
    },
  );

  it('makes the autoscaler grow the surviving zones for the HPA maximum in production', () => {
    const atMax = simulate(inputWith('production', proposedRule)).rows.filter((r) => r.level === 'maxReplicas');
    expect(atMax.length).toBeGreaterThan(0);
    for (const row of atMax) expect(row.nodesAdded).toBeGreaterThan(0);
  });
});

describe('platforms that cannot absorb a zone', () => {
  it('fails when the node groups may not grow beyond their minimum', () => {
    const result = simulate(
      inputWith('production', proposedRule, (plan) => ({ ...plan, maxPerZone: plan.minPerZone })),
    );
    expect(result.passed).toBe(false);
    const failing = result.rows.filter((r: ResultRow) => r.problems.includes('replacements stay pending'));
    expect(failing.length).toBeGreaterThan(0);
    // 9 pods of 500m fit on the 4 surviving m7g.xlarge; the HPA maximum (42 pods) does not.
    expect(failing.every((r) => r.level === 'maxReplicas')).toBe(true);
    expect(result.table).toContain('FAIL: replacements stay pending');
  });

  it('fails when a PDB requires every pod (minAvailable 100%)', () => {
    const manifests = manifestsWith('production', proposedRule);
    const pdb = manifests.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'your-app-api');
    if (!pdb) throw new Error('no PodDisruptionBudget your-app-api');
    pdb.spec = { ...pdb.spec, maxUnavailable: undefined, minAvailable: '100%' };
    const result = simulate(
      simulationInputFromManifests('production', manifests, nodeGroupPlans(defaultPlatform).production),
    );
    expect(result.passed).toBe(false);
    const byWorkload = (name: string) => result.rows.filter((r) => r.workload === name);
    expect(byWorkload('your-app-api').length).toBeGreaterThan(0);
    for (const row of byWorkload('your-app-api')) expect(row.problems).toEqual(['PDB allows 0 disruptions']);
    for (const row of nonEmpty(byWorkload('your-app-worker'))) expect(row.problems).toEqual([]);
  });

  it('fails the capacity condition when soft spread let the lost zone hold most pods', () => {
    // Zone a can host 3 pods of 500m (one t4g.medium: 1805m after kube-reserved and DaemonSets), zone b one.
    const pod = { cpuMillis: 500, memoryBytes: 2 ** 28 };
    const input: SimulationInput = {
      environment: 'lopsided',
      zones: ['a', 'b'],
      nodeGroups: [
        { name: 'a', zone: 'a', instanceType: 't4g.medium', minSize: 1, maxSize: 1 },
        { name: 'b', zone: 'b', instanceType: 't4g.medium', minSize: 1, maxSize: 1 },
      ],
      workloads: [
        {
          name: 'filler',
          namespace: 'app',
          replicas: 2,
          maxReplicas: 2,
          pod: {
            labels: { app: 'filler' },
            requests: pod,
            topologySpreadConstraints: [],
            nodeSelector: { 'topology.kubernetes.io/zone': 'b' },
          },
        },
        {
          name: 'api',
          namespace: 'app',
          replicas: 4,
          maxReplicas: 4,
          pod: {
            labels: { app: 'api' },
            requests: pod,
            topologySpreadConstraints: proposedRule({ app: 'api' }, false),
          },
        },
      ],
      disruptionBudgets: [],
      nodeOverhead: { cpuMillis: 125, memoryBytes: 0, pods: 2 },
    };
    const api = simulate(input).rows.filter((r) => r.workload === 'api' && r.zone === 'a');
    expect(api.length).toBe(1);
    expect(api[0].before.ready).toBe(4);
    expect(api[0].nodesRemoved.ready).toBeLessThan(requiredReady(4, 2));
    expect(api[0].problems).toContain(`ready ${api[0].nodesRemoved.ready} < 2 (1/2 of 4)`);
  });
});
