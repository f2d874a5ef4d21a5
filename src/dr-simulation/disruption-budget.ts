/**
 * status.disruptionsAllowed of a PodDisruptionBudget, as the disruption controller computes it
 * (pkg/controller/disruption/disruption.go): getExpectedPodCount, countHealthyPods, updatePdbStatus.
 */
import type { ClusterState } from './cluster';
import type { DisruptionBudgetSpec } from './input';
import { selectorMatches } from './labels';

/** intstr.GetScaledValueFromIntOrPercent with roundUp = true. */
function scaled(value: number | string, total: number, field: string): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) throw new Error(`${field}: "${value}" must be an integer or a percentage such as "25%"`);
  return Math.ceil((Number(match[1]) * total) / 100);
}

/**
 * @param controllerScale replicas of each workload (the pods' ReplicaSet scale for Rollouts: getPodReplicaSet
 * returns the ReplicaSet's own spec.replicas when its controller is not a Deployment).
 */
export function disruptionsAllowed(
  cluster: ClusterState,
  pdb: DisruptionBudgetSpec,
  controllerScale: ReadonlyMap<string, number>,
): number {
  const pods = cluster.pods.filter((p) => p.namespace === pdb.namespace && selectorMatches(pdb.selector, p.labels));
  const owners = new Set(pods.map((p) => p.owner).filter((owner): owner is string => owner !== undefined));
  const scale = [...owners].reduce((sum, owner) => sum + (controllerScale.get(owner) ?? 0), 0);
  let expected = 0;
  let desiredHealthy = 0;
  if (pdb.maxUnavailable !== undefined) {
    expected = scale;
    desiredHealthy = Math.max(
      0,
      expected - scaled(pdb.maxUnavailable, expected, `PodDisruptionBudget ${pdb.name}: spec.maxUnavailable`),
    );
  } else if (typeof pdb.minAvailable === 'number') {
    expected = pods.length;
    desiredHealthy = pdb.minAvailable;
  } else if (pdb.minAvailable !== undefined) {
    expected = scale;
    desiredHealthy = scaled(pdb.minAvailable, expected, `PodDisruptionBudget ${pdb.name}: spec.minAvailable`);
  }
  // countHealthyPods: a Terminating pod is never healthy; otherwise its Ready condition decides.
  const healthy = pods.filter((p) => !p.terminating && p.nodeName !== undefined && p.ready).length;
  const allowed = healthy - desiredHealthy;
  return expected <= 0 || allowed <= 0 ? 0 : allowed;
}
