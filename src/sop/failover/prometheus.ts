/**
 * What SOP-02 asks Prometheus: the replica's lag at the moment the app was cut off (the precondition of promote,
 * step 3) and the API error rate after the repoint (verify, step 5). Instant queries through the HTTP API
 * (`/api/v1/query` with `time`), with the series the alerts use: postgres_exporter's `pg_replication_lag_seconds`
 * from the replica's scrape job, and the app's `http_requests_total`.
 */
import type { Platform } from '../../config';
import { API_ERROR_RATE_WINDOW } from '../../observability/service-alerts';
import { HTTP_REQUESTS_TOTAL, SCRAPE_LABELS } from '../../observability/metrics-contract';
import { selector } from '../../observability/promql';
import { fetchWithOneRetry } from './http';

/** How far back the lag query looks for a moment the primary was up. */
export const LAG_LOOKBACK = '1h';

/**
 * The replica's lag at the last moment the primary was up (within LAG_LOOKBACK): the data a promotion loses.
 * postgres_exporter's `pg_replication_lag_seconds` is the time since the replica replayed its last transaction
 * (collector/pg_replication.go), so once the primary is down it grows by the outage itself; the lag that matters is
 * the one while the primary's exporter still saw it up (`pg_up == 1`). With the primary up, that is the lag now.
 */
export function replicaLagQuery(platform: Platform, environment: string): string {
  const { namespace } = platform.environments[environment];
  const { postgresReplicaJob, postgresPrimaryJob } = platform.monitoring.exporters;
  const lag = `max(${selector('pg_replication_lag_seconds', { namespace, job: postgresReplicaJob })})`;
  const primaryUp = `max(${selector('pg_up', { namespace, job: postgresPrimaryJob })}) == 1`;
  return `last_over_time((${lag} and on() ${primaryUp})[${LAG_LOOKBACK}:15s])`;
}

/** 5xx over all requests of the environment's http services, over the HttpHighErrorRate alert's window. */
export function errorRatioQuery(platform: Platform, environment: string): string {
  const http = Object.entries(platform.services)
    .filter(([, definition]) => definition.kind === 'http')
    .map(([name]) => name);
  const requests = (extra: Record<string, string>) =>
    `sum(rate(${selector(HTTP_REQUESTS_TOTAL, {
      [SCRAPE_LABELS.namespace]: platform.environments[environment].namespace,
      [SCRAPE_LABELS.serviceName]: `=~${http.join('|')}`,
      ...extra,
    })}[${API_ERROR_RATE_WINDOW}]))`;
  return `${requests({ code: '=~5..' })} / ${requests({})}`;
}

/** Prometheus could not be asked: says where it was looked for and how to reach it from outside the cluster. */
export class PrometheusUnreachable extends Error {}

/**
 * The single value of an instant query at `time`, or null when the result is empty (no series then) or not a
 * number (no requests at all: 0/0).
 */
export async function instantValue(baseUrl: string, query: string, time: Date): Promise<number | null> {
  const url = `${baseUrl.replace(/\/$/, '')}/api/v1/query?${new URLSearchParams({
    query,
    time: String(time.getTime() / 1000),
  })}`;
  let response: Response;
  try {
    response = await fetchWithOneRetry(url, { timeoutMs: 15_000 });
  } catch (error) {
    throw new PrometheusUnreachable(`${baseUrl}: ${(error as Error).message}`);
  }
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: { value: [number, string] }[] };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`Prometheus: ${body.error ?? response.statusText}`);
  const [first] = body.data.result;
  if (!first) return null;
  const value = Number(first.value[1]);
  return Number.isFinite(value) ? value : null;
}

/** `kubectl port-forward` to the Prometheus of `prometheusUrl` (an in-cluster Service address). */
export function portForwardHint(prometheusUrl: string): string {
  const { hostname, port } = new URL(prometheusUrl);
  const [service, namespace] = hostname.split('.');
  return `kubectl port-forward -n ${namespace} svc/${service} ${port || 80}:${port || 80}, then --prometheus-url http://127.0.0.1:${port || 80}`;
}
