import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { metricsServiceName, objectMeta, selectorLabels, type AppIdentity } from './identity';

export interface MetricsServiceProps {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly port: number;
}

/** The Service a ServiceMonitor scrapes: every pod of one service, stable and canary, on the `metrics` port. */
export class MetricsService extends Construct {
  constructor(scope: Construct, id: string, props: MetricsServiceProps) {
    super(scope, id);
    const { identity, service } = props;
    new k8s.KubeService(this, 'Resource', {
      metadata: objectMeta(identity, metricsServiceName(identity, service), service),
      spec: {
        // Headless: Prometheus scrapes each pod; nothing load-balances metrics.
        clusterIp: 'None',
        selector: selectorLabels(identity, service),
        ports: [{ name: 'metrics', port: props.port, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
  }
}
