/** The three Grafana dashboards: their panels, and every panel query parsed by promtool and held to the contract. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { grafanaFolder, loadPlatform } from '../../src/config';
import { publicEndpoints } from '../../src/observability/public-endpoints';
import { SERVICE_VARIABLE, TENANT_VARIABLE } from '../../src/observability/dashboards/apm';
import { LOG_FIELDS } from '../../src/observability/log-contract';
import { ENVIRONMENTS, httpService, platformWith } from '../helpers/platform';
import { nodeConditionSeries } from '../helpers/alert-series';
import { buildDashboards } from '../../src/observability/dashboards';
import { GrafanaDashboards, GRAFANA_FOLDER_ANNOTATION } from '../../src/observability/grafana-dashboards';
import { expectValidManifests } from '../helpers/k8s-schema';
import { byKind, defaultTestPlatform, synth } from '../helpers/harness';
import {
  metricNames,
  promtoolCheckExpressions,
  promtoolEvaluate,
  withoutGrafanaMacros,
  type QueryExpectation,
} from '../helpers/promql';
import { dashboardQueries, logQueries } from '../helpers/queries';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
// Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
let dashboards: ReturnType<typeof buildDashboards>;
beforeEach(() => {
  dashboards = buildDashboards(platform, 'production');
});
/** A dashboard of `built` (this test's production dashboards unless given) by its uid's last word. */
const byKey = (key: string, built = dashboards) => {
  const found = built.find((d) => d.uid.endsWith(`-${key}`));
  if (!found) throw new Error(`no ${key} dashboard`);
  return found.dashboard;
};
const panel = (key: string, title: string, built = dashboards): any => {
  const found = (byKey(key, built).panels ?? []).find((p: any) => p.title === title);
  if (!found) throw new Error(`no panel "${title}" in ${key}`);
  return found;
};
const exprs = (key: string, title: string, built = dashboards): string[] =>
  panel(key, title, built).targets.map((t: any) => t.expr);

