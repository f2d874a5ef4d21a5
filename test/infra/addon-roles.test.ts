/**
 * The roles the add-ons assume agree with the cluster layer, like the network plan does: every role ARN an add-on's
 * values or objects name is a role of the stack that builds that cluster (the primary stack for the primary cluster,
 * the DR stack after a failover for the DR one: the pilot light runs no cluster and has none of them), named by the
 * same function, trusting exactly the ServiceAccount that carries the ARN; and each role may do only what its add-on
 * needs.
 */
import { awsWorkloads, siteResourceName, lokiBucketName, type AwsWorkload } from '../../src/config';
import {
  applications,
  addonManifests,
  clusterName,
  clusters,
  helmSourceOf,
  type Cluster,
} from '../helpers/addon-renders';
import {
  parsePolicy,
  platform,
  primaryStackName,
  PRODUCTION,
  promotedStack,
  RECOVERY,
  ref,
  resourceList,
  resources,
  stack,
  type Block,
} from './synth';

const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Every ServiceAccount of the cluster that names a role: in the add-ons' values, and in the objects beside them. */
function annotatedAccounts(cluster: Cluster): { namespace: string; name: string; roleArn: string }[] {
  const found: { namespace: string; name: string; roleArn: string }[] = [];
  for (const app of applications(platform, cluster)) {
    const source = helmSourceOf(app);
    if (!source) continue;
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, any>;
      const arn = object.annotations?.[ROLE_ANNOTATION];
      // The charts' ServiceAccount values: { create, name, annotations } (rbac.serviceAccount for the autoscaler).
      if (typeof arn === 'string')
        found.push({ namespace: app.spec.destination.namespace, name: object.name, roleArn: arn });
      Object.values(object).forEach(visit);
    };
    visit(source.helm.valuesObject);
  }
  for (const object of addonManifests(platform, cluster)) {
    const arn = object.metadata.annotations?.[ROLE_ANNOTATION];
    if (arn) found.push({ namespace: object.metadata.namespace as string, name: object.metadata.name, roleArn: arn });
  }
  return found;
}

/** The stack that builds a cluster: the DR cluster exists only once the DR stack is promoted (`aws.dr.promoted`). */
function stackOf(cluster: Cluster): Block {
  return cluster.region === 'primary' ? stack(primaryStackName(cluster.environment)) : promotedStack(RECOVERY);
}

/** IAM name of a role ARN. */
const roleNameOf = (arn: string) => arn.slice(arn.indexOf(':role/') + ':role/'.length);

/** The role, its trust and its permissions, by IAM name. */
function role(config: Block, roleName: string) {
  const entry = Object.entries(config.resource.aws_iam_role as Record<string, Block>).find(
    ([, r]) => r.name === roleName,
  );
  if (!entry) throw new Error(`no aws_iam_role named ${roleName}`);
  const [name, body] = entry;
  const inline = resourceList(config, 'aws_iam_role_policy').find((p) => p.role === ref('aws_iam_role', name, 'id'));
  const managed = resourceList(config, 'aws_iam_role_policy_attachment')
    .filter((a) => a.role === ref('aws_iam_role', name, 'name'))
    .map((a) => a.policy_arn as string);
  return { name, trust: parsePolicy(body.assume_role_policy), policy: inline && parsePolicy(inline.policy), managed };
}

function subjectOf(trust: Block): string {
  const conditions = trust.Statement[0].Condition.StringEquals as Record<string, string>;
  return Object.entries(conditions).find(([key]) => key.endsWith(':sub'))?.[1] as string;
}

describe.each(clusters(platform).map((c) => [clusterName(c), c] as const))('%s cluster', (_, cluster: Cluster) => {
  const config = stackOf(cluster);
  const accounts = annotatedAccounts(cluster);
  const account = platform.environments[cluster.environment].aws.accountId;
  const purposes = Object.values(awsWorkloads(platform)).map((w: AwsWorkload) => w.rolePurpose);

  it('names roles in its add-ons', () => {
    expect(accounts.length).toBeGreaterThanOrEqual(7);
  });

  it.each(accounts.map((a) => [`${a.namespace}/${a.name}`, a] as const))(
    '%s: assumes a role of the stack, named by siteResourceName, that trusts exactly it',
    (__, { namespace, name, roleArn }) => {
      const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      expect(match?.[1]).toBe(account);
      const roleName = match?.[2] as string;
      const purpose = purposes.find(
        (p) => siteResourceName(platform, cluster.environment, cluster.region, p) === roleName,
      );
      expect({ roleName, purpose: purpose !== undefined }).toEqual({ roleName, purpose: true });
      const { trust } = role(config, roleName);
      expect(subjectOf(trust)).toBe(`system:serviceaccount:${namespace}:${name}`);
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    },
  );
});

