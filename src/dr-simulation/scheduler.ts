/**
 * One scheduling cycle per pod, kube-scheduler style: filters (TaintToleration, NodeAffinity,
 * NodeResourcesFit, PodTopologySpread), then scores.
 *
 * Simplification of the score (documented, not upstream): only PodTopologySpread (weight 2) and
 * NodeResourcesFit LeastAllocated (weight 1) are summed, the default weights of
 * pkg/scheduler/apis/config/v1/default_plugins.go; BalancedAllocation, ImageLocality, InterPodAffinity and the
 * TaintToleration score (PreferNoSchedule) are left out, and ties go to the first node by name where
 * upstream's selectHost picks at random. Filtering is exact for the plugins listed; no preemption.
 */
import { pendingPods, type ClusterState, type SimNode, type SimPod } from './cluster';
import { requiredNodeAffinityMatches } from './labels';
import { insufficientResource, leastAllocatedScore } from './resources-fit';
import { preFilter, spreadFilter, spreadScores, type SpreadFilterState } from './topology-spread';
import { untoleratedTaint } from './taints';

const SPREAD_WEIGHT = 2;
const FIT_WEIGHT = 1;

function filterReason(
  cluster: ClusterState,
  spread: SpreadFilterState,
  pod: SimPod,
  node: SimNode,
): string | undefined {
  const taint = untoleratedTaint(node.taints, pod.tolerations);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!requiredNodeAffinityMatches(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  return insufficientResource(cluster, pod, node) ?? spreadFilter(spread, pod, node);
}

/** Nodes that pass every filter, and why each other node does not. */
export function filterNodes(cluster: ClusterState, pod: SimPod): { feasible: SimNode[]; reasons: Map<string, string> } {
  const spread = preFilter(cluster, pod);
  const feasible: SimNode[] = [];
  const reasons = new Map<string, string>();
  for (const node of cluster.nodes) {
    const reason = filterReason(cluster, spread, pod, node);
    if (reason === undefined) feasible.push(node);
    else reasons.set(node.name, reason);
  }
  return { feasible, reasons };
}

/** The node the scheduler binds the pod to, or undefined when it stays Pending. */
export function selectNode(cluster: ClusterState, pod: SimPod): SimNode | undefined {
  const { feasible } = filterNodes(cluster, pod);
  const spread = spreadScores(cluster, pod, feasible);
  const total = (node: SimNode) =>
    SPREAD_WEIGHT * (spread?.get(node.name) ?? 0) + FIT_WEIGHT * leastAllocatedScore(cluster, pod, node);
  return [...feasible]
    .sort((a, b) => a.name.localeCompare(b.name))
    .reduce<SimNode | undefined>(
      (best, node) => (best === undefined || total(node) > total(best) ? node : best),
      undefined,
    );
}

/**
 * Schedules the pending pods in queue order; a pod that fails is retried after others bind (the scheduling
 * queue moves it back on pod events) until a whole pass binds nothing. Returns how many pods were bound.
 */
export function scheduleQueue(cluster: ClusterState): number {
  let bound = 0;
  for (let progress = true; progress;) {
    progress = false;
    for (const pod of pendingPods(cluster)) {
      const node = selectNode(cluster, pod);
      if (node === undefined) continue;
      pod.nodeName = node.name;
      pod.ready = true;
      bound++;
      progress = true;
    }
  }
  return bound;
}
