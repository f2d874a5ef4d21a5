/**
 * Kind `http`: the Services Argo Rollouts splits traffic with, admission of the app's own pods on the HTTP port, the
 * canary analysis of its requests and, when public, the ALB Ingress with a traffic-split canary.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { publicHost, regionalHost, type HttpServiceDefinition } from '../config';
import { AlbIngress } from './alb-ingress';
import { CanaryAnalysis } from './canary-analysis';
import type { AlbTrafficRouting } from './canary-rollout';
import { appPodLabels, objectMeta, selectorLabels, serviceResourceName } from './identity';
import type { ServiceKind, ServiceKindParts, ServiceKindProps } from './service-kind';
import { ServiceEndpoints } from './service-endpoints';

/** Seconds a pod behind the ALB keeps serving after termination starts: its deregistration lags the endpoint's. */
const ALB_DEREGISTRATION_SECONDS = 15;

export const httpService: ServiceKind<HttpServiceDefinition> = {
  build(scope: Construct, props: ServiceKindProps<HttpServiceDefinition>): ServiceKindParts {
    const { identity, service, definition, sizing } = props;
    const endpoints = new ServiceEndpoints(scope, 'Endpoints', { identity, service });
    new CallerEgress(scope, 'CallerEgress', props);
    const port = { protocol: 'TCP', port: k8s.IntOrString.fromNumber(definition.port) };
    const ingress: k8s.NetworkPolicyIngressRule[] = [
      { from: [{ podSelector: { matchLabels: appPodLabels(identity) } }], ports: [port] },
    ];
    let trafficRouting: AlbTrafficRouting | undefined;
    if (definition.exposure === 'public') {
      const alb = new AlbIngress(scope, 'Ingress', {
        identity,
        service,
        host: publicHost(service, props.domain),
        regionalHosts: props.regions.map((region) => regionalHost(service, region, props.domain)),
        rootServiceName: endpoints.rootServiceName,
        healthCheckPath: definition.health.readinessPath,
      });
      // Target type ip: the ALB's nodes in the public subnets connect to the pods directly.
      ingress.push({ from: props.loadBalancerSubnets.map((cidr) => ({ ipBlock: { cidr } })), ports: [port] });
      trafficRouting = {
        ingressName: alb.ingressName,
        rootServiceName: endpoints.rootServiceName,
        stableServiceName: endpoints.stableServiceName,
        canaryServiceName: endpoints.canaryServiceName,
        servicePort: ServiceEndpoints.HTTP_SERVICE_PORT,
      };
    }
    const analysis = sizing.canary.analysis;
    const analysisTemplateName =
      analysis &&
      new CanaryAnalysis(scope, 'Analysis', { identity, service, analysis, prometheusUrl: props.prometheusUrl })
        .templateName;
    return {
      ports: [{ name: 'http', containerPort: definition.port, protocol: 'TCP' }],
      probePort: 'http',
      ingress,
      trafficRouting,
      analysisTemplateName,
      preStopSleepSeconds: trafficRouting ? ALB_DEREGISTRATION_SECONDS : undefined,
    };
  },
};

/** Lets the app's pods call the service (default deny blocks all egress): to its pods, on its HTTP port only. */
class CallerEgress extends Construct {
  constructor(scope: Construct, id: string, props: ServiceKindProps<HttpServiceDefinition>) {
    super(scope, id);
    const { identity, service, definition } = props;
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMeta(identity, serviceResourceName(identity, service, 'callers'), service),
      spec: {
        podSelector: { matchLabels: appPodLabels(identity) },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ podSelector: { matchLabels: selectorLabels(identity, service) } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(definition.port) }],
          },
        ],
      },
    });
  }
}
