/** Builders for scheduler tests: nodes and pods in the shapes upstream's tests use (st.MakeNode / st.MakePod). */
import type { ClusterState, SimNode, SimPod, Taint } from '../../src/dr-simulation/cluster';
import type { NodeSelectorTerm, TopologySpreadConstraint } from '../../src/dr-simulation/input';
import { filterNodes } from '../../src/dr-simulation/scheduler';
import { withDefaultTolerations } from '../../src/dr-simulation/taints';

const ROOMY = { cpuMillis: 64_000, memoryBytes: 256 * 2 ** 30, pods: 110 };
const NOTHING = { cpuMillis: 0, memoryBytes: 0, pods: 0 };

/** A node with room for anything, labelled `node: <name>` as upstream's test nodes are. */
export function node(name: string, labels: Record<string, string>, taints: Taint[] = []): SimNode {
  return { name, labels: { node: name, ...labels }, taints, allocatable: ROOMY, reserved: NOTHING };
}

export interface PodOptions {
  readonly on?: string;
  readonly namespace?: string;
  readonly spread?: TopologySpreadConstraint[];
  readonly nodeSelector?: Record<string, string>;
  readonly requiredNodeAffinity?: NodeSelectorTerm[];
  readonly terminating?: boolean;
}

export function pod(name: string, labels: Record<string, string>, options: PodOptions = {}): SimPod {
  return {
    name,
    namespace: options.namespace ?? 'default',
    labels,
    requests: { cpuMillis: 0, memoryBytes: 0 },
    tolerations: withDefaultTolerations([]),
    topologySpreadConstraints: options.spread ?? [],
    nodeSelector: options.nodeSelector,
    requiredNodeAffinity: options.requiredNodeAffinity,
    nodeName: options.on,
    terminating: options.terminating ?? false,
    ready: options.on !== undefined,
  };
}

/** SpreadConstraint(maxSkew, key, action, selector) with an Exists selector on `foo`, as upstream's tests write. */
export function spread(
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway',
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
    ...extra,
  };
}

/** Names of the nodes where the incoming pod passes every filter, sorted. */
export function candidates(nodes: SimNode[], existing: SimPod[], incoming: SimPod): string[] {
  const cluster: ClusterState = { nodes, pods: [...existing, incoming] };
  return filterNodes(cluster, incoming)
    .feasible.map((n) => n.name)
    .sort();
}
