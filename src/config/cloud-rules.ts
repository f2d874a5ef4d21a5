/** Rules of the cloud layer (infra/) on the shared config, reported like every other rule. */
import type { Environment, RegionPlan } from './environment';
import { servingSite } from './names';
import type { Path, Report } from './rules';
import type { Platform } from './schema';

/**
 * Kubernetes minor versions in EKS standard support (AWS release calendar, November 2026: 1.33 left it on
 * 2026-07-29, 1.34 leaves on 2026-12-02). Extended support costs six times as much per cluster hour and fails
 * Security Hub control EKS.2, so it is not accepted. A fixed list, not a date check, keeps synthesis
 * deterministic: update it when the calendar moves.
 */
export const EKS_SUPPORTED_VERSIONS = ['1.34', '1.35', '1.36'] as const;

/** RDS subnet groups span two zones at least, and Multi-AZ failover needs a second zone to fail over to. */
export const MIN_DATA_TIER_ZONES = 2;

/** Rules of the cloud layer (infra/): what AWS would reject, or what would silently weaken recovery. */
export function checkCloudRules(platform: Platform, report: Report): void {
  checkStateBucketsUnique(platform, report);
  checkImageRepository(platform, report);
  for (const [name, env] of Object.entries(platform.environments)) {
    const at: Path = ['environments', name];
    // A profile that demands more zones has already said so; otherwise every region plan needs two for RDS.
    const profileZones = platform.profiles[env.profile]?.minZones ?? 0;
    if (profileZones < MIN_DATA_TIER_ZONES) checkDataTierZones(env.aws, [...at, 'aws'], report);
    if (env.aws.dr) checkDataTierZones(env.aws.dr, [...at, 'aws', 'dr'], report);
    checkCluster(env, [...at, 'cluster'], report);
    checkCache(env, [...at, 'redis'], report);
    checkPrivateHosts(env, at, report);
  }
}

function checkDataTierZones(region: RegionPlan, at: Path, report: Report): void {
  if (region.zones.length < MIN_DATA_TIER_ZONES) {
    report([...at, 'zones'], `must list at least ${MIN_DATA_TIER_ZONES} zones (Multi-AZ database and cache)`);
  }
}

function checkCluster(env: Environment, at: Path, report: Report): void {
  const { kubernetesVersion, nodeInstanceTypes, publicAccessCidrs } = env.cluster;
  if (!(EKS_SUPPORTED_VERSIONS as readonly string[]).includes(kubernetesVersion)) {
    report(
      [...at, 'kubernetesVersion'],
      `must be a version in EKS standard support (${EKS_SUPPORTED_VERSIONS.join(', ')})`,
    );
  }
  const architecture = instanceArchitecture(nodeInstanceTypes[0]);
  nodeInstanceTypes.forEach((type, i) => {
    if (instanceArchitecture(type) !== architecture) {
      report(
        [...at, 'nodeInstanceTypes', i],
        `must share the CPU architecture of nodeInstanceTypes[0] (${architecture})`,
      );
    }
  });
  // kube-proxy is built per Kubernetes minor version: another minor's build does not match the control plane.
  const { kubeProxy } = env.cluster.addonVersions;
  if (!kubeProxy.startsWith(`v${kubernetesVersion}.`)) {
    report(
      [...at, 'addonVersions', 'kubeProxy'],
      `must be a build for Kubernetes ${kubernetesVersion} (v${kubernetesVersion}.x-eksbuild.n)`,
    );
  }
  publicAccessCidrs.forEach((block, i) => {
    // The only /0 block parseCidr accepts (no leading zeros): `0.0.0.0/00` is refused before this rule.
    if (block === '0.0.0.0/0') {
      report([...at, 'publicAccessCidrs', i], 'must not open the API endpoint to the whole internet (0.0.0.0/0)');
    }
  });
}

/** ElastiCache fails over only to a replica, and refuses Multi-AZ without automatic failover. */
function checkCache(env: Environment, at: Path, report: Report): void {
  if (env.redis.multiAz && env.redis.nodeCount < 2) {
    report([...at, 'nodeCount'], 'must be >= 2 when redis.multiAz is true (a replica to fail over to)');
  }
}

/** Graviton families carry a `g` after the generation number (m7g, c7gn, r6gd, t4g), but the first one: a1. */
export function instanceArchitecture(instanceType: string): 'arm64' | 'x86_64' {
  return /^(a1|[a-z]+[0-9]+g[a-z]*)\./.test(instanceType) ? 'arm64' : 'x86_64';
}

/** Infra serves both hosts from a private hosted zone named after their parent domain. */
function checkPrivateHosts(env: Environment, at: Path, report: Report): void {
  for (const store of ['database', 'redis'] as const) {
    if (!env[store].host.includes('.')) {
      report(
        [...at, store, 'host'],
        'must have a parent domain (such as .production.your-app.internal) for its private zone',
      );
    }
  }
  if (env.redis.host === env.database.host) report([...at, 'redis', 'host'], 'must differ from database.host');
}

function checkStateBucketsUnique(platform: Platform, report: Report): void {
  const seen = new Map<string, string>();
  for (const [name, { aws }] of Object.entries(platform.environments)) {
    const regions: [RegionPlan, Path][] = [[aws, ['environments', name, 'aws']]];
    if (aws.dr) regions.push([aws.dr, ['environments', name, 'aws', 'dr']]);
    for (const [region, at] of regions) {
      const path = [...at, 'stateBucket'];
      const other = seen.get(region.stateBucket);
      if (other) report(path, `must be unique (already used by ${other}): S3 bucket names are global`);
      seen.set(region.stateBucket, path.join('.'));
    }
  }
}

const ECR_REPOSITORY = /^([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)$/;

export interface EcrRepositoryRef {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

/** Splits `<account>.dkr.ecr.<region>.amazonaws.com/<name>`; undefined for any other registry. */
export function parseEcrRepository(repository: string): EcrRepositoryRef | undefined {
  const match = ECR_REPOSITORY.exec(repository);
  return match ? { accountId: match[1], region: match[2], name: match[3] } : undefined;
}

/** The environment whose account and primary region hold the image repository: its stack creates it. */
export function imageRepositoryOwner(platform: Platform): string | undefined {
  const ref = parseEcrRepository(platform.image.repository);
  if (!ref) return undefined;
  return platform.promotion.find((name) => {
    const aws = platform.environments[name]?.aws;
    return aws?.accountId === ref.accountId && aws.region === ref.region;
  });
}

/**
 * The image repository an environment pulls from: `image.repository`, or its replica in the DR region once that
 * region serves the environment (the owner's primary stack replicates every push to its DR region).
 */
export function servingImageRepository(platform: Platform, environment: string): string {
  const { repository } = platform.image;
  const ref = parseEcrRepository(repository);
  const owner = imageRepositoryOwner(platform);
  const env = platform.environments[environment];
  const replicaRegion = owner ? platform.environments[owner].aws.dr?.region : undefined;
  if (!ref || servingSite(env) !== 'dr' || env.aws.dr?.region !== replicaRegion) return repository;
  if (env.aws.accountId !== ref.accountId) return repository;
  return `${ref.accountId}.dkr.ecr.${replicaRegion}.amazonaws.com/${ref.name}`;
}

/** Infra creates the image repository, so it must live in one environment's account and primary region. */
function checkImageRepository(platform: Platform, report: Report): void {
  if (!imageRepositoryOwner(platform)) {
    report(
      ['image', 'repository'],
      "must be an ECR repository (<account>.dkr.ecr.<region>.amazonaws.com/<name>) in one environment's account and primary region",
    );
  }
}
