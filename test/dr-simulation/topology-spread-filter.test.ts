/**
 * The simulator's PodTopologySpread filter against expectations written upstream, not derived from its output:
 * - the worked examples of the Kubernetes docs page "Pod Topology Spread Constraints"
 *   (kubernetes/website content/en/docs/concepts/scheduling-eviction/topology-spread-constraints.md);
 * - TestPodTopologySpreadFilter in kubernetes/kubernetes test/integration/scheduler/filters/filters_test.go
 *   (name, nodes, existing pods and candidateNodes copied case by case);
 * - what filtering.go / common.go imply for a lost zone (terminating pods, taints, minDomains).
 */
import { ZONE_LABEL, type SimNode } from '../../src/dr-simulation/cluster';
import { selectNode } from '../../src/dr-simulation/scheduler';
import { unreachableTaints } from '../../src/dr-simulation/taints';
import { candidates, node, pod, spread } from '../helpers/scheduling';

const fooBar = { foo: 'bar' };
const docsSelector = { labelSelector: { matchLabels: fooBar } };

describe('Kubernetes docs: topology spread constraint examples', () => {
  // "Suppose you have a 4-node cluster where 3 Pods labeled foo: bar are located in node1, node2 and node3"
  const nodes = () => [
    node('node1', { zone: 'zoneA' }),
    node('node2', { zone: 'zoneA' }),
    node('node3', { zone: 'zoneB' }),
    node('node4', { zone: 'zoneB' }),
  ];
  const existing = () => ['node1', 'node2', 'node3'].map((n, i) => pod(`p${i}`, fooBar, { on: n }));

  it('one constraint: the incoming pod can only be placed onto a node in zone B', () => {
    const mypod = pod('mypod', fooBar, { spread: [spread(1, 'zone', 'DoNotSchedule', docsSelector)] });
    expect(candidates(nodes(), existing(), mypod)).toEqual(['node3', 'node4']);
  });

  it('one constraint with maxSkew 2: the incoming pod can be placed into zone A as well', () => {
    const mypod = pod('mypod', fooBar, { spread: [spread(2, 'zone', 'DoNotSchedule', docsSelector)] });
    expect(candidates(nodes(), existing(), mypod)).toEqual(['node1', 'node2', 'node3', 'node4']);
  });

  it('one constraint on topologyKey node: the incoming pod can only be placed onto node4', () => {
    const mypod = pod('mypod', fooBar, { spread: [spread(1, 'node', 'DoNotSchedule', docsSelector)] });
    expect(candidates(nodes(), existing(), mypod)).toEqual(['node4']);
  });

  it('ScheduleAnyway: always schedulable, preferring the zone with fewer matching pods', () => {
    const mypod = pod('mypod', fooBar, { spread: [spread(1, 'zone', 'ScheduleAnyway', docsSelector)] });
    expect(candidates(nodes(), existing(), mypod)).toEqual(['node1', 'node2', 'node3', 'node4']);
    const cluster = { nodes: nodes(), pods: [...existing(), mypod] };
    expect(selectNode(cluster, mypod)?.labels.zone).toBe('zoneB');
  });

  it('two constraints (zone and node): the only valid placement is node4', () => {
    const mypod = pod('mypod', fooBar, {
      spread: [spread(1, 'zone', 'DoNotSchedule', docsSelector), spread(1, 'node', 'DoNotSchedule', docsSelector)],
    });
    expect(candidates(nodes(), existing(), mypod)).toEqual(['node4']);
  });

  // "Suppose you have a 3-node cluster across 2 zones": node1 2 pods, node2 1 pod (zone A), node3 2 pods (zone B).
  const conflicting = (node1Labels: Record<string, string>) => ({
    nodes: [node('node1', node1Labels), node('node2', { zone: 'zoneA' }), node('node3', { zone: 'zoneB' })],
    existing: [
      pod('p1', fooBar, { on: 'node1' }),
      pod('p2', fooBar, { on: 'node1' }),
      pod('p3', fooBar, { on: 'node2' }),
      pod('p4', fooBar, { on: 'node3' }),
      pod('p5', fooBar, { on: 'node3' }),
    ],
  });
  const twoConstraints = () =>
    pod('mypod', fooBar, {
      spread: [spread(1, 'zone', 'DoNotSchedule', docsSelector), spread(1, 'node', 'DoNotSchedule', docsSelector)],
    });

  it('conflicting constraints: mypod stays Pending', () => {
    const { nodes: n, existing: e } = conflicting({ zone: 'zoneA' });
    expect(candidates(n, e, twoConstraints())).toEqual([]);
  });

  it('implicit convention: pods on a node without the zone label are disregarded, mypod goes to zone A', () => {
    const { nodes: n, existing: e } = conflicting({});
    expect(candidates(n, e, twoConstraints())).toEqual(['node2']);
  });

  // "Suppose you have a 5-node cluster ranging across zones A to C ... you know that zone C must be excluded."
  const fiveNodes = () => [...nodes(), node('node5', { zone: 'zoneC' })];

  it('node affinity excluding zone C: mypod is placed into zone B instead of zone C', () => {
    const mypod = pod('mypod', fooBar, {
      spread: [spread(1, 'zone', 'DoNotSchedule', docsSelector)],
      requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['zoneC'] }] }],
    });
    expect(candidates(fiveNodes(), existing(), mypod)).toEqual(['node3', 'node4']);
  });

  it('without that affinity the empty zone C holds the global minimum 0 and is the only fit', () => {
    const mypod = pod('mypod', fooBar, { spread: [spread(1, 'zone', 'DoNotSchedule', docsSelector)] });
    expect(candidates(fiveNodes(), existing(), mypod)).toEqual(['node5']);
  });
});

