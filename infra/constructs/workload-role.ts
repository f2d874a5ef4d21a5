import { Construct } from 'constructs';
import { siteResourceName, type AwsWorkload } from '../../src/config';
import { partition, siteOf, type InfraContext } from '../context';
import type { PolicyDocument } from '../policy';
import { IrsaRole } from './irsa-role';

/** The cluster's OIDC provider, which IRSA roles trust. */
export interface ClusterOidc {
  readonly oidcProviderArn: string;
  /** Issuer without `https://`: the prefix of the token's claim keys. */
  readonly oidcIssuerHostPath: string;
}

export interface WorkloadRoleProps extends ClusterOidc {
  readonly context: InfraContext;
  /** The workload (src/config/addons.ts): its ServiceAccount and the purpose its role is named after. */
  readonly workload: AwsWorkload;
  /** @default none */
  readonly policy?: PolicyDocument;
  /** @default none */
  readonly managedPolicies?: readonly string[];
}

/**
 * The IRSA role of one workload of this stack's cluster, named by `siteResourceName` as the cluster layer names it in
 * the workload's ServiceAccount (`-dr` in the recovery stack), trusting exactly that ServiceAccount.
 */
export class WorkloadRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const { workload } = props;
    this.roleName = siteResourceName(ctx.platform, ctx.envName, siteOf(ctx), workload.rolePurpose);
    const irsa = new IrsaRole(this, 'Default', {
      name: this.roleName,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: workload.serviceAccount.namespace,
      serviceAccount: workload.serviceAccount.name,
      policy: props.policy,
      managedPolicies: props.managedPolicies,
      partition: partition(ctx.region.region),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
