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
  return siteResourceName(platform, environment, site, EXTERNAL_SECRETS_ROLE_PURPOSE);
}

/** The purpose in the name of the role the app's SecretStore assumes (see externalSecretsRoleName). */
export const EXTERNAL_SECRETS_ROLE_PURPOSE = 'external-secrets';

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

/** The region a site of the environment runs in. */
export function siteRegion(platform: Platform, environment: string, site: Site): string {
  const { aws } = platform.environments[environment];
  if (site === 'primary') return aws.region;
  if (!aws.dr) throw new Error(`environments.${environment}.aws.dr: is required for a DR site`);
  return aws.dr.region;
}

/** The sites of an environment: the primary one, and the DR one where the environment has a DR region. */
export function environmentSites(platform: Platform, environment: string): Site[] {
  return platform.environments[environment].aws.dr ? ['primary', 'dr'] : ['primary'];
}

/** `Name` tag of the environment's VPC in each region: the AWS Load Balancer Controller finds the VPC by it. */
export function vpcName(platform: Platform, environment: string): string {
  return `${platform.app.name}-${environment}`;
}

/** The regional WAF web ACL in front of every public ALB of the environment (the same name in each region). */
export function webAclName(platform: Platform, environment: string): string {
  return `${platform.app.name}-${environment}-alb`;
}

/** Where a public service is served: `api.your-app.example.com`. */
export function publicHost(service: string, domain: string): string {
  return `${service}.${domain}`;
}

/**
 * The name of one region's load balancer of a public service, `api.eu-west-1.your-app.example.com`: external-dns
 * points it at that region's ALB; the public name is a Route 53 record of infra that resolves to it (a failover pair
 * where the environment has a DR region), and the health check calls it.
 */
export function regionalHost(service: string, region: string, domain: string): string {
  return `${service}.${region}.${domain}`;
}

/** The regions an environment runs in: its primary region, then its DR region if it has one. */
export function environmentRegions(platform: Platform, environment: string): string[] {
  return environmentSites(platform, environment).map((site) => siteRegion(platform, environment, site));
}

/** Bucket of the ALB access logs of one region (S3 names are global: account and region make it unique). */
export function accessLogsBucketName(platform: Platform, environment: string, region: string): string {
  return `${platform.app.name}-${environment}-alb-logs-${platform.environments[environment].aws.accountId}-${region}`;
}

/** Bucket of Loki's chunks and index in one region. */
export function lokiBucketName(platform: Platform, environment: string, region: string): string {
  return `${platform.app.name}-${environment}-loki-${platform.environments[environment].aws.accountId}-${region}`;
}

/** The Loki tenant (`X-Scope-OrgID`) Fluent Bit writes the logs to and Grafana reads them from. */
export function lokiTenant(platform: Platform): string {
  return platform.app.name;
}

/** The Alertmanager receivers whose credential lives in AWS Secrets Manager, one secret each. */
export const ALERT_RECEIVER_SECRETS = ['pagerduty', 'slack', 'email', 'heartbeat'] as const;
export type AlertReceiverSecret = (typeof ALERT_RECEIVER_SECRETS)[number];

/**
 * Secrets Manager secret of a receiver's credential, a plain string (the PagerDuty routing key, the Slack webhook URL,
 * the SMTP password, the heartbeat URL): `your-app/production/alertmanager/pagerduty`. Infra creates it empty; a
 * person puts the value.
 */
export function alertReceiverSecretName(
  platform: Platform,
  environment: string,
  receiver: AlertReceiverSecret,
): string {
  return `${platform.app.name}/${environment}/alertmanager/${receiver}`;
}

/** Stable DNS name of the read replica that SOP-02 promotes: `postgres-replica.production.your-app.internal`. */
export function replicaHost(databaseHost: string): string {
  const dot = databaseHost.indexOf('.');
  return `${databaseHost.slice(0, dot)}-replica${databaseHost.slice(dot)}`;
}

/** PriorityClass of the app's pods: `your-app`. */
export function appPriorityClassName(platform: Platform): string {
  return platform.app.name;
}
