import { LOG_FIELDS } from '../log-contract';
import { LOKI_NAMESPACE_LABEL } from '../fluent-bit-config';
import {
  ALB,
  ALB_STACK_LABEL,
  DB_POOL_CONNECTIONS,
  DB_POOL_MAX_CONNECTIONS,
  DB_POOL_WAIT_DURATION_SECONDS,
  HTTP_REQUEST_DURATION_SECONDS,
  HTTP_REQUESTS_TOTAL,
  httpErrorRatio,
  SCRAPE_LABELS,
} from '../metrics-contract';
import { selector } from '../promql';
import { publicEndpoints } from '../public-endpoints';
import { API_ERROR_RATE_WINDOW } from '../service-alerts';
import { FAST_BURN } from '../slo-alerts';
import { dashboard } from '../grafana-sdk';
import { logsPanel, statPanel, timeSeriesPanel, type DashboardScope } from './panels';

const RATE = '$__rate_interval';

/** Dashboard variables: the services shown, and the tenant whose log lines the logs panel keeps. */
export const SERVICE_VARIABLE = 'service';
export const TENANT_VARIABLE = 'tenant';

/**
 * APM in the RED method: rate, errors and duration per service and route, availability against each service's
 * objective and from outside (the probe, the ALB), the saturation behind them, and the services' log lines.
 */
