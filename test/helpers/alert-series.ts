/**
 * Input series for promtool cases that start from a realistic past: every case first gives Prometheus
 * {@link HISTORY_MINUTES} healthy minutes (as a running Prometheus has), and the incident starts after them.
 * Samples are one a minute; `at(n)` is the evaluation time n minutes into the incident.
 */
import type { SeriesInput } from './promtool-rules';

/** Healthy minutes before every incident: longer than any rate window or `for` of the rules. */
export const HISTORY_MINUTES = 30;

/** Evaluation time `minutes` after the incident started (the end of the healthy history). */
export const at = (minutes: number): string => `${HISTORY_MINUTES + minutes}m`;

/** Every minute from `from` to `to` (inclusive) into the incident. */
export function everyMinute(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => at(from + i));
}

/** A gauge that reads `healthy` for the history, then `incident` (promtool notation, one sample a minute). */
export const afterHistory = (healthy: number, incident: string): string => `${healthy}x${HISTORY_MINUTES} ${incident}`;

/** A label set as PromQL text: `{a="1", b="2"}`. */
export const labels = (set: Record<string, string>): string =>
  `{${Object.entries(set)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;

/** Minutes of HTTP traffic at a steady rate. */
export interface Traffic {
  readonly minutes: number;
  readonly requestsPerMinute: number;
  readonly errorsPerMinute: number;
}

/** The healthy history of an HTTP service: no 5xx. */
export const healthyTraffic = (requestsPerMinute = 100, minutes = HISTORY_MINUTES): Traffic => ({
  minutes,
  requestsPerMinute,
  errorsPerMinute: 0,
});

export const failingTraffic = (minutes: number, errorPercent: number, requestsPerMinute = 100): Traffic => ({
  minutes,
  requestsPerMinute,
  errorsPerMinute: (requestsPerMinute * errorPercent) / 100,
});

/**
 * Counter samples from 0, `samplesPerMinute` a minute (the case's `interval` must match), that grow by
 * `perMinute(phase)` a minute through consecutive phases.
 */
function counter(phases: readonly Traffic[], perMinute: (phase: Traffic) => number, samplesPerMinute: number): string {
  let value = 0;
  const parts = ['0'];
  for (const phase of phases) {
    const step = perMinute(phase) / samplesPerMinute;
    const samples = phase.minutes * samplesPerMinute;
    parts.push(`${value + step}+${step}x${samples - 1}`);
    value += step * samples;
  }
  return parts.join(' ');
}

/**
 * `http_requests_total` of one pod of `service`: its 500s and its 200s through the phases, sampled
 * `samplesPerMinute` times a minute (2 is the platform's 30s scrape interval).
 */
export function httpTraffic(
  namespace: string,
  service: string,
  phases: readonly Traffic[],
  samplesPerMinute = 1,
): SeriesInput[] {
  const series = (code: string) =>
    `http_requests_total${labels({ namespace, service_name: service, pod: `your-app-${service}-1`, route: '/v1/tenants', method: 'GET', code })}`;
  return [
    { series: series('500'), values: counter(phases, (p) => p.errorsPerMinute, samplesPerMinute) },
    {
      series: series('200'),
      values: counter(phases, (p) => p.requestsPerMinute - p.errorsPerMinute, samplesPerMinute),
    },
  ];
}

/**
 * kube-state-metrics' `kube_node_status_condition` of one node: Ready and each of `others`, three series each (status
 * true, false, unknown), 1 for the status that holds and 0 for the rest (internal/store/node.go). Ready holds when
 * `ready`; the other conditions are false. `samples` + 1 samples of each value.
 */
export function nodeConditionSeries(
  node: string,
  ready: boolean,
  others: readonly string[],
  samples: number,
): SeriesInput[] {
  return ['Ready', ...others].flatMap((condition) => {
    const holds = condition === 'Ready' && ready ? 'true' : 'false';
    return ['true', 'false', 'unknown'].map((status) => ({
      series: `kube_node_status_condition{node="${node}", condition="${condition}", status="${status}"}`,
      values: `${status === holds ? 1 : 0}x${samples}`,
    }));
  });
}
