/**
 * Rules that span fields. Each finding names the field path and the rule it breaks, e.g.
 * `environments.production.services.api.autoscaling.minReplicas: must be >= 3 (a pod in every zone)`.
 */
import type { z } from 'zod';
import { checkCloudRules } from './cloud-rules';
import { cidrContains, cidrsOverlap, parseCidr, type CidrRange } from './cidr';
import type { Environment, RegionPlan } from './environment';
import { SUBNET_TIERS } from './network';
import type { Profile } from './profile';
import { PER_ZONE_FORMAT, printf, SIZING_RULES, sizingViolations } from './mirrored-rules';
import { durationSeconds, kibibytes, milliCpu } from './primitives';
import type { Platform } from './schema';
import { ANALYSIS_WINDOW, type ServiceDefinition, type ServiceSizing } from './service';
import { checkSopRules } from './sop-rules';

export type Path = (string | number)[];
export type Report = (path: Path, message: string) => void;

export function checkPlatformRules(platform: Platform, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  checkPromotion(platform, report);
  checkNamespacesUnique(platform, report);
  for (const [name, env] of Object.entries(platform.environments)) {
    const at: Path = ['environments', name];
    checkRegion(env.aws, [...at, 'aws'], report);
    if (env.aws.dr) checkDisasterRecovery(env.aws, [...at, 'aws', 'dr'], report);
    const profile = platform.profiles[env.profile];
    if (profile) checkProfileRules(env, profile, at, report);
    if (env.cluster.nodesPerZone.min > env.cluster.nodesPerZone.max) {
      report([...at, 'cluster', 'nodesPerZone', 'min'], 'must be <= nodesPerZone.max');
    }
    for (const [service, sizing] of Object.entries(env.services)) {
      const definition = platform.services[service];
      const minPods = profile?.podsInEveryZone ? env.aws.zones.length : 1;
      if (definition)
        checkSizing(definition, sizing, env.aws.zones.length, minPods, [...at, 'services', service], report);
    }
  }
  checkCloudRules(platform, report);
  checkSopRules(platform, report);
}

/** Every environment appears once in the promotion order, and nothing else does. */
function checkPromotion(platform: Platform, report: Report): void {
  const environments = Object.keys(platform.environments);
  platform.promotion.forEach((name, i) => {
    if (!platform.environments[name]) {
      report(['promotion', i], `must name an environment (${environments.join(', ')}), not "${name}"`);
    } else if (platform.promotion.indexOf(name) !== i) {
      report(['promotion', i], `must list each environment once ("${name}" is listed twice)`);
    }
  });
  for (const name of environments) {
    if (!platform.promotion.includes(name)) report(['promotion'], `must list every environment ("${name}" is missing)`);
  }
}

function checkNamespacesUnique(platform: Platform, report: Report): void {
  const seen = new Map<string, string>();
  for (const [name, env] of Object.entries(platform.environments)) {
    const other = seen.get(env.namespace);
    if (other) report(['environments', name, 'namespace'], `must be unique (already used by ${other})`);
    seen.set(env.namespace, name);
  }
}

/** What the environment's profile demands of it. */
function checkProfileRules(env: Environment, profile: Profile, at: Path, report: Report): void {
  if (env.aws.zones.length < profile.minZones) {
    report([...at, 'aws', 'zones'], `must list at least ${profile.minZones} zones (profile ${env.profile})`);
  }
  if (profile.disasterRecovery === 'required' && !env.aws.dr) {
    report([...at, 'aws', 'dr'], `is required by profile ${env.profile} (cross-region disaster recovery)`);
  }
}

function checkDisasterRecovery(aws: Environment['aws'], at: Path, report: Report): void {
  const dr = aws.dr as RegionPlan;
  if (dr.region === aws.region) report([...at, 'region'], `must differ from the primary region (${aws.region})`);
  checkRegion(dr, at, report);
  const primary = parseCidr(aws.network.vpcCidr);
  const secondary = parseCidr(dr.network.vpcCidr);
  if (primary && secondary && cidrsOverlap(primary, secondary)) {
    report([...at, 'network', 'vpcCidr'], `must not overlap the primary VPC ${aws.network.vpcCidr}`);
  }
}

