import { selector } from '../promql';
import { dashboard } from '../grafana-sdk';
import { NODE_FILESYSTEMS } from '../platform-alerts';
import { statPanel, timeSeriesPanel, type DashboardScope } from './panels';

const RATE = '$__rate_interval';

/**
 * A node's own interfaces: not loopback, and not the host side of pod interfaces (the VPC CNI names them `eni*`,
 * other CNIs `veth*`), which count every pod byte a second time.
 */
const NODE_INTERFACES = { device: '!~lo|eni.+|veth.+|cni.+|docker.+' };

/** Infrastructure: the cluster's nodes and the app's pods, then PostgreSQL and Redis through their exporters. */
export function infrastructure(scope: DashboardScope) {
  const { exporters } = scope.platform.monitoring;
  const ns = { namespace: scope.namespace };
  const primary = { ...ns, job: exporters.postgresPrimaryJob };
  const redis = { ...ns, job: exporters.redisJob };
  const redisRate = (metric: string) => `rate(${selector(metric, redis)}[${RATE}])`;

  return new dashboard.DashboardBuilder('Infrastructure')
    .tags(['infrastructure', scope.environment])
    .time({ from: 'now-6h', to: 'now' })
    .withRow(new dashboard.RowBuilder('Nodes'))
    .withPanel(
      statPanel(scope, {
        title: 'Nodes ready',
        description: 'Nodes whose kubelet reports Ready.',
        unit: 'short',
        queries: [{ expr: `sum(${selector('kube_node_status_condition', { condition: 'Ready', status: 'true' })})` }],
        span: 12,
      }),
    )
    .withPanel(
      statPanel(scope, {
        title: 'Nodes not ready',
        description: 'Nodes whose kubelet reports NotReady or Unknown.',
        unit: 'short',
        queries: [{ expr: `sum(${selector('kube_node_status_condition', { condition: 'Ready', status: '!=true' })})` }],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Node CPU',
        description: 'Share of CPU time not idle, per node.',
        unit: 'percentunit',
        queries: [
          {
            expr: `1 - avg by (instance) (rate(${selector('node_cpu_seconds_total', { mode: 'idle' })}[${RATE}]))`,
            legend: '{{instance}}',
          },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Node memory',
        description: 'Share of memory in use, per node.',
        unit: 'percentunit',
        queries: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: '{{instance}}' }],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Node disk',
        description: 'Share of each real filesystem in use, per node and mount point.',
        unit: 'percentunit',
        queries: [
          {
            expr:
              `1 - ${selector('node_filesystem_avail_bytes', NODE_FILESYSTEMS)}` +
              ` / ${selector('node_filesystem_size_bytes', NODE_FILESYSTEMS)}`,
            legend: '{{instance}} {{mountpoint}}',
          },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Node network',
        description: "Bytes per second received and sent per node, on its own interfaces (not the pods' veths).",
        unit: 'Bps',
        queries: [
          {
            expr: `sum by (instance) (rate(${selector('node_network_receive_bytes_total', NODE_INTERFACES)}[${RATE}]))`,
            legend: '{{instance}} receive',
          },
          {
            expr: `sum by (instance) (rate(${selector('node_network_transmit_bytes_total', NODE_INTERFACES)}[${RATE}]))`,
            legend: '{{instance}} transmit',
          },
        ],
        span: 24,
      }),
    )
    .withRow(new dashboard.RowBuilder('Pods'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Pods by phase',
        description: 'App pods per phase; anything but Running and Succeeded needs a look.',
        unit: 'short',
        queries: [{ expr: `sum by (phase) (${selector('kube_pod_status_phase', ns)})`, legend: '{{phase}}' }],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Container restarts (1h)',
        description: 'Restarts per pod over the last hour.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (pod) (increase(${selector('kube_pod_container_status_restarts_total', ns)}[1h]))`,
            legend: '{{pod}}',
          },
        ],
        span: 12,
      }),
    )
    .withRow(new dashboard.RowBuilder('PostgreSQL'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Connections',
        description: 'Server connections by state against max_connections.',
        unit: 'short',
        queries: [
          { expr: `sum by (state) (${selector('pg_stat_activity_count', primary)})`, legend: '{{state}}' },
          { expr: `max(${selector('pg_settings_max_connections', primary)})`, legend: 'max_connections' },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Active and slow queries',
        description: 'Queries running now, and the age of the oldest running transaction (slow queries).',
        unit: 'short',
        queries: [
          {
            expr: `sum(${selector('pg_stat_activity_count', { ...primary, state: 'active' })})`,
            legend: 'active queries',
          },
          {
            expr: `max(${selector('pg_stat_activity_max_tx_duration', { ...primary, state: 'active' })})`,
            legend: 'oldest active transaction (s)',
          },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Replication lag',
        description: 'How far the replica is behind the primary.',
        unit: 's',
        queries: [
          {
            expr: `max(${selector('pg_replication_lag_seconds', { ...ns, job: exporters.postgresReplicaJob })})`,
            legend: 'replica',
          },
        ],
        span: 8,
      }),
    )
    .withRow(new dashboard.RowBuilder('Redis'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Redis memory',
        description: 'Memory used against maxmemory.',
        unit: 'bytes',
        queries: [
          { expr: `max(${selector('redis_memory_used_bytes', redis)})`, legend: 'used' },
          { expr: `max(${selector('redis_memory_max_bytes', redis)})`, legend: 'max' },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Redis hit rate',
        description: 'Share of key lookups that found their key.',
        unit: 'percentunit',
        queries: [
          {
            expr:
              `sum(${redisRate('redis_keyspace_hits_total')})` +
              ` / (sum(${redisRate('redis_keyspace_hits_total')}) + sum(${redisRate('redis_keyspace_misses_total')}))`,
            legend: 'hit rate',
          },
        ],
        span: 8,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Redis connections',
        description: 'Connected clients.',
        unit: 'short',
        queries: [{ expr: `max(${selector('redis_connected_clients', redis)})`, legend: 'clients' }],
        span: 8,
      }),
    );
}
