/** The DR regions: for every environment with one, what the primary stack replicates there before a disaster. */
import { environmentNames, imageRepositoryOwner, type Platform } from '../../config';
import type { PipelineContext } from '../context';
import { diagramPage, label, nodeId } from './mermaid';

/** What infra/stacks/primary-stack.ts copies to the DR region, continuously or daily. */
function replicated(platform: Platform, environment: string): string[] {
  const env = platform.environments[environment];
  return [
    'RDS automated backups and transaction logs (point-in-time restore)',
    'AWS Backup daily recovery point to the DR vault',
    'S3 artifacts bucket (replication)',
    `Secrets Manager replica of ${env.database.credentialsSecret}`,
    ...(imageRepositoryOwner(platform) === environment ? ['ECR images (registry replication)'] : []),
  ];
}

export function disasterRecoveryDiagram(ctx: PipelineContext): string {
  const { platform } = ctx;
  const sections: [string, string[]][] = environmentNames(platform).flatMap((name) => {
    const env = platform.environments[name];
    if (!env.aws.dr) return [];
    const primary = nodeId(name, 'primary');
    const dr = nodeId(name, 'dr');
    const lines = [
      'flowchart LR',
      `  ${primary}[${label(`${name} primary`, env.aws.region, `VPC ${env.aws.network.vpcCidr}`, `zones ${env.aws.zones.join(', ')}`)}]`,
      `  ${dr}[${label(`${name} DR`, env.aws.dr.region, `VPC ${env.aws.dr.network.vpcCidr}`, `zones ${env.aws.dr.zones.join(', ')}`, 'recovery stack: deployed after a region loss')}]`,
      ...replicated(platform, name).map((what) => `  ${primary} -->|${label(what)}| ${dr}`),
    ];
    return [[name, lines] as [string, string[]]];
  });
  return diagramPage(
    'Disaster-recovery regions',
    'What replicates from each primary region to its DR region before a disaster (RPO < 15 min, RTO < 1 h: docs/disaster-recovery.md).',
    sections,
  );
}
