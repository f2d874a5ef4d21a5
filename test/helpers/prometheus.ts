/**
 * A real Prometheus (Debian's `prometheus` package) serving recorded series: the samples are written as
 * OpenMetrics, turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics` (Prometheus's
 * backfilling), and the server started on them on a free loopback port. Queries then run through the same HTTP API
 * and PromQL engine as in the cluster.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../src/sop/local/free-port';
import { toolPath } from '../support/tools';
import { waitFor } from './wait';

/** One series: its metric name, labels and samples (time, value). */
export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly (readonly [Date, number])[];
}

/** OpenMetrics text of the series: gauges, and counters for names ending in `_total`. */
export function openMetrics(series: readonly Series[]): string {
  const families = new Map<string, Series[]>();
  for (const one of series) families.set(one.name, [...(families.get(one.name) ?? []), one]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    const counter = name.endsWith('_total');
    lines.push(`# TYPE ${counter ? name.slice(0, -'_total'.length) : name} ${counter ? 'counter' : 'gauge'}`);
    for (const { labels, samples } of members) {
      const labelText = Object.entries(labels)
        .map(([key, value]) => `${key}="${value}"`)
        .join(',');
      for (const [at, value] of samples) lines.push(`${name}{${labelText}} ${value} ${at.getTime() / 1000}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

export class RecordedPrometheus {
  /** Backfills the series and starts Prometheus on them; resolves once it is ready. */
  static async start(series: readonly Series[]): Promise<RecordedPrometheus> {
    const dir = mkdtempSync(path.join(tmpdir(), 'sop-prometheus-'));
    const data = path.join(dir, 'data');
    writeFileSync(path.join(dir, 'series.om'), openMetrics(series));
    const backfill = spawnSync(
      toolPath('promtool'),
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', path.join(dir, 'series.om'), data],
      { encoding: 'utf8' },
    );
    if (backfill.status !== 0) throw new Error(`promtool backfill: ${backfill.stderr || backfill.stdout}`);
    writeFileSync(path.join(dir, 'prometheus.yml'), 'global: {}\n');
    const port = await freeLoopbackPort();
    const server = spawn(
      path.join(path.dirname(toolPath('promtool')), 'prometheus'),
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const prometheus = new RecordedPrometheus(`http://127.0.0.1:${port}`, server, dir);
    try {
      await waitFor(
        `Prometheus ready on port ${port}`,
        async () => {
          if (server.exitCode !== null) throw new Error(`prometheus exited ${server.exitCode}: ${log}`);
          return fetch(`${prometheus.url}/-/ready`).then(
            (response) => response.ok,
            () => false,
          );
        },
        45_000,
      );
    } catch (error) {
      await prometheus.stop();
      throw error;
    }
    return prometheus;
  }

  private constructor(
    readonly url: string,
    private readonly server: ChildProcess,
    private readonly dir: string,
  ) {}

  async stop(): Promise<void> {
    if (this.server.exitCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      this.server.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Samples every `stepSeconds` from `from` to `to`, valued by `value(t)`. */
export function samples(
  from: Date,
  to: Date,
  stepSeconds: number,
  value: (at: Date, i: number) => number,
): [Date, number][] {
  const result: [Date, number][] = [];
  for (let t = from.getTime(), i = 0; t <= to.getTime(); t += stepSeconds * 1000, i++) {
    result.push([new Date(t), value(new Date(t), i)]);
  }
  return result;
}
