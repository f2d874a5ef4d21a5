/**
 * What every construct of a stack needs to know: the platform, the environment, the region it builds and
 * how to name things. Names follow terraform-aws-modules (`<app>-<env>-<tier>-<zone>`): no hashes, because
 * operators type them in runbooks.
 */
import type { Environment, Platform, RegionPlan } from '../src/config';

/** `primary` runs the environment; `recovery` rebuilds it in the DR region from replicated backups. */
export type StackRole = 'primary' | 'recovery';

export interface InfraContext {
  readonly platform: Platform;
  readonly envName: string;
  readonly env: Environment;
  readonly role: StackRole;
  /** The region plan this stack builds: `env.aws` for the primary stack, `env.aws.dr` for the recovery stack. */
  readonly region: RegionPlan;
}

export function infraContext(platform: Platform, envName: string, role: StackRole): InfraContext {
  const env = platform.environments[envName];
  const region = role === 'primary' ? env.aws : env.aws.dr;
  if (!region) throw new Error(`environments.${envName}.aws.dr: is required for a recovery stack`);
  return { platform, envName, env, role, region };
}

/** `your-app-production`: regional resources (VPC, cluster, database) carry it; the region tells DR apart. */
export function baseName(ctx: InfraContext): string {
  return `${ctx.platform.app.name}-${ctx.envName}`;
}

/** Terraform stack name: `your-app-production`, and `your-app-production-dr` for the recovery stack. */
export function stackName(ctx: InfraContext): string {
  return ctx.role === 'primary' ? baseName(ctx) : `${baseName(ctx)}-dr`;
}

/** `your-app-production-database-eu-west-1a`: a per-zone resource of one tier. */
export function zonalName(ctx: InfraContext, tier: string, zone: string): string {
  return `${baseName(ctx)}-${tier}-${zone}`;
}

/**
 * Name of an account-global resource (IAM role or policy). Both stacks of an environment share one account,
 * so the recovery stack's names carry `-dr`: `your-app-production-dr-eks-node`.
 */
export function globalName(ctx: InfraContext, purpose: string): string {
  return `${stackName(ctx)}-${purpose}`;
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
