import { Construct } from 'constructs';
import { clusterName } from '../../src/config';
import { globalName, type InfraContext } from '../context';
import { clusterAutoscalerPolicy } from '../policies/cluster-autoscaler';
import { IrsaRole } from './irsa-role';

/** Where the Cluster Autoscaler's Helm chart (and upstream's example manifest) runs it. */
const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'cluster-autoscaler' };

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
    const irsa = new IrsaRole(this, 'Default', {
      name: globalName(ctx, 'cluster-autoscaler'),
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
      policy: clusterAutoscalerPolicy(clusterName(ctx.platform, ctx.envName)),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
