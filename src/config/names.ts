/**
 * Names both layers must agree on, derived in one place. Stable and readable (operators type them in
 * runbooks): no hashes, only app, environment, service and role.
 */
import type { Environment, RegionPlan } from './environment';
import type { Platform } from './schema';

/**
 * Where an environment's AWS resources live: its primary region, or its DR region. Both sites share the
 * account, so account-global names (IAM) of the DR site carry `-dr`.
 */
export type Site = 'primary' | 'dr';

/** The site that serves the environment: the DR region once `aws.dr.promoted` says it took over. */
export function servingSite(env: Environment): Site {
  return env.aws.dr?.promoted === true ? 'dr' : 'primary';
}

/** The region plan of the serving site: the cluster layer deploys there (subnets, region, zones). */
export function servingRegion(env: Environment): RegionPlan {
  return servingSite(env) === 'dr' && env.aws.dr ? env.aws.dr : env.aws;
}

/**
 * Name of an account-global AWS resource (IAM role or policy) of one site: `your-app-production-<purpose>`, and
 * `your-app-production-dr-<purpose>` in the DR site. The cloud layer names its roles with it, the cluster layer
 * refers to them with it.
 */
export function siteResourceName(platform: Platform, environment: string, site: Site, purpose: string): string {
  return `${platform.app.name}-${environment}${site === 'dr' ? '-dr' : ''}-${purpose}`;
}

/** EKS cluster of an environment: `your-app-production`. */
export function clusterName(platform: Platform, environment: string): string {
  return `${platform.app.name}-${environment}`;
}

/** ServiceAccount, in the app namespace, that the External Secrets SecretStore authenticates as (IRSA). */
export function externalSecretsServiceAccountName(platform: Platform): string {
  return `${platform.app.name}-external-secrets`;
}

/**
 * IAM role assumed through IRSA by the External Secrets ServiceAccount; reads exactly the app's secrets. Each site
 * has its own (`your-app-production-external-secrets`, `your-app-production-dr-external-secrets`).
 * @param site the site whose role; by default the one serving the environment, so the app reads its secrets after
 *   a failover too
 */
export function externalSecretsRoleName(
  platform: Platform,
  environment: string,
  site: Site = servingSite(platform.environments[environment]),
): string {
  return siteResourceName(platform, environment, site, 'external-secrets');
}

export function iamRoleArn(platform: Platform, environment: string, roleName: string): string {
  return `arn:aws:iam::${platform.environments[environment].aws.accountId}:role/${roleName}`;
}

/** The environments in promotion order: the order of every per-environment output. */
export function environmentNames(platform: Platform): string[] {
  return [...platform.promotion];
}

/** The AlertmanagerConfig kube-prometheus-stack's Alertmanager runs on: `your-app-alert-routing`. */
export function alertRoutingConfigName(platform: Platform): string {
  return `${platform.app.name}-alert-routing`;
}

/** The Grafana folder of the app's dashboards: the app's name. */
export function grafanaFolder(platform: Platform): string {
  return platform.app.name;
}

/**
 * The blackbox exporter's Service, which Probe objects send their probes through: installed by the
 * blackbox-exporter add-on in the monitoring namespace under this name.
 */
export function blackboxExporterAddress(platform: Platform): string {
  return `prometheus-blackbox-exporter.${platform.monitoring.namespace}.svc:9115`;
}

/** GitHub's OIDC provider in an environment's account: its ARN is fixed by the provider's URL. */
export function githubOidcProviderArn(platform: Platform, environment: string): string {
  return `arn:aws:iam::${platform.environments[environment].aws.accountId}:oidc-provider/token.actions.githubusercontent.com`;
}

/** IAM role a GitHub workflow assumes by OIDC for one purpose in one environment: `your-app-production-ci-deploy`. */
export function ciRoleName(platform: Platform, environment: string, purpose: string): string {
  return `${platform.app.name}-${environment}-ci-${purpose}`;
}

/**
 * What each CI role a workflow assumes is for (the `purpose` of `ciRoleName`): `plan` (cdktf diff on pull
 * requests), `deploy` (cdktf deploy behind the infra gate), `promote` (a release into the environment: image check,
 * Rollout watch), `image-push` (the image workflow, in the account that holds image.repository).
 */
export const CI_ROLE_PURPOSES = ['plan', 'deploy', 'promote', 'image-push'] as const;
export type CiRolePurpose = (typeof CI_ROLE_PURPOSES)[number];

/** Kubernetes group the promote role maps to through its EKS access entry; a Role in the app namespace binds it. */
export function ciKubernetesGroup(platform: Platform): string {
  return `${platform.app.name}-ci-rollout-readers`;
}
