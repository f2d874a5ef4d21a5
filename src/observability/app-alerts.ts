/**
 * Alerts about the app of one environment: its traffic, its data stores and its deployments. Every expression is
 * scoped to the environment's namespace, so the rules of qa, staging and production never see each other's
 * series even when they share a Prometheus.
 */
import type { AlertDefinition, AlertScope } from './alert-model';
import { selector } from './promql';
import { HTTP_REQUESTS_TOTAL, ROLLOUT_PHASES, SCRAPE_LABELS } from './metrics-contract';

/** The manual's P1 threshold: 5xx over all requests. */
export const API_ERROR_RATIO_THRESHOLD = 0.05;
export const REPLICATION_LAG_THRESHOLD_SECONDS = 60;

const namespaceOf = (scope: AlertScope) => scope.platform.environments[scope.environment].namespace;

function httpServicesRegex(scope: AlertScope): string {
  const services = Object.entries(scope.platform.services).filter(([, definition]) => definition.kind === 'http');
  return services.map(([name]) => name).join('|');
}

function httpRequests(scope: AlertScope, extra: Record<string, string> = {}): string {
  return selector(HTTP_REQUESTS_TOTAL, {
    [SCRAPE_LABELS.namespace]: namespaceOf(scope),
    [SCRAPE_LABELS.serviceName]: `=~${httpServicesRegex(scope)}`,
    ...extra,
  });
}

/** Rollout series of the environment, with the Rollout's namespace copied into `namespace` like every app alert. */
function rollouts(scope: AlertScope, phase: string, by: string): string {
  const label = scope.platform.monitoring.exporters.rolloutNamespaceLabel;
  const series = selector('rollout_info', { [label]: namespaceOf(scope), phase });
  return `label_replace(${by} by (${label}, name) (${series}), "namespace", "$1", "${label}", "(.*)")`;
}

function exporter(scope: AlertScope, metric: string, job: string): string {
  return selector(metric, { namespace: namespaceOf(scope), job });
}

const by = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.serviceName}`;

export const APP_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'ApiHighErrorRate',
    severity: { qa: 'P3', staging: 'P2', production: 'P1' },
    for: '5m',
    expr: (scope) =>
      `sum by (${by}) (rate(${httpRequests(scope, { code: '=~5..' })}[5m]))\n` +
      `  / sum by (${by}) (rate(${httpRequests(scope)}[5m]))\n` +
      `  > ${API_ERROR_RATIO_THRESHOLD}`,
    summary: '{{ $labels.service_name }} answers {{ $value | humanizePercentage }} of requests with 5xx',
    description:
      `More than ${API_ERROR_RATIO_THRESHOLD * 100}% of the HTTP requests of {{ $labels.service_name }} in ` +
      '{{ $labels.namespace }} failed with a 5xx status for 5 minutes. Customers see errors.',
  },
  {
    name: 'PostgresPrimaryDown',
    severity: { qa: 'P3', staging: 'P2', production: 'P1' },
    for: '1m',
    expr: (scope) => `${exporter(scope, 'pg_up', scope.platform.monitoring.exporters.postgresPrimaryJob)} == 0`,
    summary: 'The PostgreSQL primary of {{ $labels.namespace }} does not answer',
    description:
      'postgres_exporter ({{ $labels.job }}) has not been able to query the primary database for 1 minute. ' +
      'Every write of the app fails.',
  },
  {
    name: 'PostgresReplicationLagHigh',
    severity: { qa: 'P3', staging: 'P3', production: 'P2' },
    for: '5m',
    expr: (scope) =>
      `${exporter(scope, 'pg_replication_lag_seconds', scope.platform.monitoring.exporters.postgresReplicaJob)}` +
      ` > ${REPLICATION_LAG_THRESHOLD_SECONDS}`,
    summary: 'The PostgreSQL replica of {{ $labels.namespace }} lags {{ $value | humanizeDuration }} behind',
    description:
      `Replication lag has stayed above ${REPLICATION_LAG_THRESHOLD_SECONDS} seconds for 5 minutes: reads from ` +
      'the replica are stale and a failover now would lose that much data.',
  },
  {
    name: 'RedisDown',
    severity: { qa: 'P3', staging: 'P3', production: 'P2' },
    for: '2m',
    expr: (scope) => `${exporter(scope, 'redis_up', scope.platform.monitoring.exporters.redisJob)} == 0`,
    summary: 'Redis of {{ $labels.namespace }} does not answer',
    description:
      'redis_exporter has not reached Redis for 2 minutes. Caching and sessions are degraded; if the API fails ' +
      'because of it, ApiHighErrorRate pages.',
  },
  {
    name: 'PodCrashLooping',
    severity: { qa: 'P3', staging: 'P3', production: 'P2' },
    for: '10m',
    expr: (scope) =>
      `max by (namespace, pod, container) (max_over_time(${selector('kube_pod_container_status_waiting_reason', {
        namespace: namespaceOf(scope),
        reason: 'CrashLoopBackOff',
      })}[5m])) >= 1`,
    summary: 'Container {{ $labels.container }} of pod {{ $labels.pod }} is crash-looping',
    description:
      'The container has been in CrashLoopBackOff for 10 minutes in {{ $labels.namespace }}: it starts and ' +
      'dies again.',
  },
  {
    name: 'RolloutDegraded',
    severity: { qa: 'P3', staging: 'P2', production: 'P2' },
    for: '5m',
    expr: (scope) =>
      `${rollouts(scope, `=~${[ROLLOUT_PHASES.error, ROLLOUT_PHASES.timeout, ROLLOUT_PHASES.invalidSpec].join('|')}`, 'max')} == 1`,
    summary: 'Deployment of {{ $labels.name }} failed in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} has been in an error, timed-out or invalid-spec phase for 5 minutes: the ' +
      'new version is not being rolled out.',
  },
  {
    name: 'CanaryAborted',
    severity: { qa: 'P3', staging: 'P2', production: 'P2' },
    for: '1m',
    expr: (scope) => `${rollouts(scope, ROLLOUT_PHASES.abort, 'max')} == 1`,
    summary: 'Canary of {{ $labels.name }} was aborted in {{ $labels.namespace }}',
    description:
      'The Rollout {{ $labels.name }} aborted its canary (failed analysis or a manual abort) and went back to ' +
      'the stable version. The new version needs a fix before it is released again.',
  },
  {
    name: 'RolloutSucceeded',
    severity: { qa: 'P3', staging: 'P3', production: 'P3' },
    for: '0m',
    // Completed now after another phase within 10 minutes: a finished release, not a Rollout merely at rest.
    expr: (scope) => {
      const label = scope.platform.monitoring.exporters.rolloutNamespaceLabel;
      const earlier = selector('rollout_info', { [label]: namespaceOf(scope), phase: `!=${ROLLOUT_PHASES.completed}` });
      return (
        `${rollouts(scope, ROLLOUT_PHASES.completed, 'max')} == 1\n` +
        `  and on (${label}, name) count by (${label}, name) (count_over_time(${earlier}[10m]))`
      );
    },
    summary: 'Deployment of {{ $labels.name }} succeeded in {{ $labels.namespace }}',
    description: 'The Rollout {{ $labels.name }} completed: the new version serves all traffic.',
  },
];
