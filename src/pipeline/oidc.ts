/**
 * Who may assume each CI role: the `sub` claims of GitHub's OIDC tokens, in one place for both sides (the
 * workflows that assume the roles and infra/ that writes their trust policies). GitHub's formats
 * (docs.github.com, actions/reference/security/oidc): `repo:OWNER/REPO:environment:NAME` for a job that names an
 * environment, `repo:OWNER/REPO:pull_request` for a pull request, else `repo:OWNER/REPO:ref:refs/heads/BRANCH`;
 * repositories created after 2026-07-15 (or opted in) write `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`, so both forms
 * are trusted. Values cannot contain a `:` (GitHub escapes it as %3A), so `*` below never spans a claim boundary.
 */
import { ciRoleName, iamRoleArn, type CiRolePurpose, type Platform } from '../config';

/** Audience aws-actions/configure-aws-credentials asks GitHub for (its default). */
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

/** GitHub's OIDC issuer, without https://: the prefix of the claim keys in IAM conditions. */
export const OIDC_ISSUER_HOST = 'token.actions.githubusercontent.com';

/** The image workflow's file: callers reference it, the image-push role trusts only it. */
export const IMAGE_WORKFLOW_FILE = 'image.yml';

/** The GitHub environment that gates infrastructure deploys of an environment (`production-infrastructure`). */
export function infrastructureEnvironment(environment: string): string {
  return `${environment}-infrastructure`;
}

/** The GitHub environment a release into `environment` waits in, or none when the release enters automatically. */
export function releaseEnvironment(platform: Platform, environment: string): string | undefined {
  return platform.environments[environment].approval === 'required-reviewers' ? environment : undefined;
}

/** `repo:owner/name` and `repo:owner@*\/name@*`: this repository in GitHub's two subject formats. */
function repositorySubjects(platform: Platform): string[] {
  const [owner, name] = platform.github.repository.split('/');
  return [`repo:${owner}/${name}`, `repo:${owner}@*/${name}@*`];
}

/**
 * The `sub` patterns (IAM StringLike) a CI role trusts. `plan`: pull requests of this repository. `deploy`: the
 * environment's infrastructure gate. `promote`: the release gate when the environment has one, else the release
 * branch. `image-push`: the image workflow of this repository at its release branch, called from any repository of
 * the same owner; the caller's subject must carry `job_workflow_ref` (its OIDC subject template
 * `["repo", "context", "job_workflow_ref"]`, see the README), because a called workflow's token names the caller.
 */
export function ciRoleSubjects(platform: Platform, environment: string, purpose: CiRolePurpose): string[] {
  const { branch, repository } = platform.github;
  const ofThisRepository = (context: string) => repositorySubjects(platform).map((repo) => `${repo}:${context}`);
  switch (purpose) {
    case 'plan':
      return ofThisRepository('pull_request');
    case 'deploy':
      return ofThisRepository(`environment:${infrastructureEnvironment(environment)}`);
    case 'promote': {
      const gate = releaseEnvironment(platform, environment);
      return ofThisRepository(gate ? `environment:${gate}` : `ref:refs/heads/${branch}`);
    }
    case 'image-push': {
      const owner = repository.split('/')[0];
      const workflow = `job_workflow_ref:${repository}/.github/workflows/${IMAGE_WORKFLOW_FILE}@refs/heads/${branch}`;
      return [`repo:${owner}/*:ref:refs/heads/*:${workflow}`, `repo:${owner}@*/*:ref:refs/heads/*:${workflow}`];
    }
  }
}

/** ARN of a CI role, which its workflow step assumes. */
export function ciRoleArn(platform: Platform, environment: string, purpose: string): string {
  return iamRoleArn(platform, environment, ciRoleName(platform, environment, purpose));
}
