/**
 * Infrastructure: on a pull request that touches the cloud layer or the platform file, `cdktf diff` of every primary
 * stack whose synthesized Terraform changed, posted for review; on the release branch, `cdktf deploy` of each
 * changed stack in promotion order, each behind its environment's infrastructure gate (a GitHub environment with
 * required reviewers). Recovery stacks are deployed only by the region-loss runbook (docs/disaster-recovery.md).
 */
import { environmentNames, type Platform } from '../../config';
import { infraContext, stackName } from '../../../infra/context';
import { uses } from '../actions';
import { COMMENT_ENV, platformEnv, SAME_REPOSITORY, upsertComment, type PipelineContext } from '../context';
import { infrastructureEnvironment } from '../oidc';
import { assumeRole, CDKTF_CLI, checkout, installDependencies, TERRAFORM_VERSION } from '../steps';
import type { Job, Step, Workflow } from '../workflow';

/** The primary stack of an environment. */
export function primaryStackName(platform: Platform, environment: string): string {
  return stackName(infraContext(platform, environment, 'primary'));
}

/** Summaries longer than this are cut (GitHub refuses comments over 65536 characters). */
const PLAN_LIMIT = 50000;

export function infrastructureWorkflow(ctx: PipelineContext): Workflow {
  const { platform } = ctx;
  const environments = environmentNames(platform);
  const stacks = environments.map((env) => primaryStackName(platform, env));
  const paths = ['infra/**', 'src/config/**', ctx.platformFile, 'cdktf.json', 'package-lock.json'];
  const branch = platform.github.branch;
  const jobs: Record<string, Job> = { stacks: changedStacksJob(stacks) };
  environments.forEach((environment, i) => {
    jobs[`plan-${environment}`] = planJob(ctx, environment);
    jobs[`deploy-${environment}`] = deployJob(ctx, environment, i === 0 ? undefined : `deploy-${environments[i - 1]}`);
  });
  return {
    file: 'infrastructure.yml',
    name: 'Infrastructure',
    on: {
      pull_request: { branches: [branch], paths },
      push: { branches: [branch], paths },
      workflow_dispatch: {},
    },
    permissions: {},
    // Plans of one pull request replace each other; deploys queue and never stop halfway.
    concurrency: {
      group:
        "infrastructure-${{ github.event_name == 'pull_request' && github.event.pull_request.number || 'deploy' }}",
      'cancel-in-progress': false,
    },
    env: platformEnv(ctx),
    jobs,
  };
}

/**
 * Synthesizes the stacks of the base commit (the pull request's base, or the commit before the push) and of this
 * commit and lists the stacks whose Terraform JSON differs. Without a base (a manual run, a first push) every stack
 * counts as changed.
 */
function changedStacksJob(stacks: readonly string[]): Job {
  return {
    name: 'Changed stacks',
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read' },
    'timeout-minutes': 20,
    outputs: { changed: '${{ steps.compare.outputs.changed }}' },
    steps: [
      checkout({ 'fetch-depth': 0 }),
      ...installDependencies(),
      {
        name: 'Compare the synthesized stacks with the base commit',
        id: 'compare',
        env: { BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.before }}' },
        run: [
          'npm run synth:infra -- --out "$RUNNER_TEMP/after"',
          'before="$RUNNER_TEMP/before"',
          'if [ -z "$BASE_SHA" ] || ! git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA" \\',
          '  || ! (cd "$RUNNER_TEMP/base" && npm ci --ignore-scripts --no-audit --no-fund && npm run synth:infra -- --out "$before"); then',
          '  echo "no base to compare with: every stack counts as changed"',
          '  before=""',
          'fi',
          'changed=()',
          `for stack in ${stacks.join(' ')}; do`,
          '  file="cdktf.out/stacks/$stack/cdk.tf.json"',
          '  if [ -z "$before" ] || ! cmp --silent "$before/$file" "$RUNNER_TEMP/after/$file"; then changed+=("$stack"); fi',
          'done',
          'echo "changed: ${changed[*]:-none}"',
          `echo "changed=$(jq --compact-output --null-input '$ARGS.positional' --args "\${changed[@]}")" >>"$GITHUB_OUTPUT"`,
        ].join('\n'),
      },
    ],
  };
}

function terraformSteps(): Step[] {
  return [
    {
      name: 'Set up Terraform',
      uses: uses('setupTerraform'),
      with: { terraform_version: TERRAFORM_VERSION, terraform_wrapper: false },
    },
  ];
}

function planJob(ctx: PipelineContext, environment: string): Job {
  const stack = primaryStackName(ctx.platform, environment);
  const marker = `<!-- cdktf-plan ${stack} -->`;
  return {
    name: `Plan ${stack}`,
    needs: ['stacks'],
    if: `github.event_name == 'pull_request' && ${SAME_REPOSITORY} && contains(fromJSON(needs.stacks.outputs.changed), '${stack}')`,
    'runs-on': 'ubuntu-latest',
    permissions: { contents: 'read', 'id-token': 'write', 'pull-requests': 'write' },
    'timeout-minutes': 30,
    steps: [
      checkout(),
      ...installDependencies(),
      ...terraformSteps(),
      assumeRole(ctx.platform, environment, 'plan'),
      {
        name: `cdktf diff ${stack}`,
        run: `set -o pipefail\n${CDKTF_CLI} diff ${stack} 2>&1 | sed -E 's/\\x1b\\[[0-9;]*m//g' | tee "$RUNNER_TEMP/plan.txt"`,
      },
      {
        name: 'Summarize the plan',
        if: 'always()',
        run: [
          'report="$RUNNER_TEMP/plan.md"',
          '{',
          `  echo '${marker}'`,
          `  echo "### Plan of ${stack}"`,
          `  grep -E 'Plan: [0-9]+ to add|No changes\\.|Error' "$RUNNER_TEMP/plan.txt" | sort -u || echo 'No summary line: see the job log.'`,
          "  echo; echo '<details><summary>cdktf diff</summary>'; echo; echo '```'",
          `  head -c ${PLAN_LIMIT} "$RUNNER_TEMP/plan.txt"`,
          "  echo; echo '```'; echo '</details>'",
          '} >"$report"',
          'cat "$report" >>"$GITHUB_STEP_SUMMARY"',
        ].join('\n'),
      },
      {
        name: 'Post the plan on the pull request',
        if: 'always()',
        env: COMMENT_ENV,
        run: upsertComment(marker, '$RUNNER_TEMP/plan.md'),
      },
    ],
  };
}

function deployJob(ctx: PipelineContext, environment: string, after: string | undefined): Job {
  const stack = primaryStackName(ctx.platform, environment);
  return {
    name: `Deploy ${stack}`,
    needs: after ? ['stacks', after] : ['stacks'],
    // A stack that did not change is skipped without stopping the ones after it; a failed deploy stops them.
    if: `github.event_name != 'pull_request' && !failure() && !cancelled() && contains(fromJSON(needs.stacks.outputs.changed), '${stack}')`,
    'runs-on': 'ubuntu-latest',
    environment: infrastructureEnvironment(environment),
    permissions: { contents: 'read', 'id-token': 'write' },
    'timeout-minutes': 120,
    steps: [
      checkout(),
      ...installDependencies(),
      ...terraformSteps(),
      assumeRole(ctx.platform, environment, 'deploy'),
      { name: `cdktf deploy ${stack}`, run: `${CDKTF_CLI} deploy ${stack} --auto-approve` },
    ],
  };
}
