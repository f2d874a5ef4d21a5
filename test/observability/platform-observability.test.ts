/** PlatformObservability: what dist/<env>/ holds for the cluster's monitoring and logging stacks. */
import { ENVIRONMENTS } from '../helpers/platform';
import { PLATFORM_ALERTS } from '../../src/observability/platform-alerts';
import { PlatformObservability, platformAlertRulesName } from '../../src/observability/platform-observability';
import { expectValidManifests } from '../helpers/k8s-schema';
import { byKind, defaultTestPlatform, only, synth } from '../helpers/harness';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const render = (environment: string) =>
  synth(
    (scope, p, env) => new PlatformObservability(scope, 'platform', { platform: p, environment: env }),
    environment,
  );

// The reviewed snapshot of these objects is production's observability.k8s.yaml in test/synth/snapshot.test.ts.
describe.each(ENVIRONMENTS)('PlatformObservability in %s', (environment) => {
  // Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
  let manifests: ReturnType<typeof render>;
  beforeEach(() => {
    manifests = render(environment);
  });

  it('renders valid manifests with explicit names and the recommended labels', () => {
    expectValidManifests(manifests);
    for (const m of nonEmpty(manifests)) {
      expect(m.metadata.name).toMatch(/^your-app-[a-z-]+$/);
      // The node alerts live with Prometheus, the dashboards where Grafana's sidecar looks.
      expect([platform.monitoring.namespace, platform.monitoring.grafana.namespace]).toContain(m.metadata.namespace);
      expect(m.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': `your-app-${environment}`,
        'app.kubernetes.io/component': 'monitoring',
        'app.kubernetes.io/managed-by': 'cdk8s',
      });
    }
  });

  it('holds the node alerts and three dashboards; alert routing and log shipping ship with their add-ons', () => {
    expect(byKind(manifests, 'AlertmanagerConfig')).toEqual([]);
    const rule = only(manifests, 'PrometheusRule');
    expect(rule.metadata).toMatchObject({
      name: platformAlertRulesName(platform),
      namespace: platform.monitoring.namespace,
      labels: platform.monitoring.selectorLabels,
    });
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(PLATFORM_ALERTS.map((a) => a.name));
    const configMaps = byKind(manifests, 'ConfigMap');
    expect(configMaps.filter((c) => c.metadata.labels?.grafana_dashboard === '1')).toHaveLength(3);
    expect(configMaps.filter((c) => c.metadata.namespace === platform.monitoring.logging.namespace)).toHaveLength(0);
    expect(manifests).toHaveLength(4);
  });
});
