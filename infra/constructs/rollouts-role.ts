import { Construct } from 'constructs';
import { awsWorkloads } from '../../src/config';
import type { InfraContext } from '../context';
import { policyDocument } from '../policy';
import { WorkloadRole, type ClusterOidc } from './workload-role';

export interface RolloutsRoleProps extends ClusterOidc {
  readonly context: InfraContext;
}

/**
 * The role of the Argo Rollouts controller, for ALB target-group verification: it only reads the load balancers
 * (argoproj/argo-rollouts@v1.9.1 docs/features/traffic-management/alb.md "IAM", used in utils/aws/aws.go). The
 * Describe actions of Elastic Load Balancing support no resource-level permissions, hence `*`.
 */
export class RolloutsRole extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: RolloutsRoleProps) {
    super(scope, id);
    const role = new WorkloadRole(this, 'Default', {
      ...props,
      workload: awsWorkloads(props.context.platform)['argo-rollouts'],
      policy: policyDocument({
        Sid: 'VerifyTargetGroups',
        Effect: 'Allow',
        Action: [
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTags',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        Resource: '*',
      }),
    });
    this.roleArn = role.roleArn;
  }
}
