/**
 * Kind `worker`, composed into a service: no HTTP port, no traffic, so no Services but the metrics one, nobody
 * admitted but Prometheus, a canary by replicas; its pods are probed on the metrics port, the one port every pod
 * has (service.ts: "Probe paths: http services answer them on `port`, workers on the metrics port").
 */
import { Testing } from 'cdk8s';
import type { ServiceSizing, WorkerServiceDefinition } from '../../src/config';
import { AppService } from '../../src/constructs/app-service';
import { nonEmpty } from '../helpers/collections';
import { SHOP_SERVICE_PLACEMENT } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

const definition: WorkerServiceDefinition = {
  kind: 'worker',
  args: ['work'],
  metrics: { port: 9100, path: '/metrics' },
  health: { livenessPath: '/alive', readinessPath: '/ready' },
  automountServiceAccountToken: false,
};

const sizing: ServiceSizing = {
  autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: 70 },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  canary: { steps: [{ setWeight: 50 }, { setWeight: 100 }] },
};

function synth() {
  const chart = Testing.chart();
  new AppService(chart, 'worker', { ...SHOP_SERVICE_PLACEMENT, service: 'worker', definition, sizing });
  return Testing.synth(chart);
}

describe('a worker service', () => {
  it('is probed on the metrics port, which its pods open', () => {
    const objects = synth();
    expectValidManifests(objects);
    const [container] = objects.find((o) => o.kind === 'Rollout').spec.template.spec.containers;
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    for (const probe of nonEmpty([container.startupProbe, container.livenessProbe, container.readinessProbe])) {
      expect(probe.httpGet.port).toBe('metrics');
    }
  });

  it('has no Service but the metrics one, admits only Prometheus and canaries by replicas', () => {
    const objects = synth();
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['shop-worker-metrics']);
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((o) => o.metadata.name)).toEqual(['shop-worker-ingress']);
    expect(policies[0].spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9100 }],
      },
    ]);
    const { canary } = objects.find((o) => o.kind === 'Rollout').spec.strategy;
    expect(canary.trafficRouting).toBeUndefined();
    expect(canary.analysis).toBeUndefined();
  });
});
