import { SUBNET_TIERS } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { INTERFACE_ENDPOINT_SERVICES } from '../../infra/constructs/network';
import {
  parsePolicy,
  platform,
  primaryStackName,
  promotedStack,
  RECOVERY,
  ref,
  referencedName,
  resource,
  resourceList,
  resources,
  stack,
  type Block,
} from './synth';
import { nonEmpty } from '../helpers/collections';

const subnetName = (tier: string, zone: string) => `environment_network_subnet-${tier}-${zone}`;

/** Route table a subnet is associated with. */
function routeTableOf(config: Block, subnet: string): Block {
  const association = resourceList(config, 'aws_route_table_association').find(
    (a) => a.subnet_id === ref('aws_subnet', subnet, 'id'),
  );
  if (!association) throw new Error(`subnet ${subnet} has no route table association`);
  return resource(config, 'aws_route_table', referencedName(association.route_table_id, 'aws_route_table'));
}

const regionPlans = [
  ...ENVIRONMENTS.map((env) => ({
    stack: primaryStackName(env),
    env,
    plan: platform.environments[env].aws,
    config: stack(primaryStackName(env)),
  })),
  // The DR region runs its network before a failover (the pilot light) and keeps it, unchanged, after one.
  { stack: RECOVERY, env: 'production', plan: platform.environments.production.aws.dr!, config: stack(RECOVERY) },
  {
    stack: `${RECOVERY} (promoted)`,
    env: 'production',
    plan: platform.environments.production.aws.dr!,
    config: promotedStack(RECOVERY),
  },
];

