import {
  EKS_SUPPORTED_VERSIONS,
  clusterName,
  externalSecretsRoleName,
  externalSecretsServiceAccountName,
  instanceArchitecture,
  siteResourceName,
} from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { OUTPUT } from '../../infra/outputs';
import {
  platform,
  primaryStackName,
  promotedPlatform,
  promotedStack,
  RECOVERY,
  ref,
  referencedName,
  resource,
  resourceList,
  single,
  stack,
  parsePolicy,
  synthesizeStacks,
  type Block,
} from './synth';
import { loadPlatform } from '../../src/config';
import { platformWith, setIn } from '../helpers/platform';
import { nonEmpty } from '../helpers/collections';

const CLUSTER = 'environment_eks_cluster';
const OIDC = 'environment_eks_oidc-provider';

/** The inline policy and the trust policy of the role whose IAM name is `roleName`. */
function role(config: Block, roleName: string): { name: string; trust: Block; policy: Block } {
  const [name, body] = Object.entries(config.resource.aws_iam_role).find(([, r]) => (r as Block).name === roleName) as [
    string,
    Block,
  ];
  const inline = single(config, 'aws_iam_role_policy', (p) => p.role === ref('aws_iam_role', name, 'id'));
  return { name, trust: parsePolicy(body.assume_role_policy), policy: parsePolicy(inline.policy) };
}

const issuer = `\${replace(aws_eks_cluster.${CLUSTER}.identity[0].oidc[0].issuer, 'https://', '')}`;

/** Every cluster: one per primary stack, and the DR stack's once the DR region is promoted. */
const cases = [
  ...ENVIRONMENTS.map((env) => ({
    stack: primaryStackName(env),
    site: 'primary' as const,
    env,
    zones: platform.environments[env].aws.zones,
    config: stack(primaryStackName(env)),
  })),
  {
    stack: RECOVERY,
    site: 'dr' as const,
    env: 'production',
    zones: platform.environments.production.aws.dr!.zones,
    config: promotedStack(RECOVERY),
  },
];

