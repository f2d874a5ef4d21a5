/**
 * Who may open connections to one service's pods (Kubernetes NetworkPolicy semantics,
 * test/helpers/network-policy.ts): Prometheus's namespace on the metrics port, plus the rules the service kind
 * adds; nobody else, and nothing about the pods' own egress (the namespace policies decide that).
 */
import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { ServiceNetworkPolicy } from '../../src/constructs/service-network-policy';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { allows, type PodEndpoint } from '../helpers/network-policy';

/** What an http kind admits, as an example: the load balancer's subnet on the HTTP port. */
const ALB_RULE: k8s.NetworkPolicyIngressRule = {
  from: [{ ipBlock: { cidr: '10.1.0.0/22' } }],
  ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(8080) }],
};

function policy(ingress?: k8s.NetworkPolicyIngressRule[]) {
  const chart = Testing.chart();
  new ServiceNetworkPolicy(chart, 'policy', {
    identity,
    service: 'web',
    metricsPort: 9102,
    monitoringNamespace: 'observability',
    ingress,
  });
  return Testing.synth(chart);
}

/** A pod of the web service (the recommended labels every pod of it carries) and a pod of the api service. */
const podLabels = (component: string) => ({
  'app.kubernetes.io/name': 'shop',
  'app.kubernetes.io/instance': 'shop-prod',
  'app.kubernetes.io/version': 'abc1234',
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': 'shop-suite',
  'app.kubernetes.io/managed-by': 'cdk8s',
  'rollouts-pod-template-hash': '5d8f7c9b6',
});
const webPod: PodEndpoint = { namespace: 'shop-prod', labels: podLabels('web') };
const apiPod: PodEndpoint = { namespace: 'shop-prod', labels: podLabels('api') };
const prometheus: PodEndpoint = {
  namespace: 'observability',
  labels: { 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'k8s' },
};

describe("a service's NetworkPolicy", () => {
  it('is a valid NetworkPolicy named <app>-<service>-ingress, labelled with the service', () => {
    const objects = policy();
    expectValidManifests(objects);
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      kind: 'NetworkPolicy',
      metadata: { name: 'shop-web-ingress', namespace: 'shop-prod', labels: { 'app.kubernetes.io/component': 'web' } },
    });
  });

  it("lets any pod of Prometheus's namespace scrape the metrics port over TCP", () => {
    expect(allows(policy(), { from: prometheus, to: webPod, port: 9102 })).toBe(true);
    expect(allows(policy(), { from: { ...prometheus, labels: {} }, to: webPod, port: 9102 })).toBe(true);
    expect(allows(policy(), { from: prometheus, to: webPod, port: 9102, protocol: 'UDP' })).toBe(false);
  });

  it('lets Prometheus reach no other port', () => {
    expect(allows(policy(), { from: prometheus, to: webPod, port: 8080 })).toBe(false);
  });

  it.each([
    ['a pod of the same namespace', apiPod],
    ['a pod of another namespace', { namespace: 'shop-staging', labels: { 'app.kubernetes.io/name': 'prometheus' } }],
    ['an address outside the cluster', { ip: '10.1.0.10' }],
  ] as const)('admits nobody else to the metrics port: not %s', (_name, from) => {
    expect(allows(policy([ALB_RULE]), { from, to: webPod, port: 9102 })).toBe(false);
  });

  it("adds the kind's rules as they are, and only them", () => {
    const objects = policy([ALB_RULE]);
    expect(allows(objects, { from: { ip: '10.1.3.250' }, to: webPod, port: 8080 })).toBe(true);
    expect(allows(objects, { from: { ip: '10.1.4.1' }, to: webPod, port: 8080 })).toBe(false);
    expect(allows(objects, { from: prometheus, to: webPod, port: 9102 })).toBe(true);
    expect(allows(policy(), { from: { ip: '10.1.3.250' }, to: webPod, port: 8080 })).toBe(false);
  });

  it("selects the service's pods only: another service's ingress and the pods' egress are left alone", () => {
    expect(allows(policy(), { from: { ip: '10.1.0.10' }, to: apiPod, port: 8080 })).toBe(true);
    expect(allows(policy(), { from: webPod, to: { ip: '93.184.216.34' }, port: 443 })).toBe(true);
  });
});
