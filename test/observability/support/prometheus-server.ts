/**
 * A real Prometheus (Debian package `prometheus`) over a TSDB built from given samples, for tests that need what a
 * query really returns (the canary analysis hands Argo Rollouts the raw vector). The samples become blocks with
 * `promtool tsdb create-blocks-from openmetrics`; Prometheus serves them read-only on a free local port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run, toolPath } from '../../support/tools';

export interface Sample {
  /** Series in OpenMetrics text, no spaces: `http_requests_total{code="200",pod="a"}`. */
  readonly series: string;
  /** Seconds since the epoch. */
  readonly time: number;
  readonly value: number;
}

export interface RunningPrometheus {
  /** The instant query's result (`data` of /api/v1/query) at `time` (seconds). */
  query(expr: string, time: number): Promise<{ resultType: string; result: { value: [number, string] }[] }>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(samples: readonly Sample[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-'));
  const input = path.join(dir, 'samples.om');
  const sorted = [...samples].sort((a, b) => a.series.localeCompare(b.series) || a.time - b.time);
  writeFileSync(input, `${sorted.map((s) => `${s.series} ${s.value} ${s.time}`).join('\n')}\n# EOF\n`);
  const data = path.join(dir, 'data');
  const blocks = run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, data]);
  if (blocks.status !== 0) throw new Error(`promtool could not build the TSDB:\n${blocks.stderr}${blocks.stdout}`);
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(config, 'global: {}\n');

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    toolPath('prometheus'),
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      // The samples are old: never delete them for age.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const query = async (expr: string, time: number) => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr, time: String(time) })}`);
    const body = (await response.json()) as { status: string; error?: string; data: any };
    if (body.status !== 'success') throw new Error(`query failed: ${body.error}\n${expr}`);
    return body.data;
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}:\n${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { query, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready within 20 s:\n${stderr}`);
}
