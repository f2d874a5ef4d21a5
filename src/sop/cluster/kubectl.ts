/**
 * The few kubectl operations the drill needs, behind an interface so tests can stand in for a cluster. The real
 * one runs plain kubectl (no plugin) with the caller's kubeconfig: in the scheduled workflow, the one
 * `aws eks update-kubeconfig` writes for the drill role.
 */
import { spawn } from 'node:child_process';
import { Yaml } from 'cdk8s';

export type JobOutcome = 'complete' | 'failed' | 'timeout';

export interface Kubectl {
  /** `kubectl apply -f -`: the objects on standard input (a Secret never touches the disk). */
  apply(objects: readonly Record<string, unknown>[]): Promise<void>;
  /** Waits until the Deployment's rollout is complete; throws with kubectl's message when it is not in time. */
  rolloutStatus(namespace: string, deployment: string, timeoutSeconds: number): Promise<void>;
  /** Waits until the Job completes or fails, or the time is up. */
  waitForJob(namespace: string, job: string, timeoutSeconds: number): Promise<JobOutcome>;
  /** The logs of the Job's pod. */
  jobLogs(namespace: string, job: string): Promise<string>;
  /** Deletes the namespace and everything in it; waits until it is gone. */
  deleteNamespace(namespace: string): Promise<void>;
}

interface Result {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function kubectl(args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`kubectl ${args[0]}: ${error.message}`)));
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function kubectlOk(args: readonly string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.status !== 0)
    throw new Error(`kubectl ${args.join(' ')}: ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** kubectl on PATH. */
export const systemKubectl: Kubectl = {
  async apply(objects) {
    await kubectlOk(['apply', '-f', '-'], Yaml.stringify(...objects));
  },
  async rolloutStatus(namespace, deployment, timeoutSeconds) {
    await kubectlOk(['rollout', 'status', `deployment/${deployment}`, '-n', namespace, `--timeout=${timeoutSeconds}s`]);
  },
  async waitForJob(namespace, job, timeoutSeconds) {
    // `kubectl wait --for=condition=complete` would wait out the timeout on a failed Job: read both conditions.
    const deadline = Date.now() + timeoutSeconds * 1000;
    while (Date.now() < deadline) {
      const status = JSON.parse(await kubectlOk(['get', 'job', job, '-n', namespace, '-o', 'json'])).status ?? {};
      const conditions: { type: string; status: string }[] = status.conditions ?? [];
      const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
      if (isTrue('Complete')) return 'complete';
      if (isTrue('Failed')) return 'failed';
      await sleep(5000);
    }
    return 'timeout';
  },
  async jobLogs(namespace, job) {
    return kubectlOk(['logs', `job/${job}`, '-n', namespace, '-c', 'checks']);
  },
  async deleteNamespace(namespace) {
    await kubectlOk(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=true', '--timeout=600s']);
  },
};
