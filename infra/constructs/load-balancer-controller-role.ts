import { Construct } from 'constructs';
import { awsWorkloads } from '../../src/config';
import { partition, type InfraContext } from '../context';
import { loadBalancerControllerPolicy } from '../policies/aws-load-balancer-controller';
import { WorkloadRole } from './workload-role';

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
    const role = new WorkloadRole(this, 'Default', {
      ...props,
      workload: awsWorkloads(ctx.platform)['aws-load-balancer-controller'],
      policy: loadBalancerControllerPolicy(partition(ctx.region.region)),
    });
    this.roleArn = role.roleArn;
  }
}
