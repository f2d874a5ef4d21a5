/**
 * Names the restore drill (SOP-01) shares between infra/ (its role, security group and parameter), the cluster layer
 * (the RBAC that lets the role create the drill's namespace) and the `npm run sop -- drill` command.
 */
import { ciRoleName } from './names';
import type { Platform } from './schema';

/** The drill's restored RDS instance: `your-app-production-sop-drill`. */
export function sopDrillInstanceIdentifier(platform: Platform, environment: string): string {
  return `${platform.app.name}-${environment}-sop-drill`;
}

/** The temporary namespace of the drill's app instance and check Job, in the environment's cluster. */
export function sopDrillNamespace(platform: Platform): string {
  return `${platform.app.name}-sop-drill`;
}

/** Kubernetes group of the drill role's EKS access entry: the ClusterRole binding names it. */
export function sopDrillGroup(platform: Platform): string {
  return `${platform.app.name}-sop-drill`;
}

/** SSM parameter where infra publishes the drill's stack outputs (subnet group, security group, ...) as JSON. */
export function sopDrillParameterName(platform: Platform, environment: string): string {
  return `/${platform.app.name}/${environment}/sop-drill`;
}

/** IAM role the scheduled drill workflow assumes by GitHub OIDC: `your-app-production-ci-sop-drill`. */
export function sopDrillRoleName(platform: Platform, environment: string): string {
  return ciRoleName(platform, environment, 'sop-drill');
}

/**
 * What infra publishes in the drill's SSM parameter (JSON), from the primary stack's resources: the drill restores
 * with exactly these, and nothing of the cloud layer has to be guessed from names.
 */
export interface SopDrillParameter {
  /** Identifier of the primary instance the drill restores. */
  readonly sourceInstance: string;
  /** DB subnet group of the primary: the database subnets. */
  readonly subnetGroup: string;
  /** Security group admitting the drill's port from the private subnets only. */
  readonly securityGroupId: string;
  /** The primary's parameter group (TLS enforced). */
  readonly parameterGroup: string;
  /** The database's KMS key: the restore must be encrypted with it. */
  readonly kmsKeyArn: string;
  /** Instance class of the drill instance (the primary's, so the restore time is the one a real restore takes). */
  readonly instanceClass: string;
  /** Secret with the master user's credentials, restored with the data. */
  readonly credentialsSecretArn: string;
}
