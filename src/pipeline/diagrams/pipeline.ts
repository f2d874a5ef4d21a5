/** The delivery pipeline: the workflows, the stages of a release in promotion order, and the gates between them. */
import { environmentNames } from '../../config';
import type { PipelineContext } from '../context';
import { infrastructureEnvironment, releaseEnvironment } from '../oidc';
import { primaryStackName } from '../workflows/infrastructure';
import { releaseJobId } from '../workflows/promotion';
import { diagramPage, label, nodeId } from './mermaid';

export function pipelineDiagram(ctx: PipelineContext): string {
  const { platform } = ctx;
  const environments = environmentNames(platform);
  const release: string[] = [
    'flowchart LR',
    `  pr[${label('pull-request.yml', '.ci/run: lint, type check, tests', 'synth drift check, dist/ diff per environment')}]`,
    `  merge([${label(`merge to ${platform.github.branch}`)}])`,
    `  image[${label('image.yml (called by the app)', 'build, tag = git short SHA', `push ${platform.image.repository}`)}]`,
    `  promote[/${label('promotion.yml', 'input: image-tag')}/]`,
    '  pr --> merge --> image --> promote',
  ];
  let previous = 'promote';
  for (const environment of environments) {
    const stage = nodeId('release', environment);
    const gate = releaseEnvironment(platform, environment);
    release.push(
      `  ${stage}[${label(
        `${releaseJobId(environment)}`,
        `commit dist/${environment} to ${platform.gitops.path}/${environment}`,
        'wait for the Rollouts, end-to-end test hook',
      )}]`,
    );
    if (gate) {
      const gateId = nodeId('gate', environment);
      release.push(`  ${gateId}{{${label('manual gate', `GitHub environment ${gate}`, 'required reviewers')}}}`);
      release.push(`  ${previous} --> ${gateId} --> ${stage}`);
    } else {
      release.push(`  ${previous} -->|automatic| ${stage}`);
    }
    previous = stage;
  }
  release.push(
    `  canary[${label('Argo Rollouts canary', 'aborts on failed analysis', 'the workflow reports the outcome')}]`,
  );
  release.push(`  ${previous} --> canary`);

  const infra: string[] = [
    'flowchart LR',
    `  change[${label('pull request touching infra/ or the platform file')}]`,
    `  plan[${label('infrastructure.yml', 'cdktf diff of each changed stack', 'posted on the pull request')}]`,
    `  merged([${label(`merge to ${platform.github.branch}`)}])`,
    '  change --> plan --> merged',
  ];
  previous = 'merged';
  for (const environment of environments) {
    const gateId = nodeId('infra_gate', environment);
    const deploy = nodeId('deploy', environment);
    infra.push(
      `  ${gateId}{{${label('manual gate', `GitHub environment ${infrastructureEnvironment(environment)}`)}}}`,
    );
    infra.push(`  ${deploy}[${label(`cdktf deploy ${primaryStackName(platform, environment)}`)}]`);
    infra.push(`  ${previous} --> ${gateId} --> ${deploy}`);
    previous = deploy;
  }
  return diagramPage(
    'Delivery pipeline',
    `From commit to production for \`${platform.app.name}\`: the workflows in .github/workflows/, the environments in promotion order (${environments.join(' → ')}) and the gates their \`approval\` sets.`,
    [
      ['Release', release],
      ['Infrastructure', infra],
    ],
  );
}
