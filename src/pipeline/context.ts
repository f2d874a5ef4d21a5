/** What every workflow generator reads: the platform and the path of its file in this repository. */
import type { Platform } from '../config';

export interface PipelineContext {
  readonly platform: Platform;
  /** The platform file, relative to the repository root: every workflow synthesizes from it (PLATFORM_CONFIG). */
  readonly platformFile: string;
}

/** The git short SHA every image is tagged with: the first 7 hex digits of the commit, a fixed length. */
export const SHORT_SHA_LENGTH = 7;
export const SHORT_SHA_PATTERN = `^[0-9a-f]{${SHORT_SHA_LENGTH}}$`;

/** Environment variables every job of a workflow shares: the platform file the synths read. */
export function platformEnv(ctx: PipelineContext): Record<string, string> {
  return { PLATFORM_CONFIG: ctx.platformFile };
}

/** Bash that posts `file` as the pull request's comment marked `marker`, editing the one posted before. */
export function upsertComment(marker: string, file: string): string {
  return [
    `marker='${marker}'`,
    `api="repos/$GITHUB_REPOSITORY/issues"`,
    `id="$(gh api "$api/$PR_NUMBER/comments" --paginate --jq ".[] | select(.user.login == \\"github-actions[bot]\\" and (.body | startswith(\\"$marker\\"))) | .id" | tail -n 1)"`,
    `if [ -n "$id" ]; then`,
    `  gh api --method PATCH "$api/comments/$id" -F "body=@${file}" >/dev/null`,
    `else`,
    `  gh api --method POST "$api/$PR_NUMBER/comments" -F "body=@${file}" >/dev/null`,
    `fi`,
  ].join('\n');
}

/** Env of a step that posts a pull request comment with the job's GITHUB_TOKEN. */
export const COMMENT_ENV = {
  GH_TOKEN: '${{ github.token }}',
  PR_NUMBER: '${{ github.event.pull_request.number }}',
} as const;

/** Pull requests from forks get a read-only token and no OIDC token: they are checked, not commented or planned. */
export const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';
