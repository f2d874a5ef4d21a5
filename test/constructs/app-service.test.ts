/**
 * One service of the app in one environment, composed: built with props for an HTTP service `web`, public, 5 pods
 * over 3 zones. What the design (app-service.ts, README "Operating notes") says the composition guarantees: every
 * object is valid and named after the service; the pods run as the service's own account, which mounts no API
 * token; the autoscaler scales the Rollout; the disruption budget, the metrics Service and the network policy all
 * select the Rollout's pods.
 */
import { Testing } from 'cdk8s';
import type { HttpServiceDefinition, ServiceSizing } from '../../src/config';
import { AppService, type AppServiceProps } from '../../src/constructs/app-service';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { nonEmpty } from '../helpers/collections';
import { SHOP_SERVICE_PLACEMENT } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

const definition: HttpServiceDefinition = {
  kind: 'http',
  port: 8080,
  exposure: 'public',
  slo: { availability: 0.999 },
  args: ['serve'],
  metrics: { port: 9100, path: '/metrics' },
  health: { livenessPath: '/alive', readinessPath: '/ready' },
  automountServiceAccountToken: false,
};

const sizing: ServiceSizing = {
  autoscaling: { minReplicas: 5, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 100 }] },
};

const props: AppServiceProps = { ...SHOP_SERVICE_PLACEMENT, service: 'web', definition, sizing };

function synth() {
  const chart = Testing.chart();
  new AppService(chart, 'web', props);
  const objects = Testing.synth(chart);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  return { objects, find, rollout: find('Rollout', 'shop-web') };
}

describe("a service's objects", () => {
  it('are valid, in the app namespace, named after the service', () => {
    const { objects } = synth();
    expectValidManifests(objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'HorizontalPodAutoscaler/shop-web',
      'Ingress/shop-web',
      'NetworkPolicy/shop-web-callers',
      'NetworkPolicy/shop-web-ingress',
      'PodDisruptionBudget/shop-web',
      'Rollout/shop-web',
      'Service/shop-web',
      'Service/shop-web-canary',
      'Service/shop-web-metrics',
      'Service/shop-web-stable',
      'ServiceAccount/shop-web',
    ]);
    for (const object of nonEmpty(objects)) expect(object.metadata.namespace).toBe('shop-prod');
  });

  it("run the pods as the service's own account, which mounts no Kubernetes API token", () => {
    const { find, rollout } = synth();
    const account = find('ServiceAccount', rollout.spec.template.spec.serviceAccountName);
    expect(account.metadata.labels['app.kubernetes.io/component']).toBe('web');
    expect(account.automountServiceAccountToken).toBe(false);
  });

  it('scale, protect, scrape and admit the pods the Rollout runs', () => {
    const { find, rollout } = synth();
    const pods = rollout.spec.template.metadata.labels;
    expect(find('HorizontalPodAutoscaler', 'shop-web').spec.scaleTargetRef).toMatchObject({
      kind: 'Rollout',
      name: 'shop-web',
    });
    expect(selectorMatches(find('PodDisruptionBudget', 'shop-web').spec.selector, pods)).toBe(true);
    expect(selectorMatches({ matchLabels: find('Service', 'shop-web-metrics').spec.selector }, pods)).toBe(true);
    expect(selectorMatches(find('NetworkPolicy', 'shop-web-ingress').spec.podSelector, pods)).toBe(true);
  });
});
