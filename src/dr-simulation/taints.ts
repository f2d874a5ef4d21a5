/** Taints and tolerations: the TaintToleration filter and what the control plane adds when a node is lost. */
import type { Taint } from './cluster';
import type { Toleration } from './input';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The effects a pod must tolerate to be scheduled (helper.DoNotScheduleTaintsFilterFunc). */
const DO_NOT_SCHEDULE_EFFECTS = ['NoSchedule', 'NoExecute'];

/** core/v1 Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first NoSchedule/NoExecute taint no toleration matches (v1helper.FindMatchingUntoleratedTaint). */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return taints
    .filter((taint) => DO_NOT_SCHEDULE_EFFECTS.includes(taint.effect))
    .find((taint) => !tolerations.some((toleration) => tolerates(toleration, taint)));
}

/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds): every pod
 * tolerates not-ready and unreachable NoExecute taints for 300 s unless it already tolerates them.
 */
export function withDefaultTolerations(tolerations: readonly Toleration[]): Toleration[] {
  const covers = (key: string) =>
    tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added = [TAINT_NOT_READY, TAINT_UNREACHABLE]
    .filter((key) => !covers(key))
    .map((key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
  return [...tolerations, ...added];
}

/**
 * Taints of a node whose kubelet stopped reporting (Ready=Unknown): NoSchedule at once
 * (doNoScheduleTaintingPass), NoExecute through the zone's rate limiter (doNoExecuteTaintingPass).
 */
export function unreachableTaints(): Taint[] {
  return [
    { key: TAINT_UNREACHABLE, effect: 'NoSchedule' },
    { key: TAINT_UNREACHABLE, effect: 'NoExecute' },
  ];
}

/** Seconds a pod stays bound to a tainted node before the taint-eviction controller deletes it. */
export function evictionDelaySeconds(tolerations: readonly Toleration[], taints: readonly Taint[]): number {
  const noExecute = taints.filter((taint) => taint.effect === 'NoExecute');
  if (noExecute.length === 0) return Infinity;
  const used = noExecute.map((taint) => tolerations.find((t) => tolerates(t, taint)));
  if (used.some((t) => t === undefined)) return 0;
  // getMinTolerationTime: the shortest tolerationSeconds; none set means forever.
  const seconds = used.map((t) => t?.tolerationSeconds).filter((s): s is number => s !== undefined);
  return seconds.length === 0 ? Infinity : Math.max(0, Math.min(...seconds));
}
