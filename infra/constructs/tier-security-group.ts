import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export interface TierSecurityGroupProps {
  /** `your-app-production-database`. */
  readonly name: string;
  readonly vpcId: string;
  /** TCP port of the service. */
  readonly port: number;
  /** Source CIDRs: the private subnets, where nodes and pods live. */
  readonly sourceCidrs: readonly string[];
}

/**
 * Security group of a data tier: one TCP port from the private subnets and no egress at all (the AWS
 * provider removes the default allow-all egress rule, and no rule puts it back).
 */
export class TierSecurityGroup extends Construct {
  readonly group: SecurityGroup;

  constructor(scope: Construct, id: string, props: TierSecurityGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, 'Default', {
      name: props.name,
      description: `${props.name}: port ${props.port} from the private subnets only`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    props.sourceCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `ingress-${i}`, {
        securityGroupId: this.group.id,
        ipProtocol: 'tcp',
        fromPort: props.port,
        toPort: props.port,
        cidrIpv4: cidr,
        description: `private subnet ${cidr}`,
        tags: { Name: `${props.name}-${cidr}` },
      });
    });
  }
}
