/**
 * A real Prometheus (Debian package `prometheus`) over a TSDB built from given samples, for tests that need what a
 * query really returns (the canary analysis hands Argo Rollouts the raw vector). The samples become blocks with
 * `promtool tsdb create-blocks-from openmetrics`; Prometheus serves them read-only on a free local port.
 */
import { serveOpenMetrics } from './prometheus';

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

export async function startPrometheus(samples: readonly Sample[]): Promise<RunningPrometheus> {
  const sorted = [...samples].sort((a, b) => a.series.localeCompare(b.series) || a.time - b.time);
  const server = await serveOpenMetrics(`${sorted.map((s) => `${s.series} ${s.value} ${s.time}`).join('\n')}\n# EOF\n`);
  const query = async (expr: string, time: number) => {
    const response = await fetch(
      `${server.url}/api/v1/query?${new URLSearchParams({ query: expr, time: String(time) })}`,
    );
    const body = (await response.json()) as { status: string; error?: string; data: any };
    if (body.status !== 'success') throw new Error(`query failed: ${body.error}\n${expr}`);
    return body.data;
  };
  return { query, stop: () => server.stop() };
}
