import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ServiceDefinition } from '../config';
import { CanaryRollout } from './canary-rollout';
import { httpService } from './http-service';
import { objectMeta, serviceResourceName } from './identity';
import { DisruptionBudget } from './disruption-budget';
import { MetricsService } from './metrics-service';
import { podTemplate } from './pod-template';
import { RolloutAutoscaler } from './rollout-autoscaler';
import type { ServiceKind, ServiceKindProps, ServiceKinds } from './service-kind';
import { ServiceNetworkPolicy } from './service-network-policy';
import { workerService } from './worker-service';

/** Every kind of service, by the `kind` of its definition. */
export const SERVICE_KINDS: ServiceKinds = { http: httpService, worker: workerService };

export interface AppServiceProps extends ServiceKindProps {
  /** `repository:tag` of the app image. */
  readonly image: string;
  readonly zoneCount: number;
  /** Zone spread as a scheduling requirement rather than a preference. */
  readonly requireZoneSpread: boolean;
  /** Namespace of Prometheus: the only one that may scrape the metrics port. */
  readonly monitoringNamespace: string;
  /** Environment variables of the containers: plain values and references to Secrets. */
  readonly env: readonly k8s.EnvVar[];
  /** ConfigMaps whose keys become environment variables. */
  readonly configMaps: readonly string[];
  /** PriorityClass of the pods. */
  readonly priorityClassName: string;
}

/**
 * Everything one service of the app needs in one environment: its identity, pods, canary rollout, autoscaler,
 * disruption budget, metrics Service and network admission, plus what its kind adds.
 */
export class AppService extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { identity, service, definition, sizing } = props;
    const serviceAccountName = serviceResourceName(identity, service);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(identity, serviceAccountName, service),
      automountServiceAccountToken: definition.automountServiceAccountToken,
    });
    new MetricsService(this, 'Metrics', { identity, service, port: definition.metrics.port });
    const kind = SERVICE_KINDS[definition.kind] as ServiceKind<ServiceDefinition>;
    const parts = kind.build(this, props);
    new ServiceNetworkPolicy(this, 'NetworkPolicy', {
      identity,
      service,
      metricsPort: definition.metrics.port,
      monitoringNamespace: props.monitoringNamespace,
      ingress: parts.ingress,
    });
    const rollout = new CanaryRollout(this, 'Rollout', {
      identity,
      service,
      steps: sizing.canary.steps,
      trafficRouting: parts.trafficRouting,
      analysisTemplateName: parts.analysisTemplateName,
      preStopSleepSeconds: parts.preStopSleepSeconds,
      podTemplate: podTemplate({
        identity,
        service,
        image: props.image,
        definition,
        resources: sizing.resources,
        serviceAccountName,
        ports: parts.ports,
        probePort: parts.probePort,
        env: props.env,
        configMaps: props.configMaps,
        requireZoneSpread: props.requireZoneSpread,
        priorityClassName: props.priorityClassName,
      }),
    });
    new RolloutAutoscaler(this, 'Autoscaler', {
      identity,
      service,
      rolloutName: rollout.rolloutName,
      autoscaling: sizing.autoscaling,
    });
    new DisruptionBudget(this, 'DisruptionBudget', {
      identity,
      service,
      minReplicas: sizing.autoscaling.minReplicas,
      zoneCount: props.zoneCount,
      maxUnavailable: sizing.maxUnavailable,
    });
  }
}
