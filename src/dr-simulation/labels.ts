/**
 * Label selectors (metav1.LabelSelectorAsSelector) and required node affinity
 * (component-helpers/scheduling/corev1/nodeaffinity), as the scheduler evaluates them.
 */
import type { SimNode, SimPod } from './cluster';
import type { LabelSelector, NodeSelectorRequirement } from './input';

type Labels = Readonly<Record<string, string>>;

/** A nil selector selects nothing; an empty one selects everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return byLabel && (selector.matchExpressions ?? []).every((requirement) => requirementMatches(requirement, labels));
}

export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

function requirementMatches(requirement: NodeSelectorRequirement, labels: Labels): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return present && values.includes(value);
    case 'NotIn':
      return !present || !values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      if (!present || values.length !== 1) return false;
      const [actual, bound] = [Number.parseInt(value, 10), Number.parseInt(values[0], 10)];
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      throw new Error(
        `selector operator "${requirement.operator}" for key ${requirement.key} is not a Kubernetes operator`,
      );
  }
}

/** The pod's nodeSelector and required node affinity (terms ORed, expressions ANDed) both hold on the node. */
export function requiredNodeAffinityMatches(pod: SimPod, node: SimNode): boolean {
  const bySelector = Object.entries(pod.nodeSelector ?? {}).every(([key, value]) => node.labels[key] === value);
  const terms = pod.requiredNodeAffinity;
  const byAffinity =
    terms === undefined ||
    // core/v1 NodeSelector: "A null or empty node selector term matches no objects."
    terms.some(
      (term) =>
        (term.matchExpressions ?? []).length > 0 &&
        (term.matchExpressions ?? []).every((requirement) => requirementMatches(requirement, node.labels)),
    );
  return bySelector && byAffinity;
}
