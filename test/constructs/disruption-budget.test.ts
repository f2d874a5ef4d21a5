/**
 * The PodDisruptionBudget's arithmetic, with replica counts that do not divide by the zone count. The design: a drain
 * may take at most what the emptiest zone holds (so it never takes more than a zone's share), and always at least one
 * pod (so node maintenance never deadlocks). Spread evenly, n pods over z zones leave floor(n / z) in the emptiest zone.
 */
import { Testing } from 'cdk8s';
import { DisruptionBudget } from '../../src/constructs/disruption-budget';
import type { AppIdentity } from '../../src/constructs/identity';

const identity: AppIdentity = {
  app: 'shop',
  partOf: 'shop',
  environment: 'prod',
  namespace: 'shop-prod',
  version: '1',
};

function budget(minReplicas: number, zoneCount: number, maxUnavailable?: number) {
  const chart = Testing.chart();
  new DisruptionBudget(chart, 'pdb', { identity, service: 'api', minReplicas, zoneCount, maxUnavailable });
  const [pdb] = Testing.synth(chart);
  return pdb;
}

it.each([
  // minReplicas, zones, pods in the emptiest zone = what a drain may take
  [3, 3, 1],
  [4, 3, 1],
  [5, 3, 1],
  [6, 3, 2],
  [7, 3, 2],
  [9, 3, 3],
  [10, 3, 3],
  [5, 2, 2],
])('lets a drain take %i pods over %i zones down to %i at a time', (minReplicas, zones, expected) => {
  expect(budget(minReplicas, zones).spec.maxUnavailable).toBe(expected);
});

it.each([
  [1, 3],
  [2, 3],
])('still lets a drain evict one pod when %i pods cannot fill %i zones', (minReplicas, zones) => {
  expect(budget(minReplicas, zones).spec.maxUnavailable).toBe(1);
});

it('takes a stated maxUnavailable as it is', () => {
  expect(budget(9, 3, 2).spec.maxUnavailable).toBe(2);
});

it("selects the service's pods, counts only Ready ones as protected, and is named after the service", () => {
  expect(budget(3, 3)).toMatchObject({
    metadata: { name: 'shop-api', namespace: 'shop-prod' },
    spec: {
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'shop',
          'app.kubernetes.io/instance': 'shop-prod',
          'app.kubernetes.io/component': 'api',
        },
      },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
});
