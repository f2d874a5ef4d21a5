/**
 * The app namespace's ResourceQuota and LimitRange, by what the API server's admission does with them (Kubernetes
 * docs, "Resource Quotas" and "Limit Ranges"). The design (src/constructs/namespace-quota.ts): the quota is exactly
 * what every workload needs at its peak, so it stops only a runaway; no Service of type LoadBalancer or NodePort
 * (the app is reached through its ALB Ingress); a container that states no resources gets the given default
 * requests and limits; no container may have a limit above the largest workload's.
 *
 * Three workloads whose sums do not round to whole units: web 12 pods at peak (250m/512Mi, limits 1/1Gi), worker 4
 * (100m/320Mi, limits 500m/640Mi), exporters 2 (50m/64Mi, limits 200m/128Mi).
 */
import { Testing } from 'cdk8s';
import { NamespaceQuota, peakPods } from '../../src/constructs/namespace-quota';
import { parseQuantity } from '../../src/dr-simulation/quantity';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity, SHOP_OWNER_LABELS } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { defaultPlatform } from '../helpers/platform';

type Obj = Record<string, any>;
const Mi = 2 ** 20;
const Gi = 2 ** 30;

const resources = (cpu: string, memory: string, limitCpu: string, limitMemory: string) => ({
  requests: { cpu, memory },
  limits: { cpu: limitCpu, memory: limitMemory },
});
const DEBUG_DEFAULT = resources('50m', '64Mi', '200m', '128Mi');
const WORKLOADS = [
  { pods: 12, resources: resources('250m', '512Mi', '1', '1Gi') },
  { pods: 4, resources: resources('100m', '320Mi', '500m', '640Mi') },
  { pods: 2, resources: DEBUG_DEFAULT },
];

function quotaObjects(): Obj[] {
  const chart = Testing.chart();
  new NamespaceQuota(chart, 'quota', { identity, workloads: WORKLOADS, containerDefault: DEBUG_DEFAULT });
  const objects = Testing.synth(chart);
  expectValidManifests(objects);
  return objects;
}
const byKind = (kind: string) => {
  const found = quotaObjects().filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};
/** Each quantity of a resource list as a number (cores, bytes, counts). */
const amounts = (list: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(list).map(([key, value]) => [key, parseQuantity(value)]));

describe("the app namespace's quota and limits", () => {
  it('are a ResourceQuota and a LimitRange in the app namespace, labelled as part of the app', () => {
    const objects = quotaObjects();
    expect(objects.map((o) => o.kind).sort()).toEqual(['LimitRange', 'ResourceQuota']);
    for (const o of nonEmpty(objects)) {
      expect(o.metadata.namespace).toBe('shop-prod');
      expect(o.metadata.labels).toMatchObject({
        ...SHOP_OWNER_LABELS,
        'app.kubernetes.io/component': expect.stringMatching(/./),
      });
    }
  });

  it('allows exactly every workload at its peak, and no load balancer or node port Service', () => {
    expect(amounts(byKind('ResourceQuota').spec.hard)).toEqual({
      pods: 12 + 4 + 2,
      'requests.cpu': 3 + 0.4 + 0.1,
      'requests.memory': (6144 + 1280 + 128) * Mi,
      'limits.cpu': 12 + 2 + 0.4,
      'limits.memory': (12288 + 2560 + 256) * Mi,
      'services.loadbalancers': 0,
      'services.nodeports': 0,
    });
  });

  it('gives a container that states nothing the default requests and limits', () => {
    const [limits, ...others] = byKind('LimitRange').spec.limits;
    expect(others).toEqual([]);
    expect(limits.type).toBe('Container');
    expect(amounts(limits.defaultRequest)).toEqual({ cpu: 0.05, memory: 64 * Mi });
    expect(amounts(limits.default)).toEqual({ cpu: 0.2, memory: 128 * Mi });
  });

  it("caps any container's limits at the largest workload's", () => {
    const [limits] = byKind('LimitRange').spec.limits;
    expect(amounts(limits.max)).toEqual({ cpu: 1, memory: 1 * Gi });
  });
});

describe('peakPods', () => {
  it("is twice the autoscaler's maximum: a canary may run a full copy beside the stable pods", () => {
    const api = defaultPlatform.environments[defaultPlatform.promotion[0]].services.api;
    expect(peakPods({ ...api, autoscaling: { ...api.autoscaling, maxReplicas: 7 } })).toBe(14);
  });
});
