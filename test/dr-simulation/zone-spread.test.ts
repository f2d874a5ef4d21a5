/**
 * zoneSpreadConstraints: a valid pod spec field, and a rule that survives the loss of any one zone whatever the
 * replica count and zone count, as long as the surviving node groups can grow (the "by construction" claim).
 */
import { zoneSpreadConstraints } from '../../src/constructs/zone-spread';
import type { SimulationInput } from '../../src/dr-simulation/input';
import { simulateEnvironment } from '../../src/dr-simulation/simulate';
import { expectValidManifests } from '../helpers/k8s-schema';

const selector = { 'app.kubernetes.io/name': 'your-app', 'app.kubernetes.io/component': 'api' };

it('is valid in a Pod spec, hard and soft', () => {
  const pods = [true, false].map((hard) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `spread-${hard ? 'hard' : 'soft'}`, namespace: 'app', labels: selector },
    spec: {
      containers: [{ name: 'app', image: 'registry.example.com/app:1' }],
      topologySpreadConstraints: zoneSpreadConstraints({ hard, selector }),
    },
  }));
  expectValidManifests(pods);
});

it('never sets minDomains and excludes nodes whose taints the pod does not tolerate from the zone counts', () => {
  for (const hard of [true, false]) {
    const [zone, host] = zoneSpreadConstraints({ hard, selector });
    expect(zone).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway',
      nodeTaintsPolicy: 'Honor',
      labelSelector: { matchLabels: selector },
    });
    expect(zone.minDomains).toBeUndefined();
    expect(host).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' });
  }
});

describe('by construction', () => {
  const cases = [2, 3, 4].flatMap((zoneCount) => [1, 2, 3, 5, 7, 10].map((replicas) => ({ zoneCount, replicas })));

  it.each(cases)(
    '$replicas hard-spread replicas over $zoneCount zones survive losing any zone',
    ({ zoneCount, replicas }) => {
      const zones = ['a', 'b', 'c', 'd'].slice(0, zoneCount);
      const labels = { ...selector, 'rollouts-pod-template-hash': 'stable' };
      const input: SimulationInput = {
        environment: `${zoneCount}-zones`,
        zones,
        nodeGroups: zones.map((zone) => ({ name: zone, zone, instanceType: 'm7g.large', minSize: 1, maxSize: 10 })),
        workloads: [
          {
            name: 'api',
            namespace: 'app',
            replicas,
            maxReplicas: replicas,
            pod: {
              labels,
              requests: { cpuMillis: 500, memoryBytes: 2 ** 30 },
              topologySpreadConstraints: zoneSpreadConstraints({ hard: true, selector }),
            },
          },
        ],
        disruptionBudgets: [{ name: 'api', namespace: 'app', selector: { matchLabels: selector }, maxUnavailable: 1 }],
        nodeOverhead: { cpuMillis: 125, memoryBytes: 0, pods: 2 },
      };
      const result = simulateEnvironment(input);
      expect(result.rows.length).toBe(zoneCount);
      expect(result.rows.map((row) => row.problems)).toEqual(zones.map(() => []));
    },
  );
});
