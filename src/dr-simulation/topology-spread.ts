/**
 * The PodTopologySpread plugin of kube-scheduler (pkg/scheduler/framework/plugins/podtopologyspread):
 * filter.go's PreFilter/Filter for DoNotSchedule constraints and scoring.go's PreScore/Score/NormalizeScore
 * for ScheduleAnyway ones, statement for statement where it matters. Not modelled: the cluster-level default
 * constraints for pods that declare none (plugin.go), and preemption (AddPod/RemovePod).
 */
import { HOSTNAME_LABEL, podsOn, type ClusterState, type SimNode, type SimPod } from './cluster';
import type { LabelSelector, TopologySpreadConstraint } from './input';
import { requiredNodeAffinityMatches, selectorIsEmpty, selectorMatches } from './labels';
import { MAX_NODE_SCORE } from './resources-fit';
import { untoleratedTaint } from './taints';

type Action = 'DoNotSchedule' | 'ScheduleAnyway';
type InclusionPolicy = 'Honor' | 'Ignore';

/** A constraint with defaults applied and matchLabelKeys merged in (common.go, filterTopologySpreadConstraints). */
interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector | undefined;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: InclusionPolicy;
  readonly nodeTaintsPolicy: InclusionPolicy;
}

/** math.MaxInt32 in newCriticalPaths: the minimum when no domain is eligible. */
const NO_DOMAIN_MINIMUM = 2 ** 31 - 1;

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** What the API server's validation would refuse in a constraint, each naming the field. */
export function constraintProblems(c: TopologySpreadConstraint, at: string): string[] {
  const problems: string[] = [];
  if (typeof c.topologyKey !== 'string' || c.topologyKey === '')
    problems.push(`${at}.topologyKey: must be a label key`);
  if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
    problems.push(`${at}.whenUnsatisfiable: "${c.whenUnsatisfiable}" must be DoNotSchedule or ScheduleAnyway`);
  }
  if (!Number.isInteger(c.maxSkew) || c.maxSkew < 1) problems.push(`${at}.maxSkew: must be an integer >= 1`);
  if (c.minDomains !== undefined && (!Number.isInteger(c.minDomains) || c.minDomains < 1)) {
    problems.push(`${at}.minDomains: must be an integer >= 1`);
  }
  if (c.minDomains !== undefined && c.whenUnsatisfiable !== 'DoNotSchedule') {
    problems.push(`${at}.minDomains: only allowed with whenUnsatisfiable DoNotSchedule`);
  }
  for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
    const value = c[field];
    if (value !== undefined && value !== 'Honor' && value !== 'Ignore') {
      problems.push(`${at}.${field}: "${value}" must be Honor or Ignore`);
    }
  }
  (c.labelSelector?.matchExpressions ?? []).forEach((e, i) => {
    if (!SELECTOR_OPERATORS.includes(e.operator)) {
      problems.push(
        `${at}.labelSelector.matchExpressions[${i}].operator: "${e.operator}" must be one of ${SELECTOR_OPERATORS.join(', ')}`,
      );
    }
  });
  return problems;
}

function constraintsOf(pod: SimPod, action: Action): Constraint[] {
  return pod.topologySpreadConstraints
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => {
      const keyed = Object.fromEntries(
        (c.matchLabelKeys ?? []).filter((key) => Object.hasOwn(pod.labels, key)).map((key) => [key, pod.labels[key]]),
      );
      // mergeLabelSetWithSelector keeps a nil selector nil (it selects nothing either way).
      const selector =
        c.labelSelector === undefined || Object.keys(keyed).length === 0
          ? c.labelSelector
          : { ...c.labelSelector, matchLabels: { ...c.labelSelector.matchLabels, ...keyed } };
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: (c.nodeAffinityPolicy ?? 'Honor') as InclusionPolicy,
        nodeTaintsPolicy: (c.nodeTaintsPolicy ?? 'Ignore') as InclusionPolicy,
      };
    });
}

/** matchNodeInclusionPolicies: whether the node's domain and pods take part in the counts. */
function included(constraint: Constraint, pod: SimPod, node: SimNode): boolean {
  if (constraint.nodeAffinityPolicy === 'Honor' && !requiredNodeAffinityMatches(pod, node)) return false;
  return !(constraint.nodeTaintsPolicy === 'Honor' && untoleratedTaint(node.taints, pod.tolerations) !== undefined);
}

