/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources): the filter compares requests with
 * allocatable; the LeastAllocated score favours emptier nodes. Requests of every pod bound to the node count,
 * Terminating ones included: the scheduler's NodeInfo keeps a pod until its object is deleted.
 */
import { podsOn, type Allocatable, type ClusterState, type SimNode, type SimPod } from './cluster';

export const MAX_NODE_SCORE = 100;

export function requested(cluster: ClusterState, node: SimNode): Allocatable {
  return podsOn(cluster, node.name).reduce(
    (sum, pod) => ({
      cpuMillis: sum.cpuMillis + pod.requests.cpuMillis,
      memoryBytes: sum.memoryBytes + pod.requests.memoryBytes,
      pods: sum.pods + 1,
    }),
    node.reserved,
  );
}

/** Why the pod does not fit on the node, or undefined when it fits. */
export function insufficientResource(cluster: ClusterState, pod: SimPod, node: SimNode): string | undefined {
  const used = requested(cluster, node);
  if (used.pods + 1 > node.allocatable.pods) return 'Too many pods';
  if (used.cpuMillis + pod.requests.cpuMillis > node.allocatable.cpuMillis) return 'Insufficient cpu';
  if (used.memoryBytes + pod.requests.memoryBytes > node.allocatable.memoryBytes) return 'Insufficient memory';
  return undefined;
}

/** least_allocated.go: mean over cpu and memory of (allocatable - requested) * 100 / allocatable, in integers. */
export function leastAllocatedScore(cluster: ClusterState, pod: SimPod, node: SimNode): number {
  const used = requested(cluster, node);
  const score = (request: number, capacity: number) =>
    capacity === 0 || request > capacity ? 0 : Math.floor(((capacity - request) * MAX_NODE_SCORE) / capacity);
  const cpu = score(used.cpuMillis + pod.requests.cpuMillis, node.allocatable.cpuMillis);
  const memory = score(used.memoryBytes + pod.requests.memoryBytes, node.allocatable.memoryBytes);
  return Math.floor((cpu + memory) / 2);
}
