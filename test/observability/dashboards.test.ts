/** The three Grafana dashboards: their panels, and every panel query parsed by promtool and held to the contract. */
import { grafanaFolder } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { buildDashboards } from '../../src/observability/dashboards';
import { GrafanaDashboards, GRAFANA_FOLDER_ANNOTATION } from '../../src/observability/grafana-dashboards';
import { expectValidManifests } from '../support/k8s-schema';
import { byKind, defaultTestPlatform, synth } from './support/harness';
import { metricNames, promtoolCheckExpressions, withoutGrafanaMacros } from './support/promql';
import { dashboardQueries } from './support/queries';

const platform = defaultTestPlatform();
const dashboards = buildDashboards(platform, 'production');
const byKey = (key: string) => {
  const found = dashboards.find((d) => d.uid.endsWith(`-${key}`));
  if (!found) throw new Error(`no ${key} dashboard`);
  return found.dashboard;
};
const panel = (key: string, title: string): any => {
  const found = (byKey(key).panels ?? []).find((p: any) => p.title === title);
  if (!found) throw new Error(`no panel "${title}" in ${key}`);
  return found;
};
const exprs = (key: string, title: string): string[] => panel(key, title).targets.map((t: any) => t.expr);

describe('business overview dashboard', () => {
  it('has stat panels for active tenants, total users and MRR', () => {
    for (const title of ['Active tenants', 'Total users', 'MRR']) expect(panel('business', title).type).toBe('stat');
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
    expect(exprs('apm', '5xx error rate')[0]).toContain('code=~"5.."');
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
});

describe('infrastructure dashboard', () => {
  it('covers nodes and pods', () => {
    for (const title of ['Nodes ready', 'Node CPU', 'Node memory', 'Node disk', 'Pods by phase']) {
      expect(panel('infrastructure', title).targets.length).toBeGreaterThan(0);
    }
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
  const queries = ENVIRONMENTS.flatMap((env) => dashboardQueries(platform, env));

  it('are all valid PromQL (promtool parses each one)', () => {
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
    for (const { where, expr } of dashboardQueries(platform, env)) {
      if (clusterWide(expr)) continue;
      expect(`${where}: ${expr}`).toContain(`namespace="${ns}"`);
    }
  });

  it('every panel queries the configured Prometheus data source', () => {
    const uid = platform.monitoring.grafana.prometheusDatasourceUid;
    for (const { dashboard } of dashboards) {
      for (const p of (dashboard.panels ?? []).filter((x: any) => x.type !== 'row')) {
        expect((p as any).datasource).toEqual({ type: 'prometheus', uid });
      }
    }
  });
});

describe('GrafanaDashboards ConfigMaps', () => {
  const manifests = synth(
    (scope, p, environment) => new GrafanaDashboards(scope, 'd', { platform: p, environment }),
    'staging',
  );
  const configMaps = byKind(manifests, 'ConfigMap');

  it('emits one valid ConfigMap per dashboard, labelled for the Grafana sidecar', () => {
    expectValidManifests(manifests);
    expect(configMaps).toHaveLength(3);
    for (const cm of configMaps) {
      expect(cm.metadata.namespace).toBe(platform.monitoring.grafana.namespace);
      expect(cm.metadata.labels).toMatchObject(platform.monitoring.grafana.dashboardLabel);
      expect(cm.metadata.annotations?.[GRAFANA_FOLDER_ANNOTATION]).toBe(grafanaFolder(platform));
      const [key, json] = Object.entries(cm.data ?? {})[0];
      const dashboard = JSON.parse(json);
      expect(key).toBe(`${dashboard.uid}.json`);
      expect(dashboard.uid).toMatch(/^your-app-staging-/);
    }
  });
});
