/** Zone-loss simulations of the default platform's synthesized manifests, with a chosen zone spread rule. */
import type { k8s } from 'cdk8s-plus-28';
import { zoneSpreadConstraints } from '../../src/constructs/zone-spread';
import { simulationInputFromManifests, type NodeGroupPlan } from '../../src/dr-simulation/from-manifests';
import type { SimulationInput } from '../../src/dr-simulation/input';
import { nodeGroupPlans } from '../../src/dr-simulation/platform-node-groups';
import { environmentObjects, type KubeObject } from './manifests';
import { defaultPlatform, defaultPlatformWithTag } from './platform';

export type SpreadRule = (selector: Record<string, string>, hard: boolean) => k8s.TopologySpreadConstraint[];

/**
 * The rule src/constructs/pod-template.ts ships before issue 11, written out here so the test keeps
 * describing it once the pod template changes: hard zone spread with minDomains = zone count.
 */
export const legacyRule =
  (zoneCount: number, zone: Partial<k8s.TopologySpreadConstraint> = {}): SpreadRule =>
  (selector, hard) => [
    {
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway',
      ...(hard ? { minDomains: zoneCount } : {}),
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['rollouts-pod-template-hash'],
      ...zone,
    },
    {
      topologyKey: 'kubernetes.io/hostname',
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['rollouts-pod-template-hash'],
    },
  ];

export const proposedRule: SpreadRule = (selector, hard) => zoneSpreadConstraints({ hard, selector });

/** The environment's app manifests, each Rollout's spread replaced by `rule` (hard when it was hard). */
export function manifestsWith(env: string, rule: SpreadRule): KubeObject[] {
  const objects: KubeObject[] = JSON.parse(JSON.stringify(environmentObjects(defaultPlatformWithTag(), env, 'app')));
  const rollouts = objects.filter((o) => o.kind === 'Rollout');
  if (rollouts.length === 0) throw new Error(`no Rollout in the ${env} manifests`);
  for (const rollout of rollouts) {
    const spec = rollout.spec.template.spec;
    const hard = spec.topologySpreadConstraints.some((c: any) => c.whenUnsatisfiable === 'DoNotSchedule');
    spec.topologySpreadConstraints = JSON.parse(JSON.stringify(rule(rollout.spec.selector.matchLabels, hard)));
  }
  return objects;
}

/** Simulation input of an environment with `rule`, node groups from the platform unless `plan` changes them. */
export function inputWith(
  env: string,
  rule: SpreadRule,
  plan: (plan: NodeGroupPlan) => NodeGroupPlan = (p) => p,
): SimulationInput {
  return simulationInputFromManifests(env, manifestsWith(env, rule), plan(nodeGroupPlans(defaultPlatform)[env]));
}
