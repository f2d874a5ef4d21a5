import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { selectorLabels, serviceResourceName, type CanaryStep } from '../config';
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
import { objectMeta, type EnvironmentContext } from './context';

/** How HTTP traffic reaches the canary: through the ALB Ingress, split between stable and canary Services. */
export interface AlbTrafficRouting {
  readonly ingressName: string;
  readonly rootServiceName: string;
  readonly stableServiceName: string;
  readonly canaryServiceName: string;
  readonly servicePort: number;
}

export interface CanaryRolloutProps {
  readonly context: EnvironmentContext;
  readonly service: string;
  readonly replicas: number;
  readonly steps: readonly CanaryStep[];
  readonly podTemplate: k8s.PodTemplateSpec;
  /**
   * Traffic split through the ALB.
   * @default replica-based canary: the canary's share of pods follows the step weights
   */
  readonly trafficRouting?: AlbTrafficRouting;
  /**
   * AnalysisTemplate run in the background from the first step on; a failure aborts the rollout.
   * @default no analysis
   */
  readonly analysisTemplateName?: string;
}

/** An Argo Rollouts canary: the Deployment replacement that moves a new version through the config's steps. */
export class CanaryRollout extends Construct {
  public readonly rolloutName: string;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const { context: ctx, service } = props;
    this.rolloutName = serviceResourceName(ctx.platform, service);
    // A plain ApiObject with the Rollout's GVK: the generated Rollout class re-maps the whole spec through the
    // CRD's own copy of the pod types, which drops core IntOrString values such as probe ports. The strategy
    // stays typed by the import; the pod template is typed by the core API.
    new ApiObject(this, 'Resource', {
      ...Rollout.GVK,
      metadata: objectMeta(ctx, this.rolloutName, service),
      spec: {
        replicas: props.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(ctx.platform, ctx.name, service) },
        strategy: { canary: toJson_RolloutSpecStrategyCanary(canaryStrategy(props)) },
        template: k8s.toJson_PodTemplateSpec(props.podTemplate),
      },
    });
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
        startingStep: 1,
        args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
      },
    }),
  };
}

function toRolloutStep(step: CanaryStep): RolloutSpecStrategyCanarySteps {
  if ('setWeight' in step) return { setWeight: step.setWeight };
  const duration = step.pause.duration;
  return { pause: duration ? { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(duration) } : {} };
}
