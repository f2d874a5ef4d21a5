/**
 * The names both layers agree on, as operators type them: each expected value is the one the docs write for the
 * built-in platform (platform.yaml: app `your-app`, production in account 333333333333, eu-west-1, DR region
 * eu-central-1), or the format AWS or Kubernetes fixes (ARNs, Service DNS names). The comment of each case says where.
 */
import {
  accessLogsBucketName,
  alertReceiverSecretName,
  alertRoutingConfigName,
  blackboxExporterAddress,
  ciKubernetesGroup,
  ciRoleName,
  clusterName,
  environmentRegions,
  environmentSites,
  externalSecretsRoleName,
  externalSecretsServiceAccountName,
  githubOidcProviderArn,
  iamRoleArn,
  loadPlatform,
  lokiBucketName,
  publicHost,
  regionalHost,
  replicaHost,
  servingRegion,
  servingSite,
  siteRegion,
  siteResourceName,
  sopDrillGroup,
  sopDrillInstanceIdentifier,
  sopDrillNamespace,
  sopDrillParameterName,
  sopDrillRoleName,
  vpcName,
  webAclName,
  type Platform,
} from '../../src/config';
import { defaultPlatform, platformWith } from '../helpers/platform';

/** platform.yaml after the failover switch (docs/disaster-recovery.md, "Failover"): production served by its DR site. */
const promoted: Platform = loadPlatform(platformWith((doc) => (doc.environments.production.aws.dr.promoted = true)));

describe.each([
  ['the built-in platform', defaultPlatform],
  ['the built-in platform with production failed over', promoted],
])('names that do not depend on the serving site, in %s', (_, platform) => {
  it.each([
    // README "Deploy": `aws eks update-kubeconfig --region eu-west-1 --name your-app-qa`; disaster-recovery.md
    // "Failover" 6: the DR cluster keeps the name, `--name your-app-production`.
    ['clusterName qa', () => clusterName(platform, 'qa'), 'your-app-qa'],
    ['clusterName production', () => clusterName(platform, 'production'), 'your-app-production'],
    // docs/infrastructure.md "Names": the VPC's `Name` tag, the web ACL, the buckets (account and region in S3 names).
    ['vpcName', () => vpcName(platform, 'production'), 'your-app-production'],
    ['webAclName', () => webAclName(platform, 'production'), 'your-app-production-alb'],
    [
      'accessLogsBucketName',
      () => accessLogsBucketName(platform, 'production', 'eu-central-1'),
      'your-app-production-alb-logs-333333333333-eu-central-1',
    ],
    [
      'lokiBucketName',
      () => lokiBucketName(platform, 'staging', 'eu-west-1'),
      'your-app-staging-loki-222222222222-eu-west-1',
    ],
    [
      'externalSecretsServiceAccountName',
      () => externalSecretsServiceAccountName(platform),
      'your-app-external-secrets',
    ],
    ['ciKubernetesGroup', () => ciKubernetesGroup(platform), 'your-app-ci-rollout-readers'],
    ['alertRoutingConfigName', () => alertRoutingConfigName(platform), 'your-app-alert-routing'],
    // README "CI/CD": one role per purpose and environment, `<app>-<env>-ci-<purpose>`.
    ['ciRoleName', () => ciRoleName(platform, 'production', 'deploy'), 'your-app-production-ci-deploy'],
    // AWS IAM identifiers: `arn:aws:iam::<account>:role/<name>`; GitHub's OIDC provider is named by its URL host.
    [
      'iamRoleArn',
      () => iamRoleArn(platform, 'staging', 'your-app-staging-ci-promote'),
      'arn:aws:iam::222222222222:role/your-app-staging-ci-promote',
    ],
    [
      'githubOidcProviderArn',
      () => githubOidcProviderArn(platform, 'qa'),
      'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
    ],
    // docs/observability/README.md: Service `prometheus-blackbox-exporter` on port 9115 in the monitoring namespace.
    [
      'blackboxExporterAddress',
      () => blackboxExporterAddress(platform),
      'prometheus-blackbox-exporter.monitoring.svc:9115',
    ],
    // README "Deploy" 5 and disaster-recovery.md "Failover" 4: the receivers' secrets.
    [
      'alertReceiverSecretName',
      () => alertReceiverSecretName(platform, 'production', 'pagerduty'),
      'your-app/production/alertmanager/pagerduty',
    ],
    [
      'alertReceiverSecretName qa',
      () => alertReceiverSecretName(platform, 'qa', 'heartbeat'),
      'your-app/qa/alertmanager/heartbeat',
    ],
    // infrastructure.md: IAM names are account-global, so the DR site's carry `-dr`; disaster-recovery.md: the
    // add-ons' IRSA roles `your-app-production-dr-<add-on>`.
    [
      'siteResourceName primary',
      () => siteResourceName(platform, 'production', 'primary', 'external-dns'),
      'your-app-production-external-dns',
    ],
    [
      'siteResourceName dr',
      () => siteResourceName(platform, 'production', 'dr', 'external-dns'),
      'your-app-production-dr-external-dns',
    ],
    // disaster-recovery.md "Failover": the DR cluster's External Secrets role `<app>-<env>-dr-external-secrets`.
    [
      'externalSecretsRoleName dr site',
      () => externalSecretsRoleName(platform, 'production', 'dr'),
      'your-app-production-dr-external-secrets',
    ],
    [
      'externalSecretsRoleName primary site',
      () => externalSecretsRoleName(platform, 'production', 'primary'),
      'your-app-production-external-secrets',
    ],
    // disaster-recovery.md "Failover" 9 and README "Deploy" 10: the public host and each region's host.
    ['publicHost', () => publicHost('api', platform.environments.production.domain), 'api.your-app.example.com'],
    ['publicHost qa', () => publicHost('api', platform.environments.qa.domain), 'api.qa.your-app.example.com'],
    [
      'regionalHost',
      () => regionalHost('api', 'eu-central-1', platform.environments.production.domain),
      'api.eu-central-1.your-app.example.com',
    ],
    [
      'regionalHost qa',
      () => regionalHost('api', 'eu-west-1', platform.environments.qa.domain),
      'api.eu-west-1.qa.your-app.example.com',
    ],
    // sop-02-database-failover.md: the replica's stable name `postgres-replica.production.your-app.internal`, next
    // to the primary's `postgres.<env>.<app>.internal` (README "Derived defaults").
    [
      'replicaHost',
      () => replicaHost(platform.environments.production.database.host),
      'postgres-replica.production.your-app.internal',
    ],
    // sop-01-database-restore-drill.md: the drill's role, parameter, instance, namespace and RBAC group.
    ['sopDrillRoleName', () => sopDrillRoleName(platform, 'production'), 'your-app-production-ci-sop-drill'],
    ['sopDrillParameterName', () => sopDrillParameterName(platform, 'production'), '/your-app/production/sop-drill'],
    [
      'sopDrillInstanceIdentifier',
      () => sopDrillInstanceIdentifier(platform, 'production'),
      'your-app-production-sop-drill',
    ],
    ['sopDrillNamespace', () => sopDrillNamespace(platform), 'your-app-sop-drill'],
    ['sopDrillGroup', () => sopDrillGroup(platform), 'your-app-sop-drill'],
  ])('%s', (_name, name, expected) => {
    expect(name()).toBe(expected);
  });

  it('gives production a primary and a DR site, in its two regions, and qa its primary one', () => {
    expect(environmentSites(platform, 'production')).toEqual(['primary', 'dr']);
    expect(environmentRegions(platform, 'production')).toEqual(['eu-west-1', 'eu-central-1']);
    expect(siteRegion(platform, 'production', 'dr')).toBe('eu-central-1');
    expect(environmentSites(platform, 'qa')).toEqual(['primary']);
    expect(environmentRegions(platform, 'qa')).toEqual(['eu-west-1']);
  });

  it('refuses the DR region of an environment that has none, naming the field', () => {
    expect(() => siteRegion(platform, 'qa', 'dr')).toThrow('environments.qa.aws.dr: is required for a DR site');
  });
});

