import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, selectorLabels, serviceResourceName, type AppIdentity } from './identity';

export interface ServiceNetworkPolicyProps {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly metricsPort: number;
  /** Namespace of Prometheus: the only one that may scrape the metrics port. */
  readonly monitoringNamespace: string;
  /**
   * Who else may connect, and where.
   * @default nobody else
   */
  readonly ingress?: readonly k8s.NetworkPolicyIngressRule[];
}

/** Who may open connections to one service's pods: Prometheus on the metrics port, and what the kind admits. */
export class ServiceNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: ServiceNetworkPolicyProps) {
    super(scope, id);
    const { identity, service } = props;
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMeta(identity, serviceResourceName(identity, service, 'ingress'), service),
      spec: {
        podSelector: { matchLabels: selectorLabels(identity, service) },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.monitoringNamespace } } },
            ],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.metricsPort) }],
          },
          ...(props.ingress ?? []),
        ],
      },
    });
  }
}
