import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { SUBNET_TIERS, type SubnetTier } from '../../src/config';
import { arnIn, baseName, globalName, zonalName, type InfraContext } from '../context';
import { policyDocument } from '../policy';
import type { LogKey } from './log-key';
import { ServiceRole } from './service-role';
import { TierSecurityGroup } from './tier-security-group';

export interface NetworkProps {
  readonly context: InfraContext;
  /**
   * One NAT gateway per zone, so losing a zone never cuts the others off the internet; otherwise a single
   * NAT gateway in the first zone.
   * @default true
   */
  readonly natGatewayPerZone?: boolean;
  /** Encrypts the flow log group and sets its retention. */
  readonly logKey: LogKey;
}

/**
 * AWS APIs every node and pod needs, reached through interface endpoints in each zone's private subnet: IRSA
 * (STS), image pulls (ECR API and registry; the layers come from S3 through the gateway endpoint), External
 * Secrets (Secrets Manager) and logs. They keep working without NAT, whichever zone is lost.
 */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'secretsmanager', 'logs'] as const;

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
 * gateway; private subnets leave through NAT (their own zone's, when `natGatewayPerZone`) and reach the AWS
 * APIs through VPC endpoints in every zone; database and cache subnets have no route out at all.
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
    this.endpoints(ctx, subnets.private, privateRoutes);

    for (const tier of ['database', 'cache'] as const) {
      // An explicit empty route list: Terraform removes any route added by hand, keeping the tier isolated.
      const isolated = new RouteTable(this, `route-table-${tier}`, {
        vpcId: this.vpc.id,
        route: [],
        tags: { Name: `${name}-${tier}` },
      });
      this.associate(tier, subnets[tier], zones, () => isolated);
    }

    this.flowLogs(ctx, props.logKey);
  }

  /** The S3 gateway endpoint on every private route table, and the interface endpoints in every private subnet. */
  private endpoints(ctx: InfraContext, privateSubnets: Subnet[], privateRoutes: RouteTable[]): void {
    const region = ctx.region.region;
    const name = baseName(ctx);
    new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRoutes.map((table) => table.id),
      tags: { Name: `${name}-s3` },
    });
    const securityGroup = new TierSecurityGroup(this, 'endpoint-security-group', {
      name: `${name}-endpoints`,
      vpcId: this.vpc.id,
      port: 443,
      sourceCidrs: ctx.region.network.subnets.private,
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, `endpoint-${service.replace('.', '-')}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        subnetIds: privateSubnets.map((subnet) => subnet.id),
        securityGroupIds: [securityGroup.group.id],
        // The public service names resolve to the endpoint inside the VPC: no client needs configuring.
        privateDnsEnabled: true,
        tags: { Name: `${name}-${service}` },
      });
    }
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
  private flowLogs(ctx: InfraContext, logKey: LogKey): void {
    const logGroup = logKey.group(this, 'flow-log-group', `/aws/vpc-flow-log/${baseName(ctx)}`);
    const account = ctx.env.aws.accountId;
    const role = new ServiceRole(this, 'flow-log-role', {
      name: globalName(ctx, 'vpc-flow-log'),
      // Confused-deputy guard: the service assumes the role only for flow logs of this account and region.
      trust: policyDocument({
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': arnIn(ctx, 'ec2', ctx.region.region, 'vpc-flow-log/*') },
        },
      }),
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
