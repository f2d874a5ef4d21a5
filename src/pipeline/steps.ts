/** Steps several workflows share: checkout, Node and the project's dependencies, AWS credentials by OIDC. */
import type { Platform } from '../config';
import { uses } from './actions';
import { ciRoleArn } from './oidc';
import type { Step } from './workflow';

/**
 * Session length of the promote role: a release job watches a canary up to 6 hours (the longest a GitHub-hosted job
 * runs), and kubectl's token comes from these credentials. The role's maximum session (infra) is the same.
 */
export const PROMOTE_SESSION_SECONDS = 6 * 3600;

/** The Node major version of package.json's engines; npm as the project's lock was written with. */
export const NODE_VERSION = '20';
export const NPM_VERSION = '11.19.1';

/** Terraform for `cdktf diff|deploy` (1.11: S3-native state locking, which the stacks use). */
export const TERRAFORM_VERSION = '1.11.4';

/** The CDKTF CLI, run through npx at the version of the cdktf library (it is not a dependency of the project). */
export const CDKTF_CLI = 'npx --yes cdktf-cli@0.21.0';

export function checkout(options: Readonly<Record<string, string | number | boolean>> = {}): Step {
  // No token left in .git/config for later steps: nothing after checkout pushes with GITHUB_TOKEN.
  return { name: 'Check out', uses: uses('checkout'), with: { 'persist-credentials': false, ...options } };
}

/** Node 20, npm as pinned, and `npm ci` without install scripts (the project needs none). */
export function installDependencies(): Step[] {
  return [
    { name: 'Set up Node', uses: uses('setupNode'), with: { 'node-version': NODE_VERSION } },
    {
      name: 'Install dependencies',
      run: `npm install --global npm@${NPM_VERSION} --no-audit --no-fund\nnpm ci --ignore-scripts --no-audit --no-fund`,
    },
  ];
}

/**
 * Short-lived credentials of one CI role, from GitHub's OIDC token (the job needs `id-token: write`); the role
 * lives in the environment's account, and the credentials are refused for any other account.
 */
export function assumeRole(platform: Platform, environment: string, purpose: string, sessionSeconds?: number): Step {
  const { accountId, region } = platform.environments[environment].aws;
  return {
    name: `Assume ${purpose} role in ${environment}`,
    uses: uses('awsCredentials'),
    with: {
      'role-to-assume': ciRoleArn(platform, environment, purpose),
      'aws-region': region,
      'allowed-account-ids': accountId,
      'role-session-name': `github-${purpose}-${environment}`,
      ...(sessionSeconds ? { 'role-duration-seconds': sessionSeconds } : {}),
    },
  };
}
