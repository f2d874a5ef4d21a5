/**
 * Promotion: one image tag through the environments in promotion order. Each environment's job synthesizes its
 * dist/<env>/ with IMAGE_TAG, checks the image exists, commits the manifests to the GitOps repository Argo CD syncs,
 * waits for every Rollout to finish its canary on the new image (or reports its abort) and runs the end-to-end test
 * hook. A job starts only after the environment before it passed; an environment whose `approval` is
 * `required-reviewers` waits in its GitHub environment until a reviewer approves.
 */
import { clusterName, environmentNames, parseEcrRepository, type Platform } from '../../config';
import { durationSeconds } from '../../config/primitives';
import { uses } from '../actions';
import { platformEnv, SHORT_SHA_PATTERN, type PipelineContext } from '../context';
import { releaseEnvironment } from '../oidc';
import { assumeRole, checkout, installDependencies, PROMOTE_SESSION_SECONDS } from '../steps';
import type { Job, Workflow } from '../workflow';

/** Minutes a release waits for Argo CD to sync and the Rollouts to finish when every canary pause is timed. */
const TIMED_MARGIN_MINUTES = 30;
/** GitHub-hosted jobs stop after 6 hours: a canary waiting for a person to promote it is watched this long. */
const MANUAL_WATCH_MINUTES = 330;

/** The job id of an environment's release. */
export function releaseJobId(environment: string): string {
  return `release-${environment}`;
}

/**
 * How long an environment's Rollouts may take: the longest canary's timed pauses plus a margin for the sync and
 * the pods, or the longest a job may run when a canary waits for a person (a pause without duration).
 */
export function rolloutWatchMinutes(platform: Platform, environment: string): number {
  const canaries = Object.values(platform.environments[environment].services).map((sizing) => sizing.canary.steps);
  if (canaries.some((steps) => steps.some((step) => 'pause' in step && step.pause.duration === undefined))) {
    return MANUAL_WATCH_MINUTES;
  }
  const pauses = canaries.map((steps) =>
    steps.reduce((sum, step) => sum + ('pause' in step ? durationSeconds(step.pause.duration as string) : 0), 0),
  );
  return Math.ceil(Math.max(0, ...pauses) / 60) + TIMED_MARGIN_MINUTES;
}

export function promotionWorkflow(ctx: PipelineContext): Workflow {
  const environments = environmentNames(ctx.platform);
  const jobs: Record<string, Job> = {
    'image-tag': {
      name: 'Check the image tag',
      'runs-on': 'ubuntu-latest',
      permissions: {},
      'timeout-minutes': 5,
      steps: [
        {
          name: 'Require a git short SHA',
          run: [
            `if [[ ! "$IMAGE_TAG" =~ ${SHORT_SHA_PATTERN} ]]; then`,
            '  echo "::error::image-tag must be the git short SHA the image workflow pushed, not \'$IMAGE_TAG\'"',
            '  exit 1',
            'fi',
          ].join('\n'),
        },
      ],
    },
  };
  environments.forEach((environment, i) => {
    jobs[releaseJobId(environment)] = releaseJob(
      ctx,
      environment,
      i === 0 ? 'image-tag' : releaseJobId(environments[i - 1]),
    );
  });
  return {
    file: 'promotion.yml',
    name: 'Promotion',
    on: {
      workflow_dispatch: {
        inputs: {
          'image-tag': {
            description: 'The image to release: the git short SHA the image workflow tagged it with',
            required: true,
            type: 'string',
          },
        },
      },
    },
    permissions: {},
    // One release at a time, never cancelled halfway: a later tag queues behind the running one.
    concurrency: { group: 'promotion', 'cancel-in-progress': false },
    env: { ...platformEnv(ctx), IMAGE_TAG: '${{ inputs.image-tag }}' },
    jobs,
  };
}

