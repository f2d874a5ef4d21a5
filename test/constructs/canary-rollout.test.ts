/**
 * The Argo Rollouts canary of one service, built with props. Expected values from Argo Rollouts v1.9.1
 * (docs/features/specification.md, docs/features/canary.md, docs/features/traffic-management/alb.md,
 * docs/features/analysis.md, utils/replicaset/canary.go) and the design: the config's steps as Argo's steps, capacity
 * never below the desired count during an update, a rollout that stops progressing aborts, traffic split through the
 * ALB when the service is public, background analysis from the first weight on, and pods behind the ALB that keep
 * serving while it deregisters them (README, "Operating notes").
 */
import { Testing } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import type { CanaryStep } from '../../src/config';
import { CanaryAnalysis } from '../../src/constructs/canary-analysis';
import { CanaryRollout, type CanaryRolloutProps } from '../../src/constructs/canary-rollout';
import { selectorLabels } from '../../src/constructs/identity';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

/** A person promotes after 10%, then 50% for five minutes, then all. */
const steps: CanaryStep[] = [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '5m' } }];

const podTemplate: k8s.PodTemplateSpec = {
  metadata: { labels: { ...selectorLabels(identity, 'web'), 'app.kubernetes.io/version': identity.version } },
  spec: { containers: [{ name: 'web', image: 'registry.example.com/shop:abc1234' }] },
};

const routing = {
  ingressName: 'shop-web',
  rootServiceName: 'shop-web',
  stableServiceName: 'shop-web-stable',
  canaryServiceName: 'shop-web-canary',
  servicePort: 80,
};

/** The synthesized objects of a CanaryRollout of `web`, and its Rollout. */
function synth(props: Partial<CanaryRolloutProps> = {}) {
  const chart = Testing.chart();
  new CanaryRollout(chart, 'rollout', { identity, service: 'web', steps, podTemplate, ...props });
  const objects = Testing.synth(chart);
  return { objects, rollout: objects.find((o) => o.kind === 'Rollout') };
}

/** Argo Rollouts' BeforeStartingStep (utils/replicaset/canary.go): no background analysis while the current step
 * index is below startingStep. */
const analysisRunsAt = (canary: any, stepIndex: number) => !(stepIndex < (canary.analysis.startingStep ?? 0));

