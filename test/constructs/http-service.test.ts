/**
 * Kind `http`, built with props: a service `web` listening on 8080, public or internal, in a namespace whose
 * default-deny policy (baseline-network-policies.ts) blocks everything not admitted here. What the design asks
 * (service.ts: "public: served at <service>.<environment domain> through an internet-facing ALB; internal:
 * reachable only from the app's own pods, no Ingress"; README "Operating notes"; Argo Rollouts v1.9.1
 * docs/features/traffic-management/alb.md):
 * - the app's pods may call `web` on its HTTP port, and nothing else through these policies;
 * - public: the ALB (target type ip, so connections come from its subnets) reaches the pods on the HTTP port, the
 *   canary splits traffic through the Ingress, and pods keep serving 15 s after termination starts while the ALB
 *   deregisters them;
 * - internal: no Ingress, nothing from outside the namespace, a canary by replicas;
 * - the canary analysis runs when the sizing has one.
 */
import { Testing } from 'cdk8s';
import type { HttpServiceDefinition, ServiceSizing } from '../../src/config';
import { httpService } from '../../src/constructs/http-service';
import { recommendedLabels, selectorLabels } from '../../src/constructs/identity';
import type { ServiceKindParts } from '../../src/constructs/service-kind';
import { BaselineNetworkPolicies } from '../../src/constructs/baseline-network-policies';
import { ServiceNetworkPolicy } from '../../src/constructs/service-network-policy';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import {
  allows as allowsConnection,
  effectivePolicyTypes,
  egressAdmits,
  ingressAdmits,
  selects,
  type Endpoint,
  type PodEndpoint,
} from '../helpers/network-policy';

const ALB_SUBNETS = ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'];
const analysis = { maxErrorRatio: 0.02, maxP99LatencySeconds: 0.5, interval: '1m', failureLimit: 1, minRequests: 20 };

function definition(exposure: 'public' | 'internal'): HttpServiceDefinition {
  return {
    kind: 'http',
    port: 8080,
    exposure,
    slo: { availability: 0.999 },
    args: ['serve'],
    metrics: { port: 9100, path: '/metrics' },
    health: { livenessPath: '/alive', readinessPath: '/ready' },
    automountServiceAccountToken: false,
  };
}

function sizing(withAnalysis: boolean): ServiceSizing {
  return {
    autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 70 },
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    canary: {
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 100 }],
      analysis: withAnalysis ? analysis : undefined,
    },
  };
}

/**
 * The kind's objects and parts for `web`, with the service's ingress policy built from the parts as AppService
 * builds it (Prometheus from `monitoring` on the metrics port, then the kind's rules).
 */
function build(exposure: 'public' | 'internal', withAnalysis = true) {
  const chart = Testing.chart();
  const parts: ServiceKindParts = httpService.build(chart, {
    identity,
    service: 'web',
    definition: definition(exposure),
    sizing: sizing(withAnalysis),
    domain: 'prod.shop.example.com',
    regions: ['eu-west-1', 'eu-central-1'],
    prometheusUrl: 'http://prometheus.example:9090',
    loadBalancerSubnets: ALB_SUBNETS,
  });
  new ServiceNetworkPolicy(chart, 'policy', {
    identity,
    service: 'web',
    metricsPort: 9100,
    monitoringNamespace: 'monitoring',
    ingress: parts.ingress,
  });
  const objects = Testing.synth(chart);
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  return { parts, objects, named };
}

/** The NetworkPolicies of the service in a namespace whose baseline denies everything both ways. */
function policiesOf(objects: any[]): any[] {
  const chart = Testing.chart();
  new BaselineNetworkPolicies(chart, 'baseline', { identity, namePrefix: 'shop', component: 'network' });
  return [...Testing.synth(chart), ...objects].filter((o) => o.kind === 'NetworkPolicy');
}
const allows = (objects: any[], from: Endpoint, to: Endpoint, port: number) =>
  allowsConnection(policiesOf(objects), { from, to, port });
const ingressAllows = (objects: any[], to: PodEndpoint, from: Endpoint, port: number) =>
  ingressAdmits(policiesOf(objects), to, from, port);
const egressAllows = (objects: any[], from: PodEndpoint, to: Endpoint, port: number) =>
  egressAdmits(policiesOf(objects), from, to, port);

const podOf = (app: string, service: string) => {
  const id = { ...identity, app };
  return {
    namespace: identity.namespace,
    labels: { ...recommendedLabels(id, service), ...selectorLabels(id, service) },
  } satisfies PodEndpoint;
};
const web = podOf('shop', 'web');
const worker = podOf('shop', 'worker');
/** A pod of another app sharing the namespace. */
const stranger = podOf('billing', 'web');
const alb = { ip: '10.0.1.37' };
/** An address in the VPC outside the ALB subnets (a node of the app's private subnets). */
const elsewhere = { ip: '10.0.10.5' };

