import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { Construct } from 'constructs';
import { globalName, partition, type InfraContext } from '../context';
import { policyDocument, type PolicyStatement } from '../policy';
import { ServiceRole } from './service-role';

export interface ClusterAdminAccessProps {
  readonly context: InfraContext;
  readonly cluster: EksCluster;
}

/**
 * A break-glass role that administers the cluster through an EKS access entry. The cluster creator's admin
 * access dies with that principal's session; this role lets the named principals (`cluster.breakGlassPrincipals`),
 * or else anyone the account's IAM policies allow and who signed in with MFA, administer the cluster, including a
 * DR cluster someone else deployed.
 */
export class ClusterAdminAccess extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ClusterAdminAccessProps) {
    super(scope, id);
    const ctx = props.context;
    const arn = partition(ctx.region.region);
    const { cluster } = props;
    const role = new ServiceRole(this, 'role', {
      name: globalName(ctx, 'cluster-admin'),
      trust: policyDocument(breakGlassTrust(ctx.env.cluster.breakGlassPrincipals, arn, ctx.env.aws.accountId)),
      // Enough for `aws eks update-kubeconfig`; inside the cluster the access entry decides.
      inlinePolicy: policyDocument({ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: cluster.arn }),
    });
    this.roleArn = role.role.arn;
    const entry = new EksAccessEntry(this, 'entry', {
      clusterName: cluster.name,
      principalArn: role.role.arn,
      type: 'STANDARD',
    });
    new EksAccessPolicyAssociation(this, 'policy', {
      clusterName: entry.clusterName,
      // Through the entry: EKS associates policies only with a principal that has an access entry.
      principalArn: entry.principalArn,
      policyArn: `arn:${arn}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: 'cluster' },
    });
  }
}

/**
 * Who may assume the break-glass role: exactly the named principals, or any principal of the account with an MFA
 * session (`aws:MultiFactorAuthPresent` is absent, not false, without MFA: `Bool` on an absent key does not match).
 */
function breakGlassTrust(principals: readonly string[], arn: string, account: string): PolicyStatement {
  if (principals.length > 0) {
    return { Effect: 'Allow', Principal: { AWS: [...principals] }, Action: 'sts:AssumeRole' };
  }
  return {
    Effect: 'Allow',
    Principal: { AWS: `arn:${arn}:iam::${account}:root` },
    Action: 'sts:AssumeRole',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  };
}
