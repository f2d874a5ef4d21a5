/**
 * The one adapter from synthesized manifests (dist/<env>/app.k8s.yaml, parsed) and node-group numbers to the
 * simulator's input.
 *
 * Replica counts: the HPA owns spec.replicas of its target at runtime, so when a zone is lost the workload may
 * run anything in [minReplicas, maxReplicas]. Both ends are simulated: `replicas` (spec.replicas raised to
 * minReplicas, as the HPA would) is where a PDB is tightest and spread rests on the fewest pods; `maxReplicas`
 * is where the surviving zones' node groups must absorb the most — and where the HPA heads when the lost
 * zone's load lands on the survivors.
 */
import type {
  DisruptionBudgetSpec,
  NodeGroupSpec,
  NodeSelectorTerm,
  PodShape,
  Requests,
  SimulationInput,
  Toleration,
  TopologySpreadConstraint,
  WorkloadSpec,
} from './input';
import { bytes, cpuMillis } from './quantity';
import { constraintProblems } from './topology-spread';
import { InputError } from './validate-input';

/** Node groups of an environment: one per zone, all alike (infra/constructs/eks-cluster.ts). */
export interface NodeGroupPlan {
  readonly zones: readonly string[];
  /** A managed node group's types; the autoscaler models new nodes on the first (aws_manager.go buildInstanceType). */
  readonly instanceTypes: readonly string[];
  readonly minPerZone: number;
  readonly maxPerZone: number;
}

/**
 * Per-node DaemonSets EKS installs outside the manifests: aws-node requests 25m CPU
 * (aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml); kube-proxy's 100m is the EKS add-on's
 * default, assumed here.
 */
const EKS_NODE_DAEMONS = { cpuMillis: 125, memoryBytes: 0, pods: 2 };

/** Labels the workload controllers add to their pods, which matchLabelKeys may name. */
const POD_TEMPLATE_HASH: Readonly<Record<string, string>> = {
  Rollout: 'rollouts-pod-template-hash',
  Deployment: 'pod-template-hash',
};

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

class Reader {
  constructor(
    readonly problems: string[],
    readonly where: string,
  ) {}

  private fail(path: string, rule: string): undefined {
    this.problems.push(`${this.where}: ${path} ${rule}`);
    return undefined;
  }

  get(obj: unknown, path: string): unknown {
    return path.split('.').reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), obj);
  }

  object(obj: unknown, path: string, required = true): Obj | undefined {
    const value = this.get(obj, path);
    if (value === undefined && !required) return undefined;
    return isObject(value) ? value : this.fail(path, 'must be an object');
  }

  list(obj: unknown, path: string): unknown[] {
    const value = this.get(obj, path);
    if (value === undefined) return [];
    return Array.isArray(value) ? value : (this.fail(path, 'must be a list') ?? []);
  }

  count(obj: unknown, path: string, fallback?: number): number | undefined {
    const value = this.get(obj, path);
    if (value === undefined && fallback !== undefined) return fallback;
    return Number.isInteger(value) && (value as number) >= 0
      ? (value as number)
      : this.fail(path, 'must be a count (integer >= 0)');
  }

  labels(obj: unknown, path: string): Record<string, string> {
    const entries = Object.entries(this.object(obj, path, false) ?? {});
    for (const [key, value] of entries) if (typeof value !== 'string') this.fail(`${path}.${key}`, 'must be a string');
    return Object.fromEntries(entries.filter(([, value]) => typeof value === 'string')) as Record<string, string>;
  }

  intOrPercent(obj: unknown, path: string): number | string | undefined {
    const value = this.get(obj, path);
    if (value === undefined || (Number.isInteger(value) && (value as number) >= 0)) return value as number | undefined;
    return typeof value === 'string' && /^\d+%$/.test(value)
      ? value
      : this.fail(path, 'must be a count or a percentage such as "25%"');
  }

  /** Effective requests of the pod spec at `path`: containers summed, or the largest init container if larger. */
  requests(obj: unknown, path: string): Requests {
    const of = (key: string, parse: (q: string | number) => number | undefined) => {
      const amounts = (list: string) =>
        this.list(obj, `${path}.${list}`).map((container, i) => {
          const raw = this.get(container, `resources.requests.${key}`);
          if (raw === undefined) return 0;
          const parsed = typeof raw === 'string' || typeof raw === 'number' ? parse(raw) : undefined;
          return (
            parsed ??
            this.fail(`${path}.${list}[${i}].resources.requests.${key}`, `"${String(raw)}" is not a quantity`) ??
            0
          );
        });
      return Math.max(
        amounts('containers').reduce((a, b) => a + b, 0),
        ...amounts('initContainers'),
      );
    };
    return { cpuMillis: of('cpu', cpuMillis), memoryBytes: of('memory', bytes) };
  }
}

