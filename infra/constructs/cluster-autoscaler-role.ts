import { Construct } from 'constructs';
import { awsWorkloads, clusterName } from '../../src/config';
import type { InfraContext } from '../context';
import { clusterAutoscalerPolicy } from '../policies/cluster-autoscaler';
import { WorkloadRole } from './workload-role';

export interface ClusterAutoscalerRoleProps {
  readonly context: InfraContext;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHostPath: string;
}

/**
 * The role of the Kubernetes Cluster Autoscaler, which grows the node groups of the zones that still have
 * capacity when a zone is lost (one managed node group per zone, `--balance-similar-node-groups`).
 */
export class ClusterAutoscalerRole extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const role = new WorkloadRole(this, 'Default', {
      ...props,
      workload: awsWorkloads(ctx.platform)['cluster-autoscaler'],
      policy: clusterAutoscalerPolicy(clusterName(ctx.platform, ctx.envName)),
    });
    this.roleArn = role.roleArn;
  }
}
