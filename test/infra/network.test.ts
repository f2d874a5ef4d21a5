import { SUBNET_TIERS } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import {
  platform,
  primaryStackName,
  RECOVERY,
  ref,
  referencedName,
  resource,
  resourceList,
  resources,
  stack,
  type Block,
} from './synth';

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
  })),
  { stack: RECOVERY, env: 'production' as const, plan: platform.environments.production.aws.dr! },
];

describe.each(regionPlans)('network of $stack', ({ stack: name, env, plan }) => {
  const config = stack(name);

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
    for (const zone of plan.zones) {
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
      for (const zone of plan.zones) {
        const table = routeTableOf(config, subnetName(tier, zone));
        expect(table.route).toEqual([]);
      }
    }
    const dataSubnets = (tier: string) => plan.zones.map((zone) => ref('aws_subnet', subnetName(tier, zone), 'id'));
    expect(resourceList(config, 'aws_db_subnet_group')[0].subnet_ids).toEqual(dataSubnets('database'));
    expect(resourceList(config, 'aws_elasticache_subnet_group')[0].subnet_ids).toEqual(dataSubnets('cache'));
  });

  it('tags subnets for the load balancer controller: internet-facing ALBs only in public subnets', () => {
    for (const zone of plan.zones) {
      expect(resource(config, 'aws_subnet', subnetName('public', zone)).tags['kubernetes.io/role/elb']).toBe('1');
      for (const tier of ['private', 'database', 'cache']) {
        expect(resource(config, 'aws_subnet', subnetName(tier, zone)).tags).not.toHaveProperty(
          'kubernetes.io/role/elb',
        );
      }
    }
  });

  it(env === 'production' ? 'has a NAT gateway in every zone' : 'saves cost with a single NAT gateway', () => {
    const gateways = resourceList(config, 'aws_nat_gateway');
    const expected = env === 'production' ? plan.zones : plan.zones.slice(0, 1);
    expect(gateways.map((g) => g.subnet_id)).toEqual(
      expected.map((zone) => ref('aws_subnet', subnetName('public', zone), 'id')),
    );
    if (env === 'production') {
      // Each private subnet leaves through the NAT gateway of its own zone.
      for (const zone of plan.zones) {
        expect(routeTableOf(config, subnetName('private', zone)).route[0].nat_gateway_id).toBe(
          ref('aws_nat_gateway', `environment_network_nat-gateway-${zone}`, 'id'),
        );
      }
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
    expect(group.retention_in_days).toBeGreaterThan(0);
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
    for (const [tier, port] of [
      ['database', env_.database.port],
      ['cache', env_.redis.port],
    ] as const) {
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
