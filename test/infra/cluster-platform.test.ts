/**
 * What infra gives the cluster's add-ons, checked against what the cluster layer expects of it: the EKS managed
 * add-ons (network policy enforcement before any node joins), the certificate that covers every host of the app's
 * Ingress in each region, the public names and their failover, the web ACL, the access log bucket and the VPC name
 * the load balancer controller looks for.
 */
import {
  accessLogsBucketName,
  environmentRegions,
  publicHost,
  regionalHost,
  vpcName,
  webAclName,
} from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { environmentObjects } from '../helpers/manifests';
import { applications, helmSourceOf } from '../helpers/addon-renders';
import {
  platform,
  primaryStackName,
  PRODUCTION,
  RECOVERY,
  ref,
  resourceList,
  resources,
  single,
  stack,
  type Block,
} from './synth';

const publicServices = Object.entries(platform.services).filter(
  ([, d]) => d.kind === 'http' && d.exposure === 'public',
) as [string, { health: { readinessPath: string } }][];

/** Whether an ACM domain name (possibly `*.`) covers a host, as ACM and the controller's discovery match them. */
function covers(domain: string, host: string): boolean {
  return domain.startsWith('*.') ? host.slice(host.indexOf('.') + 1) === domain.slice(2) : domain === host;
}

const cases = [
  ...ENVIRONMENTS.map((env) => ({ stackName: primaryStackName(env), env, region: 'primary' as const })),
  { stackName: RECOVERY, env: 'production', region: 'dr' as const },
];

