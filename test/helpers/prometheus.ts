/**
 * A real Prometheus (Debian's `prometheus` package) serving recorded series: the samples are written as
 * OpenMetrics, turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics` (Prometheus's
 * backfilling), and the server started on them on a free loopback port. Queries then run through the same HTTP API
 * and PromQL engine as in the cluster.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toolPath } from './tools';
import { startLocalServer, type LocalServer } from './local-server';

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

/**
 * Prometheus over an OpenMetrics text: backfilled into TSDB blocks with promtool, then served read-only. The samples
 * may be of any age: retention never drops them.
 */
export async function serveOpenMetrics(text: string): Promise<LocalServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-'));
  const data = path.join(dir, 'data');
  writeFileSync(path.join(dir, 'series.om'), text);
  const backfill = spawnSync(
    toolPath('promtool'),
    ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', path.join(dir, 'series.om'), data],
    { encoding: 'utf8' },
  );
  if (backfill.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool backfill: ${backfill.stderr || backfill.stdout}`);
  }
  writeFileSync(path.join(dir, 'prometheus.yml'), 'global: {}\n');
  return startLocalServer(
    toolPath('prometheus'),
    (address) => [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ],
    { cleanUp: () => rmSync(dir, { recursive: true, force: true }) },
  );
}

/** Prometheus serving recorded series (RecordedPrometheus.start); `url` is its HTTP API. */
export class RecordedPrometheus {
  static async start(series: readonly Series[]): Promise<RecordedPrometheus> {
    return new RecordedPrometheus(await serveOpenMetrics(openMetrics(series)));
  }

  private constructor(private readonly server: LocalServer) {}

  get url(): string {
    return this.server.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
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
