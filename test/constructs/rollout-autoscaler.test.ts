/**
 * The autoscaler of one service, built with props next to the Rollout it scales. Expected values from the
 * Kubernetes API reference (autoscaling/v2 HorizontalPodAutoscaler) and Argo Rollouts v1.9.1
 * (docs/features/hpa-support.md: an HPA scales a Rollout through `scaleTargetRef` kind Rollout, apiVersion
 * argoproj.io/v1alpha1) and the design: the pod count moves between the sizing's bounds on CPU utilization, and a
 * short lull does not scale a service down.
 */
import { Testing } from 'cdk8s';
import { CanaryRollout } from '../../src/constructs/canary-rollout';
import { selectorLabels } from '../../src/constructs/identity';
import { RolloutAutoscaler } from '../../src/constructs/rollout-autoscaler';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

/** An autoscaler of `web` between 5 and 12 pods at 65% CPU, and the Rollout it names. */
function synth() {
  const chart = Testing.chart();
  const rollout = new CanaryRollout(chart, 'rollout', {
    identity,
    service: 'web',
    steps: [{ setWeight: 50 }],
    podTemplate: {
      metadata: { labels: selectorLabels(identity, 'web') },
      spec: { containers: [{ name: 'web', image: 'registry.example.com/shop:abc1234' }] },
    },
  });
  new RolloutAutoscaler(chart, 'autoscaler', {
    identity,
    service: 'web',
    rolloutName: rollout.rolloutName,
    autoscaling: { minReplicas: 5, maxReplicas: 12, targetCpuUtilizationPercent: 65 },
  });
  const objects = Testing.synth(chart);
  const find = (kind: string) => objects.find((o) => o.kind === kind);
  return { objects, hpa: find('HorizontalPodAutoscaler'), rollout: find('Rollout') };
}

describe("a service's autoscaler", () => {
  it('is a valid autoscaling/v2 HPA in the app namespace', () => {
    const { objects, hpa } = synth();
    expectValidManifests(objects);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata).toMatchObject({ name: 'shop-web', namespace: 'shop-prod' });
  });

  it("scales the service's Rollout, not a Deployment", () => {
    const { hpa, rollout } = synth();
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: rollout.apiVersion,
      kind: rollout.kind,
      name: rollout.metadata.name,
    });
    expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' });
  });

  it("keeps between the sizing's bounds, aiming at its CPU utilization of the pods' requests", () => {
    const { spec } = synth().hpa;
    expect(spec).toMatchObject({ minReplicas: 5, maxReplicas: 12 });
    expect(spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } },
    ]);
  });

  it('scales down only on the highest recommendation of the last 5 minutes: a short lull keeps the pods', () => {
    // The API reference's default for scale-down (300 s), stated in the object so the chart and dist/ show it.
    expect(synth().hpa.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 } });
  });
});
