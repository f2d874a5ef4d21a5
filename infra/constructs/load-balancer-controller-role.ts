import { Construct } from 'constructs';
import { globalName, partition, type InfraContext } from '../context';
import { loadBalancerControllerPolicy } from '../policies/aws-load-balancer-controller';
import { IrsaRole } from './irsa-role';

/** Where the AWS Load Balancer Controller's Helm chart installs its ServiceAccount. */
const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = {
  namespace: 'kube-system',
  name: 'aws-load-balancer-controller',
};

export interface LoadBalancerControllerRoleProps {
  readonly context: InfraContext;
  readonly oidcProviderArn: string;
  readonly oidcIssuerHostPath: string;
}

/** The role of the AWS Load Balancer Controller, which turns the app's Ingress into an ALB. */
export class LoadBalancerControllerRole extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const irsa = new IrsaRole(this, 'Default', {
      name: globalName(ctx, 'aws-load-balancer-controller'),
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerHostPath: props.oidcIssuerHostPath,
      namespace: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT.namespace,
      serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT.name,
      policy: loadBalancerControllerPolicy(partition(ctx.region.region)),
    });
    this.roleArn = irsa.role.role.arn;
  }
}
