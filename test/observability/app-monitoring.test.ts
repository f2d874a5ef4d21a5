/** AppMonitoring: the ServiceMonitors, Probes and the PrometheusRule that ship with the app. */
import { loadPlatform } from '../../src/config';
import { appIdentity, metricsServiceName, selectorLabels } from '../../src/constructs/identity';
import { ENVIRONMENTS, defaultPlatform } from '../helpers/platform';
import { blackboxExporterAddress } from '../../src/config';
import { AppMonitoring, appAlertRulesName, appMonitoringProps } from '../../src/observability/app-monitoring';
import { APP_ALERTS } from '../../src/observability/app-alerts';
import { RECORDED_METRICS } from '../../src/observability/metrics-contract';
import { expectValidManifests } from '../helpers/k8s-schema';
import { platformWith, setIn } from '../helpers/platform';
import { byKind, defaultTestPlatform, only, synth, type Manifest } from '../helpers/harness';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const appMonitoring = (environment: (typeof ENVIRONMENTS)[number], p = platform) =>
  synth((scope, pl, env) => new AppMonitoring(scope, 'monitoring', appMonitoringProps(pl, env)), environment, p);

const recommended = (environment: string) => ({
  'app.kubernetes.io/name': 'your-app',
  'app.kubernetes.io/instance': `your-app-${environment}`,
  'app.kubernetes.io/version': platform.image.tag,
  'app.kubernetes.io/component': 'monitoring',
  'app.kubernetes.io/part-of': platform.app.partOf,
  'app.kubernetes.io/managed-by': 'cdk8s',
});

