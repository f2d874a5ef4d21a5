/** The simulator's only contact with the platform config: where each environment's node groups come from. */
import type { Platform } from '../config';
import type { NodeGroupPlan } from './from-manifests';

/** Node-group numbers of every environment of the platform, by environment name. */
export function nodeGroupPlans(platform: Platform): Record<string, NodeGroupPlan> {
  return Object.fromEntries(
    Object.entries(platform.environments).map(([name, env]) => [
      name,
      {
        zones: env.aws.zones,
        instanceTypes: env.cluster.nodeInstanceTypes,
        minPerZone: env.cluster.nodesPerZone.min,
        maxPerZone: env.cluster.nodesPerZone.max,
      },
    ]),
  );
}