describe('the canary Rollout', () => {
  it("is a valid Rollout whose selector selects its own pods, with no replica count (the autoscaler's)", () => {
    const { objects, rollout } = synth({ trafficRouting: routing, analysisTemplateName: 'shop-web-analysis' });
    expectValidManifests(objects);
    expect(rollout.metadata).toMatchObject({ name: 'shop-web', namespace: 'shop-prod' });
    expect(selectorMatches(rollout.spec.selector, rollout.spec.template.metadata.labels)).toBe(true);
    expect(rollout.spec.selector.matchLabels).toEqual(selectorLabels(identity, 'web'));
    expect(rollout.spec.template.spec.containers).toEqual(podTemplate.spec!.containers);
    expect(rollout.spec).not.toHaveProperty('replicas');
  });

  it("moves through the config's steps: weights, a pause for a person, a timed pause", () => {
    expect(synth().rollout.spec.strategy.canary.steps).toEqual([
      { setWeight: 10 },
      { pause: {} },
      { setWeight: 50 },
      { pause: { duration: '5m' } },
    ]);
  });

  it('never has fewer pods available than desired during an update: it surges new pods first', () => {
    const { canary } = synth().rollout.spec.strategy;
    expect(canary.maxUnavailable).toBe(0);
    // Argo refuses maxSurge 0 with maxUnavailable 0 (specification.md): a positive count or percentage.
    expect(String(canary.maxSurge)).toMatch(/^[1-9][0-9]*%?$/);
  });

  it('aborts an update that makes no progress within its deadline instead of leaving it hanging', () => {
    const { spec } = synth().rollout;
    // progressDeadlineAbort defaults to false (specification.md): the rollout would only be marked Degraded.
    expect(spec.progressDeadlineAbort).toBe(true);
    expect(spec.progressDeadlineSeconds).toBeGreaterThan(0);
  });

  it('splits traffic through the ALB Ingress between the stable and canary Services when routed', () => {
    const { canary } = synth({ trafficRouting: routing }).rollout.spec.strategy;
    expect(canary).toMatchObject({
      stableService: 'shop-web-stable',
      canaryService: 'shop-web-canary',
      trafficRouting: { alb: { ingress: 'shop-web', rootService: 'shop-web', servicePort: 80 } },
    });
  });

  it('canaries by replicas when not routed: no Services or traffic routing to manage', () => {
    const { canary } = synth().rollout.spec.strategy;
    expect(canary.trafficRouting).toBeUndefined();
    expect(canary.stableService).toBeUndefined();
    expect(canary.canaryService).toBeUndefined();
  });

  it("runs the AnalysisTemplate in the background, passing the canary's pod-template hash as its argument", () => {
    const chart = Testing.chart();
    const analysis = {
      maxErrorRatio: 0.02,
      maxP99LatencySeconds: 0.5,
      interval: '1m',
      failureLimit: 1,
      minRequests: 20,
    };
    const { templateName } = new CanaryAnalysis(chart, 'analysis', {
      identity,
      service: 'web',
      analysis,
      prometheusUrl: 'http://prometheus.example:9090',
    });
    new CanaryRollout(chart, 'rollout', {
      identity,
      service: 'web',
      steps,
      podTemplate,
      analysisTemplateName: templateName,
    });
    const objects = Testing.synth(chart);
    expectValidManifests(objects);
    const template = objects.find((o) => o.kind === 'AnalysisTemplate');
    const { canary } = objects.find((o) => o.kind === 'Rollout').spec.strategy;
    expect(canary.analysis.templates).toEqual([{ templateName: template.metadata.name }]);
    // Every argument the template declares gets a value; `Latest` is the newest ReplicaSet's hash: the canary's.
    const declared = template.spec.args.map((arg: { name: string }) => arg.name);
    expect(canary.analysis.args.map((arg: { name: string }) => arg.name)).toEqual(declared);
    for (const arg of nonEmpty(canary.analysis.args as any[])) {
      expect(arg.valueFrom).toEqual({ podTemplateHashValue: 'Latest' });
    }
  });

  it('runs no analysis unless given a template', () => {
    expect(synth().rollout.spec.strategy.canary.analysis).toBeUndefined();
  });

  it.each([
    { first: 'the first step', steps, weightAt: 0 },
    {
      first: 'a step after a pause',
      steps: [{ pause: { duration: '1m' } }, { setWeight: 20 }, { setWeight: 100 }] as CanaryStep[],
      weightAt: 1,
    },
  ])('starts the analysis once the first weight is set, when that is $first', ({ steps: given, weightAt }) => {
    const { canary } = synth({ steps: given, analysisTemplateName: 'shop-web-analysis' }).rollout.spec.strategy;
    // While the weight is being set the canary has had no traffic to judge; from the next step on it has.
    for (let step = 0; step <= weightAt; step++)
      expect({ step, runs: analysisRunsAt(canary, step) }).toEqual({ step, runs: false });
    expect(analysisRunsAt(canary, weightAt + 1)).toBe(true);
  });

  it('keeps a pod serving while the load balancer deregisters it, then gives it the default 30 s after SIGTERM', () => {
    const { objects, rollout } = synth({ trafficRouting: routing, preStopSleepSeconds: 15 });
    expectValidManifests(objects);
    const { spec } = rollout.spec.template;
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    // The grace period counts from the start of termination, the preStop hook included (Kubernetes "Pod
    // Lifecycle", termination of Pods): Kubernetes' default 30 s for the app's shutdown comes after the sleep.
    expect(spec.terminationGracePeriodSeconds).toBe(15 + 30);
  });

  it('has no preStop hook and the default grace period when no load balancer drains it', () => {
    const { spec } = synth().rollout.spec.template;
    expect(spec.containers[0].lifecycle).toBeUndefined();
    expect(spec.terminationGracePeriodSeconds).toBeUndefined();
  });
});
