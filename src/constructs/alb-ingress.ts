import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, serviceResourceName, type AppIdentity } from './identity';

/** Public host name of a public service: `<service>.<environment domain>`. */
export function publicHost(service: string, domain: string): string {
  return `${service}.${domain}`;
}

export interface AlbIngressProps {
  readonly identity: AppIdentity;
  readonly service: string;
  /** Public host name: `<service>.<environment domain>`. */
  readonly host: string;
  /** Service the Ingress targets; Argo Rollouts rewrites its ALB action to split stable and canary. */
  readonly rootServiceName: string;
  readonly healthCheckPath: string;
}

/**
 * Internet-facing ALB (AWS Load Balancer Controller) for one public HTTP service, TLS only,
 * targeting pod IPs so the NetworkPolicy can admit exactly the ALB's subnets. The certificate is
 * discovered from ACM by host name.
 */
export class AlbIngress extends Construct {
  public readonly ingressName: string;
  public readonly host: string;

  constructor(scope: Construct, id: string, props: AlbIngressProps) {
    super(scope, id);
    const { identity, service } = props;
    this.ingressName = serviceResourceName(identity, service);
    this.host = props.host;
    new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        ...objectMeta(identity, this.ingressName, service),
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
          'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          'alb.ingress.kubernetes.io/healthcheck-path': props.healthCheckPath,
          'alb.ingress.kubernetes.io/success-codes': '200',
          // Drain in-flight requests for 30s, not the 300s default: pods have terminationGracePeriodSeconds to spare.
          'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
        },
      },
      spec: {
        ingressClassName: 'alb',
        tls: [{ hosts: [this.host] }],
        rules: [
          {
            host: this.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  // `use-annotation`: the controller reads the weighted action Argo Rollouts writes.
                  backend: { service: { name: props.rootServiceName, port: { name: 'use-annotation' } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
