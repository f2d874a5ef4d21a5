/** The simulated cluster: nodes and pods as the scheduler's snapshot sees them. */
import type { NodeSelectorTerm, Requests, Toleration, TopologySpreadConstraint } from './input';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute. */
  readonly effect: string;
}

export interface Allocatable extends Requests {
  readonly pods: number;
}

export interface SimNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  taints: Taint[];
  readonly allocatable: Allocatable;
  /** Requests already taken on the node by DaemonSet pods. */
  readonly reserved: Allocatable;
  /** Node group that created the node. */
  readonly group?: string;
}

export interface SimPod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: Requests;
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly requiredNodeAffinity?: readonly NodeSelectorTerm[];
  /** Workload that owns the pod. */
  readonly owner?: string;
  nodeName?: string;
  /** deletionTimestamp is set: the pod is Terminating. */
  terminating: boolean;
  /** Ready condition; the node lifecycle controller clears it on NotReady nodes. */
  ready: boolean;
}

export interface ClusterState {
  nodes: SimNode[];
  pods: SimPod[];
}

export function podsOn(cluster: ClusterState, nodeName: string): SimPod[] {
  return cluster.pods.filter((pod) => pod.nodeName === nodeName);
}

export function pendingPods(cluster: ClusterState): SimPod[] {
  return cluster.pods.filter((pod) => pod.nodeName === undefined && !pod.terminating);
}
