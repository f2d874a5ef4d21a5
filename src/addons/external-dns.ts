/**
 * external-dns: each cluster publishes its own regional name of every public service
 * (`api.eu-west-1.your-app.example.com`, `regionalHost`) as an alias of its ALB; only the cluster knows the ALB,
 * which the AWS Load Balancer Controller creates. The public name (`api.your-app.example.com`) is a Route 53 record
 * of infra that points at the regional names: a failover pair with a health check where the environment has a DR
 * region, so the two clusters never write the same record.
 * kubernetes-sigs/external-dns@external-dns-helm-chart-1.21.1 charts/external-dns/values.yaml (`domainFilters`,
 * `txtOwnerId`, `policy`, `extraArgs`, `env`; no region key, so AWS_DEFAULT_REGION); the domain filter is the
 * region's sub-domain, and `--aws-zone-match-parent` lets it write into the environment's zone above it
 * (kubernetes-sigs/external-dns@v0.21.0 provider/aws/aws.go, endpoint/domain_filter.go `MatchParent`).
 */
import { awsWorkloads, clusterName } from '../config';
import { irsaServiceAccount, monitoringLabels, regionOf, type AddOn } from './addon';

export const externalDns: AddOn = {
  name: 'external-dns',
  chart: { repoURL: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1' },
  wave: 3,
  namespace: () => 'kube-system',
  values: (ctx) => {
    const { platform, environment } = ctx;
    const region = regionOf(ctx);
    return {
      provider: { name: 'aws' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: region }],
      sources: ['ingress'],
      domainFilters: [`${region}.${platform.environments[environment].domain}`],
      // sync deletes the records of an Ingress that is gone; the TXT registry limits that to its own records.
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: `${clusterName(platform, environment)}-${region}`,
      extraArgs: ['--aws-zone-type=public', '--aws-zone-match-parent'],
      serviceAccount: irsaServiceAccount(ctx, awsWorkloads(platform)['external-dns']),
      serviceMonitor: { enabled: true, additionalLabels: monitoringLabels(platform) },
    };
  },
};