describe.each(cases)('$stackName', ({ stackName, env, region }) => {
  const config = stack(stackName);
  const environment = platform.environments[env];
  const awsRegion = region === 'primary' ? environment.aws.region : (environment.aws.dr?.region as string);
  const lbcValues = helmSourceOf(
    applications(platform, { environment: env, region }).find(
      (a) => a.metadata.name === 'aws-load-balancer-controller',
    )!,
  )!.helm.valuesObject as any;

  it('pins the EKS managed add-ons the platform file names, the VPC CNI enforcing NetworkPolicies', () => {
    const addons: Record<string, Block> = Object.fromEntries(
      resourceList(config, 'aws_eks_addon').map((a) => [a.addon_name, a]),
    );
    const versions = environment.cluster.addonVersions;
    expect(Object.fromEntries(Object.entries(addons).map(([name, a]) => [name, a.addon_version]))).toEqual({
      'vpc-cni': versions.vpcCni,
      coredns: versions.coredns,
      'kube-proxy': versions.kubeProxy,
      'eks-pod-identity-agent': versions.podIdentityAgent,
      'aws-ebs-csi-driver': versions.ebsCsiDriver,
    });
    expect(JSON.parse(addons['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(addons['vpc-cni'].service_account_role_arn).toMatch(/aws_iam_role\..*vpc-cni-role\.arn/);
    expect(addons['aws-ebs-csi-driver'].service_account_role_arn).toMatch(/aws_iam_role\..*ebs-csi-driver-role\.arn/);
  });

  it('starts the nodes after the network add-ons, and the Deployment add-ons after the nodes', () => {
    const addonRef = (name: string) =>
      `aws_eks_addon.${Object.entries(resources(config, 'aws_eks_addon')).find(([, a]) => a.addon_name === name)?.[0]}`;
    const groups = Object.keys(resources(config, 'aws_eks_node_group')).map((name) => `aws_eks_node_group.${name}`);
    expect(groups.length).toBe(environment.aws.zones.length);
    for (const group of resourceList(config, 'aws_eks_node_group')) {
      for (const addon of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'])
        expect(group.depends_on).toContain(addonRef(addon));
    }
    for (const addon of ['coredns', 'aws-ebs-csi-driver']) {
      expect(single(config, 'aws_eks_addon', (a) => a.addon_name === addon).depends_on).toEqual(groups);
    }
  });

  it("issues a DNS-validated certificate in its region that covers every host of the app's Ingress", () => {
    const certificate = single(config, 'aws_acm_certificate');
    const names = [certificate.domain_name, ...certificate.subject_alternative_names];
    const hosts = environmentObjects(platform, env, 'app')
      .filter((o) => o.kind === 'Ingress')
      .flatMap((i) => i.spec.rules.map((r: Block) => r.host));
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts)
      expect({ host, covered: names.some((n) => covers(n, host)) }).toEqual({ host, covered: true });
    expect(certificate.validation_method).toBe('DNS');
    expect(certificate.region ?? config.provider.aws[0].region).toBe(awsRegion);
    const [name] = Object.keys(resources(config, 'aws_acm_certificate'));
    const validation = single(config, 'aws_acm_certificate_validation');
    expect(validation.certificate_arn).toBe(ref('aws_acm_certificate', name, 'arn'));
    const records = single(config, 'aws_route53_record', (r) => r.for_each !== undefined);
    expect(records.allow_overwrite).toBe(true);
    expect(records.for_each).toContain(`aws_acm_certificate.${name}.domain_validation_options`);
  });

  it('creates the public zone only where the platform file says so, in the primary stack', () => {
    const zones = resourceList(config, 'aws_route53_zone').filter((z) => z.vpc === undefined);
    const creates = environment.dnsZone === 'create' && region === 'primary';
    expect(zones.map((z) => z.name)).toEqual(creates ? [environment.domain] : []);
    const lookups = Object.values(config.data?.aws_route53_zone ?? {}) as Block[];
    expect(lookups.map((z) => z.name)).toEqual(creates ? [] : [environment.domain]);
  });

  it('puts the web ACL the load balancer controller attaches by name in front of the ALBs: managed rules and a rate limit', () => {
    const acl = single(config, 'aws_wafv2_web_acl');
    expect(acl.name).toBe(webAclName(platform, env));
    expect(lbcValues.ingressClassParams.spec.wafv2AclName).toBe(acl.name);
    expect(acl.scope).toBe('REGIONAL');
    const rate = acl.rule.find((r: Block) => r.statement.rate_based_statement);
    expect(rate.statement.rate_based_statement).toEqual({
      limit: environment.edge.requestsPerIpPer5Minutes,
      aggregate_key_type: 'IP',
    });
    expect(rate.action).toEqual({ block: {} });
    const groups = acl.rule.filter((r: Block) => r.statement.managed_rule_group_statement);
    expect(groups.map((r: Block) => r.statement.managed_rule_group_statement.name)).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']),
    );
  });

  it('keeps the ALB access logs in an SSE-S3 bucket, the one the IngressClassParams name, written only by ELB', () => {
    const name = accessLogsBucketName(platform, env, awsRegion);
    const attributes = Object.fromEntries(
      lbcValues.ingressClassParams.spec.loadBalancerAttributes.map((a: Block) => [a.key, a.value]),
    );
    expect(attributes['access_logs.s3.bucket']).toBe(name);
    const [bucket] = Object.entries(resources(config, 'aws_s3_bucket')).find(([, b]) => b.bucket === name) as [
      string,
      Block,
    ];
    const id = ref('aws_s3_bucket', bucket, 'id');
    const sse = single(config, 'aws_s3_bucket_server_side_encryption_configuration', (e) => e.bucket === id);
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    const policy = JSON.parse(
      single(config, 'aws_s3_bucket_policy', (p) => p.bucket === id).policy.replace(/\$\{[^}]*\}/g, 'X'),
    );
    const writers = policy.Statement.filter((s: Block) => s.Effect === 'Allow').map((s: Block) => s.Action);
    expect(writers).toEqual(['s3:PutObject', 's3:PutObject']);
    expect(policy.Statement.some((s: Block) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  it('protects the ALBs against deletion as the profile says', () => {
    const attributes = Object.fromEntries(
      lbcValues.ingressClassParams.spec.loadBalancerAttributes.map((a: Block) => [a.key, a.value]),
    );
    expect(attributes['deletion_protection.enabled']).toBe(String(environment.edge.deletionProtection));
  });

  it('names its VPC as the load balancer controller looks it up', () => {
    expect(single(config, 'aws_vpc').tags.Name).toBe(vpcName(platform, env));
    expect(lbcValues.vpcTags).toEqual({ Name: vpcName(platform, env) });
  });
});

describe('public names (Route 53 is global: the primary stacks own them)', () => {
  it.each(ENVIRONMENTS)(
    '%s: each public service resolves to its regional name, failing over where there is a DR region',
    (env) => {
      const config = stack(primaryStackName(env));
      const environment = platform.environments[env];
      const regions = environmentRegions(platform, env);
      expect(publicServices.length).toBeGreaterThan(0);
      for (const [service, definition] of publicServices) {
        const records = resourceList(config, 'aws_route53_record').filter(
          (r) => r.name === publicHost(service, environment.domain),
        );
        expect(records.every((r) => r.type === 'CNAME' && r.ttl <= 60)).toBe(true);
        if (regions.length === 1) {
          expect(records.map((r) => r.records)).toEqual([[regionalHost(service, regions[0], environment.domain)]]);
          continue;
        }
        const primary = records.find((r) => r.failover_routing_policy?.type === 'PRIMARY') as Block;
        const secondary = records.find((r) => r.failover_routing_policy?.type === 'SECONDARY') as Block;
        expect(primary.records).toEqual([regionalHost(service, regions[0], environment.domain)]);
        expect(secondary.records).toEqual([regionalHost(service, regions[1], environment.domain)]);
        const [checkName, check] = Object.entries(resources(config, 'aws_route53_health_check'))[0];
        expect(primary.health_check_id).toBe(ref('aws_route53_health_check', checkName, 'id'));
        expect(check).toMatchObject({
          type: 'HTTPS',
          fqdn: regionalHost(service, regions[0], environment.domain),
          port: 443,
          resource_path: definition.health.readinessPath,
          enable_sni: true,
        });
      }
    },
  );

  it('are not in the recovery stack', () => {
    expect(resourceList(stack(RECOVERY), 'aws_route53_health_check')).toEqual([]);
    expect(resourceList(stack(RECOVERY), 'aws_route53_record').filter((r) => r.failover_routing_policy)).toEqual([]);
    expect(resourceList(stack(PRODUCTION), 'aws_route53_record').filter((r) => r.failover_routing_policy)).toHaveLength(
      2,
    );
  });
});
