import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { metricsServiceName, selectorLabels, serviceResourceName, type ServiceDefinition } from '../config';
import { objectMeta, type EnvironmentContext } from './context';

export interface ServiceEndpointsProps {
  readonly context: EnvironmentContext;
  readonly service: string;
  readonly definition: ServiceDefinition;
}

/**
 * The Services in front of one service's pods. Every service gets a metrics Service over all its pods
 * (stable and canary) for the ServiceMonitor. HTTP services also get the three Services Argo Rollouts'
 * ALB traffic routing needs: root (the Ingress backend), stable and canary (Argo sets their selectors).
 */
export class ServiceEndpoints extends Construct {
  /** Port the root, stable and canary Services listen on. */
  public static readonly HTTP_SERVICE_PORT = 80;

  public readonly rootServiceName: string;
  public readonly stableServiceName: string;
  public readonly canaryServiceName: string;

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const { context: ctx, service, definition } = props;
    const selector = selectorLabels(ctx.platform, ctx.name, service);
    this.rootServiceName = serviceResourceName(ctx.platform, service);
    this.stableServiceName = serviceResourceName(ctx.platform, service, 'stable');
    this.canaryServiceName = serviceResourceName(ctx.platform, service, 'canary');

    new k8s.KubeService(this, 'Metrics', {
      metadata: objectMeta(ctx, metricsServiceName(ctx.platform, service), service),
      spec: {
        // Headless: Prometheus scrapes each pod; nothing load-balances metrics.
        clusterIp: 'None',
        selector,
        ports: [{ name: 'metrics', port: definition.metrics.port, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
    if (definition.kind !== 'http') return;
    for (const [key, name] of [
      ['Root', this.rootServiceName],
      ['Stable', this.stableServiceName],
      ['Canary', this.canaryServiceName],
    ]) {
      new k8s.KubeService(this, key, {
        metadata: objectMeta(ctx, name, service),
        spec: {
          selector,
          ports: [
            {
              name: 'http',
              port: ServiceEndpoints.HTTP_SERVICE_PORT,
              targetPort: k8s.IntOrString.fromString('http'),
            },
          ],
        },
      });
    }
  }
}
