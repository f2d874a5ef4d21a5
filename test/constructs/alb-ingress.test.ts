/**
 * The public service's Ingress, annotation by annotation, as the AWS Load Balancer Controller reads them
 * (kubernetes-sigs/aws-load-balancer-controller v3.5.0 docs/guide/ingress/annotations.md). Expected values come from
 * the design: an internet-facing ALB that sends traffic straight to pod IPs, serves HTTPS only (port 80 answers
 * with a redirect), never negotiates TLS 1.0 or 1.1, finds its certificate in ACM by host name in every region,
 * sits behind the environment's WAF web ACL, checks the readiness path, and drains a target for 30 s.
 */
import { Testing } from 'cdk8s';
import { awsLoadBalancerController } from '../../src/addons/aws-load-balancer-controller';
import { AlbIngress } from '../../src/constructs/alb-ingress';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { defaultPlatform } from '../helpers/platform';

function ingress(regionalHosts?: string[]) {
  const chart = Testing.chart();
  new AlbIngress(chart, 'ingress', {
    identity,
    service: 'web',
    host: 'web.shop.example.com',
    regionalHosts,
    rootServiceName: 'shop-web-root',
    healthCheckPath: '/ready',
  });
  const [object] = Testing.synth(chart);
  return object;
}

/** The Ingress of a service served at its public host and at two regions' own names. */
const withRegions = () => ingress(['web.eu-west-1.shop.example.com', 'web.eu-central-1.shop.example.com']);
const annotations = (): Record<string, string> => withRegions().metadata.annotations;
const annotation = (name: string) => annotations()[`alb.ingress.kubernetes.io/${name}`];

describe('the ALB Ingress', () => {
  it('is a valid Ingress of class alb, named after the service, in the app namespace', () => {
    expectValidManifests([withRegions(), ingress()]);
    expect(withRegions()).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop-web', namespace: 'shop-prod', labels: { 'app.kubernetes.io/component': 'web' } },
      spec: { ingressClassName: 'alb' },
    });
  });

  it('asks for an internet-facing load balancer', () => {
    expect(annotation('scheme')).toBe('internet-facing');
  });

  it('targets pod IPs, so the NetworkPolicy can admit exactly the ALB subnets', () => {
    expect(annotation('target-type')).toBe('ip');
  });

  it('listens on 80 and 443 and answers 80 only with a redirect to HTTPS', () => {
    expect(JSON.parse(annotation('listen-ports'))).toEqual([{ HTTP: 80 }, { HTTPS: 443 }]);
    expect(annotation('ssl-redirect')).toBe('443');
  });

  it('negotiates TLS 1.3 and 1.2 only', () => {
    // AWS's ELBSecurityPolicy-TLS13-1-2-2021-06: TLS 1.3 and 1.2, no 1.0 or 1.1 (Elastic Load Balancing docs,
    // "Security policies for your Application Load Balancer").
    expect(annotation('ssl-policy')).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  it('checks the readiness path and only a 200 counts as healthy', () => {
    expect(annotation('healthcheck-path')).toBe('/ready');
    expect(annotation('success-codes')).toBe('200');
  });

  it('drains a deregistered target for 30 s, not the 300 s default', () => {
    expect(annotation('target-group-attributes')).toBe('deregistration_delay.timeout_seconds=30');
  });

  it('decides nothing else by annotation: the certificate and the web ACL come from ACM and the class', () => {
    expect(Object.keys(annotations()).sort()).toEqual(
      [
        'healthcheck-path',
        'listen-ports',
        'scheme',
        'ssl-policy',
        'ssl-redirect',
        'success-codes',
        'target-group-attributes',
        'target-type',
      ].map((name) => `alb.ingress.kubernetes.io/${name}`),
    );
  });

  it('names every host it serves under tls, so ACM discovery finds a certificate for each in any region', () => {
    // pkg/certs/cert_discovery.go: with no certificate-arn, each tls host must match a certificate of the region.
    expect(withRegions().spec.tls).toEqual([
      { hosts: ['web.shop.example.com', 'web.eu-west-1.shop.example.com', 'web.eu-central-1.shop.example.com'] },
    ]);
    expect(ingress().spec.tls).toEqual([{ hosts: ['web.shop.example.com'] }]);
  });

  it("routes every path of every host to the root Service's weighted action (Argo Rollouts writes it)", () => {
    const routed = withRegions();
    const rules = nonEmpty(routed.spec.rules as any[]);
    expect(rules.map((rule) => rule.host)).toEqual(routed.spec.tls[0].hosts);
    for (const rule of rules) {
      expect(rule.http.paths).toEqual([
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: 'shop-web-root', port: { name: 'use-annotation' } } },
        },
      ]);
    }
  });
});

describe("the class the Ingress names (the AWS Load Balancer Controller add-on's IngressClassParams)", () => {
  const environment = 'production';
  const values: any = awsLoadBalancerController.values({ platform: defaultPlatform, environment, region: 'primary' });

  it('is the class the add-on creates', () => {
    expect(values.ingressClass).toBe(ingress().spec.ingressClassName);
    expect(values.createIngressClassResource).toBe(true);
  });

  it("puts every ALB of the class behind the environment's WAF web ACL, internet-facing, with the same TLS policy", () => {
    // The name infra gives the web ACL of the environment: `<app>-<env>-alb` (infra/constructs/web-acl.ts).
    expect(values.ingressClassParams).toMatchObject({
      create: true,
      spec: {
        wafv2AclName: `${defaultPlatform.app.name}-${environment}-alb`,
        scheme: 'internet-facing',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      },
    });
  });
});