/** countPodsMatchSelector: Terminating pods and other namespaces do not count; an empty selector counts none. */
function matchingPods(cluster: ClusterState, node: SimNode, selector: LabelSelector | undefined, namespace: string) {
  if (selectorIsEmpty(selector)) return 0;
  return podsOn(cluster, node.name).filter(
    (p) => !p.terminating && p.namespace === namespace && selectorMatches(selector, p.labels),
  ).length;
}

function hasAllKeys(node: SimNode, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => Object.hasOwn(node.labels, c.topologyKey));
}

/** PreFilter's state: matching pods per eligible domain, per hard constraint. */
export interface SpreadFilterState {
  readonly constraints: readonly Constraint[];
  readonly matchNum: readonly Map<string, number>[];
}

export function preFilter(cluster: ClusterState, pod: SimPod): SpreadFilterState {
  const constraints = constraintsOf(pod, 'DoNotSchedule');
  const matchNum = constraints.map(() => new Map<string, number>());
  for (const node of cluster.nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!included(c, pod, node)) return;
      const value = node.labels[c.topologyKey];
      matchNum[i].set(value, (matchNum[i].get(value) ?? 0) + matchingPods(cluster, node, c.selector, pod.namespace));
    });
  }
  return { constraints, matchNum };
}

/** minMatchNum: the global minimum, forced to 0 while fewer eligible domains than minDomains exist. */
function globalMinimum(state: SpreadFilterState, i: number): number {
  const counts = [...state.matchNum[i].values()];
  if (counts.length < state.constraints[i].minDomains) return 0;
  return counts.length === 0 ? NO_DOMAIN_MINIMUM : Math.min(...counts);
}

/** Filter: the reason the node fails a hard constraint, or undefined. */
export function spreadFilter(state: SpreadFilterState, pod: SimPod, node: SimNode): string | undefined {
  for (const [i, c] of state.constraints.entries()) {
    if (!Object.hasOwn(node.labels, c.topologyKey)) {
      return "node(s) didn't match pod topology spread constraints (missing required label)";
    }
    const self = selectorMatches(c.selector, pod.labels) ? 1 : 0;
    const skew = (state.matchNum[i].get(node.labels[c.topologyKey]) ?? 0) + self - globalMinimum(state, i);
    if (skew > c.maxSkew) return "node(s) didn't match pod topology spread constraints";
  }
  return undefined;
}

/**
 * PreScore + Score + NormalizeScore over the feasible nodes, 0-100 per node; undefined when the pod has no
 * ScheduleAnyway constraint (the plugin returns Skip).
 */
export function spreadScores(
  cluster: ClusterState,
  pod: SimPod,
  feasible: readonly SimNode[],
): Map<string, number> | undefined {
  const constraints = constraintsOf(pod, 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const ignored = new Set(feasible.filter((node) => !hasAllKeys(node, constraints)).map((node) => node.name));
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of feasible.filter((n) => !ignored.has(n.name))) {
    constraints.forEach((c, i) => {
      if (c.topologyKey !== HOSTNAME_LABEL) counts[i].set(node.labels[c.topologyKey], 0);
    });
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === HOSTNAME_LABEL ? feasible.length - ignored.size : counts[i].size) + 2),
  );
  for (const node of cluster.nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      const value = node.labels[c.topologyKey];
      if (!included(c, pod, node) || !counts[i].has(value)) return;
      counts[i].set(value, (counts[i].get(value) ?? 0) + matchingPods(cluster, node, c.selector, pod.namespace));
    });
  }
  const raw = new Map<string, number>();
  for (const node of feasible.filter((n) => !ignored.has(n.name))) {
    const score = constraints.reduce((sum, c, i) => {
      if (!Object.hasOwn(node.labels, c.topologyKey)) return sum;
      const count =
        c.topologyKey === HOSTNAME_LABEL
          ? matchingPods(cluster, node, c.selector, pod.namespace)
          : (counts[i].get(node.labels[c.topologyKey]) ?? 0);
      return sum + count * weights[i] + (c.maxSkew - 1);
    }, 0);
    raw.set(node.name, Math.round(score));
  }
  const values = [...raw.values()];
  const [min, max] = [Math.min(...values), Math.max(0, ...values)];
  return new Map(
    feasible.map((node) => {
      const score = raw.get(node.name);
      if (score === undefined) return [node.name, 0];
      return [node.name, max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - score)) / max)];
    }),
  );
}