/** Zones belong to the region and are distinct; every tier has one subnet per zone inside the VPC. */
function checkRegion(region: RegionPlan, at: Path, report: Report): void {
  region.zones.forEach((zone, i) => {
    if (!zone.startsWith(region.region)) report([...at, 'zones', i], `must be a zone of ${region.region}`);
    if (region.zones.indexOf(zone) !== i) report([...at, 'zones', i], `must be unique (${zone} is listed twice)`);
  });
  const vpc = parseCidr(region.network.vpcCidr);
  const placed: { path: Path; range: CidrRange }[] = [];
  for (const tier of SUBNET_TIERS) {
    const subnets = region.network.subnets[tier];
    const tierPath = [...at, 'network', 'subnets', tier];
    if (subnets.length !== region.zones.length) {
      report(tierPath, printf(PER_ZONE_FORMAT, region.zones.length, subnets.length));
    }
    subnets.forEach((subnet, i) => {
      const range = parseCidr(subnet);
      if (!range || !vpc) return;
      const path = [...tierPath, i];
      if (!cidrContains(vpc, range)) report(path, `must lie inside the VPC ${region.network.vpcCidr}`);
      const clash = placed.find((p) => cidrsOverlap(p.range, range));
      if (clash) report(path, `must not overlap ${clash.range.cidr} (${clash.path.slice(-2).join('[')}])`);
      placed.push({ path, range });
    });
  }
}

/**
 * @param minPods the fewest pods the profile allows: the zone count where it keeps a pod in every zone, else 1
 */
function checkSizing(
  definition: ServiceDefinition,
  sizing: ServiceSizing,
  zoneCount: number,
  minPods: number,
  at: Path,
  report: Report,
): void {
  for (const rule of SIZING_RULES) {
    for (const { path, message } of sizingViolations(rule, sizing)) report([...at, ...path], message);
  }
  const { minReplicas } = sizing.autoscaling;
  const hpa = [...at, 'autoscaling'];
  if (minReplicas < minPods) report([...hpa, 'minReplicas'], `must be >= ${minPods} (a pod in every zone)`);
  checkDisruptionBudget(sizing, zoneCount, at, report);
  checkResources(sizing, [...at, 'resources'], report);
  checkCanary(definition, sizing, [...at, 'canary'], report);
}

/** The largest voluntary disruption that never takes more than one zone's share of the pods. */
export function oneZoneShare(minReplicas: number, zoneCount: number): number {
  return Math.max(1, Math.floor(minReplicas / zoneCount));
}

function checkDisruptionBudget(sizing: ServiceSizing, zoneCount: number, at: Path, report: Report): void {
  if (sizing.maxUnavailable === undefined) return;
  const share = oneZoneShare(sizing.autoscaling.minReplicas, zoneCount);
  if (sizing.maxUnavailable > share) {
    report(
      [...at, 'maxUnavailable'],
      `must be <= ${share} (one zone's share of autoscaling.minReplicas), or a drain could take more than a zone`,
    );
  }
}

function checkResources(sizing: ServiceSizing, at: Path, report: Report): void {
  const { requests, limits } = sizing.resources;
  if (milliCpu(requests.cpu) > milliCpu(limits.cpu))
    report([...at, 'requests', 'cpu'], `must be <= limits.cpu (${limits.cpu})`);
  if (kibibytes(requests.memory) > kibibytes(limits.memory)) {
    report([...at, 'requests', 'memory'], `must be <= limits.memory (${limits.memory})`);
  }
}

function checkCanary(definition: ServiceDefinition, sizing: ServiceSizing, at: Path, report: Report): void {
  const weights = sizing.canary.steps.filter((step) => 'setWeight' in step).length;
  if (weights === 0) report([...at, 'steps'], 'must contain at least one setWeight step');
  // An http service always has an analysis: every built-in profile gives one and a file cannot remove it.
  if (definition.kind !== 'http' && sizing.canary.analysis) {
    report([...at, 'analysis'], 'applies only to http services (it measures their HTTP requests)');
  }
  checkAnalysisHasTime(sizing, at, report);
}

/**
 * The background analysis runs from the first weight until the rollout completes; it can only abort a bad
 * canary if the pauses leave time for `failureLimit + 1` measurements: the first one after a window of canary
 * traffic, the others `interval` apart. A pause without duration (a manual gate) leaves all the time needed.
 */
function checkAnalysisHasTime(sizing: ServiceSizing, at: Path, report: Report): void {
  const { steps, analysis } = sizing.canary;
  const first = steps.findIndex((step) => 'setWeight' in step);
  if (!analysis || first < 0) return;
  const pauses = steps.slice(first + 1).flatMap((step) => ('pause' in step ? [step.pause.duration] : []));
  if (pauses.some((duration) => duration === undefined)) return;
  const paused = pauses.reduce((sum, duration) => sum + durationSeconds(duration as string), 0);
  const needed = durationSeconds(ANALYSIS_WINDOW) + analysis.failureLimit * durationSeconds(analysis.interval);
  if (paused < needed) {
    report(
      [...at, 'steps'],
      `must pause at least ${needed}s after the first setWeight (${paused}s now): the analysis needs a ${ANALYSIS_WINDOW} window of canary traffic, then failureLimit + 1 measurements ${analysis.interval} apart, to abort a bad canary`,
    );
  }
}