describe('the serving site (disaster-recovery.md, "Failover": `aws.dr.promoted` switches production to its DR site)', () => {
  it.each([
    ['production before the failover', defaultPlatform, 'production', 'primary', 'eu-west-1'],
    ['qa, which has no DR region', defaultPlatform, 'qa', 'primary', 'eu-west-1'],
    ['production after the failover', promoted, 'production', 'dr', 'eu-central-1'],
    ['staging, untouched by the failover of production', promoted, 'staging', 'primary', 'eu-west-1'],
  ] as const)('%s', (_, platform, environment, site, region) => {
    const env = platform.environments[environment];
    expect(servingSite(env)).toBe(site);
    expect(servingRegion(env).region).toBe(region);
  });

  it.each([
    // The app reads its secrets through the serving site's role, so it keeps reading them after a failover.
    ['before the failover', defaultPlatform, 'your-app-production-external-secrets'],
    ['after the failover', promoted, 'your-app-production-dr-external-secrets'],
  ])("names the serving site's External Secrets role %s", (_, platform, role) => {
    expect(externalSecretsRoleName(platform, 'production')).toBe(role);
  });

  it("takes the DR region's network plan once promoted (the cluster layer deploys there)", () => {
    const dr = servingRegion(promoted.environments.production);
    expect(dr.network.vpcCidr).toBe('10.40.0.0/16');
    expect(servingRegion(defaultPlatform.environments.production).network.vpcCidr).toBe('10.30.0.0/16');
  });
});