describe.each(cases)('EKS in $stack ($site site)', ({ stack: name, site, env, zones, config }) => {
  const cluster = resource(config, 'aws_eks_cluster', CLUSTER);
  const { cluster: sizing, namespace } = platform.environments[env];

  it('runs the configured Kubernetes version, which EKS supports, and stays on standard support', () => {
    expect(cluster.name).toBe(clusterName(platform, env));
    expect(cluster.version).toBe(sizing.kubernetesVersion);
    expect(EKS_SUPPORTED_VERSIONS).toContain(cluster.version);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'STANDARD' });
  });

  it("logs every control-plane log type into an encrypted group with the environment's retention", () => {
    expect([...cluster.enabled_cluster_log_types].sort()).toEqual(
      ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].sort(),
    );
    const group = single(config, 'aws_cloudwatch_log_group', (g) => g.name === `/aws/eks/${cluster.name}/cluster`);
    expect(group.retention_in_days).toBe(platform.environments[env].aws.logRetentionDays);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('encrypts Kubernetes secrets with a rotating customer key', () => {
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    const key = resource(
      config,
      'aws_kms_key',
      referencedName(cluster.encryption_config.provider.key_arn, 'aws_kms_key'),
    );
    expect(key.enable_key_rotation).toBe(true);
  });

  it('keeps the endpoint private, the public one open only to the configured CIDRs', () => {
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.public_access_cidrs).toEqual(sizing.publicAccessCidrs);
    expect(cluster.vpc_config.public_access_cidrs).not.toContain('0.0.0.0/0');
    expect(cluster.vpc_config.subnet_ids).toEqual(
      zones.map((zone) => ref('aws_subnet', `environment_network_subnet-private-${zone}`, 'id')),
    );
  });

  it('has one managed node group per zone, pinned to its private subnet, sized from the config', () => {
    const groups = resourceList(config, 'aws_eks_node_group');
    expect(groups.map((g) => g.subnet_ids)).toEqual(
      zones.map((zone) => [ref('aws_subnet', `environment_network_subnet-private-${zone}`, 'id')]),
    );
    for (const group of nonEmpty(groups)) {
      expect(group.scaling_config).toEqual({
        min_size: sizing.nodesPerZone.min,
        max_size: sizing.nodesPerZone.max,
        desired_size: sizing.nodesPerZone.min,
      });
      expect(group.instance_types).toEqual(sizing.nodeInstanceTypes);
      // An AL2023 image of the instance types' architecture (Graviton types take the ARM one).
      expect(group.ami_type).toMatch(/^AL2023_/);
      expect(group.ami_type.includes('ARM_64')).toBe(instanceArchitecture(sizing.nodeInstanceTypes[0]) === 'arm64');
    }
    const template = resourceList(config, 'aws_launch_template')[0];
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings[0].ebs.encrypted).toBe('true');
  });

  it('registers the OIDC provider that IRSA roles trust', () => {
    const provider = resource(config, 'aws_iam_openid_connect_provider', OIDC);
    expect(provider.url).toBe(`\${aws_eks_cluster.${CLUSTER}.identity[0].oidc[0].issuer}`);
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
  });

  it('lets only the External Secrets ServiceAccount read exactly the two secrets of the app', () => {
    // The name src/config/names.ts gives this site's role: the cluster layer annotates the same one.
    const { trust, policy } = role(config, externalSecretsRoleName(platform, env, site));
    expect(externalSecretsRoleName(platform, env, site)).toBe(
      siteResourceName(platform, env, site, 'external-secrets'),
    );
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: ref('aws_iam_openid_connect_provider', OIDC, 'arn') },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${externalSecretsServiceAccountName(platform)}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ]);
    const [read, decrypt, ...others] = policy.Statement;
    expect(read.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    expect(decrypt.Action).toBe('kms:Decrypt');
    const { aws, database, redis } = platform.environments[env];
    const region = site === 'dr' ? aws.dr!.region : aws.region;
    const viaSecretsManager = { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } };
    expect(decrypt.Condition).toEqual(viaSecretsManager);
    if (site === 'dr') {
      // The replica of the primary's secret: same name, a suffix this stack cannot know, the DR storage stack's key.
      expect(read.Resource[0]).toBe(
        `arn:aws:secretsmanager:${region}:${aws.accountId}:secret:${database.credentialsSecret}-??????`,
      );
      expect(others).toEqual([
        {
          Sid: 'DecryptReplicatedSecrets',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: `arn:aws:kms:${region}:${aws.accountId}:key/*`,
          Condition: {
            ...viaSecretsManager,
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [`alias/${platform.app.name}-${env}-secrets`] },
          },
        },
      ]);
      expect(decrypt.Resource).toHaveLength(1);
    } else {
      const secret = resource(config, 'aws_secretsmanager_secret', 'database-credentials_secret');
      expect(secret.name).toBe(database.credentialsSecret);
      expect(read.Resource[0]).toBe(ref('aws_secretsmanager_secret', 'database-credentials_secret', 'arn'));
      expect(decrypt.Resource).toEqual([secret.kms_key_id, expect.any(String)]);
      expect(others).toEqual([]);
    }
    // The second secret is the Redis AUTH token of this region's cache, under the config's name.
    const [, redisSecretArn] = read.Resource;
    const redisSecretId = /^\$\{aws_secretsmanager_secret\.(.+)\.arn\}$/.exec(redisSecretArn)![1];
    const redisSecret = resource(config, 'aws_secretsmanager_secret', redisSecretId);
    expect(redisSecret.name).toBe(redis.authSecret);
    expect(decrypt.Resource[decrypt.Resource.length - 1]).toBe(redisSecret.kms_key_id);
    expect(read.Resource).toHaveLength(2);
  });

  it('gives the AWS Load Balancer Controller its upstream permissions, limited to what it tags', () => {
    const { trust, policy } = role(config, `${name}-aws-load-balancer-controller`);
    expect(trust.Statement[0].Condition.StringEquals[`${issuer}:sub`]).toBe(
      'system:serviceaccount:kube-system:aws-load-balancer-controller',
    );
    const actions = policy.Statement.flatMap((s: Block) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['elasticloadbalancing:CreateLoadBalancer', 'ec2:CreateSecurityGroup']),
    );
    const deletes = policy.Statement.filter((s: Block) =>
      [s.Action].flat().includes('elasticloadbalancing:DeleteLoadBalancer'),
    );
    expect(deletes).toEqual([
      expect.objectContaining({ Condition: { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } } }),
    ]);
    // IAM caps a role's inline policies at 10,240 characters.
    expect(JSON.stringify(policy).length).toBeLessThan(10240);
  });

  it("lets the Cluster Autoscaler scale only the Auto Scaling groups EKS tags as this cluster's", () => {
    const { name: roleId, trust, policy } = role(config, `${name}-cluster-autoscaler`);
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      [`${issuer}:sub`]: 'system:serviceaccount:kube-system:cluster-autoscaler',
      [`${issuer}:aud`]: 'sts.amazonaws.com',
    });
    const mutating = ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'];
    const [discover, scale] = policy.Statement;
    expect(policy.Statement).toHaveLength(2);
    // Auto-discovery reads the groups, their launch templates and the node groups, and changes nothing.
    expect(discover.Action).toEqual(
      expect.arrayContaining([
        'autoscaling:DescribeAutoScalingGroups',
        'ec2:DescribeLaunchTemplateVersions',
        'eks:DescribeNodegroup',
      ]),
    );
    expect(discover.Action.filter((a: string) => !/:(Describe|Get)/.test(a))).toEqual([]);
    // The tag EKS puts on every managed node group's Auto Scaling group (EKS user guide, managed node groups).
    expect(scale).toMatchObject({
      Action: mutating,
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster.name}`]: 'owned' } },
    });
    expect(config.output[OUTPUT.clusterAutoscalerRoleArn].value).toBe(ref('aws_iam_role', roleId, 'arn'));
    // It needs groups to grow: each zone's node group may grow past its minimum.
    for (const group of nonEmpty(resourceList(config, 'aws_eks_node_group'))) {
      expect(group.scaling_config.max_size).toBeGreaterThan(group.scaling_config.min_size);
    }
  });

  it('maps a break-glass role, assumed only with MFA, to cluster-admin, so anyone allowed can run a DR', () => {
    const { name: roleId, trust, policy } = role(config, `${name}-cluster-admin`);
    const { accountId } = platform.environments[env].aws;
    expect(platform.environments[env].cluster.breakGlassPrincipals).toEqual([]);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ]);
    expect(policy.Statement).toEqual([
      { Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: ref('aws_eks_cluster', CLUSTER, 'arn') },
    ]);
    // The SOP-01 drill role has an access entry of its own (test/infra/sop-drill.test.ts).
    const entry = single(config, 'aws_eks_access_entry', (e) => e.principal_arn === ref('aws_iam_role', roleId, 'arn'));
    expect(entry).toMatchObject({
      cluster_name: ref('aws_eks_cluster', CLUSTER, 'name'),
      principal_arn: ref('aws_iam_role', roleId, 'arn'),
      type: 'STANDARD',
    });
    const association = single(config, 'aws_eks_access_policy_association', (a) =>
      a.policy_arn.endsWith('/AmazonEKSClusterAdminPolicy'),
    );
    const entryId = referencedName(association.principal_arn, 'aws_eks_access_entry');
    expect(resource(config, 'aws_eks_access_entry', entryId)).toBe(entry);
    expect(association).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
    expect(cluster.access_config.authentication_mode).toBe('API');
    expect(config.output[OUTPUT.clusterAdminRoleArn].value).toBe(ref('aws_iam_role', roleId, 'arn'));
  });
});

describe.each(ENVIRONMENTS)('%s: the role the cluster layer annotates', (env) => {
  it('is the role the stack outputs, under the name src/config/names.ts gives it', () => {
    const config = stack(primaryStackName(env));
    const { name } = role(config, externalSecretsRoleName(platform, env));
    expect(config.output[OUTPUT.externalSecretsRoleArn].value).toBe(ref('aws_iam_role', name, 'arn'));
  });
});

describe('after a failover, the role the cluster layer annotates', () => {
  it("is the DR stack's, under the name src/config/names.ts gives the serving site", () => {
    const config = promotedStack(RECOVERY);
    const roleName = externalSecretsRoleName(promotedPlatform, 'production');
    expect(roleName).toBe(siteResourceName(promotedPlatform, 'production', 'dr', 'external-secrets'));
    const { name } = role(config, roleName);
    expect(config.output[OUTPUT.externalSecretsRoleArn].value).toBe(ref('aws_iam_role', name, 'arn'));
  });
});

describe('a break-glass role with named principals', () => {
  it('trusts exactly those principals', () => {
    const principals = ['arn:aws:iam::111111111111:role/oncall', 'arn:aws:iam::111111111111:user/alice'];
    const named = synthesizeStacks(
      loadPlatform(platformWith((d) => setIn(d, 'environments.qa.cluster.breakGlassPrincipals', principals))),
    );
    const config = named.get(primaryStackName('qa'))!.config;
    const { trust } = role(config, `${primaryStackName('qa')}-cluster-admin`);
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }]);
  });
});