export function apm(scope: DashboardScope) {
  const ns = { [SCRAPE_LABELS.namespace]: scope.namespace };
  const app = { ...ns, [SCRAPE_LABELS.serviceName]: `=~$${SERVICE_VARIABLE}` };
  const requests = (extra: Record<string, string> = {}) =>
    `rate(${selector(HTTP_REQUESTS_TOTAL, { ...app, ...extra })}[${RATE}])`;
  const latency = (quantile: number) => ({
    expr: `histogram_quantile(${quantile}, sum by (le, service_name) (rate(${selector(`${HTTP_REQUEST_DURATION_SECONDS}_bucket`, app)}[${RATE}])))`,
    legend: `p${Math.round(quantile * 100)} {{service_name}}`,
  });
  const containers = { namespace: scope.namespace, container: '!=' };
  // Burn rate = error ratio / error budget: 1 spends the 30-day budget in exactly 30 days.
  const burnRates = FAST_BURN.map(({ long }) => ({
    expr: Object.entries(scope.platform.services)
      .flatMap(([service, d]) =>
        d.kind === 'http'
          ? [
              `${selector(httpErrorRatio(long), { ...ns, [SCRAPE_LABELS.serviceName]: service })} / (1 - ${d.slo.availability})`,
            ]
          : [],
      )
      .join(' or '),
    legend: `{{service_name}} ${long}`,
  }));
  const probes = {
    ...ns,
    job: `=~${publicEndpoints(scope.platform, scope.environment)
      .map((e) => e.job)
      .join('|')}`,
  };
  const alb = { [ALB_STACK_LABEL]: `=~${scope.namespace}/.*` };
  const albPerMinute = (metric: string) => `sum by (${ALB_STACK_LABEL}) (${selector(metric, alb)})`;

  return new dashboard.DashboardBuilder('APM (RED)')
    .tags(['apm', scope.environment])
    .time({ from: 'now-6h', to: 'now' })
    .withVariable(
      new dashboard.CustomVariableBuilder(SERVICE_VARIABLE)
        .label('Service')
        .values(Object.keys(scope.platform.services).join(','))
        .multi(true)
        .includeAll(true)
        .allValue('.*')
        .current({ text: 'All', value: '$__all' }),
    )
    .withVariable(
      new dashboard.TextBoxVariableBuilder(TENANT_VARIABLE)
        .label('Tenant (regex)')
        .description('tenant_id of the log lines to show; .* shows every line, with or without a tenant.')
        .defaultValue('.*')
        .current({ text: '.*', value: '.*' }),
    )
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
        queries: [
          {
            expr: `sum by (service_name) (${requests({ code: '=~4..' })}) / sum by (service_name) (${requests()})`,
            legend: '{{service_name}}',
          },
        ],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: '5xx error rate',
        description:
          `Share of requests answered with a 5xx status over ${API_ERROR_RATE_WINDOW}: the recorded ratio ` +
          'HttpHighErrorRate judges. Above 5% for 5 minutes pages in production.',
        unit: 'percentunit',
        queries: [{ expr: selector(httpErrorRatio(API_ERROR_RATE_WINDOW), app), legend: '{{service_name}}' }],
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
    .withRow(new dashboard.RowBuilder('Availability'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Error budget burn rate',
        description:
          "5xx ratio over each service's error budget (1 - slo.availability): 1 spends the 30-day budget in 30 " +
          'days. HttpErrorBudgetFastBurn pages above 14.4 over 1h or 6 over 6h.',
        unit: 'short',
        queries: burnRates,
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Public endpoint probe',
        description:
          'The blackbox exporter GETs each public URL from inside the cluster through DNS, TLS and the ALB: 1 ' +
          'when it answered 2xx, 0 when it did not. PublicEndpointDown pages after 5 minutes at 0.',
        unit: 'short',
        queries: [
          { expr: `max by (service_name, instance) (${selector('probe_success', probes)})`, legend: '{{instance}}' },
        ],
        span: 6,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'Public endpoint probe duration',
        description: 'How long each probe took from DNS lookup to the last byte.',
        unit: 's',
        queries: [
          {
            expr: `max by (service_name, instance) (${selector('probe_duration_seconds', probes)})`,
            legend: '{{instance}}',
          },
        ],
        span: 6,
      }),
    )
    .withPanel(
      statPanel(scope, {
        title: 'TLS certificate valid for',
        description: 'Time until the first certificate served at each public URL expires; under 14 days alerts.',
        unit: 'dtdurations',
        queries: [
          {
            expr: `min by (instance) (${selector('probe_ssl_earliest_cert_expiry', probes)}) - time()`,
            legend: '{{instance}}',
          },
        ],
        span: 24,
      }),
    )
    .withRow(new dashboard.RowBuilder('Load balancer'))
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'ALB 5xx per minute',
        description:
          'From CloudWatch: 5xx the ALB answered itself (no healthy target, reset, timeout; the app never sees ' +
          'these) and 5xx the targets answered, per Ingress.',
        unit: 'short',
        queries: [
          { expr: albPerMinute(ALB.elb5xx), legend: `{{${ALB_STACK_LABEL}}} ALB` },
          { expr: albPerMinute(ALB.target5xx), legend: `{{${ALB_STACK_LABEL}}} targets` },
        ],
        span: 12,
      }),
    )
    .withPanel(
      timeSeriesPanel(scope, {
        title: 'ALB targets',
        description: 'Targets passing and failing the ALB health check, per target group.',
        unit: 'short',
        queries: [
          {
            expr: `sum by (${ALB_STACK_LABEL}, dimension_TargetGroup) (${selector(ALB.healthyTargets, alb)})`,
            legend: '{{dimension_TargetGroup}} healthy',
          },
          {
            expr: `sum by (${ALB_STACK_LABEL}, dimension_TargetGroup) (${selector(ALB.unhealthyTargets, alb)})`,
            legend: '{{dimension_TargetGroup}} unhealthy',
          },
        ],
        span: 12,
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
            expr: `sum by (service_name, state) (${selector(DB_POOL_CONNECTIONS, app)})`,
            legend: '{{service_name}} {{state}}',
          },
          {
            expr: `sum by (service_name) (${selector(DB_POOL_MAX_CONNECTIONS, app)})`,
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
            expr: `histogram_quantile(0.95, sum by (le, service_name) (rate(${selector(`${DB_POOL_WAIT_DURATION_SECONDS}_bucket`, app)}[${RATE}])))`,
            legend: '{{service_name}}',
          },
        ],
        span: 12,
      }),
    )
    .withRow(new dashboard.RowBuilder('Logs'))
    .withPanel(
      logsPanel(scope, {
        title: 'Service logs',
        description:
          'Log lines of the selected services, filtered by tenant (tenant_id stays in the line, so it is parsed ' +
          'with | json). Open a line to follow its trace_id.',
        // Stream labels first (indexed), then the tenant: lines without tenant_id match the default `.*`.
        expr:
          `{${LOKI_NAMESPACE_LABEL}="${scope.namespace}", ${LOG_FIELDS.serviceName}=~"$${SERVICE_VARIABLE}"}` +
          ` | json | ${LOG_FIELDS.tenantId}=~"$${TENANT_VARIABLE}"`,
        span: 24,
      }),
    );
}
