/**
 * A typed GitHub Actions workflow: the subset of the workflow syntax this project writes. Key order in these
 * objects is the order in the generated YAML.
 */

/** GITHUB_TOKEN scopes a job may hold; a job lists only what it uses, the workflow grants nothing. */
export type Scope = 'contents' | 'id-token' | 'pull-requests' | 'actions';
export type Permissions = Partial<Record<Scope, 'read' | 'write'>>;

export interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  /** `owner/repo@<40-hex commit>`: see actions.ts. */
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly run?: string;
  readonly 'timeout-minutes'?: number;
}

export interface Job {
  readonly name: string;
  readonly needs?: readonly string[];
  readonly if?: string;
  readonly 'runs-on': string;
  /** A GitHub environment: its protection rules (required reviewers) gate the job. */
  readonly environment?: string;
  readonly container?: string;
  readonly permissions: Permissions;
  readonly 'timeout-minutes': number;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

export interface Workflow {
  /** File name under .github/workflows/. */
  readonly file: string;
  readonly name: string;
  readonly on: Readonly<Record<string, unknown>>;
  /** Every workflow starts from no permissions; each job asks for its own. */
  readonly permissions: Permissions;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly env?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}
