/**
 * What the zone-loss simulator reads: plain data, in the Kubernetes API's field names wherever the API has
 * the concept, so manifests map onto it one to one (see from-manifests.ts).
 */

export interface LabelSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists or DoesNotExist. */
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** core/v1 TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** DoNotSchedule or ScheduleAnyway. */
  readonly whenUnsatisfiable: string;
  readonly labelSelector?: LabelSelector;
  /** @default 1 */
  readonly minDomains?: number;
  /** Honor or Ignore. @default Honor */
  readonly nodeAffinityPolicy?: string;
  /** Honor or Ignore. @default Ignore */
  readonly nodeTaintsPolicy?: string;
  readonly matchLabelKeys?: readonly string[];
}

export interface Toleration {
  /** Empty with operator Exists tolerates every taint. */
  readonly key?: string;
  /** Equal or Exists. @default Equal */
  readonly operator?: string;
  readonly value?: string;
  /** NoSchedule, PreferNoSchedule or NoExecute; empty matches all. */
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists, DoesNotExist, Gt or Lt. */
  readonly operator: string;
  readonly values?: readonly string[];
}

/** One term of requiredDuringSchedulingIgnoredDuringExecution; terms are ORed, expressions ANDed. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
}

export interface Requests {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** The scheduling-relevant part of a pod template. */
export interface PodShape {
  /** Labels of the pods, including those the controller adds (pod-template hash). */
  readonly labels: Readonly<Record<string, string>>;
  readonly requests: Requests;
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  /** As written in the template; the simulator adds the DefaultTolerationSeconds admission tolerations. */
  readonly tolerations?: readonly Toleration[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly requiredNodeAffinity?: readonly NodeSelectorTerm[];
}

/** A replicated workload (Rollout, Deployment) and the replica counts it may run at. */
export interface WorkloadSpec {
  readonly name: string;
  readonly namespace: string;
  /** Replicas when the zone is lost: spec.replicas within the autoscaler's range. */
  readonly replicas: number;
  /** Most replicas the autoscaler may run; equals `replicas` without one. */
  readonly maxReplicas: number;
  readonly pod: PodShape;
}

/** policy/v1 PodDisruptionBudget. */
export interface DisruptionBudgetSpec {
  readonly name: string;
  readonly namespace: string;
  readonly selector: LabelSelector;
  /** Count or percentage such as "25%". */
  readonly maxUnavailable?: number | string;
  readonly minAvailable?: number | string;
}

/** An autoscaled group of identical nodes in one zone. */
export interface NodeGroupSpec {
  readonly name: string;
  readonly zone: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
}

export interface SimulationInput {
  readonly environment: string;
  /** Every zone of the environment: each is lost in turn. */
  readonly zones: readonly string[];
  readonly nodeGroups: readonly NodeGroupSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly disruptionBudgets: readonly DisruptionBudgetSpec[];
  /** Requests of the DaemonSet pods every node runs before any workload lands. */
  readonly nodeOverhead: Requests & { readonly pods: number };
}
