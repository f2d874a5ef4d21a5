/**
 * The phase of an Argo Rollout as its own CLI computes it (`kubectl argo rollouts status`): a port of
 * GetRolloutPhase and CalculateRolloutPhase in argo-rollouts v1.9.1 utils/rollout/rolloututil.go, so the
 * promotion workflow reads a Rollout with plain kubectl and decides exactly as the plugin would. The controller
 * (1.0 and later) writes status.phase; the calculation is the fallback for a status without it.
 */

export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

interface Condition {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The fields of a Rollout (argoproj.io/v1alpha1) the phase depends on, as `kubectl get -o json` prints them. */
export interface RolloutObject {
  readonly metadata: {
    readonly name: string;
    readonly generation?: number;
    readonly annotations?: Record<string, string>;
  };
  readonly spec: {
    readonly replicas?: number;
    readonly paused?: boolean;
    readonly restartAt?: string;
    readonly templateResolvedFromRef?: boolean;
    readonly template?: { readonly spec?: { readonly containers?: readonly { readonly image?: string }[] } };
    readonly strategy?: {
      readonly canary?: { readonly trafficRouting?: unknown };
      readonly blueGreen?: { readonly postPromotionAnalysis?: unknown };
    };
  };
  readonly status?: {
    readonly phase?: RolloutPhase;
    readonly message?: string;
    readonly observedGeneration?: string;
    readonly workloadObservedGeneration?: string;
    readonly controllerPause?: boolean;
    readonly pauseConditions?: readonly { readonly reason?: string }[];
    readonly conditions?: readonly Condition[];
    readonly restartedAt?: string;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
    readonly stableRS?: string;
    readonly currentPodHash?: string;
    readonly blueGreen?: {
      readonly activeSelector?: string;
      readonly postPromotionAnalysisRunStatus?: { readonly status?: string };
    };
  };
}

export interface PhaseAndMessage {
  readonly phase: RolloutPhase;
  readonly message: string;
}

/** utils/conditions: the reasons that make a rollout Degraded. */
const ROLLOUT_ABORTED = 'RolloutAborted';
const TIMED_OUT = 'ProgressDeadlineExceeded';
const INVALID_SPEC = 'InvalidSpec';
const WORKLOAD_GENERATION_ANNOTATION = 'rollout.argoproj.io/workload-generation';

/** GetRolloutPhase: what clients read, with observedGeneration taken into account. */
export function rolloutPhase(ro: RolloutObject): PhaseAndMessage {
  if (!isGenerationObserved(ro)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  if (ro.status?.controllerPause && (ro.status.pauseConditions ?? []).length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (ro.spec.templateResolvedFromRef && !isWorkloadGenerationObserved(ro)) {
    return {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed for the reference workload',
    };
  }
  if (ro.status?.phase) return { phase: ro.status.phase, message: ro.status.message ?? '' };
  return calculateRolloutPhase(ro);
}

/** observedGeneration is a string; a non-numeric one (v0.9 hashes) counts as observed. */
function isGenerationObserved(ro: RolloutObject): boolean {
  const observed = ro.status?.observedGeneration;
  if (observed === undefined || !/^-?[0-9]+$/.test(observed)) return true;
  return Number(observed) >= (ro.metadata.generation ?? 0);
}

function isWorkloadGenerationObserved(ro: RolloutObject): boolean {
  const annotation = ro.metadata.annotations?.[WORKLOAD_GENERATION_ANNOTATION];
  const observed = ro.status?.workloadObservedGeneration;
  if (annotation === undefined || observed === undefined || !/^-?[0-9]+$/.test(observed)) return true;
  return Number(observed) === Number(annotation);
}

/** CalculateRolloutPhase: the controller's own calculation, for a status that carries no phase. */
export function calculateRolloutPhase(ro: RolloutObject): PhaseAndMessage {
  const status = ro.status ?? {};
  for (const condition of status.conditions ?? []) {
    if (condition.type === INVALID_SPEC) {
      return { phase: 'Degraded', message: `${INVALID_SPEC}: ${condition.message ?? ''}` };
    }
    if (condition.reason === ROLLOUT_ABORTED || condition.reason === TIMED_OUT) {
      return { phase: 'Degraded', message: `${condition.reason}: ${condition.message ?? ''}` };
    }
  }
  if (ro.spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = (status.pauseConditions ?? [])[0];
  if (pause) return { phase: 'Paused', message: pause.reason ?? '' };
  if (ro.spec.restartAt !== undefined && ro.spec.restartAt !== status.restartedAt) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < (ro.spec.replicas ?? 1)) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < updated) {
    return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  }
  const fullyPromoted = status.stableRS === status.currentPodHash;
  const { blueGreen, canary } = ro.spec.strategy ?? {};
  if (blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash)
      return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!status.stableRS || !fullyPromoted) {
      const analysis = status.blueGreen?.postPromotionAnalysisRunStatus?.status;
      const waiting =
        blueGreen.postPromotionAnalysis !== undefined &&
        !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(analysis ?? '');
      return {
        phase: 'Progressing',
        message: waiting ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete',
      };
    }
  } else if (canary) {
    if (!canary.trafficRouting && (status.replicas ?? 0) > updated) {
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (!status.stableRS || !fullyPromoted)
      return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}
