/**
 * Whether a release has landed: every Rollout of the environment runs the release's images (Argo CD synced the
 * GitOps commit) and has finished its canary (Healthy), or one of them aborted (Degraded). The same end states as
 * `kubectl argo rollouts status`, read with plain kubectl.
 */
import type { ExpectedRollout } from './release-targets';
import { rolloutPhase, type RolloutObject } from './rollout-phase';

export type ReleaseState = 'waiting' | 'healthy' | 'degraded';

export interface RolloutReport {
  readonly name: string;
  readonly state: ReleaseState;
  /** One line for the log: `your-app-api: Paused - CanaryPauseStep`. */
  readonly line: string;
}

export interface ReleaseReport {
  readonly state: ReleaseState;
  readonly rollouts: readonly RolloutReport[];
}

function report(expected: ExpectedRollout, actual: RolloutObject | undefined): RolloutReport {
  const { name } = expected;
  if (!actual) return { name, state: 'waiting', line: `${name}: not in the cluster yet (waiting for Argo CD to sync)` };
  const images = (actual.spec.template?.spec?.containers ?? []).map((c) => c.image ?? '');
  if (images.join(' ') !== expected.images.join(' ')) {
    return {
      name,
      state: 'waiting',
      line: `${name}: runs ${images.join(', ')} (waiting for Argo CD to sync ${expected.images.join(', ')})`,
    };
  }
  const { phase, message } = rolloutPhase(actual);
  const line = `${name}: ${message ? `${phase} - ${message}` : phase}`;
  if (phase === 'Healthy') return { name, state: 'healthy', line };
  if (phase === 'Degraded') return { name, state: 'degraded', line };
  return { name, state: 'waiting', line };
}

/** One look at the cluster: degraded as soon as one Rollout is, healthy once all are. */
export function releaseReport(expected: readonly ExpectedRollout[], actual: readonly RolloutObject[]): ReleaseReport {
  const byName = new Map(actual.map((ro) => [ro.metadata.name, ro]));
  const rollouts = expected.map((ro) => report(ro, byName.get(ro.name)));
  const state = rollouts.some((r) => r.state === 'degraded')
    ? 'degraded'
    : rollouts.every((r) => r.state === 'healthy')
      ? 'healthy'
      : 'waiting';
  return { state, rollouts };
}