describe('business overview dashboard', () => {
  it('has stat panels for active tenants, active users beside registered users, and MRR', () => {
    const stats = ['Active tenants', 'Active users', 'Registered users', 'MRR'];
    for (const title of stats) expect(panel('business', title).type).toBe('stat');
    // One row, side by side, in this order.
    const ys = stats.map((title) => panel('business', title).gridPos.y);
    const xs = stats.map((title) => panel('business', title).gridPos.x);
    expect(new Set(ys).size).toBe(1);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(exprs('business', 'Active users')[0]).toContain('app_active_users');
    expect(exprs('business', 'Registered users')[0]).toContain('app_users');
    expect(exprs('business', 'MRR')[0]).toContain('app_monthly_recurring_revenue');
  });

  it('charts new users and new tenants per day and per week', () => {
    for (const [title, window] of [
      ['New users and tenants per day', '[1d]'],
      ['New users and tenants per week', '[1w]'],
    ]) {
      expect(panel('business', title).type).toBe('timeseries');
      const queries = exprs('business', title);
      expect(queries).toHaveLength(2);
      expect(queries.every((q) => q.includes(window))).toBe(true);
      expect(queries.join(' ')).toMatch(/app_user_signups_total[\s\S]*app_tenant_signups_total/);
    }
  });

  it('tables the top 10 tenants by API calls', () => {
    const top = panel('business', 'Top 10 tenants by API calls');
    expect(top.type).toBe('table');
    expect(top.targets[0]).toMatchObject({ instant: true, format: 'table' });
    expect(top.targets[0].expr).toMatch(/^topk\(10, sum by \(tenant_id\)/);
  });
});

describe('APM (RED) dashboard', () => {
  it('shows QPS per endpoint, 4xx and 5xx rates', () => {
    expect(exprs('apm', 'Requests per second by endpoint')[0]).toMatch(/sum by \(service_name, route\)/);
    expect(exprs('apm', '4xx error rate')[0]).toContain('code=~"4.."');
  });

  it('shows P50, P95 and P99 latency', () => {
    const quantiles = exprs('apm', 'Latency P50 / P95 / P99').map((q) => /histogram_quantile\(([0-9.]+),/.exec(q)?.[1]);
    expect(quantiles).toEqual(['0.5', '0.95', '0.99']);
  });

  it('shows CPU, memory and the DB pool', () => {
    expect(exprs('apm', 'CPU')[0]).toContain('container_cpu_usage_seconds_total');
    expect(exprs('apm', 'Memory')[0]).toContain('container_memory_working_set_bytes');
    expect(exprs('apm', 'DB pool connections').join(' ')).toMatch(/db_pool_connections[\s\S]*db_pool_max_connections/);
  });

  it('shows the 5xx ratio HttpHighErrorRate judges, and the error budget burn of each objective', () => {
    expect(exprs('apm', '5xx error rate')[0]).toMatch(/^namespace_service_name:http_request_errors:ratio_rate2m\{/);
    const burn = exprs('apm', 'Error budget burn rate');
    expect(burn.map((q) => /ratio_rate(\w+)\{/.exec(q)?.[1])).toEqual(['1h', '6h']);
    expect(burn[0]).toContain(`/ (1 - ${(platform.services.api as any).slo.availability})`);
  });

  it('shows the public endpoint probe and the certificate it sees', () => {
    expect(exprs('apm', 'Public endpoint probe')[0]).toContain('probe_success{');
    expect(exprs('apm', 'Public endpoint probe')[0]).toContain('job=~"your-app-api-endpoint"');
    expect(exprs('apm', 'TLS certificate valid for')[0]).toContain('probe_ssl_earliest_cert_expiry');
  });

  it('shows ALB 5xx and the health of its targets', () => {
    expect(exprs('apm', 'ALB 5xx per minute').join(' ')).toMatch(/elb_5_xx[\s\S]*target_5_xx/);
    expect(exprs('apm', 'ALB targets').join(' ')).toMatch(/healthy_host_count[\s\S]*un_healthy_host_count/);
  });

  it("shows the services' log lines from Loki, filtered by service and tenant", () => {
    const logs = panel('apm', 'Service logs');
    expect(logs.type).toBe('logs');
    expect(logs.datasource).toEqual({ type: 'loki', uid: platform.monitoring.grafana.lokiDatasourceUid });
    const [query] = logs.targets;
    expect(query.datasource).toEqual(logs.datasource);
    const ns = platform.environments.production.namespace;
    // Stream selector on indexed labels, then the tenant from the parsed JSON line.
    expect(query.expr).toBe(
      `{namespace="${ns}", ${LOG_FIELDS.serviceName}=~"$${SERVICE_VARIABLE}"} | json | ` +
        `${LOG_FIELDS.tenantId}=~"$${TENANT_VARIABLE}"`,
    );
    const variables = byKey('apm').templating?.list ?? [];
    const service = variables.find((v: any) => v.name === SERVICE_VARIABLE) as any;
    const tenant = variables.find((v: any) => v.name === TENANT_VARIABLE) as any;
    expect(service).toMatchObject({ type: 'custom', query: Object.keys(platform.services).join(','), allValue: '.*' });
    expect(tenant).toMatchObject({ type: 'textbox', query: '.*' });
  });
});

describe('infrastructure dashboard', () => {
  it('covers nodes and pods', () => {
    for (const title of ['Nodes ready', 'Node CPU', 'Node memory', 'Node disk', 'Node network', 'Pods by phase']) {
      expect(panel('infrastructure', title).targets.length).toBeGreaterThan(0);
    }
  });

  it("charts node network receive and transmit, without the pods' own interfaces", () => {
    const [receive, transmit] = panel('infrastructure', 'Node network').targets;
    expect(receive.expr).toContain('node_network_receive_bytes_total');
    expect(transmit.expr).toContain('node_network_transmit_bytes_total');
    expect(receive.legendFormat).toBe('{{instance}} receive');
    expect(transmit.legendFormat).toBe('{{instance}} transmit');
    for (const { expr } of [receive, transmit]) expect(expr).toContain('device!~"lo|eni.+|veth.+|cni.+|docker.+"');
  });

  it('covers PostgreSQL connections, active and slow queries, replication lag', () => {
    expect(exprs('infrastructure', 'Connections').join(' ')).toContain('pg_stat_activity_count');
    expect(exprs('infrastructure', 'Active and slow queries').join(' ')).toContain('pg_stat_activity_max_tx_duration');
    expect(exprs('infrastructure', 'Replication lag')[0]).toContain('pg_replication_lag_seconds');
  });

  it('covers Redis memory, hit rate and connections', () => {
    expect(exprs('infrastructure', 'Redis memory').join(' ')).toContain('redis_memory_used_bytes');
    expect(exprs('infrastructure', 'Redis hit rate')[0]).toMatch(/hits_total[\s\S]*misses_total/);
    expect(exprs('infrastructure', 'Redis connections')[0]).toContain('redis_connected_clients');
  });
});

describe('dashboard queries', () => {
  it('are all valid PromQL (promtool parses each one)', () => {
    const queries = ENVIRONMENTS.flatMap((env) => dashboardQueries(platform, env));
    const result = promtoolCheckExpressions(queries.map((q) => withoutGrafanaMacros(q.expr)));
    if (result.status !== 0) throw new Error(`promtool rejected a dashboard query:\n${result.stdout}${result.stderr}`);
    expect(result.stdout).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it('promtool rejects an invalid query (the check can fail)', () => {
    expect(promtoolCheckExpressions(['sum(rate(http_requests_total[5m])']).status).not.toBe(0);
  });

  it.each(ENVIRONMENTS)('app and exporter queries of %s are scoped to its namespace', (env) => {
    const ns = platform.environments[env].namespace;
    // Node metrics describe the cluster, which belongs to one environment as a whole.
    const clusterWide = (expr: string) => metricNames(expr).every((m) => /^(node_|kube_node_)/.test(m));
    // CloudWatch's ALB series carry the Ingress as `<namespace>/<name>`, not a namespace label.
    const alb = (expr: string) => metricNames(expr).every((m) => m.startsWith('aws_applicationelb_'));
    const queries = [...dashboardQueries(platform, env), ...logQueries(platform, env)];
    expect(queries.length).toBeGreaterThan(0);
    for (const { where, expr } of queries) {
      if (clusterWide(expr)) continue;
      const scope = alb(expr) ? `tag_ingress_k8s_aws_stack=~"${ns}/.*"` : `namespace="${ns}"`;
      expect(`${where}: ${expr}`).toContain(scope);
    }
  });

  it('every panel queries the configured data source: Prometheus, or Loki for logs', () => {
    const { prometheusDatasourceUid, lokiDatasourceUid } = platform.monitoring.grafana;
    for (const { dashboard } of nonEmpty(dashboards)) {
      for (const p of nonEmpty((dashboard.panels ?? []).filter((x: any) => x.type !== 'row') as any[])) {
        const expected =
          p.type === 'logs'
            ? { type: 'loki', uid: lokiDatasourceUid }
            : { type: 'prometheus', uid: prometheusDatasourceUid };
        expect({ panel: p.title, datasource: p.datasource }).toEqual({ panel: p.title, datasource: expected });
      }
    }
  });

  it.each(ENVIRONMENTS)('every time series of %s shows its legend, and names every line', (env) => {
    const series = buildDashboards(platform, env).flatMap(({ dashboard }) =>
      (dashboard.panels ?? []).filter((p: any) => p.type === 'timeseries'),
    ) as any[];
    expect(series.length).toBeGreaterThan(10);
    for (const p of series) {
      expect({ panel: p.title, legend: p.options.legend.showLegend }).toEqual({ panel: p.title, legend: true });
      for (const target of nonEmpty(p.targets)) {
        expect({ panel: p.title, legendFormat: target.legendFormat }).toEqual({
          panel: p.title,
          legendFormat: expect.stringMatching(/\S/),
        });
      }
    }
  });
});

describe('GrafanaDashboards ConfigMaps', () => {
  it('emits one valid ConfigMap per dashboard, labelled for the Grafana sidecar', () => {
    const manifests = synth(
      (scope, p, environment) => new GrafanaDashboards(scope, 'd', { platform: p, environment }),
      'staging',
    );
    const configMaps = byKind(manifests, 'ConfigMap');
    expectValidManifests(manifests);
    expect(configMaps).toHaveLength(3);
    for (const cm of configMaps) {
      expect(cm.metadata.namespace).toBe(platform.monitoring.grafana.namespace);
      expect(cm.metadata.labels).toMatchObject(platform.monitoring.grafana.dashboardLabel);
      // k8s-sidecar joins a relative value to its target folder (resources.py _get_destination_folder); with
      // foldersFromFilesStructure Grafana names the folder after that one sub-directory.
      const folder = cm.metadata.annotations?.[GRAFANA_FOLDER_ANNOTATION];
      expect(folder).toBe(grafanaFolder(platform));
      expect(folder).toMatch(/^[^/.][^/]*$/);
      const [key, json] = Object.entries(cm.data ?? {})[0];
      const dashboard = JSON.parse(json);
      expect(key).toBe(`${dashboard.uid}.json`);
      expect(dashboard.uid).toMatch(/^your-app-staging-/);
    }
  });
});

describe("docs/observability/dashboards.md (the manual's panels and ours)", () => {
  const doc = readFileSync(path.join(__dirname, '../../docs/observability/dashboards.md'), 'utf8');
  // Rows of the panel table: | dashboard | manual's panel | our panels | how |
  const rows = doc
    .split('\n')
    .filter((l) => /^\| (Business overview|APM \(RED\)|Infrastructure) /.test(l))
    .map((l) => l.split(/(?<!\\)\|/).map((cell) => cell.trim()));

  it('names every panel of every dashboard once, and no panel that does not exist', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const { dashboard } of nonEmpty(dashboards)) {
      const ours = (dashboard.panels ?? []).filter((p: any) => p.type !== 'row').map((p: any) => p.title as string);
      const listed = rows
        .filter((cells) => dashboard.title?.startsWith(`${cells[1]} (`))
        .flatMap((cells) => [...cells[3].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
      expect({ dashboard: dashboard.title, panels: [...listed].sort() }).toEqual({
        dashboard: dashboard.title,
        panels: [...ours].sort(),
      });
    }
  });

  it("says which of the manual's panels each one implements, or that it is beyond the manual", () => {
    for (const cells of nonEmpty(rows)) expect(cells[2]).not.toBe('');
  });
});

describe('what each panel tells the reader', () => {
  const panels = () =>
    nonEmpty(dashboards.flatMap(({ dashboard }) => (dashboard.panels ?? []) as any[])).filter((p) => p.type !== 'row');

  it('every panel says what it shows (the (i) Grafana shows beside the title), and every row is titled', () => {
    for (const p of panels())
      expect({ panel: p.title, description: p.description }).toEqual(
        expect.objectContaining({ description: expect.stringMatching(/\S{3}/) }),
      );
    const rows = dashboards
      .flatMap(({ dashboard }) => (dashboard.panels ?? []) as any[])
      .filter((p) => p.type === 'row');
    for (const row of nonEmpty(rows)) expect(row.title).toMatch(/\S/);
  });

  it('every panel shows its values in the unit of the quantity its query measures', () => {
    // By reading each query: request rates in requests/s, shares of a whole in percent, durations and lags in
    // seconds, memory in bytes, traffic in bytes/s, time left on a certificate as a duration; the rest are counts.
    const UNITS: Record<string, string[]> = {
      reqps: ['Requests per second by endpoint'],
      percentunit: ['4xx error rate', '5xx error rate', 'Node CPU', 'Node memory', 'Node disk', 'Redis hit rate'],
      s: ['Latency P50 / P95 / P99', 'Public endpoint probe duration', 'DB pool wait P95', 'Replication lag'],
      bytes: ['Memory', 'Redis memory'],
      Bps: ['Node network'],
      dtdurations: ['TLS certificate valid for'],
    };
    const expected = (title: string) => Object.keys(UNITS).find((unit) => UNITS[unit].includes(title)) ?? 'short';
    const shown = panels().filter((p) => p.type !== 'logs');
    for (const p of shown) {
      expect({ panel: p.title, unit: p.fieldConfig?.defaults?.unit }).toEqual({
        panel: p.title,
        unit: expected(p.title),
      });
    }
    // Every panel named above exists: a renamed panel must not fall back to counts unnoticed.
    for (const title of Object.values(UNITS).flat()) expect(shown.map((p) => p.title)).toContain(title);
  });

  it('names each latency line after its quantile, as the title does', () => {
    expect(panel('apm', 'Latency P50 / P95 / P99').targets.map((t: any) => t.legendFormat)).toEqual([
      'p50 {{service_name}}',
      'p95 {{service_name}}',
      'p99 {{service_name}}',
    ]);
  });

  it('counts each pod\'s containers once: cAdvisor\'s pod-level series (container="") is left out', () => {
    for (const title of ['CPU', 'Memory']) expect(exprs('apm', title)[0]).toContain('container!=""');
  });

  it('follows the service picker in the request, duration and DB pool panels', () => {
    for (const title of [
      'Requests per second by endpoint',
      '4xx error rate',
      '5xx error rate',
      'Latency P50 / P95 / P99',
      'DB pool connections',
      'DB pool wait P95',
    ]) {
      for (const expr of exprs('apm', title))
        expect({ title, expr }).toEqual({
          title,
          expr: expect.stringContaining(`service_name=~"$${SERVICE_VARIABLE}"`),
        });
    }
  });

  it('opens the APM dashboard on every service and every tenant, over the last 6 hours', () => {
    const variables = (byKey('apm').templating?.list ?? []) as any[];
    const service = variables.find((v) => v.name === SERVICE_VARIABLE);
    const tenant = variables.find((v) => v.name === TENANT_VARIABLE);
    expect(service).toMatchObject({
      label: 'Service',
      multi: true,
      includeAll: true,
      current: { text: 'All', value: '$__all' },
    });
    expect(tenant).toMatchObject({ label: 'Tenant (regex)', current: { text: '.*', value: '.*' } });
    expect(tenant.description).toMatch(/\S/);
    expect(byKey('apm').time).toEqual({ from: 'now-6h', to: 'now' });
    expect(byKey('infrastructure').time).toEqual({ from: 'now-6h', to: 'now' });
    // Business figures are monthly (MRR, active in the last 30 days): the overview opens on 30 days.
    expect(byKey('business').time).toEqual({ from: 'now-30d', to: 'now' });
  });

  it('tags each dashboard with its kind and its environment, so Grafana search finds it by either', () => {
    for (const [key, kind] of [
      ['business', 'business'],
      ['apm', 'apm'],
      ['infrastructure', 'infrastructure'],
    ]) {
      expect([...(byKey(key).tags ?? [])].sort()).toEqual([kind, 'production'].sort());
    }
  });

  it('with two public http services, probes both and adds both objectives, in valid PromQL', () => {
    const p = loadPlatform(
      platformWith((c) => {
        c.services.admin = httpService('admin');
      }),
    );
    const built = buildDashboards(p, 'production');
    const exprsOf = (title: string) => exprs('apm', title, built);
    const [probe] = exprsOf('Public endpoint probe');
    const jobs = publicEndpoints(p, 'production').map((e) => e.job);
    expect(jobs).toHaveLength(2);
    const matcher = new RegExp(`^(?:${/job=~"([^"]+)"/.exec(probe)![1]})$`);
    for (const job of jobs) expect(matcher.test(job)).toBe(true);
    const burn = exprsOf('Error budget burn rate');
    for (const service of ['api', 'admin']) for (const q of burn) expect(q).toContain(`service_name="${service}"`);
    const result = promtoolCheckExpressions(dashboardQueries(p, 'production').map((q) => withoutGrafanaMacros(q.expr)));
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
  });
});

describe('what the infrastructure panels compute (Prometheus evaluates each query, promtool)', () => {
  const ns = platform.environments.production.namespace;
  const { postgresPrimaryJob, redisJob } = platform.monitoring.exporters;
  const at = '10m';
  const expectValues = (series: { series: string; values: string }[], expectations: QueryExpectation[]) => {
    const result = promtoolEvaluate(series, expectations);
    if (result.status !== 0) throw new Error(`promtool:\n${result.stdout}${result.stderr}`);
    expect(result.stdout).toContain('SUCCESS');
  };
  const only = (title: string) => {
    const [expr, ...more] = exprs('infrastructure', title);
    expect(more).toEqual([]);
    return expr;
  };

  it('counts Ready and not Ready nodes from all of kube-state-metrics series (true, false, unknown per condition)', () => {
    // node-3 NotReady.
    const series = ['node-1', 'node-2', 'node-3'].flatMap((node) =>
      nodeConditionSeries(node, node !== 'node-3', ['DiskPressure'], 20),
    );
    expectValues(series, [
      { expr: only('Nodes ready'), evalTime: at, samples: [{ labels: '{}', value: 2 }] },
      { expr: only('Nodes not ready'), evalTime: at, samples: [{ labels: '{}', value: 1 }] },
    ]);
  });

  it('shows CPU in use as the share of time not idle, over all CPUs of a node', () => {
    // cpu0 idle 30 s a minute and busy 30 s in user mode, cpu1 idle the whole minute: 25% in use.
    const cpu = (n: string, mode: string, perMinute: number) => ({
      series: `node_cpu_seconds_total{instance="node-1", cpu="${n}", mode="${mode}"}`,
      values: `0+${perMinute}x20`,
    });
    expectValues(
      [cpu('0', 'idle', 30), cpu('0', 'user', 30), cpu('1', 'idle', 60)],
      [{ expr: only('Node CPU'), evalTime: at, samples: [{ labels: '{instance="node-1"}', value: 0.25 }] }],
    );
  });

  it('shows disk in use per real filesystem, not tmpfs nor /run', () => {
    const fs = (metric: string, fstype: string, mountpoint: string, value: number) => ({
      series: `${metric}{instance="node-1", device="d", fstype="${fstype}", mountpoint="${mountpoint}"}`,
      values: `${value}x20`,
    });
    expectValues(
      [
        fs('node_filesystem_avail_bytes', 'xfs', '/', 20),
        fs('node_filesystem_size_bytes', 'xfs', '/', 100),
        fs('node_filesystem_avail_bytes', 'tmpfs', '/run', 1),
        fs('node_filesystem_size_bytes', 'tmpfs', '/run', 100),
      ],
      [
        {
          expr: only('Node disk'),
          evalTime: at,
          samples: [{ labels: '{instance="node-1", device="d", fstype="xfs", mountpoint="/"}', value: 0.8 }],
        },
      ],
    );
  });

  it("shows the primary's connections against max_connections, its active queries and the oldest transaction", () => {
    const pg = (metric: string, extra: string, value: number, job = postgresPrimaryJob) => ({
      series: `${metric}{namespace="${ns}", job="${job}"${extra}}`,
      values: `${value}x20`,
    });
    const series = [
      pg('pg_stat_activity_count', ', state="active"', 7),
      pg('pg_stat_activity_count', ', state="idle"', 30),
      pg('pg_settings_max_connections', '', 100),
      pg('pg_stat_activity_max_tx_duration', ', state="active"', 12),
      pg('pg_stat_activity_max_tx_duration', ', state="idle in transaction"', 900),
      // The replica's exporter is not the primary.
      pg('pg_settings_max_connections', '', 500, platform.monitoring.exporters.postgresReplicaJob),
    ];
    const [byState, max] = exprs('infrastructure', 'Connections');
    const [active, oldest] = exprs('infrastructure', 'Active and slow queries');
    expectValues(series, [
      {
        expr: byState,
        evalTime: at,
        samples: [
          { labels: '{state="active"}', value: 7 },
          { labels: '{state="idle"}', value: 30 },
        ],
      },
      { expr: max, evalTime: at, samples: [{ labels: '{}', value: 100 }] },
      { expr: active, evalTime: at, samples: [{ labels: '{}', value: 7 }] },
      { expr: oldest, evalTime: at, samples: [{ labels: '{}', value: 12 }] },
    ]);
  });

  it("shows Redis' memory against maxmemory, and its hit rate", () => {
    const redis = (metric: string, values: string) => ({
      series: `${metric}{namespace="${ns}", job="${redisJob}"}`,
      values,
    });
    const [used, max] = exprs('infrastructure', 'Redis memory');
    expectValues(
      [
        redis('redis_memory_used_bytes', '300x20'),
        redis('redis_memory_max_bytes', '1000x20'),
        // 180 hits and 60 misses a minute: 75%.
        redis('redis_keyspace_hits_total', '0+180x20'),
        redis('redis_keyspace_misses_total', '0+60x20'),
      ],
      [
        { expr: used, evalTime: at, samples: [{ labels: '{}', value: 300 }] },
        { expr: max, evalTime: at, samples: [{ labels: '{}', value: 1000 }] },
        { expr: only('Redis hit rate'), evalTime: at, samples: [{ labels: '{}', value: 0.75 }] },
      ],
    );
  });

  it('promtool fails a query whose result differs (the check can fail)', () => {
    const result = promtoolEvaluate(
      [{ series: 'up{job="a"}', values: '1x20' }],
      [{ expr: 'sum(up)', evalTime: at, samples: [{ labels: '{}', value: 2 }] }],
    );
    expect(result.status).not.toBe(0);
  });
});