function releaseJob(ctx: PipelineContext, environment: string, after: string): Job {
  const { platform } = ctx;
  const env = platform.environments[environment];
  const image = parseEcrRepository(platform.image.repository);
  if (!image) throw new Error('image.repository: must be an ECR repository of one environment');
  const { gitops } = platform;
  const [gitopsOwner, gitopsName] = new URL(gitops.repoURL).pathname
    .slice(1)
    .replace(/\.git$/, '')
    .split('/');
  const target = `gitops/${gitops.path}/${environment}`;
  const watch = rolloutWatchMinutes(platform, environment);
  const gate = releaseEnvironment(platform, environment);
  return {
    name: gate ? `${environment} (approved by its reviewers)` : `${environment} (automatic)`,
    needs: [after],
    'runs-on': 'ubuntu-latest',
    ...(gate ? { environment: gate } : {}),
    permissions: { contents: 'read', 'id-token': 'write' },
    'timeout-minutes': watch + 30,
    steps: [
      checkout(),
      ...installDependencies(),
      {
        name: `Synthesize dist/${environment} with the image tag`,
        run: `npm run synth:k8s -- --env ${environment} --out "$RUNNER_TEMP/release"`,
      },
      assumeRole(platform, environment, 'promote', PROMOTE_SESSION_SECONDS),
      {
        name: 'Check the image exists',
        run: [
          `found="$(aws ecr batch-get-image --region ${image.region} --registry-id ${image.accountId} --repository-name ${image.name} --image-ids "imageTag=$IMAGE_TAG" --query 'length(images)' --output text)"`,
          'if [ "$found" != 1 ]; then',
          `  echo "::error::${platform.image.repository}:$IMAGE_TAG does not exist: run the image workflow for that commit first"`,
          '  exit 1',
          'fi',
        ].join('\n'),
      },
      {
        name: 'Token for the GitOps repository',
        id: 'gitops-token',
        uses: uses('createAppToken'),
        with: {
          'client-id': '${{ secrets.GITOPS_APP_CLIENT_ID }}',
          'private-key': '${{ secrets.GITOPS_APP_PRIVATE_KEY }}',
          owner: gitopsOwner,
          repositories: gitopsName,
          'permission-contents': 'write',
        },
      },
      {
        name: 'Check out the GitOps repository',
        uses: uses('checkout'),
        with: {
          repository: `${gitopsOwner}/${gitopsName}`,
          ref: gitops.branch,
          token: '${{ steps.gitops-token.outputs.token }}',
          path: 'gitops',
        },
      },
      {
        name: `Commit dist/${environment} to the GitOps repository`,
        run: [
          `mkdir -p ${target}`,
          `rsync --archive --delete --checksum "$RUNNER_TEMP/release/dist/${environment}/" ${target}/`,
          'cd gitops',
          'git add --all',
          'if git diff --cached --quiet; then',
          `  echo "${environment} already runs $IMAGE_TAG"`,
          '  exit 0',
          'fi',
          'git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \\',
          `  commit --quiet --message "${environment}: release $IMAGE_TAG" --message "From $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"`,
          // Another environment's release may have landed meanwhile: its directory is not ours, so a rebase is clean.
          'for attempt in 1 2 3; do',
          `  git push --quiet origin HEAD:${gitops.branch} && exit 0`,
          `  git pull --quiet --rebase origin ${gitops.branch}`,
          'done',
          'exit 1',
        ].join('\n'),
      },
      {
        name: 'Wait for the Rollouts',
        'timeout-minutes': watch,
        run: [
          `aws eks update-kubeconfig --region ${env.aws.region} --name ${clusterName(platform, environment)}`,
          `npm run --silent pipeline -- rollout-status --env ${environment} --tag "$IMAGE_TAG" --timeout-minutes ${watch}`,
        ].join('\n'),
      },
      {
        name: 'End-to-end test hook',
        run: `npm run --silent pipeline -- e2e --env ${environment}`,
      },
    ],
  };
}
