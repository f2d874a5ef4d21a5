/**
 * Node groups and the cluster-autoscaler's scale-up (kubernetes/autoscaler cluster-autoscaler/core/scaleup/
 * orchestrator/orchestrator.go): a group is skipped at its max size or while unhealthy/backed off
 * (filterValidScaleUpNodeGroups), and grown only if a pending pod passes the scheduler's filters on a new node
 * of it added to the snapshot (SchedulablePodGroups → CheckPredicates).
 *
 * Simplifications: one node is added at a time and the pods rescheduled (upstream bin-packs all pending pods
 * into an estimate, then executes); the expander picks the first group in input order where upstream's
 * default expander is random; a node joins Ready at once (upstream: minutes, up to max-node-provision-time).
 * A lost zone's group is unavailable: its instances cannot start, so upstream backs the group off after the
 * failed scale-up and tries the others.
 */
import {
  HOSTNAME_LABEL,
  pendingPods,
  ZONE_LABEL,
  type Allocatable,
  type ClusterState,
  type SimNode,
  type SimPod,
} from './cluster';
import type { NodeGroupSpec } from './input';
import { nodeAllocatable } from './instance-types';
import { filterNodes, scheduleQueue } from './scheduler';

/** Label EKS managed node groups put on their nodes. */
const NODE_GROUP_LABEL = 'eks.amazonaws.com/nodegroup';

export interface NodeGroup {
  readonly spec: NodeGroupSpec;
  size: number;
  created: number;
  /** False once the group's zone is lost. */
  available: boolean;
}

/** Node groups before the first node; settle() brings them to their min size (desired = min at creation). */
export function nodeGroupsOf(specs: readonly NodeGroupSpec[]): NodeGroup[] {
  return specs.map((spec) => ({ spec, size: 0, created: 0, available: true }));
}

function nodeOf(group: NodeGroup, name: string, overhead: Allocatable): SimNode {
  return {
    name,
    labels: { [ZONE_LABEL]: group.spec.zone, [HOSTNAME_LABEL]: name, [NODE_GROUP_LABEL]: group.spec.name },
    taints: [],
    allocatable: nodeAllocatable(group.spec.instanceType),
    reserved: overhead,
    group: group.spec.name,
  };
}

export function addNode(cluster: ClusterState, group: NodeGroup, overhead: Allocatable): SimNode {
  group.created++;
  group.size++;
  const node = nodeOf(group, `${group.spec.name}-${group.created}`, overhead);
  cluster.nodes.push(node);
  return node;
}

/** Whether the pod would pass every filter on a new node of the group (the template node). */
function fitsNewNode(cluster: ClusterState, group: NodeGroup, pod: SimPod, overhead: Allocatable): boolean {
  const template = nodeOf(group, `${group.spec.name}-template`, overhead);
  const snapshot: ClusterState = { nodes: [...cluster.nodes, template], pods: cluster.pods };
  return filterNodes(snapshot, pod).feasible.includes(template);
}

/**
 * Brings every available group to its min size (ScaleUpToNodeGroupMinSize), then schedules and scales up until
 * nothing more can be placed. Returns the nodes added.
 */
export function settle(cluster: ClusterState, groups: readonly NodeGroup[], overhead: Allocatable): number {
  let added = 0;
  for (const group of groups.filter((g) => g.available)) {
    while (group.size < group.spec.minSize) {
      addNode(cluster, group, overhead);
      added++;
    }
  }
  for (;;) {
    scheduleQueue(cluster);
    const candidates = groups.filter((g) => g.available && g.size < g.spec.maxSize);
    const option = pendingPods(cluster)
      .flatMap((pod) => candidates.map((group) => ({ pod, group })))
      .find(({ pod, group }) => fitsNewNode(cluster, group, pod, overhead));
    if (option === undefined) return added;
    addNode(cluster, option.group, overhead);
    added++;
  }
}
