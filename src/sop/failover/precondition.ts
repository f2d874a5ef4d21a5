/**
 * SOP-02 step 3's precondition: promote the replica only when its lag is under one minute, because "its replica
 * lag at the time of failure is the data lost". Above it, or when the lag cannot be measured, promotion needs
 * an explicit force (the operator accepts the loss).
 */

/** Issue 12: promote refuses above one minute of replica lag unless forced. */
export const MAX_PROMOTE_LAG_SECONDS = 60;

export class PromoteRefused extends Error {}

export interface PromoteDecision {
  /** True when the lag was over the limit (or unknown) and promotion goes ahead only because it was forced. */
  readonly forced: boolean;
}

/**
 * Throws PromoteRefused, saying why and how to override, when `lagSeconds` is above `maxLagSeconds` or unknown
 * (null) and `force` is not set.
 */
export function checkPromotePrecondition(
  lagSeconds: number | null,
  options: { readonly force: boolean; readonly maxLagSeconds?: number },
): PromoteDecision {
  const max = options.maxLagSeconds ?? MAX_PROMOTE_LAG_SECONDS;
  const within = lagSeconds !== null && lagSeconds <= max;
  if (within) return { forced: false };
  if (options.force) return { forced: true };
  const lag =
    lagSeconds === null
      ? 'replica lag is unknown (no transaction replayed yet)'
      : `replica lag ${lagSeconds.toFixed(1)} s is above ${max} s`;
  throw new PromoteRefused(
    `refusing to promote: ${lag}; the lag is the data the failover loses (SOP-02 step 3). ` +
      'Rerun with --force to promote anyway.',
  );
}
