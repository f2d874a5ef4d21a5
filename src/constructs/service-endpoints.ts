import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, selectorLabels, serviceResourceName, type AppIdentity } from './identity';

export interface ServiceEndpointsProps {
  readonly identity: AppIdentity;
  readonly service: string;
}

/**
 * The three Services in front of an HTTP service's pods that Argo Rollouts' canary needs: root (what callers and
 * the Ingress use), stable and canary (Argo sets their selectors to each version's pods).
 */
export class ServiceEndpoints extends Construct {
  /** Port the root, stable and canary Services listen on. */
  public static readonly HTTP_SERVICE_PORT = 80;

  public readonly rootServiceName: string;
  public readonly stableServiceName: string;
  public readonly canaryServiceName: string;

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    const { identity, service } = props;
    this.rootServiceName = serviceResourceName(identity, service);
    this.stableServiceName = serviceResourceName(identity, service, 'stable');
    this.canaryServiceName = serviceResourceName(identity, service, 'canary');
    for (const [key, name] of [
      ['Root', this.rootServiceName],
      ['Stable', this.stableServiceName],
      ['Canary', this.canaryServiceName],
    ]) {
      new k8s.KubeService(this, key, {
        metadata: objectMeta(identity, name, service),
        spec: {
          selector: selectorLabels(identity, service),
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
