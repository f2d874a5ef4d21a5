/**
 * From the file to the platform the code reads: the profiles merged over the built-in ones, then each environment's
 * fields from the file, else from its profile, else derived from the names (namespace, hosts, secrets, subnets, ...).
 * The result is validated as a whole afterwards; problems found here (an unknown profile) are reported like any rule.
 */
import { BUILT_IN_PROFILES } from './built-in-profiles';
import { databaseInstances } from './database-instances';
import type { DeepPartial } from './deep-optional';
import type { Environment, RegionPlan } from './environment';
import { planSubnets } from './network';
import { BUILT_IN_PROFILE_NAMES, type BuiltInProfileName, type Profile, type ProfileFile } from './profile';
import type { Report } from './rules';
import type { Platform, PlatformFile } from './schema';
import type { ServiceDefinition, ServiceSizing } from './service';

type EnvironmentFile = DeepPartial<Environment>;

/** The zone letters of the default zones: three, so that losing one leaves two. */
const DEFAULT_ZONE_LETTERS = ['a', 'b', 'c'];

export function resolvePlatform(file: PlatformFile, report: Report): Platform {
  const app = { ...file.app, partOf: file.app.partOf ?? file.app.name };
  const profiles = resolveProfiles(file.profiles ?? {}, report);
  const services = file.services as Record<string, ServiceDefinition>;
  const environments = Object.fromEntries(
    Object.entries(file.environments as Record<string, EnvironmentFile>).map(([name, env]) => [
      name,
      resolveEnvironment({ app: app.name, name, env, profiles, services }, report),
    ]),
  );
  return {
    ...(file as Omit<Platform, 'app' | 'promotion' | 'profiles' | 'environments'>),
    app,
    promotion: file.promotion ?? Object.keys(environments),
    profiles,
    environments,
  };
}

function resolveProfiles(declared: Record<string, ProfileFile>, report: Report): Record<string, Profile> {
  const profiles: Record<string, Profile> = { ...BUILT_IN_PROFILES };
  for (const [name, { extends: base, ...changes }] of Object.entries(declared)) {
    const builtIn = (BUILT_IN_PROFILE_NAMES as readonly string[]).includes(name);
    if (!base && !builtIn) {
      report(
        ['profiles', name, 'extends'],
        `is required for a new profile (one of ${BUILT_IN_PROFILE_NAMES.join(', ')})`,
      );
      continue;
    }
    const merged = merge(BUILT_IN_PROFILES[(base ?? name) as BuiltInProfileName], changes) as Profile;
    profiles[name] = base ? { extends: base, ...merged } : merged;
  }
  return profiles;
}

interface EnvironmentInput {
  readonly app: string;
  readonly name: string;
  readonly env: EnvironmentFile;
  readonly profiles: Readonly<Record<string, Profile>>;
  readonly services: Readonly<Record<string, ServiceDefinition>>;
}

function resolveEnvironment(input: EnvironmentInput, report: Report): Environment {
  const { app, name, env } = input;
  const profile = input.profiles[env.profile as string];
  if (!profile) {
    const known = Object.keys(input.profiles).join(', ');
    report(['environments', name, 'profile'], `must name a profile (${known}), not "${env.profile}"`);
  }
  const merged = merge(profile?.environment ?? {}, env) as EnvironmentFile;
  const aws = merged.aws ?? {};
  return {
    ...merged,
    namespace: merged.namespace ?? `${app}-${name}`,
    aws: {
      ...aws,
      ...resolveRegion(aws, { app, environment: name, accountId: aws.accountId }),
      dr: aws.dr && resolveRegion(aws.dr, { app, environment: name, accountId: aws.accountId }),
    },
    database: {
      ...merged.database,
      host:
        merged.database?.host ?? databaseInstances(app, name, merged.database?.promotedReplica === true).primary.host,
      name: merged.database?.name ?? app.replace(/-/g, '_'),
      credentialsSecret: merged.database?.credentialsSecret ?? `${app}/${name}/postgres`,
    },
    redis: {
      ...merged.redis,
      host: merged.redis?.host ?? `redis.${name}.${app}.internal`,
      authSecret: merged.redis?.authSecret ?? `${app}/${name}/redis`,
    },
    services: resolveServices(input.services, profile, env.services ?? {}, (service) =>
      report(
        ['environments', name, 'services', service],
        `is not a service declared in services (${Object.keys(input.services).join(', ')})`,
      ),
    ),
  } as Environment;
}

interface RegionOwner {
  readonly app: string;
  readonly environment: string;
  readonly accountId: string | undefined;
}

/** Zones a, b and c of the region, subnets carved from the VPC, and the state bucket named after the owner. */
function resolveRegion(region: DeepPartial<RegionPlan>, owner: RegionOwner): DeepPartial<RegionPlan> {
  const zones = region.zones ?? DEFAULT_ZONE_LETTERS.map((letter) => `${region.region}${letter}`);
  const network = region.network ?? {};
  return {
    ...region,
    zones,
    network: { ...network, subnets: network.subnets ?? plannedSubnets(network.vpcCidr, zones.length) },
    stateBucket: region.stateBucket ?? `${owner.app}-${owner.environment}-tfstate-${owner.accountId}-${region.region}`,
  };
}

/** The default plan, or nothing when the VPC or the zone count cannot be planned (the schema then says why). */
function plannedSubnets(vpcCidr: string | undefined, zoneCount: number) {
  try {
    return vpcCidr === undefined ? undefined : planSubnets(vpcCidr, zoneCount);
  } catch {
    return undefined;
  }
}

/**
 * Every declared service gets a sizing: the profile's, changed by the environment's. Workers have no analysis.
 * The sizing of a service that is not declared is reported, not kept.
 */
function resolveServices(
  definitions: Readonly<Record<string, ServiceDefinition>>,
  profile: Profile | undefined,
  sizings: Record<string, DeepPartial<ServiceSizing> | undefined>,
  undeclared: (service: string) => void,
): Record<string, DeepPartial<ServiceSizing>> {
  const resolved: Record<string, DeepPartial<ServiceSizing>> = {};
  for (const [service, definition] of Object.entries(definitions)) {
    const defaults = profile?.service ?? {};
    const base = definition.kind === 'http' ? defaults : { ...defaults, canary: { steps: defaults.canary?.steps } };
    resolved[service] = merge(base, sizings[service] ?? {}) as DeepPartial<ServiceSizing>;
  }
  Object.keys(sizings)
    .filter((service) => !definitions[service])
    .forEach(undeclared);
  return resolved;
}

/** `over` on top of `base`: objects merge key by key, anything else (lists included) replaces. */
export function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = merge(base[key], value);
  return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