describe.each(ENVIRONMENTS)('AppMonitoring in %s', (environment) => {
  const namespace = platform.environments[environment].namespace;
  // Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
  let manifests: Manifest[];
  beforeEach(() => {
    manifests = appMonitoring(environment);
  });

  it('renders valid custom resources (the vendored CRDs)', () => {
    expectValidManifests(manifests);
  });

  it('names and places every object explicitly, with the recommended and Prometheus selector labels', () => {
    for (const m of nonEmpty(manifests)) {
      expect(m.metadata.namespace).toBe(namespace);
      expect(m.metadata.name).toMatch(/^your-app-[a-z-]+$/);
      expect(m.metadata.labels).toEqual({ ...recommended(environment), ...platform.monitoring.selectorLabels });
    }
  });

  it('has one ServiceMonitor per service, selecting its metrics Service', () => {
    const monitors = byKind(manifests, 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(['your-app-api', 'your-app-worker']);
    for (const service of Object.keys(platform.services)) {
      const monitor = monitors.find((m) => m.metadata.name === `your-app-${service}`) as Manifest;
      expect(monitor.spec.selector).toEqual({
        matchLabels: selectorLabels(appIdentity(platform, environment), service),
      });
      expect(monitor.spec.namespaceSelector).toEqual({ matchNames: [namespace] });
      const [endpoint] = monitor.spec.endpoints;
      expect(endpoint).toMatchObject({
        port: 'metrics',
        path: platform.services[service].metrics.path,
        interval: platform.monitoring.scrapeInterval,
      });
      // service_name is set to the config's service; only the metrics Service is kept.
      expect(endpoint.relabelings).toEqual([
        { action: 'replace', targetLabel: 'service_name', replacement: service },
        {
          action: 'keep',
          sourceLabels: ['__meta_kubernetes_service_name'],
          regex: metricsServiceName(appIdentity(platform, environment), service),
        },
      ]);
      expect(monitor.spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
    }
  });

  it("carries the app's alerts, scoped to this environment's namespace only", () => {
    const rule = only(manifests, 'PrometheusRule');
    expect(rule.metadata.name).toBe(appAlertRulesName(platform));
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    const alerts = rules.filter((r: any) => r.alert);
    expect(alerts.map((r: any) => r.alert)).toEqual(APP_ALERTS.map((a) => a.name));
    const others = ENVIRONMENTS.filter((e) => e !== environment).map((e) => platform.environments[e].namespace);
    // The namespace as a whole label value, or as the `<namespace>/<ingress>` stack of the ALB's series.
    const scopedTo = (ns: string) => new RegExp(`"${ns}["/]`);
    for (const r of nonEmpty(rules)) {
      expect(r.expr).toMatch(scopedTo(namespace));
      for (const other of nonEmpty(others)) expect(r.expr).not.toMatch(scopedTo(other));
    }
    for (const r of nonEmpty(alerts)) expect(r.labels.environment).toBe(environment);
  });

  it('records the HTTP ratios before the alerts that read them, in one group', () => {
    const [group, ...more] = only(manifests, 'PrometheusRule').spec.groups;
    expect(more).toEqual([]);
    const records = group.rules.filter((r: any) => r.record).map((r: any) => r.record);
    expect(records).toEqual(RECORDED_METRICS.map((m) => m.name));
    const firstAlert = group.rules.findIndex((r: any) => r.alert);
    expect(group.rules.slice(firstAlert).every((r: any) => r.alert)).toBe(true);
  });

  it('probes every public endpoint through the blackbox exporter', () => {
    const probes = byKind(manifests, 'Probe');
    const publicServices = Object.entries(platform.services).filter(
      ([, d]) => d.kind === 'http' && d.exposure === 'public',
    );
    expect(probes).toHaveLength(publicServices.length);
    expect(probes.length).toBeGreaterThan(0);
    for (const [service, definition] of publicServices) {
      const probe = probes.find((p) => p.metadata.name === `your-app-${service}`) as Manifest;
      expect(probe.spec).toMatchObject({
        jobName: `your-app-${service}-endpoint`,
        module: 'http_2xx',
        prober: { url: blackboxExporterAddress(platform), scheme: 'http', path: '/probe' },
        targets: {
          staticConfig: {
            static: [
              `https://${service}.${platform.environments[environment].domain}${definition.health.readinessPath}`,
            ],
            labels: { service_name: service },
          },
        },
      });
    }
  });
});

describe('HttpServiceDown and the ServiceMonitor agree', () => {
  it.each(ENVIRONMENTS)('%s: the alert selects `up` by the labels the ServiceMonitor gives the targets', (env) => {
    const manifests = appMonitoring(env);
    const monitor = byKind(manifests, 'ServiceMonitor').find((m) => m.metadata.name === 'your-app-api') as Manifest;
    // prometheus-operator sets `namespace` from the target's namespace; the relabeling adds service_name.
    const [namespace] = monitor.spec.namespaceSelector.matchNames;
    const serviceName = monitor.spec.endpoints[0].relabelings.find((r: any) => r.targetLabel === 'service_name');
    const rules = only(manifests, 'PrometheusRule').spec.groups.flatMap((g: any) => g.rules);
    const apiDown = rules.find((r: any) => r.alert === 'HttpServiceDown');
    expect(apiDown.expr).toContain(`absent(up{namespace="${namespace}", service_name="${serviceName.replacement}"})`);
  });
});

describe('AppMonitoring follows the config', () => {
  it('scrapes the configured metrics path and uses the configured selector labels', () => {
    const changed = loadPlatform(
      platformWith((c) => {
        setIn(c, 'services.worker.metrics.path', '/internal/metrics');
        c.monitoring.selectorLabels = { prometheus: 'apps' };
      }),
    );
    const manifests = appMonitoring('qa', changed);
    const worker = byKind(manifests, 'ServiceMonitor').find((m) => m.metadata.name === 'your-app-worker') as Manifest;
    expect(worker.spec.endpoints[0].path).toBe('/internal/metrics');
    for (const m of nonEmpty(manifests)) {
      expect(m.metadata.labels).toMatchObject({ prometheus: 'apps' });
      expect(m.metadata.labels).not.toHaveProperty('release');
    }
  });

  // The reviewed snapshot of these objects is production's app.k8s.yaml in test/synth/snapshot.test.ts.
  it('is deterministic (production)', () => {
    expect(appMonitoring('production')).toEqual(appMonitoring('production'));
  });

  it('reads the default platform', () => {
    expect(defaultPlatform.monitoring.selectorLabels).toEqual({ release: 'kube-prometheus-stack' });
  });
});
