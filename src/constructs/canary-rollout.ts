import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { CanaryStep } from '../config';
import {
  Rollout,
  RolloutSpecStrategyCanaryMaxSurge,
  RolloutSpecStrategyCanaryMaxUnavailable,
  RolloutSpecStrategyCanaryStepsPauseDuration,
  toJson_RolloutSpecStrategyCanary,
  type RolloutSpecStrategyCanary,
  type RolloutSpecStrategyCanarySteps,
} from '../../imports/argo-rollout-argoproj.io';
import { CANARY_HASH_ARG } from './canary-analysis';
import { objectMeta, selectorLabels, serviceResourceName, type AppIdentity } from './identity';

/** How HTTP traffic reaches the canary: through the ALB Ingress, split between stable and canary Services. */
export interface AlbTrafficRouting {
  readonly ingressName: string;
  readonly rootServiceName: string;
  readonly stableServiceName: string;
  readonly canaryServiceName: string;
  readonly servicePort: number;
}

export interface CanaryRolloutProps {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly steps: readonly CanaryStep[];
  readonly podTemplate: k8s.PodTemplateSpec;
  /**
   * Traffic split through the ALB.
   * @default replica-based canary: the canary's share of pods follows the step weights
   */
  readonly trafficRouting?: AlbTrafficRouting;
  /**
   * AnalysisTemplate run in the background from the first weight on; a failure aborts the rollout.
   * @default no analysis
   */
  readonly analysisTemplateName?: string;
  /**
   * Seconds a terminating pod keeps serving before it gets SIGTERM, while the load balancer deregisters it.
   * @default no preStop hook
   */
  readonly preStopSleepSeconds?: number;
}

/** Seconds a pod has to finish in-flight work after SIGTERM, on top of any preStop sleep. */
const SHUTDOWN_SECONDS = 30;

/**
 * An Argo Rollouts canary: the Deployment replacement that moves a new version through the config's steps.
 *
 * The Rollout has no `spec.replicas`: its HorizontalPodAutoscaler owns the scale, so neither `kubectl apply` nor an
 * Argo CD sync resets a scaled-out service. On the first apply the controller writes the default of 1 into
 * `spec.replicas` ("In order to work with HPA, the rollout.Spec.Replica field cannot be nil",
 * argoproj/argo-rollouts@v1.9.1 rollout/controller.go, defaults.DefaultReplicas) and starts one pod; the HPA's
 * next sync (15 s) finds fewer replicas than `minReplicas` and scales the Rollout up to it without waiting for
 * metrics (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go: "Current number of replicas below
 * Spec.MinReplicas"). The first revision is not a canary, so it goes straight to that size.
 */
export class CanaryRollout extends Construct {
  public readonly rolloutName: string;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const { identity, service } = props;
    this.rolloutName = serviceResourceName(identity, service);
    // A plain ApiObject with the Rollout's GVK: the generated Rollout class re-maps the whole spec through the
    // CRD's own copy of the pod types, which drops core IntOrString values such as probe ports. The strategy
    // stays typed by the import; the pod template is typed by the core API.
    const rollout = new ApiObject(this, 'Resource', {
      ...Rollout.GVK,
      metadata: objectMeta(identity, this.rolloutName, service),
      spec: {
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(identity, service) },
        strategy: { canary: toJson_RolloutSpecStrategyCanary(canaryStrategy(props)) },
        template: k8s.toJson_PodTemplateSpec(props.podTemplate),
        // A rollout that makes no progress for 10 minutes (outside a pause) aborts instead of hanging.
        progressDeadlineSeconds: 600,
        progressDeadlineAbort: true,
      },
    });
    if (props.preStopSleepSeconds) {
      // The sleep action (Kubernetes 1.30+) needs no shell in the image; the 1.28 types of cdk8s-plus lack it.
      const spec = '/spec/template/spec';
      rollout.addJsonPatch(
        JsonPatch.add(`${spec}/containers/0/lifecycle`, { preStop: { sleep: { seconds: props.preStopSleepSeconds } } }),
        JsonPatch.add(`${spec}/terminationGracePeriodSeconds`, props.preStopSleepSeconds + SHUTDOWN_SECONDS),
      );
    }
  }
}

function canaryStrategy(props: CanaryRolloutProps): RolloutSpecStrategyCanary {
  const routing = props.trafficRouting;
  return {
    // Surge new pods before removing old ones: capacity never drops during a rollout.
    maxSurge: RolloutSpecStrategyCanaryMaxSurge.fromString('25%'),
    maxUnavailable: RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(0),
    ...(routing && {
      canaryService: routing.canaryServiceName,
      stableService: routing.stableServiceName,
      trafficRouting: {
        alb: { ingress: routing.ingressName, rootService: routing.rootServiceName, servicePort: routing.servicePort },
      },
    }),
    steps: props.steps.map(toRolloutStep),
    ...(props.analysisTemplateName && {
      analysis: {
        templates: [{ templateName: props.analysisTemplateName }],
        startingStep: analysisStartingStep(props.steps),
        args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
      },
    }),
  };
}

/** Background analysis starts once the first weight is set: before that the canary has no traffic. */
function analysisStartingStep(steps: readonly CanaryStep[]): number {
  return steps.findIndex((step) => 'setWeight' in step) + 1;
}

function toRolloutStep(step: CanaryStep): RolloutSpecStrategyCanarySteps {
  if ('setWeight' in step) return { setWeight: step.setWeight };
  const duration = step.pause.duration;
  return { pause: duration ? { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(duration) } : {} };
}
