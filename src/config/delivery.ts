/** Where releases go and come from: the GitOps repository Argo CD syncs, and this repository on GitHub. */
import { z } from 'zod';

export const gitopsSchema = z.strictObject({
  /** The Git repository Argo CD syncs from; the promotion workflow commits each environment's manifests there. */
  repoURL: z.string().regex(/^https:\/\/[^\s]+\.git$/, 'must be an https Git URL ending in .git'),
  /**
   * Branch Argo CD follows.
   * @default main
   */
  branch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
    .default('main'),
  /**
   * Directory of that repository holding one directory per environment (the `dist/<env>/` of a synth).
   * @default dist
   */
  path: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative directory such as dist')
    .default('dist'),
});

export const githubSchema = z.strictObject({
  /** This repository on GitHub (`owner/name`): its workflows assume the CI roles through GitHub's OIDC provider. */
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be a GitHub repository such as owner/name'),
  /**
   * The branch of this repository that releases and infrastructure changes leave from; the CI roles trust only it.
   * @default main
   */
  branch: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
    .default('main'),
});

export type Gitops = z.infer<typeof gitopsSchema>;
export type Github = z.infer<typeof githubSchema>;
