/** The zones and tiers of each environment: one subnet per tier in every zone, and what runs in each tier. */
import { environmentNames, SUBNET_TIERS, type Environment, type RegionPlan, type SubnetTier } from '../../config';
import type { PipelineContext } from '../context';
import { diagramPage, label, nodeId } from './mermaid';

/** What infra/ places in each tier's subnets. */
function tierContents(env: Environment, tier: SubnetTier): string {
  switch (tier) {
    case 'public':
      return env.aws.natGatewayPerZone ? 'ALB, NAT gateway' : 'ALB';
    case 'private': {
      const { min, max } = env.cluster.nodesPerZone;
      return `EKS nodes ${min}..${max} (${env.cluster.nodeInstanceTypes.join(', ')})`;
    }
    case 'database':
      return `PostgreSQL ${env.database.engineVersion} ${env.database.instanceClass}`;
    case 'cache':
      return `Redis ${env.redis.nodeType}`;
  }
}

export function regionLines(prefix: string, title: string, env: Environment, region: RegionPlan): string[] {
  const lines = [`  subgraph ${nodeId(prefix)}[${label(title, `VPC ${region.network.vpcCidr}`)}]`, '    direction LR'];
  region.zones.forEach((zone, i) => {
    lines.push(`    subgraph ${nodeId(prefix, zone)}[${label(zone)}]`, '      direction TB');
    for (const tier of SUBNET_TIERS) {
      const cidr = region.network.subnets[tier][i];
      lines.push(`      ${nodeId(prefix, zone, tier)}[${label(`${tier} ${cidr}`, tierContents(env, tier))}]`);
    }
    lines.push('    end');
  });
  lines.push('  end');
  return lines;
}

export function environmentsDiagram(ctx: PipelineContext): string {
  const { platform } = ctx;
  const sections: [string, string[]][] = environmentNames(platform).map((name) => {
    const env = platform.environments[name];
    const title = `${name}: account ${env.aws.accountId}, ${env.aws.region}, profile ${env.profile}`;
    return [name, ['flowchart TB', ...regionLines(name, title, env, env.aws)]];
  });
  return diagramPage(
    'Zones and tiers',
    `Each environment's VPC: one subnet per tier (${SUBNET_TIERS.join(', ')}) in every zone, and what runs there.`,
    sections,
  );
}