describe('the DR cluster before a failover', () => {
  it('finds none of its add-on roles in the pilot light: the failover creates each of them', () => {
    const drCluster = clusters(platform).find((c) => c.region === 'dr') as Cluster;
    const named = [...new Set(annotatedAccounts(drCluster).map((a) => roleNameOf(a.roleArn)))];
    expect(named.length).toBeGreaterThanOrEqual(7);
    const roles = (config: Block) => resourceList(config, 'aws_iam_role').map((r) => r.name as string);
    expect(named.filter((name) => roles(stack(RECOVERY)).includes(name))).toEqual([]);
    expect(named.filter((name) => !roles(promotedStack(RECOVERY)).includes(name))).toEqual([]);
  });
});

describe('least privilege of each add-on role (production)', () => {
  const config = stack(PRODUCTION);
  const env = platform.environments.production;
  const named = (purpose: string) => role(config, siteResourceName(platform, 'production', 'primary', purpose));
  const statements = (purpose: string) => named(purpose).policy?.Statement as Block[];

  it('external-dns: changes only the names of its region in the environment zone', () => {
    const [change, read, list] = statements('external-dns');
    expect(change.Action).toBe('route53:ChangeResourceRecordSets');
    expect(change.Condition).toEqual({
      'ForAllValues:StringLike': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`*.${env.aws.region}.${env.domain}`],
      },
    });
    expect(change.Resource).toBe(read.Resource);
    expect(list).toMatchObject({ Action: 'route53:ListHostedZones', Resource: '*' });
  });

  it('Argo Rollouts: only reads the load balancers', () => {
    const actions = statements('argo-rollouts').flatMap((s) => s.Action);
    expect(actions.length).toBe(6);
    for (const action of actions) expect(action).toMatch(/^elasticloadbalancing:Describe/);
  });

  it('the secret stores: exactly their own secrets, decrypted through Secrets Manager only', () => {
    const secrets = resources(config, 'aws_secretsmanager_secret');
    const arnOf = (predicate: (s: Block) => boolean) =>
      Object.entries(secrets)
        .filter(([, s]) => predicate(s))
        .map(([name]) => ref('aws_secretsmanager_secret', name, 'arn'))
        .sort();
    const [read, decrypt] = statements('alertmanager-secrets');
    expect([...read.Resource].sort()).toEqual(arnOf((s) => s.name.includes('/alertmanager/')));
    expect(decrypt.Condition).toEqual({
      StringEquals: { 'kms:ViaService': `secretsmanager.${env.aws.region}.amazonaws.com` },
    });
    const [exporterRead] = statements('exporter-secrets');
    expect(exporterRead.Resource).toHaveLength(2);
    expect(exporterRead.Resource).toContain(arnOf((s) => s.name === env.redis.authSecret)[0]);
  });

  it('the VPC CNI: its own role with the CNI policy, which the nodes no longer have', () => {
    expect(named('vpc-cni').managed).toEqual(['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy']);
    const nodes = role(config, 'your-app-production-eks-node');
    expect(nodes.managed.some((arn) => arn.endsWith('AmazonEKS_CNI_Policy'))).toBe(false);
  });

  it('the EBS CSI driver: the managed EBS CSI policy', () => {
    expect(named('ebs-csi-driver').managed).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']);
  });

  it('the load balancer controller: may list the web ACLs to find the one the IngressClassParams name', () => {
    const actions = (named('aws-load-balancer-controller').policy?.Statement as Block[]).flatMap((s) => s.Action);
    expect(actions).toContain('wafv2:ListWebACLs');
    expect(actions).toContain('wafv2:AssociateWebACL');
  });

  it("Loki: its region's bucket and that bucket's key only", () => {
    const [list, objects, key] = statements('loki');
    const bucketName = lokiBucketName(platform, 'production', env.aws.region);
    const [bucket] = Object.entries(resources(config, 'aws_s3_bucket')).filter(([, b]) => b.bucket === bucketName);
    const arn = ref('aws_s3_bucket', bucket[0], 'arn');
    expect(list).toMatchObject({ Action: 's3:ListBucket', Resource: arn });
    expect(objects).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${arn}/*`,
    });
    expect(key.Condition).toEqual({ StringEquals: { 'kms:ViaService': `s3.${env.aws.region}.amazonaws.com` } });
  });
});
