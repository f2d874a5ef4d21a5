/**
 * Names both layers must agree on, derived in one place. Stable and readable (operators type them in
 * runbooks): no hashes, only app, environment, service and role.
 */
import type { EnvironmentName } from './environment';
import type { Platform } from './schema';

/** Kubernetes name of a service's objects: `your-app-api`, `your-app-api-canary`. */
export function serviceResourceName(platform: Platform, service: string, suffix?: string): string {
  return [platform.app.name, service, suffix].filter(Boolean).join('-');
}

/** The Service that ServiceMonitors scrape: every pod of the service, stable and canary. */
export function metricsServiceName(platform: Platform, service: string): string {
  return serviceResourceName(platform, service, 'metrics');
}

/** Labels that select a service's pods; never includes the version, which changes on every release. */
export function selectorLabels(
  platform: Platform,
  environment: EnvironmentName,
  service: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': platform.app.name,
    'app.kubernetes.io/instance': `${platform.app.name}-${environment}`,
    'app.kubernetes.io/component': service,
  };
}

/** EKS cluster of an environment: `your-app-production`. */
export function clusterName(platform: Platform, environment: EnvironmentName): string {
  return `${platform.app.name}-${environment}`;
}

/** ServiceAccount, in the app namespace, that the External Secrets SecretStore authenticates as (IRSA). */
export function externalSecretsServiceAccountName(platform: Platform): string {
  return `${platform.app.name}-external-secrets`;
}

/** IAM role assumed through IRSA by the External Secrets ServiceAccount; reads exactly the app's DB secret. */
export function externalSecretsRoleName(platform: Platform, environment: EnvironmentName): string {
  return `${platform.app.name}-${environment}-external-secrets`;
}

export function iamRoleArn(platform: Platform, environment: EnvironmentName, roleName: string): string {
  return `arn:aws:iam::${platform.environments[environment].aws.accountId}:role/${roleName}`;
}