describe('kubernetes integration test TestPodTopologySpreadFilter', () => {
  // defaultNodes: node-0, node-1 in zone-0; node-2, node-3 in zone-1.
  const defaultNodes = () => [0, 1, 2, 3].map((i) => node(`node-${i}`, { zone: `zone-${Math.floor(i / 2)}` }));
  const foo = (name: string, on: string, extra: Record<string, string> = {}) =>
    pod(name, { foo: '', ...extra }, { on });
  const fooNodes = (taintNode?: string) =>
    [
      ['node-1', 'zone-1', true],
      ['node-2', 'zone-1', true],
      ['node-3', 'zone-2', false],
      ['node-4', 'zone-2', true],
    ].map(([name, zone, hasFoo]) =>
      node(
        name as string,
        { zone: zone as string, ...(hasFoo ? { foo: '' } : {}) },
        name === taintNode ? [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] : [],
      ),
    );
  const notNode0 = [{ matchExpressions: [{ key: 'node', operator: 'NotIn', values: ['node-0'] }] }];

  const cases: {
    name: string;
    nodes: SimNode[];
    existing: ReturnType<typeof pod>[];
    incoming: ReturnType<typeof pod>;
    want: string[];
  }[] = [
    {
      name: 'place pod on a 1/1/0/1 cluster with MaxSkew=1, node-2 is the only fit',
      nodes: defaultNodes(),
      existing: [foo('p0', 'node-0'), foo('p1', 'node-1'), foo('p3', 'node-3')],
      incoming: pod('p', { foo: '' }, { spread: [spread(1, 'node', 'DoNotSchedule')] }),
      want: ['node-2'],
    },
    {
      name: 'place pod on a 2/0/0/1 cluster with MaxSkew=2, node-{1,2,3} are good fits',
      nodes: defaultNodes(),
      existing: [foo('p0a', 'node-0'), foo('p0b', 'node-0'), foo('p3', 'node-3')],
      incoming: pod('p', { foo: '' }, { spread: [spread(2, 'node', 'DoNotSchedule')] }),
      want: ['node-1', 'node-2', 'node-3'],
    },
    {
      name: 'pod is required to be placed on zone0, so only node-1 fits',
      nodes: defaultNodes(),
      existing: [foo('p0', 'node-0'), foo('p3', 'node-3')],
      incoming: pod(
        'p',
        { foo: '' },
        {
          spread: [spread(1, 'node', 'DoNotSchedule')],
          requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['zone-0'] }] }],
        },
      ),
      want: ['node-1'],
    },
    {
      name: 'two constraints: pod can only be placed to zone-1/node-2',
      nodes: defaultNodes(),
      existing: [foo('p0', 'node-0'), foo('p1', 'node-1'), foo('p3a', 'node-3'), foo('p3b', 'node-3')],
      incoming: pod(
        'p',
        { foo: '' },
        { spread: [spread(1, 'zone', 'DoNotSchedule'), spread(1, 'node', 'DoNotSchedule')] },
      ),
      want: ['node-2'],
    },
    {
      name: 'pod cannot be placed onto any node',
      nodes: defaultNodes(),
      existing: [
        foo('p1a', 'node-1'),
        foo('p1b', 'node-1'),
        foo('p2a', 'node-2'),
        foo('p2b', 'node-2'),
        foo('p3', 'node-3'),
      ],
      incoming: pod(
        'p',
        { foo: '' },
        {
          spread: [spread(1, 'zone', 'DoNotSchedule'), spread(1, 'node', 'DoNotSchedule')],
          requiredNodeAffinity: notNode0,
        },
      ),
      want: [],
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      nodes: defaultNodes(),
      existing: [
        foo('p1a', 'node-1'),
        foo('p1b', 'node-1'),
        foo('p2a', 'node-2'),
        foo('p2b', 'node-2'),
        foo('p3', 'node-3'),
      ],
      incoming: pod(
        'p',
        { foo: '' },
        { spread: [spread(2, 'node', 'DoNotSchedule', { minDomains: 4 })], requiredNodeAffinity: notNode0 },
      ),
      want: ['node-3'],
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      nodes: defaultNodes(),
      existing: [
        foo('p1a', 'node-1'),
        foo('p1b', 'node-1'),
        foo('p2a', 'node-2'),
        foo('p2b', 'node-2'),
        foo('p3', 'node-3'),
      ],
      incoming: pod(
        'p',
        { foo: '' },
        { spread: [spread(2, 'node', 'DoNotSchedule', { minDomains: 2 })], requiredNodeAffinity: notNode0 },
      ),
      want: ['node-1', 'node-2', 'node-3'],
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      nodes: defaultNodes(),
      existing: [foo('p1a', 'node-0'), foo('p2a', 'node-1'), foo('p3a', 'node-2')],
      incoming: pod('p', { foo: '' }, { spread: [spread(2, 'zone', 'DoNotSchedule', { minDomains: 3 })] }),
      want: ['node-2', 'node-3'],
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the all nodes fit',
      nodes: defaultNodes(),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3')],
      incoming: pod('p', { foo: '' }, { spread: [spread(2, 'zone', 'DoNotSchedule', { minDomains: 1 })] }),
      want: ['node-0', 'node-1', 'node-2', 'node-3'],
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors, pods spread across zone as 2/1',
      nodes: fooNodes(),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod('p', { foo: '' }, { spread: [spread(1, 'zone', 'DoNotSchedule')], nodeSelector: { foo: '' } }),
      want: ['node-4'],
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity, pods spread across zone as 1/~2~',
      nodes: fooNodes(),
      existing: [foo('p1a', 'node-1'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod(
        'p',
        { foo: '' },
        {
          spread: [spread(1, 'zone', 'DoNotSchedule', { nodeAffinityPolicy: 'Ignore' })],
          requiredNodeAffinity: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: [''] }] }],
        },
      ),
      want: ['node-1', 'node-2'],
    },
    {
      name: 'NodeTaintsPolicy honored, pods spread across zone as 2/1',
      nodes: fooNodes('node-3'),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod('p', { foo: '' }, { spread: [spread(1, 'zone', 'DoNotSchedule', { nodeTaintsPolicy: 'Honor' })] }),
      want: ['node-4'],
    },
    {
      name: 'NodeTaintsPolicy ignored, pods spread across zone as 2/2',
      nodes: fooNodes('node-3'),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod('p', { foo: '' }, { spread: [spread(1, 'zone', 'DoNotSchedule')] }),
      want: ['node-1', 'node-2', 'node-4'],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      nodes: fooNodes('node-2'),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod(
        'p',
        { foo: '' },
        {
          spread: [spread(1, 'zone', 'DoNotSchedule'), spread(1, 'node', 'DoNotSchedule')],
          nodeSelector: { foo: '' },
        },
      ),
      want: ['node-4'],
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      nodes: fooNodes('node-2'),
      existing: [foo('p1a', 'node-1'), foo('p2a', 'node-2'), foo('p3a', 'node-3'), foo('p4a', 'node-4')],
      incoming: pod(
        'p',
        { foo: '' },
        {
          spread: [
            spread(1, 'zone', 'DoNotSchedule', { nodeAffinityPolicy: 'Ignore' }),
            spread(1, 'node', 'DoNotSchedule', { nodeTaintsPolicy: 'Honor' }),
          ],
          nodeSelector: { foo: '' },
        },
      ),
      want: ['node-1', 'node-4'],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty, pods spread across zone as 0/1",
      nodes: defaultNodes(),
      existing: [foo('p1a', 'node-0'), foo('p2a', 'node-1'), foo('p3a', 'node-2', { bar: '' })],
      incoming: pod(
        'p',
        { foo: '', bar: '' },
        { spread: [spread(1, 'zone', 'DoNotSchedule', { matchLabelKeys: ['bar'] })] },
      ),
      want: ['node-0', 'node-1'],
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty, pods spread across zone as 2/1',
      nodes: defaultNodes(),
      existing: [foo('p1a', 'node-0'), foo('p2a', 'node-1'), foo('p3a', 'node-2')],
      incoming: pod(
        'p',
        { foo: '' },
        { spread: [spread(1, 'zone', 'DoNotSchedule', { labelSelector: {}, matchLabelKeys: ['foo'] })] },
      ),
      want: ['node-2', 'node-3'],
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(candidates(c.nodes, c.existing, c.incoming)).toEqual(c.want);
  });
});

