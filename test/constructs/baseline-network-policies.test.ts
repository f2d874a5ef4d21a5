/**
 * A namespace's zero-trust baseline, by what it lets through (Kubernetes NetworkPolicy semantics,
 * test/helpers/network-policy.ts): every pod denied all traffic in both directions, then DNS allowed to CoreDNS
 * only, which the EKS coredns add-on runs in kube-system with the label `k8s-app: kube-dns`, on port 53 over UDP and
 * TCP (TCP for answers too large for UDP).
 */
import { Testing } from 'cdk8s';
import { BaselineNetworkPolicies } from '../../src/constructs/baseline-network-policies';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { allows, type PodEndpoint } from '../helpers/network-policy';

function baseline() {
  const chart = Testing.chart();
  new BaselineNetworkPolicies(chart, 'baseline', { identity, namePrefix: 'shop-', component: 'network-policy' });
  return Testing.synth(chart);
}

const named = (objects: any[], name: string) => objects.filter((o) => o.metadata.name === name);

/** Pods of the namespace: one of the app's and one with no labels at all. */
const appPod: PodEndpoint = { namespace: 'shop-prod', labels: { 'app.kubernetes.io/name': 'shop' } };
const barePod: PodEndpoint = { namespace: 'shop-prod', labels: {} };
const coreDns: PodEndpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

describe('the baseline NetworkPolicies', () => {
  it('are two valid NetworkPolicies named after the prefix, in the app namespace, labelled with the component', () => {
    const objects = baseline();
    expectValidManifests(objects);
    expect(objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name])).toEqual([
      ['NetworkPolicy', 'shop-prod', 'shop-default-deny'],
      ['NetworkPolicy', 'shop-prod', 'shop-allow-dns'],
    ]);
    for (const o of objects) expect(o.metadata.labels['app.kubernetes.io/component']).toBe('network-policy');
  });

  it.each([
    ['UDP', 'the app pod', appPod],
    ['TCP', 'the app pod', appPod],
    ['UDP', 'a pod without labels', barePod],
    ['TCP', 'a pod without labels', barePod],
  ] as const)('let %s DNS from %s reach CoreDNS on port 53', (protocol, _name, pod) => {
    expect(allows(baseline(), { from: pod, to: coreDns, port: 53, protocol })).toBe(true);
  });

  it.each([
    ['CoreDNS on another port (its metrics, 9153)', coreDns, 9153, 'TCP'],
    ['CoreDNS over SCTP', coreDns, 53, 'SCTP'],
    ['another kube-system pod on 53', { namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' } }, 53, 'UDP'],
    [
      'a pod labelled kube-dns in another namespace',
      { namespace: 'tenant-b', labels: { 'k8s-app': 'kube-dns' } },
      53,
      'UDP',
    ],
    ['a resolver outside the cluster', { ip: '8.8.8.8' }, 53, 'UDP'],
    ['a pod of the same namespace', appPod, 8080, 'TCP'],
    ['the internet over HTTPS', { ip: '93.184.216.34' }, 443, 'TCP'],
  ] as const)('deny egress to %s', (_name, to, port, protocol) => {
    expect(allows(baseline(), { from: appPod, to, port, protocol })).toBe(false);
  });

  it.each([
    ['a pod of the same namespace', barePod],
    ['a pod of another namespace', { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } }],
    ['CoreDNS itself', coreDns],
    ['an address outside the cluster', { ip: '10.0.0.10' }],
  ] as const)('deny ingress from %s', (_name, from) => {
    expect(allows(baseline(), { from, to: appPod, port: 8080 })).toBe(false);
  });

  it('deny everything by the default-deny policy alone: ingress and egress of every pod, DNS included', () => {
    const deny = named(baseline(), 'shop-default-deny');
    expect(deny).toHaveLength(1);
    expect(allows(deny, { from: appPod, to: coreDns, port: 53, protocol: 'UDP' })).toBe(false);
    expect(allows(deny, { from: appPod, to: { ip: '93.184.216.34' }, port: 443 })).toBe(false);
    expect(allows(deny, { from: { ip: '10.0.0.10' }, to: barePod, port: 8080 })).toBe(false);
  });

  it('allow DNS by the allow-dns policy alone, which concerns egress only: ingress is left to default-deny', () => {
    const dns = named(baseline(), 'shop-allow-dns');
    expect(dns).toHaveLength(1);
    expect(allows(dns, { from: barePod, to: coreDns, port: 53, protocol: 'UDP' })).toBe(true);
    expect(allows(dns, { from: barePod, to: { ip: '93.184.216.34' }, port: 443 })).toBe(false);
    expect(allows(dns, { from: { ip: '10.0.0.10' }, to: barePod, port: 8080 })).toBe(true);
  });
});
