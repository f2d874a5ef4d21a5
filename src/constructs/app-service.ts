import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { serviceResourceName } from '../config';
import { AlbIngress } from './alb-ingress';
import { CanaryAnalysis } from './canary-analysis';
import { CanaryRollout, type AlbTrafficRouting } from './canary-rollout';
import { objectMeta } from './context';
import { DisruptionBudget } from './disruption-budget';
import { podTemplate, type ServiceWorkloadProps } from './pod-template';
import { RolloutAutoscaler } from './rollout-autoscaler';
import { ServiceEndpoints } from './service-endpoints';
import { ServiceNetworkPolicy } from './service-network-policy';

export type AppServiceProps = ServiceWorkloadProps;

/**
 * Everything one service of the app needs in one environment: its identity, pods, canary rollout,
 * autoscaler, disruption budget, Services, network admission and, for HTTP services, the ALB and the
 * canary analysis.
 */
export class AppService extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { context: ctx, service, definition, sizing } = props;
    const serviceAccountName = serviceResourceName(ctx.platform, service);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: objectMeta(ctx, serviceAccountName, service),
      automountServiceAccountToken: definition.automountServiceAccountToken,
    });
    const endpoints = new ServiceEndpoints(this, 'Endpoints', { context: ctx, service, definition });
    new ServiceNetworkPolicy(this, 'NetworkPolicy', { context: ctx, service, definition });

    let trafficRouting: AlbTrafficRouting | undefined;
    let analysisTemplateName: string | undefined;
    if (definition.kind === 'http') {
      const ingress = new AlbIngress(this, 'Ingress', {
        context: ctx,
        service,
        rootServiceName: endpoints.rootServiceName,
        healthCheckPath: definition.health.readinessPath,
      });
      trafficRouting = {
        ingressName: ingress.ingressName,
        rootServiceName: endpoints.rootServiceName,
        stableServiceName: endpoints.stableServiceName,
        canaryServiceName: endpoints.canaryServiceName,
        servicePort: ServiceEndpoints.HTTP_SERVICE_PORT,
      };
    }
    if (sizing.canary.analysis) {
      analysisTemplateName = new CanaryAnalysis(this, 'Analysis', {
        context: ctx,
        service,
        analysis: sizing.canary.analysis,
      }).templateName;
    }

    const rollout = new CanaryRollout(this, 'Rollout', {
      context: ctx,
      service,
      replicas: sizing.replicas,
      steps: sizing.canary.steps,
      trafficRouting,
      analysisTemplateName,
      // Behind the ALB a pod must outlive its deregistration, which lags the endpoint removal by seconds.
      preStopSleepSeconds: trafficRouting ? 15 : undefined,
      podTemplate: podTemplate({ ...props, serviceAccountName }),
    });
    new RolloutAutoscaler(this, 'Autoscaler', {
      context: ctx,
      service,
      rolloutName: rollout.rolloutName,
      autoscaling: sizing.autoscaling,
    });
    new DisruptionBudget(this, 'DisruptionBudget', { context: ctx, service, sizing });
  }
}
