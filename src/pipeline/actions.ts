/**
 * The third-party actions the workflows use, each pinned to the full commit SHA of a release tag (looked up in the
 * action's repository; the tag is kept for people and for updates). A tag can be moved, a commit cannot.
 * test/fixtures/actions/ holds each pinned release's action.yml: the tests check every `with:` against it.
 */
export interface PinnedAction {
  readonly repository: string;
  readonly tag: string;
  readonly sha: string;
}

export const ACTIONS = {
  checkout: { repository: 'actions/checkout', tag: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  setupNode: { repository: 'actions/setup-node', tag: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' },
  uploadArtifact: {
    repository: 'actions/upload-artifact',
    tag: 'v7.0.0',
    sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f',
  },
  createAppToken: {
    repository: 'actions/create-github-app-token',
    tag: 'v3.1.1',
    sha: '1b10c78c7865c340bc4f6099eb2f838309f1e8c3',
  },
  awsCredentials: {
    repository: 'aws-actions/configure-aws-credentials',
    tag: 'v6.2.3',
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
  },
  setupTerraform: {
    repository: 'hashicorp/setup-terraform',
    tag: 'v4.0.1',
    sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e',
  },
  setupQemu: { repository: 'docker/setup-qemu-action', tag: 'v4.2.0', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8' },
  setupBuildx: {
    repository: 'docker/setup-buildx-action',
    tag: 'v4.3.0',
    sha: '37fe631027851001ddb9b187196cc803df7f5f0e',
  },
} as const satisfies Record<string, PinnedAction>;

export type ActionName = keyof typeof ACTIONS;

/** The `uses:` value of a pinned action: `actions/checkout@<sha>`. */
export function uses(action: ActionName): string {
  const { repository, sha } = ACTIONS[action];
  return `${repository}@${sha}`;
}