describe.each(regionPlans)('network of $stack', ({ env, plan, config }) => {
  it('builds the VPC of the network plan with DNS on', () => {
    const vpc = resource(config, 'aws_vpc', 'environment_network_vpc');
    expect(vpc.cidr_block).toBe(plan.network.vpcCidr);
    expect(vpc).toMatchObject({ enable_dns_hostnames: true, enable_dns_support: true });
  });

  it('spans every zone of the plan (at least 3 here) with one subnet per tier, CIDRs from the plan', () => {
    expect(plan.zones.length).toBeGreaterThanOrEqual(3);
    expect(resourceList(config, 'aws_subnet')).toHaveLength(SUBNET_TIERS.length * plan.zones.length);
    for (const tier of SUBNET_TIERS) {
      plan.zones.forEach((zone, i) => {
        const subnet = resource(config, 'aws_subnet', subnetName(tier, zone));
        expect(subnet).toMatchObject({
          availability_zone: zone,
          cidr_block: plan.network.subnets[tier][i],
          map_public_ip_on_launch: false,
        });
        // terraform-aws-modules style: the name says app, environment, tier and zone.
        expect(subnet.tags.Name).toBe(`${platform.app.name}-${env}-${tier}-${zone}`);
      });
    }
  });

  it('routes only public subnets to the internet gateway, private ones through NAT', () => {
    for (const zone of nonEmpty(plan.zones)) {
      const publicRoutes = routeTableOf(config, subnetName('public', zone)).route;
      expect(publicRoutes).toEqual([
        expect.objectContaining({
          cidr_block: '0.0.0.0/0',
          gateway_id: ref('aws_internet_gateway', 'environment_network_internet-gateway', 'id'),
        }),
      ]);
      const privateRoutes = routeTableOf(config, subnetName('private', zone)).route;
      expect(privateRoutes).toHaveLength(1);
      expect(privateRoutes[0].nat_gateway_id).toMatch(/^\$\{aws_nat_gateway\./);
    }
  });

  it('gives the database and cache tiers no route out: not public, not even through NAT', () => {
    for (const tier of ['database', 'cache']) {
      for (const zone of nonEmpty(plan.zones)) {
        const table = routeTableOf(config, subnetName(tier, zone));
        expect(table.route).toEqual([]);
      }
    }
    const dataSubnets = (tier: string) => plan.zones.map((zone) => ref('aws_subnet', subnetName(tier, zone), 'id'));
    expect(resourceList(config, 'aws_db_subnet_group')[0].subnet_ids).toEqual(dataSubnets('database'));
    // The pilot light runs no cache yet.
    for (const group of resourceList(config, 'aws_elasticache_subnet_group')) {
      expect(group.subnet_ids).toEqual(dataSubnets('cache'));
    }
  });

  it('tags subnets for the load balancer controller: internet-facing ALBs only in public subnets', () => {
    for (const zone of nonEmpty(plan.zones)) {
      expect(resource(config, 'aws_subnet', subnetName('public', zone)).tags['kubernetes.io/role/elb']).toBe('1');
      for (const tier of ['private', 'database', 'cache']) {
        expect(resource(config, 'aws_subnet', subnetName(tier, zone)).tags).not.toHaveProperty(
          'kubernetes.io/role/elb',
        );
      }
    }
  });

  it('has a NAT gateway in every zone where the profile decides so, each zone leaving through its own', () => {
    const perZone = platform.environments[env].aws.natGatewayPerZone;
    const gateways = resourceList(config, 'aws_nat_gateway');
    const expected = perZone ? plan.zones : plan.zones.slice(0, 1);
    expect(gateways.map((g) => g.subnet_id)).toEqual(
      expected.map((zone) => ref('aws_subnet', subnetName('public', zone), 'id')),
    );
    for (const zone of nonEmpty(plan.zones)) {
      const natZone = perZone ? zone : plan.zones[0];
      expect(routeTableOf(config, subnetName('private', zone)).route[0].nat_gateway_id).toBe(
        ref('aws_nat_gateway', `environment_network_nat-gateway-${natZone}`, 'id'),
      );
    }
  });

  it('reaches S3 through a gateway endpoint on every private route table', () => {
    const endpoints = resourceList(config, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Gateway');
    expect(endpoints).toEqual([
      expect.objectContaining({
        vpc_id: ref('aws_vpc', 'environment_network_vpc', 'id'),
        service_name: `com.amazonaws.${plan.region}.s3`,
      }),
    ]);
    const privateTables = plan.zones.map((zone) =>
      ref('aws_route_table', `environment_network_route-table-private-${zone}`, 'id'),
    );
    expect(endpoints[0].route_table_ids).toEqual(privateTables);
  });

  it('reaches ECR, STS, Secrets Manager and CloudWatch Logs through interface endpoints in every zone', () => {
    const endpoints = resourceList(config, 'aws_vpc_endpoint').filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts'].map((svc) => `com.amazonaws.${plan.region}.${svc}`),
    );
    expect([...INTERFACE_ENDPOINT_SERVICES].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts']);
    const privateSubnets = plan.zones.map((zone) => ref('aws_subnet', subnetName('private', zone), 'id'));
    for (const endpoint of endpoints) {
      // One network interface per zone: losing a zone leaves the others their own.
      expect(endpoint.subnet_ids).toEqual(privateSubnets);
      expect(endpoint.private_dns_enabled).toBe(true);
      const [group] = endpoint.security_group_ids;
      const rules = resourceList(config, 'aws_vpc_security_group_ingress_rule').filter(
        (r) => r.security_group_id === group,
      );
      expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual([...plan.network.subnets.private].sort());
      for (const rule of rules) expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    }
  });

  it('logs every flow of the VPC', () => {
    const [flowLog] = resourceList(config, 'aws_flow_log');
    expect(flowLog).toMatchObject({
      vpc_id: ref('aws_vpc', 'environment_network_vpc', 'id'),
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
    });
    const group = resource(
      config,
      'aws_cloudwatch_log_group',
      referencedName(flowLog.log_destination, 'aws_cloudwatch_log_group'),
    );
    expect(group.retention_in_days).toBe(platform.environments[env].aws.logRetentionDays);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('lets only the flow logs of its own account and region assume the flow-log role', () => {
    const [flowLog] = resourceList(config, 'aws_flow_log');
    const role = resource(config, 'aws_iam_role', referencedName(flowLog.iam_role_arn, 'aws_iam_role'));
    const { aws } = platform.environments[env];
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': aws.accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${plan.region}:${aws.accountId}:vpc-flow-log/*` },
        },
      },
    ]);
  });

  it('closes the default security group', () => {
    const groups = Object.values(resources(config, 'aws_default_security_group'));
    expect(groups).toEqual([
      expect.objectContaining({ vpc_id: ref('aws_vpc', 'environment_network_vpc', 'id'), ingress: [], egress: [] }),
    ]);
  });

  it('admits the data tiers only from the private subnets, on their own port, with no egress', () => {
    const ingress = resourceList(config, 'aws_vpc_security_group_ingress_rule');
    const env_ = platform.environments[env];
    const tiers = [
      ['database', env_.database.port],
      ['cache', env_.redis.port],
    ] as const;
    const built = tiers.filter(
      ([tier]) => resources(config, 'aws_security_group')[`environment_${tier}_security-group`],
    );
    expect(built.map(([tier]) => tier)).toContain('database');
    for (const [tier, port] of nonEmpty(built)) {
      const group = resources(config, 'aws_security_group')[`environment_${tier}_security-group`];
      expect(group).not.toHaveProperty('egress');
      const rules = ingress.filter(
        (r) => r.security_group_id === ref('aws_security_group', `environment_${tier}_security-group`, 'id'),
      );
      expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual([...plan.network.subnets.private].sort());
      for (const rule of rules) expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: port, to_port: port });
    }
  });
});
