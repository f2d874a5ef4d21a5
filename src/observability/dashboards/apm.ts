import {
  DB_POOL_CONNECTIONS,
  DB_POOL_MAX_CONNECTIONS,
  DB_POOL_WAIT_DURATION_SECONDS,
  HTTP_REQUEST_DURATION_SECONDS,
  HTTP_REQUESTS_TOTAL,
  SCRAPE_LABELS,
} from '../metrics-contract';
import { selector } from '../promql';
import { dashboard } from '../grafana-sdk';
import { timeSeriesPanel, type DashboardScope } from './panels';

const RATE = '$__rate_interval';

/** APM in the RED method: rate, errors and duration per service and route, then the saturation behind them. */
export function apm(scope: DashboardScope) {
  const ns = { [SCRAPE_LABELS.namespace]: scope.namespace };
  const requests = (extra: Record<string, string> = {}) =>
    `rate(${selector(HTTP_REQUESTS_TOTAL, { ...ns, ...extra })}[${RATE}])`;
  const errorRatio = (codeClass: string) =>
    `sum by (service_name) (${requests({ code: `=~${codeClass}..` })}) / sum by (service_name) (${requests()})`;
  const latency = (quantile: number) => ({
    expr: `histogram_quantile(${quantile}, sum by (le, service_name) (rate(${selector(`${HTTP_REQUEST_DURATION_SECONDS}_bucket`, ns)}[${RATE}])))`,
    legend: `p${Math.round(quantile * 100)} {{service_name}}`,
  });
  const containers = { namespace: scope.namespace, container: '!=' };

  return new dashboard.DashboardBuilder('APM (RED)')
    .tags(['apm', scope.environment])
    .time({ from: 'now-6h', to: 'now' })
    .withRow(new dashboard.RowBuilder('Rate and errors'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Requests per second by endpoint',
        description: 'HTTP requests per second per service and route template.',
        unit: 'reqps',
        queries: [{ expr: `sum by (service_name, route) (${requests()})`, legend: '{{service_name}} {{route}}' }],
        span: 24,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: '4xx error rate',
        description: 'Share of requests answered with a 4xx status (client errors).',
        unit: 'percentunit',
        queries: [{ expr: errorRatio('4'), legend: '{{service_name}}' }],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: '5xx error rate',
        description: 'Share of requests answered with a 5xx status; above 5% for 5 minutes pages in production.',
        unit: 'percentunit',
        queries: [{ expr: errorRatio('5'), legend: '{{service_name}}' }],
        span: 12,
      }),
    )
    .withRow(new dashboard.RowBuilder('Duration'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Latency P50 / P95 / P99',
        description: 'Request duration quantiles per service, from the latency histogram.',
        unit: 's',
        queries: [latency(0.5), latency(0.95), latency(0.99)],
        span: 24,
      }),
    )
    .withRow(new dashboard.RowBuilder('Saturation'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'CPU',
        description: 'CPU cores used per pod.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (pod) (rate(${selector('container_cpu_usage_seconds_total', containers)}[${RATE}]))`,
            legend: '{{pod}}',
          },
        ],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Memory',
        description: 'Working-set memory per pod (what the OOM killer looks at).',
        unit: 'bytes',
        queries: [
          { expr: `sum by (pod) (${selector('container_memory_working_set_bytes', containers)})`, legend: '{{pod}}' },
        ],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'DB pool connections',
        description: 'Database pool connections by state, against the pool size.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (service_name, state) (${selector(DB_POOL_CONNECTIONS, ns)})`,
            legend: '{{service_name}} {{state}}',
          },
          {
            expr: `sum by (service_name) (${selector(DB_POOL_MAX_CONNECTIONS, ns)})`,
            legend: '{{service_name}} max',
          },
        ],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'DB pool wait P95',
        description: 'Time requests wait for a free pool connection; growth means the pool is too small.',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (le, service_name) (rate(${selector(`${DB_POOL_WAIT_DURATION_SECONDS}_bucket`, ns)}[${RATE}])))`,
            legend: '{{service_name}}',
          },
        ],
        span: 12,
      }),
    );
}
