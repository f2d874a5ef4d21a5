/**
 * A stand-in for the environment's cluster in the drill tests: it keeps what the drill applies (every object is
 * schema-validated by the test), and runs the check Job for real on this machine (check-job.ts) against local
 * PostgreSQL servers standing in for production's replica and the restored instance, with the temporary app played
 * by a small HTTP server that answers the drill's API calls from the restored server, as the app would.
 */
import { createServer, type Server } from 'node:http';
import type { Endpoint, LocalCluster } from '../../src/sop/local/cluster';
import type { JobOutcome, Kubectl } from '../../src/sop/cluster/kubectl';
import { runCheckJobLocally } from './check-job';

type Obj = Record<string, any>;

/** Answers `/internal/drill/customers/count` and `/internal/drill/tenants/<id>/orders/count` from `database`. */
export async function startShopApp(
  database: LocalCluster,
  options: { readonly broken?: RegExp; readonly offBy?: number } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    const answer = async () => {
      if (options.broken?.test(url)) return { status: 500, body: { error: 'internal error' } };
      let match: RegExpExecArray | null;
      if (url === '/internal/drill/customers/count') {
        const [{ n }] = await database.query<{ n: string }>('SELECT count(*) AS n FROM customers', [], 'shop');
        return { status: 200, body: { count: Number(n) + (options.offBy ?? 0) } };
      }
      if ((match = /^\/internal\/drill\/tenants\/([^/]+)\/orders\/count$/.exec(url))) {
        const [{ n }] = await database.query<{ n: string }>(
          'SELECT count(*) AS n FROM orders WHERE tenant_id = $1',
          [decodeURIComponent(match[1])],
          'shop',
        );
        return { status: 200, body: { data: { count: Number(n) } } };
      }
      return { status: 404, body: { error: 'not found' } };
    };
    answer().then(
      ({ status, body }) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface FakeClusterTargets {
  /** Production's read replica, as the Job reaches it. */
  readonly source: Endpoint;
  /** The restored instance. */
  readonly restored: Endpoint;
  /** The temporary app's URL. */
  readonly appUrl: string;
}

export class FakeCluster implements Kubectl {
  readonly applied: Obj[] = [];
  readonly deletedNamespaces: string[] = [];
  readonly calls: string[] = [];
  private log = '';

  constructor(private readonly targets: FakeClusterTargets) {}

  async apply(objects: readonly Obj[]): Promise<void> {
    this.calls.push(`apply ${objects.map((o) => o.kind).join(',')}`);
    this.applied.push(...structuredClone(objects));
  }

  async rolloutStatus(namespace: string, deployment: string): Promise<void> {
    this.calls.push(`rollout status ${namespace}/${deployment}`);
    if (!this.applied.some((o) => o.kind === 'Deployment' && o.metadata.name === deployment)) {
      throw new Error(`deployment ${deployment} was not applied`);
    }
  }

  async waitForJob(namespace: string, job: string): Promise<JobOutcome> {
    this.calls.push(`wait job ${namespace}/${job}`);
    const jobObject = this.applied.find((o) => o.kind === 'Job' && o.metadata.name === job);
    if (!jobObject) throw new Error(`job ${job} was not applied`);
    const run = await runCheckJobLocally(
      this.applied.filter((o) => o.kind !== 'Job'),
      jobObject,
      this.targets,
    );
    this.log = run.log;
    return run.status === 0 ? 'complete' : 'failed';
  }

  async jobLogs(namespace: string, job: string): Promise<string> {
    this.calls.push(`logs ${namespace}/${job}`);
    return this.log;
  }

  async deleteNamespace(namespace: string): Promise<void> {
    this.calls.push(`delete namespace ${namespace}`);
    this.deletedNamespaces.push(namespace);
  }
}