/** The pod template of a workload object, read with paths from the object's root. */
function podShape(read: Reader, kind: string, workload: Obj): PodShape {
  const spec = 'spec.template.spec';
  read.object(workload, spec);
  const hashLabel = POD_TEMPLATE_HASH[kind];
  const labels = read.labels(workload, 'spec.template.metadata.labels');
  const affinity = `${spec}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  return {
    labels: hashLabel ? { ...labels, [hashLabel]: 'stable' } : labels,
    requests: read.requests(workload, spec),
    topologySpreadConstraints: read.list(workload, `${spec}.topologySpreadConstraints`).map((c, i) => {
      const constraint = (isObject(c) ? c : {}) as unknown as TopologySpreadConstraint;
      const problems = constraintProblems(constraint, `${spec}.topologySpreadConstraints[${i}]`);
      read.problems.push(...problems.map((problem) => `${read.where}: ${problem}`));
      return constraint;
    }),
    tolerations: read.list(workload, `${spec}.tolerations`) as Toleration[],
    nodeSelector: read.labels(workload, `${spec}.nodeSelector`),
    requiredNodeAffinity: read.object(workload, affinity, false)
      ? (read.list(workload, `${affinity}.nodeSelectorTerms`) as NodeSelectorTerm[])
      : undefined,
  };
}

const nameOf = (obj: Obj) => String((obj.metadata as Obj | undefined)?.name ?? '<unnamed>');
const namespaceOf = (obj: Obj) => String((obj.metadata as Obj | undefined)?.namespace ?? 'default');

export function simulationInputFromManifests(
  environment: string,
  manifests: readonly unknown[],
  plan: NodeGroupPlan,
): SimulationInput {
  const problems: string[] = [];
  const objects = manifests.filter(isObject);
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const autoscalers = ofKind('HorizontalPodAutoscaler');

  const workloads = [...ofKind('Rollout'), ...ofKind('Deployment')].map((obj): WorkloadSpec => {
    const kind = String(obj.kind);
    const read = new Reader(problems, `${kind} ${nameOf(obj)}`);
    const hpa = autoscalers.find((h) => {
      const target = read.get(h, 'spec.scaleTargetRef') as Obj | undefined;
      return target?.kind === kind && target?.name === nameOf(obj) && namespaceOf(h) === namespaceOf(obj);
    });
    const replicas = read.count(obj, 'spec.replicas', 1) ?? 0;
    const hpaRead = hpa ? new Reader(problems, `HorizontalPodAutoscaler ${nameOf(hpa)}`) : undefined;
    const min = hpaRead?.count(hpa, 'spec.minReplicas', 1) ?? replicas;
    const max = hpaRead?.count(hpa, 'spec.maxReplicas') ?? replicas;
    return {
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      replicas: hpa ? Math.min(Math.max(replicas, min), max) : replicas,
      maxReplicas: max,
      pod: podShape(read, kind, obj),
    };
  });

  const disruptionBudgets = ofKind('PodDisruptionBudget').map((obj): DisruptionBudgetSpec => {
    const read = new Reader(problems, `PodDisruptionBudget ${nameOf(obj)}`);
    return {
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      selector: read.object(obj, 'spec.selector') ?? {},
      maxUnavailable: read.intOrPercent(obj, 'spec.maxUnavailable'),
      minAvailable: read.intOrPercent(obj, 'spec.minAvailable'),
    };
  });

  const daemons = ofKind('DaemonSet').map((obj) => {
    const read = new Reader(problems, `DaemonSet ${nameOf(obj)}`);
    return read.requests(obj, 'spec.template.spec');
  });

  const [instanceType] = plan.instanceTypes;
  if (instanceType === undefined) problems.push(`${environment}: node groups need at least one instance type`);
  if (problems.length > 0) throw new InputError(problems);

  const nodeGroups = plan.zones.map((zone): NodeGroupSpec => ({
    name: `${environment}-${zone}`,
    zone,
    instanceType,
    minSize: plan.minPerZone,
    maxSize: plan.maxPerZone,
  }));
  return {
    environment,
    zones: plan.zones,
    nodeGroups,
    workloads,
    disruptionBudgets,
    nodeOverhead: daemons.reduce<SimulationInput['nodeOverhead']>(
      (sum, r) => ({
        cpuMillis: sum.cpuMillis + r.cpuMillis,
        memoryBytes: sum.memoryBytes + r.memoryBytes,
        pods: sum.pods + 1,
      }),
      EKS_NODE_DAEMONS,
    ),
  };
}
