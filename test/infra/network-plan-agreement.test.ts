/**
 * The cluster layer (NetworkPolicies) and the cloud layer (VPC, security groups) read the same network plan.
 * This renders both from the default platform and checks that what Kubernetes admits is exactly where AWS
 * puts the things on the other side.
 */
import { ENVIRONMENTS } from '../helpers/platform';
import { environmentObjects, findObject, type KubeObject } from '../helpers/manifests';
import { platform, primaryStackName, ref, resource, resourceList, stack, type Block } from './synth';

function subnetCidrs(config: Block, predicate: (subnet: Block) => boolean): string[] {
  return resourceList(config, 'aws_subnet')
    .filter(predicate)
    .map((s) => s.cidr_block)
    .sort();
}

/** CIDRs and ports of the ipBlock peers of a policy's egress (or ingress) rules. */
function peers(rules: Block[], direction: 'to' | 'from'): { cidrs: string[]; ports: number[] } {
  return {
    cidrs: rules.flatMap((r) => r[direction].map((p: Block) => p.ipBlock?.cidr).filter(Boolean)).sort(),
    ports: rules.flatMap((r) => r.ports.map((p: Block) => p.port)),
  };
}

describe.each(ENVIRONMENTS)('%s: NetworkPolicies and the VPC agree', (env: string) => {
  const config = stack(primaryStackName(env));
  const objects: KubeObject[] = environmentObjects(platform, env);
  const app = platform.app.name;
  const { database, redis } = platform.environments[env];

  it('lets pods reach the database exactly in the subnets of the RDS subnet group, on its port', () => {
    const policy = findObject(objects, 'NetworkPolicy', `${app}-allow-database`);
    const groupSubnets = new Set(resourceList(config, 'aws_db_subnet_group')[0].subnet_ids);
    const rdsCidrs = subnetCidrs(config, (s) => groupSubnets.has(subnetRef(config, s)));
    expect(peers(policy.spec.egress, 'to')).toEqual({ cidrs: rdsCidrs, ports: [database.port] });
    expect(resourceList(config, 'aws_db_instance').every((db) => db.port === database.port)).toBe(true);
  });

  it('lets pods reach Redis exactly in the subnets of the cache subnet group, on its port', () => {
    const policy = findObject(objects, 'NetworkPolicy', `${app}-allow-cache`);
    const groupSubnets = new Set(resourceList(config, 'aws_elasticache_subnet_group')[0].subnet_ids);
    const cacheCidrs = subnetCidrs(config, (s) => groupSubnets.has(subnetRef(config, s)));
    expect(peers(policy.spec.egress, 'to')).toEqual({ cidrs: cacheCidrs, ports: [redis.port] });
    expect(resourceList(config, 'aws_elasticache_replication_group')[0].port).toBe(redis.port);
  });

  it('admits the ALB from exactly the subnets the load balancer controller may place it in', () => {
    const albSubnets = subnetCidrs(config, (s) => s.tags['kubernetes.io/role/elb'] === '1');
    const ingress = objects.filter(
      (o) => o.kind === 'NetworkPolicy' && o.spec.ingress?.some((r: Block) => r.from.some((p: Block) => p.ipBlock)),
    );
    expect(ingress.length).toBeGreaterThan(0);
    for (const policy of ingress) {
      const fromBlocks = policy.spec.ingress.filter((r: Block) => r.from.some((p: Block) => p.ipBlock));
      expect(peers(fromBlocks, 'from').cidrs).toEqual(albSubnets);
    }
  });

  it('admits the data stores only from the private subnets, where the pods get their IPs', () => {
    const privateCidrs = subnetCidrs(config, (s) => s.tags.tier === 'private');
    const sources = resourceList(config, 'aws_vpc_security_group_ingress_rule').map((r) => r.cidr_ipv4);
    expect([...new Set(sources)].sort()).toEqual(privateCidrs);
    const nodeSubnets = resourceList(config, 'aws_eks_node_group').flatMap((g) => g.subnet_ids);
    expect(nodeSubnets.map((id) => cidrOfSubnetRef(config, id)).sort()).toEqual(privateCidrs);
  });
});

function subnetRef(config: Block, subnet: Block): string {
  const [name] = Object.entries(config.resource.aws_subnet).find(([, body]) => body === subnet) as [string, Block];
  return ref('aws_subnet', name, 'id');
}

function cidrOfSubnetRef(config: Block, expression: string): string {
  const name = /^\$\{aws_subnet\.([^.]+)\.id\}$/.exec(expression)?.[1];
  return resource(config, 'aws_subnet', name ?? '').cidr_block;
}
