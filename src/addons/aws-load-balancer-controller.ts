/**
 * AWS Load Balancer Controller: turns the app's Ingress into an internet-facing ALB.
 * aws/eks-charts@v0.0.242 stable/aws-load-balancer-controller (chart 3.5.0, controller v3.5.0):
 * - The VPC is found by its Name tag (`vpcTags`, `--aws-vpc-tags`): node IMDS is closed to pods (hop limit 1), and
 *   the VPC id is only known after infra ran, while its name is the platform's (`vpcName`).
 * - The internet edge is one IngressClassParams for every Ingress of class `alb`
 *   (kubernetes-sigs/aws-load-balancer-controller@v3.5.0 docs/guide/ingress/ingress_class.md): TLS policy, access
 *   logs, deletion protection and the WAF web ACL by name (`wafv2AclName`: the ACL's ARN carries an id AWS assigns,
 *   its name is the platform's). The app's Ingress stays the same in every region.
 * - Without cert-manager the chart generates the webhook's CA and certificate on every render
 *   (templates/_helpers.tpl `webhookCerts`, `genCA`): the first sync's are kept, later renders are ignored.
 */
import { accessLogsBucketName, awsWorkloads, vpcName, webAclName } from '../config';
import { ALB_TLS_POLICY } from '../constructs/alb-ingress';
import { clusterOf, irsaServiceAccount, monitoringLabels, regionOf, type AddOn } from './addon';

const WEBHOOK = 'aws-load-balancer-webhook';

export const awsLoadBalancerController: AddOn = {
  name: 'aws-load-balancer-controller',
  chart: { repoURL: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0' },
  wave: 3,
  crdGroups: ['elbv2.k8s.aws', 'gateway.k8s.aws'],
  ignoreDifferences: [
    { group: '', kind: 'Secret', name: 'aws-load-balancer-tls', jsonPointers: ['/data'] },
    ...['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map((kind) => ({
      group: 'admissionregistration.k8s.io',
      kind,
      name: WEBHOOK,
      jqPathExpressions: ['.webhooks[].clientConfig.caBundle'],
    })),
  ],
  namespace: () => 'kube-system',
  values: (ctx) => {
    const { platform, environment } = ctx;
    const region = regionOf(ctx);
    const { edge } = platform.environments[environment];
    return {
      clusterName: clusterOf(ctx),
      region,
      vpcTags: { Name: vpcName(platform, environment) },
      serviceAccount: irsaServiceAccount(ctx, awsWorkloads(platform)['aws-load-balancer-controller']),
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      // The app has no Service of type LoadBalancer; the mutating webhook on every Service would only add a
      // cluster-wide dependency on this controller.
      enableServiceMutatorWebhook: false,
      ingressClass: 'alb',
      createIngressClassResource: true,
      ingressClassParams: {
        create: true,
        spec: {
          scheme: 'internet-facing',
          sslPolicy: ALB_TLS_POLICY,
          wafv2AclName: webAclName(platform, environment),
          loadBalancerAttributes: [
            { key: 'access_logs.s3.enabled', value: 'true' },
            { key: 'access_logs.s3.bucket', value: accessLogsBucketName(platform, environment, region) },
            { key: 'deletion_protection.enabled', value: String(edge.deletionProtection) },
            { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
          ],
        },
      },
      serviceMonitor: { enabled: true, additionalLabels: monitoringLabels(platform) },
    };
  },
};
