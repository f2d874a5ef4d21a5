/**
 * What every construct of a stack needs to know: the platform, the environment, the region it builds and
 * how to name things. Names follow terraform-aws-modules (`<app>-<env>-<tier>-<zone>`): no hashes, because
 * operators type them in runbooks.
 */
import { siteResourceName, type Environment, type Platform, type RegionPlan, type Site } from '../src/config';

/**
 * `primary` runs the environment in its primary region. In the DR region, `dr-storage` holds where the copies
 * land (keys, backup vault, bucket and image replicas, alarm topic) and `dr` the pilot light (network and the
 * database replica), which becomes the whole environment when `aws.dr.promoted` is set.
 */
export type StackRole = 'primary' | 'dr-storage' | 'dr';

export interface InfraContext {
  readonly platform: Platform;
  readonly envName: string;
  readonly env: Environment;
  readonly role: StackRole;
  /** The region plan this stack builds: `env.aws` for the primary stack, `env.aws.dr` for the DR stacks. */
  readonly region: RegionPlan;
}

export function infraContext(platform: Platform, envName: string, role: StackRole): InfraContext {
  const env = platform.environments[envName];
  const region = role === 'primary' ? env.aws : env.aws.dr;
  if (!region) throw new Error(`environments.${envName}.aws.dr: is required for a ${role} stack`);
  return { platform, envName, env, role, region };
}

/** The site a stack builds: its account-global names depend on it. */
export function siteOf(ctx: InfraContext): Site {
  return ctx.role === 'primary' ? 'primary' : 'dr';
}

/** `your-app-production`: regional resources (VPC, cluster, database) carry it; the region tells DR apart. */
export function baseName(ctx: InfraContext): string {
  return `${ctx.platform.app.name}-${ctx.envName}`;
}

/** Terraform stack name: `your-app-production`, `your-app-production-dr-storage`, `your-app-production-dr`. */
export function stackName(ctx: InfraContext): string {
  return ctx.role === 'primary' ? baseName(ctx) : `${baseName(ctx)}-${ctx.role}`;
}

/** `your-app-production-database-eu-west-1a`: a per-zone resource of one tier. */
export function zonalName(ctx: InfraContext, tier: string, zone: string): string {
  return `${baseName(ctx)}-${tier}-${zone}`;
}

/**
 * Name of an account-global resource (IAM role or policy). Both sites of an environment share one account, so
 * the DR site's names carry `-dr`: `your-app-production-dr-eks-node` (src/config/names.ts, `siteResourceName`).
 */
export function globalName(ctx: InfraContext, purpose: string): string {
  return siteResourceName(ctx.platform, ctx.envName, siteOf(ctx), purpose);
}

/** S3 bucket names are global across all AWS accounts: account and region make them ours and unique. */
export function bucketName(ctx: InfraContext, purpose: string, region: string): string {
  return `${baseName(ctx)}-${purpose}-${ctx.env.aws.accountId}-${region}`;
}

/** The private hosted zone a host lives in: its parent domain (`production.your-app.internal`). */
export function parentDomain(host: string): string {
  return host.slice(host.indexOf('.') + 1);
}

/** Stable DNS name of the read replica that SOP-02 promotes: `postgres-replica.production.your-app.internal`. */
export function replicaHost(databaseHost: string): string {
  const dot = databaseHost.indexOf('.');
  return `${databaseHost.slice(0, dot)}-replica${databaseHost.slice(dot)}`;
}

/** ARN partition of a region: GovCloud and China have their own. */
export function partition(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/** `arn:aws:<service>:<region>:<account>:<resource>` in the environment's account. */
export function arnIn(ctx: InfraContext, service: string, region: string, resource: string): string {
  return `arn:${partition(region)}:${service}:${region}:${ctx.env.aws.accountId}:${resource}`;
}

/**
 * Alias (without `alias/`) of a customer key: `your-app-production-<purpose>`, the same in both regions. Stacks
 * of the other region refer to a key by its alias, never by a reference into that region's state.
 */
export function keyAlias(ctx: InfraContext, purpose: string): string {
  return `${baseName(ctx)}-${purpose}`;
}

/** ARN of a key alias in a region, which S3 replication and Secrets Manager replicas accept for a key. */
export function keyAliasArn(ctx: InfraContext, purpose: string, region: string): string {
  return arnIn(ctx, 'kms', region, `alias/${keyAlias(ctx, purpose)}`);
}

/** The SNS topic of the recovery alarms of a region: `your-app-production-alarms`. */
export function alarmTopicName(ctx: InfraContext): string {
  return `${baseName(ctx)}-alarms`;
}

/** ARN of the environment's database in a region: the identifier is the base name in both regions. */
export function databaseArn(ctx: InfraContext, region: string): string {
  return arnIn(ctx, 'rds', region, `db:${baseName(ctx)}`);
}
