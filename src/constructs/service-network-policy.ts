import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { selectorLabels, serviceResourceName, type ServiceDefinition } from '../config';
import { objectMeta, type EnvironmentContext } from './context';

export interface ServiceNetworkPolicyProps {
  readonly context: EnvironmentContext;
  readonly service: string;
  readonly definition: ServiceDefinition;
}

/**
 * Who may open connections to one service's pods: Prometheus from the monitoring namespace on the
 * metrics port only, and for HTTP services the ALB, whose nodes live in the public subnets (target type ip).
 */
export class ServiceNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: ServiceNetworkPolicyProps) {
    super(scope, id);
    const { context: ctx, service, definition } = props;
    const ingress: k8s.NetworkPolicyIngressRule[] = [
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ctx.platform.monitoring.namespace } } },
        ],
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(definition.metrics.port) }],
      },
    ];
    if (definition.kind === 'http' && definition.port !== undefined) {
      ingress.push({
        from: ctx.env.aws.network.subnets.public.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(definition.port) }],
      });
    }
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMeta(ctx, serviceResourceName(ctx.platform, service, 'ingress'), service),
      spec: {
        podSelector: { matchLabels: selectorLabels(ctx.platform, ctx.name, service) },
        policyTypes: ['Ingress'],
        ingress,
      },
    });
  }
}
