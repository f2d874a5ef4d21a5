/**
 * The Service Prometheus scrapes one service through, built with props next to what it must agree with: the pods'
 * named `metrics` container port and the ServiceMonitor (src/observability/app-service-monitor.ts), whose label
 * selector finds the Service, whose relabeling keeps it by name, and whose endpoint names its port. Headless
 * (Kubernetes "Service", headless Services: `clusterIP: None`): Prometheus scrapes every pod, stable and canary;
 * nothing load-balances metrics.
 */
import { Testing } from 'cdk8s';
import { recommendedLabels, selectorLabels } from '../../src/constructs/identity';
import { MetricsService } from '../../src/constructs/metrics-service';
import { ServiceEndpoints } from '../../src/constructs/service-endpoints';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { AppServiceMonitor } from '../../src/observability/app-service-monitor';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

/** The metrics Service of `web` on 9100, the HTTP Services of the same service, and its ServiceMonitor. */
function synth() {
  const chart = Testing.chart();
  new MetricsService(chart, 'metrics', { identity, service: 'web', port: 9100 });
  new ServiceEndpoints(chart, 'endpoints', { identity, service: 'web' });
  new AppServiceMonitor(chart, 'monitor', {
    identity,
    service: 'web',
    metricsPath: '/metrics',
    scrapeInterval: '30s',
    selectorLabels: { release: 'monitoring' },
  });
  const objects = Testing.synth(chart);
  const services = objects.filter((o) => o.kind === 'Service');
  return { objects, services, monitor: objects.find((o) => o.kind === 'ServiceMonitor') };
}

/** A canary pod of `web`: the Rollout's labels plus the hash Argo Rollouts adds. */
const canaryPod = {
  ...recommendedLabels(identity, 'web'),
  ...selectorLabels(identity, 'web'),
  'rollouts-pod-template-hash': '6d4f8b9c7',
};

describe("a service's metrics Service", () => {
  it('is valid and the only Service the ServiceMonitor keeps: found by its labels, kept by its name', () => {
    const { objects, services, monitor } = synth();
    expectValidManifests(objects);
    const [endpoint] = monitor.spec.endpoints;
    const keep = endpoint.relabelings.find((r: { action: string }) => r.action.toLowerCase() === 'keep');
    const kept = nonEmpty(services)
      .filter((service) => selectorMatches(monitor.spec.selector, service.metadata.labels))
      .filter((service) => new RegExp(`^(?:${keep.regex})$`).test(service.metadata.name));
    expect(kept.map((service) => service.metadata.name)).toEqual(['shop-web-metrics']);
  });

  it('is headless and selects every pod of the service, canary included', () => {
    const metrics = synth().services.find((s) => s.metadata.name === 'shop-web-metrics');
    expect(metrics.spec.clusterIP).toBe('None');
    expect(selectorMatches({ matchLabels: metrics.spec.selector }, canaryPod)).toBe(true);
  });

  it("offers the port the ServiceMonitor scrapes, on the pods' named metrics port", () => {
    const { services, monitor } = synth();
    const metrics = services.find((s) => s.metadata.name === 'shop-web-metrics');
    expect(metrics.spec.ports).toEqual([{ name: monitor.spec.endpoints[0].port, port: 9100, targetPort: 'metrics' }]);
  });
});
