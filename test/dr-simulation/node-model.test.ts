/**
 * Node-level facts the simulation rests on, with expectations worked out from the upstream formulas by hand:
 * EKS allocatable (amazon-eks-ami nodeadm), DefaultTolerationSeconds, toleration matching, PDB arithmetic.
 */
import type { ClusterState } from '../../src/dr-simulation/cluster';
import { disruptionsAllowed } from '../../src/dr-simulation/disruption-budget';
import { nodeAllocatable } from '../../src/dr-simulation/instance-types';
import {
  evictionDelaySeconds,
  tolerates,
  unreachableTaints,
  untoleratedTaint,
  withDefaultTolerations,
} from '../../src/dr-simulation/taints';
import { pod } from '../helpers/scheduling';

const MiB = 2 ** 20;

describe('EKS allocatable', () => {
  it.each([
    // vCPU 4: reserve 60 + 10 + 5 + 5 = 80m. 16 GiB x 0.925 = 15155 MiB; kube-reserved 11 x 58 + 255 = 893; eviction 100.
    ['m7g.xlarge', 3920, 15155 - 893 - 100, 58],
    // vCPU 2: reserve 60 + 10 = 70m. 8 GiB x 0.925 = 7577 MiB; 11 x 29 + 255 = 574.
    ['m6i.large', 1930, 7577 - 574 - 100, 29],
    // 4 GiB x 0.925 = 3788 MiB; 11 x 17 + 255 = 442.
    ['t4g.medium', 1930, 3788 - 442 - 100, 17],
    // vCPU 8: 60 + 10 + 10 + 10 = 90m (0.25% of 4000m above 4 cores). 32 GiB x 0.925 = 30310 MiB.
    ['m7g.2xlarge', 7910, 30310 - 893 - 100, 58],
  ])('%s: %im CPU, %i MiB, %i pods', (type, cpu, memoryMiB, pods) => {
    expect(nodeAllocatable(type)).toEqual({ cpuMillis: cpu, memoryBytes: memoryMiB * MiB, pods });
  });

  it('refuses an instance type it has no numbers for', () => {
    expect(() => nodeAllocatable('x9.huge')).toThrow(/instance type x9.huge has no allocatable table entry/);
  });
});

describe('taints and tolerations', () => {
  it('adds the 300 s not-ready/unreachable NoExecute tolerations, and no NoSchedule one', () => {
    const tolerations = withDefaultTolerations([]);
    expect(tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(untoleratedTaint(unreachableTaints(), tolerations)).toEqual({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoSchedule',
    });
    expect(evictionDelaySeconds(tolerations, unreachableTaints())).toBe(300);
  });

  it('keeps a toleration the pod already has', () => {
    const forever = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' };
    const tolerations = withDefaultTolerations([forever]);
    expect(tolerations.filter((t) => t.key === forever.key)).toEqual([forever]);
    expect(evictionDelaySeconds(tolerations, unreachableTaints())).toBe(Infinity);
  });

  it('matches like core/v1 ToleratesTaint', () => {
    const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    expect(tolerates({ key: 'dedicated', value: 'db' }, taint)).toBe(true);
    expect(tolerates({ key: 'dedicated', value: 'web' }, taint)).toBe(false);
    expect(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
  });
});

describe('PDB disruptionsAllowed', () => {
  const selector = { matchLabels: { app: 'api' } };
  const cluster = (ready: number, terminating: number, pending: number): ClusterState => ({
    nodes: [],
    pods: [
      ...Array.from({ length: ready }, (_, i) => ({ ...pod(`r${i}`, { app: 'api' }, { on: 'n' }), owner: 'api' })),
      ...Array.from({ length: terminating }, (_, i) => ({
        ...pod(`t${i}`, { app: 'api' }, { on: 'n', terminating: true }),
        owner: 'api',
      })),
      ...Array.from({ length: pending }, (_, i) => ({ ...pod(`p${i}`, { app: 'api' }), owner: 'api' })),
    ],
  });
  const scale = new Map([['api', 6]]);
  const pdb = (spec: { maxUnavailable?: number | string; minAvailable?: number | string }) => ({
    name: 'api',
    namespace: 'default',
    selector,
    ...spec,
  });

  it('maxUnavailable counts against the controller scale; Terminating and Pending pods are not healthy', () => {
    expect(disruptionsAllowed(cluster(6, 0, 0), pdb({ maxUnavailable: 2 }), scale)).toBe(2);
    expect(disruptionsAllowed(cluster(4, 2, 2), pdb({ maxUnavailable: 2 }), scale)).toBe(0);
    expect(disruptionsAllowed(cluster(5, 1, 1), pdb({ maxUnavailable: 2 }), scale)).toBe(1);
  });

  it('rounds percentages up and takes integer minAvailable against the pods found', () => {
    // maxUnavailable 25% of 6 rounds up to 2: desired 4.
    expect(disruptionsAllowed(cluster(6, 0, 0), pdb({ maxUnavailable: '25%' }), scale)).toBe(2);
    // minAvailable 50% of 6 = 3.
    expect(disruptionsAllowed(cluster(6, 0, 0), pdb({ minAvailable: '50%' }), scale)).toBe(3);
    expect(disruptionsAllowed(cluster(6, 0, 0), pdb({ minAvailable: 6 }), scale)).toBe(0);
  });
});
