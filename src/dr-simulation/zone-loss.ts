/**
 * One scenario: an environment's workloads placed together (they share the nodes), then one zone lost in the
 * order the control plane reacts (pkg/controller/nodelifecycle, tainteviction, podgc):
 * 1. the zone's nodes stop reporting: unreachable NoSchedule/NoExecute taints, their pods marked not Ready;
 * 2. after the pods' NoExecute toleration (300 s by DefaultTolerationSeconds) the pods are deleted: they stay
 *    bound as Terminating because no kubelet confirms, and the ReplicaSets create replacements. This can last
 *    the whole outage: node objects go only when the instances are gone or an operator deletes them;
 * 3. the node objects are deleted and pod GC removes their pods.
 * After steps 2 and 3 the scheduler and the autoscaler settle; the outcome is read there.
 */
import { nodeGroupsOf, settle } from './autoscaler';
import { ZONE_LABEL, type ClusterState, type SimPod } from './cluster';
import { disruptionsAllowed } from './disruption-budget';
import type { SimulationInput, WorkloadSpec } from './input';
import { selectorMatches } from './labels';
import { evictionDelaySeconds, unreachableTaints, withDefaultTolerations } from './taints';

export type ReplicaLevel = 'replicas' | 'maxReplicas';

/** Ready and Pending pods of a workload and the disruptions its PDBs allow, at one step. */
export interface StepCounts {
  readonly ready: number;
  readonly pending: number;
  /** Fewest disruptions any PDB selecting the workload allows; undefined without a PDB. */
  readonly disruptionsAllowed?: number;
}

export interface WorkloadOutcome {
  readonly workload: string;
  readonly replicas: number;
  readonly before: StepCounts;
  /** Nodes still registered (NotReady), their pods Terminating, replacements scheduled. */
  readonly nodesNotReady: StepCounts;
  /** Node objects of the zone deleted. */
  readonly nodesRemoved: StepCounts;
}

export interface ZoneLossOutcome {
  readonly level: ReplicaLevel;
  readonly zone: string;
  readonly nodesBefore: number;
  readonly nodesAdded: number;
  readonly workloads: readonly WorkloadOutcome[];
}

function podOf(workload: WorkloadSpec, name: string): SimPod {
  return {
    name,
    namespace: workload.namespace,
    labels: workload.pod.labels,
    requests: workload.pod.requests,
    tolerations: withDefaultTolerations(workload.pod.tolerations ?? []),
    topologySpreadConstraints: workload.pod.topologySpreadConstraints,
    nodeSelector: workload.pod.nodeSelector,
    requiredNodeAffinity: workload.pod.requiredNodeAffinity,
    owner: workload.name,
    terminating: false,
    ready: false,
  };
}

function countsOf(
  input: SimulationInput,
  cluster: ClusterState,
  workload: WorkloadSpec,
  scale: ReadonlyMap<string, number>,
): StepCounts {
  const own = cluster.pods.filter((p) => p.owner === workload.name && !p.terminating);
  const budgets = input.disruptionBudgets.filter(
    (pdb) => pdb.namespace === workload.namespace && selectorMatches(pdb.selector, workload.pod.labels),
  );
  const allowed = budgets.map((pdb) => disruptionsAllowed(cluster, pdb, scale));
  return {
    ready: own.filter((p) => p.nodeName !== undefined && p.ready).length,
    pending: own.filter((p) => p.nodeName === undefined).length,
    disruptionsAllowed: allowed.length > 0 ? Math.min(...allowed) : undefined,
  };
}

export function simulateZoneLoss(input: SimulationInput, level: ReplicaLevel, zone: string): ZoneLossOutcome {
  const cluster: ClusterState = { nodes: [], pods: [] };
  const groups = nodeGroupsOf(input.nodeGroups);
  const scale = new Map(input.workloads.map((w) => [w.name, w[level]]));
  // The ReplicaSets create their pods together: the scheduling queue interleaves them.
  const most = Math.max(0, ...scale.values());
  for (let i = 0; i < most; i++) {
    for (const workload of input.workloads) {
      if (i < (scale.get(workload.name) ?? 0)) cluster.pods.push(podOf(workload, `${workload.name}-${i}`));
    }
  }
  settle(cluster, groups, input.nodeOverhead);
  const counts = () => input.workloads.map((w) => countsOf(input, cluster, w, scale));
  const before = counts();
  const nodesBefore = cluster.nodes.length;

  const lost = new Set(cluster.nodes.filter((n) => n.labels[ZONE_LABEL] === zone).map((n) => n.name));
  for (const group of groups.filter((g) => g.spec.zone === zone)) group.available = false;
  for (const node of cluster.nodes.filter((n) => lost.has(n.name))) node.taints.push(...unreachableTaints());
  const stranded = cluster.pods.filter((p) => p.nodeName !== undefined && lost.has(p.nodeName));
  for (const pod of stranded) pod.ready = false;

  let replacements = 0;
  // The ReplicaSet replaces a pod once it is no longer active (controller.IsPodActive: deletionTimestamp set).
  const replace = (pod: SimPod) => {
    const workload = input.workloads.find((w) => w.name === pod.owner);
    if (workload) cluster.pods.push(podOf(workload, `${workload.name}-r${replacements++}`));
  };
  for (const pod of stranded) {
    const node = cluster.nodes.find((n) => n.name === pod.nodeName);
    if (node === undefined || evictionDelaySeconds(pod.tolerations, node.taints) === Infinity) continue;
    pod.terminating = true;
    replace(pod);
  }
  let nodesAdded = settle(cluster, groups, input.nodeOverhead);
  const nodesNotReady = counts();

  cluster.nodes = cluster.nodes.filter((n) => !lost.has(n.name));
  const orphaned = cluster.pods.filter((p) => p.nodeName !== undefined && lost.has(p.nodeName));
  cluster.pods = cluster.pods.filter((p) => !orphaned.includes(p));
  // Pods that tolerated the taints forever are only now deleted (podgc gcOrphaned), and replaced.
  for (const pod of orphaned.filter((p) => !p.terminating)) replace(pod);
  nodesAdded += settle(cluster, groups, input.nodeOverhead);
  const nodesRemoved = counts();

  return {
    level,
    zone,
    nodesBefore,
    nodesAdded,
    workloads: input.workloads.map((w, i) => ({
      workload: w.name,
      replicas: scale.get(w.name) ?? 0,
      before: before[i],
      nodesNotReady: nodesNotReady[i],
      nodesRemoved: nodesRemoved[i],
    })),
  };
}