describe.each(['public', 'internal'] as const)('an HTTP service with exposure %s', (exposure) => {
  it('is a set of valid objects', () => {
    expectValidManifests(build(exposure).objects);
  });

  it("admits the app's pods on its HTTP port, and only them, only there", () => {
    const policies = build(exposure).objects;
    expect(ingressAllows(policies, web, worker, 8080)).toBe(true);
    expect(ingressAllows(policies, web, web, 8080)).toBe(true);
    expect(ingressAllows(policies, web, worker, 8081)).toBe(false);
    // Another app sharing the namespace: its own egress is its business, the service's ingress refuses it.
    expect(ingressAllows(policies, web, stranger, 8080)).toBe(false);
  });

  it("lets the app's pods send to its pods on its HTTP port, and nowhere else", () => {
    const policies = build(exposure).objects;
    expect(egressAllows(policies, worker, web, 8080)).toBe(true);
    expect(egressAllows(policies, worker, web, 8081)).toBe(false);
    expect(egressAllows(policies, worker, podOf('shop', 'admin'), 8080)).toBe(false);
    expect(egressAllows(policies, worker, alb, 8080)).toBe(false);
    expect(allows(policies, worker, web, 8080)).toBe(true);
  });

  it("takes part in egress only through its callers policy, which touches nobody's ingress", () => {
    const callers = build(exposure).named('NetworkPolicy', 'shop-web-callers');
    expect(effectivePolicyTypes(callers.spec)).toEqual(['Egress']);
    expect(selects(callers.spec.podSelector, worker.labels)).toBe(true);
    expect(selects(callers.spec.podSelector, stranger.labels)).toBe(false);
  });

  it('tells the pods which ports to open and probe: http on the container port, TCP', () => {
    const { parts, objects } = build(exposure);
    expect(parts.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(parts.probePort).toBe('http');
    // The Services forward to the named port the pods open.
    for (const service of nonEmpty(objects.filter((o) => o.kind === 'Service'))) {
      expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(['http']);
    }
  });

  it('runs the canary analysis when the sizing has one', () => {
    const { parts, objects } = build(exposure);
    const template = objects.find((o) => o.kind === 'AnalysisTemplate');
    expect(parts.analysisTemplateName).toBe(template.metadata.name);
    const none = build(exposure, false);
    expect(none.parts.analysisTemplateName).toBeUndefined();
    expect(none.objects.filter((o) => o.kind === 'AnalysisTemplate')).toEqual([]);
  });
});

describe('a public HTTP service', () => {
  it('is served by an ALB Ingress that the ALB reaches the pods through, on the HTTP port only', () => {
    const { objects, named } = build('public');
    expect(named('Ingress', 'shop-web').spec.rules.map((rule: { host: string }) => rule.host)).toEqual([
      'web.prod.shop.example.com',
      'web.eu-west-1.prod.shop.example.com',
      'web.eu-central-1.prod.shop.example.com',
    ]);
    for (const subnet of nonEmpty(ALB_SUBNETS)) {
      expect(allows(objects, { ip: subnet.replace(/0\/24$/, '200') }, web, 8080)).toBe(true);
    }
    expect(allows(objects, alb, web, 9100)).toBe(false);
    expect(allows(objects, elsewhere, web, 8080)).toBe(false);
  });

  it('canaries by traffic: the Rollout splits the Ingress between the stable and canary Services', () => {
    const { parts, named } = build('public');
    const routing = parts.trafficRouting!;
    const ingress = named('Ingress', routing.ingressName);
    // The Ingress targets the root Service with `use-annotation`: the action Argo Rollouts writes for it.
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe(routing.rootServiceName);
    const services = [routing.rootServiceName, routing.stableServiceName, routing.canaryServiceName];
    expect(new Set(services).size).toBe(3);
    for (const name of nonEmpty(services)) {
      // servicePort is "the port which the Service listens on" (alb.md).
      expect(named('Service', name).spec.ports.map((p: { port: number }) => p.port)).toEqual([routing.servicePort]);
    }
  });

  it('keeps terminating pods serving for 15 s while the ALB deregisters them', () => {
    expect(build('public').parts.preStopSleepSeconds).toBe(15);
  });
});

describe('an internal HTTP service', () => {
  it('has no Ingress and admits nothing from outside the namespace', () => {
    const { objects } = build('internal');
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    expect(allows(objects, alb, web, 8080)).toBe(false);
  });

  it('canaries by replicas and needs no shutdown delay', () => {
    const { parts } = build('internal');
    expect(parts.trafficRouting).toBeUndefined();
    expect(parts.preStopSleepSeconds).toBeUndefined();
  });
});
