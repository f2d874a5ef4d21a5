/**
 * Pull request: `.ci/run` (install, lint, type check, every test) in the Debian image CI runs on, a fresh synth that
 * must leave the committed outputs unchanged, and the rendered diff of dist/ per environment posted for review.
 */
import { environmentNames } from '../../config';
import { COMMENT_ENV, platformEnv, SAME_REPOSITORY, upsertComment, type PipelineContext } from '../context';
import { checkout, NPM_VERSION } from '../steps';
import type { Workflow } from '../workflow';

/** Debian bookworm with Node 20: the Debian packages the tests run (postgresql-15, prometheus) exist there. */
export const CHECK_IMAGE = 'node:20-bookworm';

/** What `npm run synth`, `npm run schema` and `npm run import` write and git tracks. */
export const GENERATED_PATHS = [
  'dist',
  'charts',
  'imports',
  'platform.schema.json',
  '.github/workflows',
  'docs/diagrams',
];

/** GitHub refuses comments over 65536 characters: each environment's diff is cut to a share of that. */
const COMMENT_LIMIT = 60000;

export function pullRequestWorkflow(ctx: PipelineContext): Workflow {
  const { platform } = ctx;
  const environments = environmentNames(platform);
  const perEnvironment = Math.floor(COMMENT_LIMIT / environments.length);
  const generated = GENERATED_PATHS.join(' ');
  return {
    file: 'pull-request.yml',
    name: 'Pull request',
    on: { pull_request: { branches: [platform.github.branch] } },
    permissions: {},
    concurrency: { group: 'pull-request-${{ github.event.pull_request.number }}', 'cancel-in-progress': true },
    env: platformEnv(ctx),
    jobs: {
      checks: {
        name: 'Install, lint, type check, test',
        'runs-on': 'ubuntu-latest',
        // Tests install Debian packages and run PostgreSQL as CI does (.ci/run runs as root on Debian).
        container: CHECK_IMAGE,
        permissions: { contents: 'read' },
        'timeout-minutes': 30,
        steps: [
          checkout(),
          {
            name: 'Install, lint, type check and test (.ci/run)',
            env: { CI: 'true' },
            run: `npm install --global npm@${NPM_VERSION} --no-audit --no-fund\nbash .ci/run`,
          },
          {
            name: 'Synthesize and check for drift',
            run: [
              'npm run synth',
              'npm run schema',
              'npm run import',
              `changes="$(git status --porcelain --untracked-files=all -- ${generated})"`,
              'if [ -n "$changes" ]; then',
              '  echo "::error::generated files differ from a fresh synth: run npm run synth, npm run schema and npm run import, and commit the result"',
              '  echo "$changes"',
              `  git diff --stat -- ${generated}`,
              '  exit 1',
              'fi',
            ].join('\n'),
          },
        ],
      },
      manifests: {
        name: 'Rendered manifests per environment',
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'pull-requests': 'write' },
        'timeout-minutes': 10,
        steps: [
          checkout({ 'fetch-depth': 0 }),
          {
            name: 'Diff dist/ per environment',
            env: { BASE_SHA: '${{ github.event.pull_request.base.sha }}' },
            run: [
              'report="$RUNNER_TEMP/manifests.md"',
              '{',
              "  echo '<!-- rendered-manifests -->'",
              "  echo '## Rendered manifests'",
              `  for env in ${environments.join(' ')}; do`,
              '    echo',
              '    echo "### dist/$env"',
              '    if git diff --quiet "$BASE_SHA" HEAD -- "dist/$env"; then',
              "      echo 'No change.'",
              '    else',
              '      echo',
              '      git diff --stat "$BASE_SHA" HEAD -- "dist/$env" | tail -n 1',
              "      echo; echo '<details><summary>diff</summary>'; echo; echo '```diff'",
              `      git diff "$BASE_SHA" HEAD -- "dist/$env" | head -c ${perEnvironment}`,
              "      echo; echo '```'; echo '</details>'",
              '    fi',
              '  done',
              '} >"$report"',
              'cat "$report" >>"$GITHUB_STEP_SUMMARY"',
            ].join('\n'),
          },
          {
            name: 'Post the diff on the pull request',
            if: SAME_REPOSITORY,
            env: COMMENT_ENV,
            run: upsertComment('<!-- rendered-manifests -->', '$RUNNER_TEMP/manifests.md'),
          },
        ],
      },
    },
  };
}
