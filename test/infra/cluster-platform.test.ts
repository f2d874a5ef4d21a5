/**
 * What infra gives the cluster's add-ons, checked against what the cluster layer expects of it: the EKS managed
 * add-ons (network policy enforcement before any node joins), the certificate that covers every host of the app's
 * Ingress in each region, the public names and their failover, the web ACL, the access log bucket and the VPC name
 * the load balancer controller looks for. The DR region runs a cluster only after a failover (`aws.dr.promoted`):
 * its platform is checked in the DR stack of the promoted platform, and the pilot light must have none of it.
 */
import {
  accessLogsBucketName,
  awsWorkloads,
  environmentRegions,
  lokiBucketName,
  publicHost,
  regionalHost,
  siteResourceName,
  vpcName,
  webAclName,
} from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { environmentObjects } from '../helpers/manifests';
import { applications, helmSourceOf } from '../helpers/addon-renders';
import {
  allResources,
  platform,
  primaryStackName,
  PRODUCTION,
  promotedPlatform,
  promotedStack,
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
  ...ENVIRONMENTS.map((env) => ({ title: primaryStackName(env), env, region: 'primary' as const })),
  // The DR cluster and its platform exist once the failover switch is set: the promoted DR stack builds them.
  { title: `${RECOVERY} after a failover (aws.dr.promoted)`, env: 'production', region: 'dr' as const },
];

describe.each(cases)('$title', ({ env, region }) => {
  const site = region === 'primary' ? platform : promotedPlatform;
  const config = region === 'primary' ? stack(primaryStackName(env)) : promotedStack(RECOVERY);
  const environment = site.environments[env];
  const awsRegion = region === 'primary' ? environment.aws.region : (environment.aws.dr?.region as string);
  const addonValues = (name: string) =>
    helmSourceOf(applications(site, { environment: env, region }).find((a) => a.metadata.name === name)!)!.helm
      .valuesObject as any;
  const lbcValues = addonValues('aws-load-balancer-controller');

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
    const hosts = environmentObjects(site, env, 'app')
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
    if (region === 'primary') {
      const records = single(config, 'aws_route53_record', (r) => r.for_each !== undefined);
      expect(records.allow_overwrite).toBe(true);
      expect(records.for_each).toContain(`aws_acm_certificate.${name}.domain_validation_options`);
      expect(validation.validation_record_fqdns).toContain('aws_route53_record');
    } else {
      // ACM's validation record is one per domain name and account, valid in every region: the primary stack's
      // records validate a certificate of the same names here, and a drill's teardown of this stack leaves them.
      const primary = single(stack(primaryStackName(env)), 'aws_acm_certificate');
      expect([certificate.domain_name, ...certificate.subject_alternative_names]).toEqual([
        primary.domain_name,
        ...primary.subject_alternative_names,
      ]);
      expect(resourceList(config, 'aws_route53_record').filter((r) => r.for_each !== undefined)).toEqual([]);
      expect(validation).not.toHaveProperty('validation_record_fqdns');
    }
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

  it("keeps Loki's chunks in its region's bucket, the one the loki Application names", () => {
    const name = lokiBucketName(platform, env, awsRegion);
    expect(addonValues('loki').loki.storage.bucketNames.chunks).toBe(name);
    expect(resourceList(config, 'aws_s3_bucket').filter((b) => b.bucket === name)).toHaveLength(1);
  });
});

describe(`${RECOVERY} before a failover (the pilot light)`, () => {
  const pilot = stack(RECOVERY);
  const promoted = promotedStack(RECOVERY);
  const env = platform.environments.production;
  const drRegion = env.aws.dr!.region;
  /** What the DR cluster's add-ons need from AWS, each as a test of a synthesized DR stack. */
  const platformParts: [string, (c: Block) => boolean][] = [
    ['the cluster', (c) => resourceList(c, 'aws_eks_cluster').length > 0],
    ['the EKS managed add-ons', (c) => resourceList(c, 'aws_eks_addon').length > 0],
    ['the certificate', (c) => resourceList(c, 'aws_acm_certificate').length > 0],
    ['the web ACL', (c) => resourceList(c, 'aws_wafv2_web_acl').length > 0],
    [
      'the access log and Loki buckets',
      (c) =>
        resourceList(c, 'aws_s3_bucket').some((b) =>
          [accessLogsBucketName, lokiBucketName].some((name) => b.bucket === name(platform, 'production', drRegion)),
        ),
    ],
    ['the lookup of the public zone', (c) => Object.keys(c.data?.aws_route53_zone ?? {}).length > 0],
    [
      'the IRSA roles of the add-ons',
      (c) =>
        resourceList(c, 'aws_iam_role').some((r) =>
          Object.values(awsWorkloads(platform)).some(
            (w) => r.name === siteResourceName(platform, 'production', 'dr', w.rolePurpose),
          ),
        ),
    ],
    [
      'anything of the platform construct',
      (c) => allResources(c).some((r) => r.name.startsWith('environment_platform_')),
    ],
  ];

  it.each(platformParts)('runs no cluster, so it has not %s yet: the failover creates it', (_, exists) => {
    expect(exists(pilot)).toBe(false);
    expect(exists(promoted)).toBe(true);
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
        // Each side of the pair answers only while the health check of its regional name passes: the DR region's
        // name resolves only once a failover has built its cluster, so until then Route 53 keeps the primary's.
        for (const [type, host] of [
          ['PRIMARY', regionalHost(service, regions[0], environment.domain)],
          ['SECONDARY', regionalHost(service, regions[1], environment.domain)],
        ]) {
          const record = records.find((r) => r.failover_routing_policy?.type === type) as Block;
          expect(record.records).toEqual([host]);
          const checks = Object.entries(resources(config, 'aws_route53_health_check')).filter(
            ([, c]) => c.fqdn === host,
          );
          expect(checks).toHaveLength(1);
          const [checkName, check] = checks[0];
          expect(record.health_check_id).toBe(ref('aws_route53_health_check', checkName, 'id'));
          expect(check).toMatchObject({
            type: 'HTTPS',
            port: 443,
            resource_path: definition.health.readinessPath,
            enable_sni: true,
          });
        }
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