describe('a lost zone, as filtering.go and common.go count it', () => {
  // 2/2/2 over zones a, b, c; zone a's nodes unreachable (tainted), its pods Terminating after eviction.
  const zones = ['a', 'b', 'c'];
  const lostZone = (removed: boolean) => {
    const nodes = zones
      .filter((z) => !(removed && z === 'a'))
      .map((z) => node(`n-${z}`, { [ZONE_LABEL]: z }, z === 'a' ? unreachableTaints() : []));
    const existing = zones
      .filter((z) => !(removed && z === 'a'))
      .flatMap((z) => [0, 1].map((i) => pod(`p-${z}${i}`, { app: 'api' }, { on: `n-${z}`, terminating: z === 'a' })));
    return { nodes, existing };
  };
  const replacement = (zone: Partial<Parameters<typeof spread>[3]>) =>
    pod(
      'replacement',
      { app: 'api' },
      {
        spread: [
          {
            maxSkew: 1,
            topologyKey: ZONE_LABEL,
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'api' } },
            ...zone,
          },
        ],
      },
    );

  it('Terminating pods do not count, and nodeTaintsPolicy Ignore keeps the lost zone eligible at 0: nothing fits', () => {
    const { nodes, existing } = lostZone(false);
    expect(candidates(nodes, existing, replacement({}))).toEqual([]);
  });

  it('nodeTaintsPolicy Honor leaves the untolerated unreachable:NoSchedule zone out: both surviving zones fit', () => {
    const { nodes, existing } = lostZone(false);
    expect(candidates(nodes, existing, replacement({ nodeTaintsPolicy: 'Honor' }))).toEqual(['n-b', 'n-c']);
  });

  it('once the nodes are deleted, minDomains 3 forces the global minimum to 0: nothing fits', () => {
    const { nodes, existing } = lostZone(true);
    expect(candidates(nodes, existing, replacement({ minDomains: 3 }))).toEqual([]);
  });

  it('without minDomains the surviving zones take the replacement', () => {
    const { nodes, existing } = lostZone(true);
    expect(candidates(nodes, existing, replacement({}))).toEqual(['n-b', 'n-c']);
  });
});
