import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { SUBNET_TIERS, type SubnetTier } from '../../src/config';
import { baseName, globalName, zonalName, type InfraContext } from '../context';
import { ServiceRole } from './service-role';

export interface NetworkProps {
  readonly context: InfraContext;
  /**
   * One NAT gateway per zone, so losing a zone never cuts the others off the internet; otherwise a single
   * NAT gateway in the first zone.
   * @default true
   */
  readonly natGatewayPerZone?: boolean;
  /**
   * Days the VPC flow logs are kept.
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
}

/** Kubernetes subnet discovery: the AWS Load Balancer Controller places internet-facing ALBs in `elb` subnets. */
const TIER_TAGS: Record<SubnetTier, Record<string, string>> = {
  public: { 'kubernetes.io/role/elb': '1' },
  private: { 'kubernetes.io/role/internal-elb': '1' },
  database: {},
  cache: {},
};

/**
 * The VPC of one region plan: for every zone a public, private, database and cache subnet with the CIDRs of
 * the network plan (the same plan the NetworkPolicies admit). Only public subnets route to the internet
 * gateway; private subnets leave through NAT; database and cache subnets have no route out at all.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  /** Subnet ids per tier, in the order of the region plan's zones. */
  readonly subnetIds: Record<SubnetTier, string[]>;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const ctx = props.context;
    const { zones, network } = ctx.region;
    const name = baseName(ctx);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: network.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    // Adopting the default security group with no rules closes it: nothing can use it by accident.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default` },
    });

    const subnets = {} as Record<SubnetTier, Subnet[]>;
    for (const tier of SUBNET_TIERS) {
      subnets[tier] = zones.map(
        (zone, i) =>
          new Subnet(this, `subnet-${tier}-${zone}`, {
            vpcId: this.vpc.id,
            availabilityZone: zone,
            cidrBlock: network.subnets[tier][i],
            // Even public subnets hand out no public IPs: only load balancers and NAT gateways live there.
            mapPublicIpOnLaunch: false,
            tags: { Name: zonalName(ctx, tier, zone), tier, ...TIER_TAGS[tier] },
          }),
      );
    }
    this.subnetIds = Object.fromEntries(SUBNET_TIERS.map((tier) => [tier, subnets[tier].map((s) => s.id)])) as Record<
      SubnetTier,
      string[]
    >;

    const gateway = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'route-table-public', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }],
      tags: { Name: `${name}-public` },
    });
    this.associate('public', subnets.public, zones, () => publicRoutes);

    const natZones = (props.natGatewayPerZone ?? true) ? zones : zones.slice(0, 1);
    const natGateways = natZones.map((zone, i) => {
      const address = new Eip(this, `nat-address-${zone}`, { domain: 'vpc', tags: { Name: `${name}-${zone}` } });
      return new NatGateway(this, `nat-gateway-${zone}`, {
        allocationId: address.allocationId,
        subnetId: subnets.public[i].id,
        tags: { Name: `${name}-${zone}` },
        dependsOn: [gateway],
      });
    });
    const privateRoutes = zones.map(
      (zone, i) =>
        new RouteTable(this, `route-table-private-${zone}`, {
          vpcId: this.vpc.id,
          route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: natGateways[Math.min(i, natGateways.length - 1)].id }],
          tags: { Name: zonalName(ctx, 'private', zone) },
        }),
    );
    this.associate('private', subnets.private, zones, (i) => privateRoutes[i]);

    for (const tier of ['database', 'cache'] as const) {
      // An explicit empty route list: Terraform removes any route added by hand, keeping the tier isolated.
      const isolated = new RouteTable(this, `route-table-${tier}`, {
        vpcId: this.vpc.id,
        route: [],
        tags: { Name: `${name}-${tier}` },
      });
      this.associate(tier, subnets[tier], zones, () => isolated);
    }

    this.flowLogs(ctx, props.flowLogRetentionDays ?? 90);
  }

  private associate(tier: SubnetTier, subnets: Subnet[], zones: string[], table: (i: number) => RouteTable): void {
    subnets.forEach((subnet, i) => {
      new RouteTableAssociation(this, `route-table-association-${tier}-${zones[i]}`, {
        subnetId: subnet.id,
        routeTableId: table(i).id,
      });
    });
  }

  /** Every accepted and rejected flow of the VPC, for incident forensics. */
  private flowLogs(ctx: InfraContext, retentionInDays: number): void {
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc-flow-log/${baseName(ctx)}`,
      retentionInDays,
    });
    const role = new ServiceRole(this, 'flow-log-role', {
      name: globalName(ctx, 'vpc-flow-log'),
      service: 'vpc-flow-logs.amazonaws.com',
      inlinePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
        ],
      },
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.role.arn,
      maxAggregationInterval: 60,
      tags: { Name: baseName(ctx) },
    });
  }
}
