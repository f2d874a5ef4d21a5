/**
 * Alerts about the app's data stores, seen through their exporters (postgres_exporter, redis_exporter) in the app
 * namespace. A store counts as down when its exporter says so, and also when Prometheus cannot scrape the exporter
 * or the exporter is gone: then the exporter's own gauge has no series, and an alert on it alone stays silent.
 */
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { UP } from './metrics-contract';
import { selector } from './promql';

export const REPLICATION_LAG_THRESHOLD_SECONDS = 60;
/** Share of the connection slots open to the app (max_connections less the superusers' reserve) in use. */
export const POSTGRES_CONNECTIONS_THRESHOLD = 0.8;
/** Share of Redis' maxmemory in use: beyond it the eviction policy starts dropping keys (or writes fail). */
export const REDIS_MEMORY_THRESHOLD = 0.9;

const BY_TARGET = 'namespace, job';

/**
 * The exporter `job` reports `health == 0`, or its scrape target is down, or there is no target at all. Every branch
 * yields the labels {namespace, job}, so a store going from "unreachable" to "exporter gone" stays one alert.
 */
function storeDown(scope: AlertScope, health: string, job: string): string {
  const target = { namespace: namespaceOf(scope), job };
  return (
    `max by (${BY_TARGET}) (${selector(health, target)}) == 0\n` +
    `  or max by (${BY_TARGET}) (${selector(UP, target)}) == 0\n` +
    `  or absent(${selector(UP, target)})`
  );
}

const exporters = (scope: AlertScope) => scope.platform.monitoring.exporters;

export const DATA_STORE_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'PostgresPrimaryDown',
    for: '1m',
    expr: (scope) => storeDown(scope, 'pg_up', exporters(scope).postgresPrimaryJob),
    summary: 'The PostgreSQL primary of {{ $labels.namespace }} does not answer, or cannot be watched',
    description:
      'For 1 minute postgres_exporter ({{ $labels.job }}) has not been able to query the primary database, or ' +
      'Prometheus has not been able to scrape the exporter at all. Either every write of the app fails, or the ' +
      'primary is unwatched: the runbook tells which.',
  },
  {
    name: 'PostgresReplicaDown',
    for: '5m',
    expr: (scope) => storeDown(scope, 'pg_up', exporters(scope).postgresReplicaJob),
    summary: 'The PostgreSQL replica of {{ $labels.namespace }} does not answer, or cannot be watched',
    description:
      'For 5 minutes postgres_exporter ({{ $labels.job }}) has not been able to query the read replica, or ' +
      'Prometheus has not been able to scrape the exporter. SOP-02 (database failover) promotes this replica: ' +
      'without it a lost primary means a point-in-time restore, and its replication lag is unwatched.',
  },
  {
    name: 'PostgresReplicationLagHigh',
    for: '5m',
    expr: (scope) =>
      `max by (${BY_TARGET}) (${selector('pg_replication_lag_seconds', {
        namespace: namespaceOf(scope),
        job: exporters(scope).postgresReplicaJob,
      })}) > ${REPLICATION_LAG_THRESHOLD_SECONDS}`,
    summary: 'The PostgreSQL replica of {{ $labels.namespace }} lags {{ $value | humanizeDuration }} behind',
    description:
      `Replication lag has stayed above ${REPLICATION_LAG_THRESHOLD_SECONDS} seconds for 5 minutes: reads from ` +
      'the replica are stale and a failover now would lose that much data.',
  },
  {
    name: 'PostgresConnectionsNearLimit',
    for: '10m',
    // The exporter's own connection is not counted (pid <> pg_backend_pid()); background workers have no datname.
    expr: (scope) => {
      const primary = { namespace: namespaceOf(scope), job: exporters(scope).postgresPrimaryJob };
      return (
        `sum by (${BY_TARGET}) (${selector('pg_stat_activity_count', primary)})
` +
        `/ (
  max by (${BY_TARGET}) (${selector('pg_settings_max_connections', primary)})
` +
        `  - max by (${BY_TARGET}) (${selector('pg_settings_superuser_reserved_connections', primary)})
)
` +
        `> ${POSTGRES_CONNECTIONS_THRESHOLD}`
      );
    },
    summary: 'PostgreSQL primary of {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its connections',
    description:
      `For 10 minutes more than ${POSTGRES_CONNECTIONS_THRESHOLD * 100}% of the primary's connection slots ` +
      '(max_connections less the superuser reserve) have been in use. When they run out, new connections fail ' +
      'and pods that scale out cannot connect.',
  },
  {
    name: 'RedisDown',
    for: '2m',
    expr: (scope) => storeDown(scope, 'redis_up', exporters(scope).redisJob),
    summary: 'Redis of {{ $labels.namespace }} does not answer, or cannot be watched',
    description:
      'For 2 minutes redis_exporter ({{ $labels.job }}) has not reached Redis, or Prometheus has not been able to ' +
      'scrape the exporter. Caching and sessions may be degraded; if the API fails because of it, ' +
      'HttpHighErrorRate pages.',
  },
  {
    name: 'RedisMemoryNearLimit',
    for: '10m',
    // maxmemory 0 means no limit: nothing to be near, so those series are dropped (`> 0`).
    expr: (scope) => {
      const redis = { namespace: namespaceOf(scope), job: exporters(scope).redisJob };
      return (
        `max by (${BY_TARGET}) (${selector('redis_memory_used_bytes', redis)})
` +
        `/ max by (${BY_TARGET}) (${selector('redis_memory_max_bytes', redis)} > 0)
` +
        `> ${REDIS_MEMORY_THRESHOLD}`
      );
    },
    summary: 'Redis of {{ $labels.namespace }} uses {{ $value | humanizePercentage }} of its maxmemory',
    description:
      `For 10 minutes Redis has used more than ${REDIS_MEMORY_THRESHOLD * 100}% of maxmemory. At the limit it ` +
      'evicts keys by its eviction policy (sessions and cache entries disappear) or rejects writes.',
  },
];
