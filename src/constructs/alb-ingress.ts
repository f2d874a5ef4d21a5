import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, serviceResourceName, type AppIdentity } from './identity';

/**
 * TLS 1.3 and 1.2 only (AWS's ELBSecurityPolicy-TLS13-1-2-2021-06: no TLS 1.0 or 1.1). The IngressClassParams of the
 * AWS Load Balancer Controller add-on enforce it for every Ingress of the class; the annotation says it where the app
 * is installed without that add-on.
 */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface AlbIngressProps {
  readonly identity: AppIdentity;
  readonly service: string;
  /** Public host name: `<service>.<environment domain>`. */
  readonly host: string;
  /**
   * The names of each region's load balancer (`regionalHost`), served alongside the public host: external-dns
   * publishes the cluster's own, and Route 53's health check calls it.
   * @default none
   */
  readonly regionalHosts?: readonly string[];
  /** Service the Ingress targets; Argo Rollouts rewrites its ALB action to split stable and canary. */
  readonly rootServiceName: string;
  readonly healthCheckPath: string;
}

/**
 * Internet-facing ALB (AWS Load Balancer Controller) for one public HTTP service: HTTPS, with port 80 redirecting to
 * it, targeting pod IPs so the NetworkPolicy can admit exactly the ALB's subnets. The certificate is discovered from
 * ACM by host name: infra issues one per region covering every host below, so the same Ingress works in the DR
 * region (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 pkg/certs/cert_discovery.go: each host needs a match).
 */
export class AlbIngress extends Construct {
  public readonly ingressName: string;
  public readonly host: string;
  /** Every host the Ingress serves: the public one first. */
  public readonly hosts: readonly string[];

  constructor(scope: Construct, id: string, props: AlbIngressProps) {
    super(scope, id);
    const { identity, service } = props;
    this.ingressName = serviceResourceName(identity, service);
    this.host = props.host;
    this.hosts = [props.host, ...(props.regionalHosts ?? [])];
    const backend = { service: { name: props.rootServiceName, port: { name: 'use-annotation' } } };
    new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        ...objectMeta(identity, this.ingressName, service),
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
          // Port 80 answers only with a redirect to HTTPS.
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/ssl-policy': ALB_TLS_POLICY,
          'alb.ingress.kubernetes.io/healthcheck-path': props.healthCheckPath,
          'alb.ingress.kubernetes.io/success-codes': '200',
          // Drain in-flight requests for 30s, not the 300s default: pods have terminationGracePeriodSeconds to spare.
          'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
        },
      },
      spec: {
        ingressClassName: 'alb',
        tls: [{ hosts: [...this.hosts] }],
        // `use-annotation`: the controller reads the weighted action Argo Rollouts writes for the root Service.
        rules: this.hosts.map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } })),
      },
    });
  }
}
