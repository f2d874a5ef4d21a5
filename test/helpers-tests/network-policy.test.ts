/**
 * The NetworkPolicy evaluator against the cases the Kubernetes documentation spells out ("Network Policies" concept
 * page: default policies, the `namespaceSelector` + `podSelector` AND versus OR example; networking.k8s.io/v1 API
 * reference for the defaults and the empty lists).
 */
import { allows, effectivePolicyTypes, inCidr, selects, type PodEndpoint } from '../helpers/network-policy';

const web: PodEndpoint = { namespace: 'shop', labels: { app: 'web' } };
const db: PodEndpoint = { namespace: 'shop', labels: { app: 'db' } };
const client: PodEndpoint = { namespace: 'other', labels: { role: 'client' }, namespaceLabels: { user: 'alice' } };

function policy(spec: object, namespace = 'shop') {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace }, spec };
}

describe('label selectors', () => {
  it('AND matchLabels and matchExpressions; the empty selector selects everything', () => {
    expect(selects({}, {})).toBe(true);
    expect(selects({ matchLabels: { app: 'web' } }, { app: 'web', tier: 'a' })).toBe(true);
    expect(selects({ matchLabels: { app: 'web' } }, { app: 'db' })).toBe(false);
    const expressions = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] };
    expect(selects(expressions, { tier: 'b' })).toBe(true);
    expect(selects(expressions, {})).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, {})).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { tier: '' })).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: '' })).toBe(false);
  });
});

describe('CIDR blocks', () => {
  it('contain the addresses of their prefix only', () => {
    expect(inCidr('10.0.32.7', '10.0.32.0/24')).toBe(true);
    expect(inCidr('10.0.33.7', '10.0.32.0/24')).toBe(false);
    expect(inCidr('192.168.1.1', '0.0.0.0/0')).toBe(true);
    expect(() => inCidr('10.0.0.1', '10.0.0.0')).toThrow('not an IPv4 CIDR block');
  });
});

describe('isolation', () => {
  it('leaves a pod no policy selects open in both directions', () => {
    expect(allows([], { from: client, to: web, port: 80 })).toBe(true);
    expect(allows([policy({ podSelector: { matchLabels: { app: 'db' } } })], { from: client, to: web, port: 80 })).toBe(
      true,
    );
  });

  it('default deny ingress: an empty podSelector and no rules admit nothing, and leave egress open', () => {
    const deny = [policy({ podSelector: {}, policyTypes: ['Ingress'] })];
    expect(allows(deny, { from: client, to: web, port: 80 })).toBe(false);
    expect(allows(deny, { from: web, to: { ip: '8.8.8.8' }, port: 53, protocol: 'UDP' })).toBe(true);
  });

  it('default deny egress needs Egress in policyTypes: without it a rule-less policy is Ingress only', () => {
    expect(
      allows([policy({ podSelector: {}, policyTypes: ['Egress'] })], { from: web, to: { ip: '1.1.1.1' }, port: 443 }),
    ).toBe(false);
    expect(allows([policy({ podSelector: {} })], { from: web, to: { ip: '1.1.1.1' }, port: 443 })).toBe(true);
    expect(allows([policy({ podSelector: {} })], { from: client, to: web, port: 443 })).toBe(false);
  });

  it('defaults policyTypes as the API server does', () => {
    expect(effectivePolicyTypes({ podSelector: {} })).toEqual(['Ingress']);
    expect(effectivePolicyTypes({ podSelector: {}, policyTypes: [] })).toEqual(['Ingress']);
    expect(effectivePolicyTypes({ podSelector: {}, egress: [{}] })).toEqual(['Ingress', 'Egress']);
    expect(effectivePolicyTypes({ podSelector: {}, policyTypes: ['Egress'], egress: [{}] })).toEqual(['Egress']);
  });

  it('needs both the sender egress and the receiver ingress between two pods', () => {
    const onlyIngress = [
      policy({ podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] }),
    ];
    expect(allows(onlyIngress, { from: web, to: db, port: 5432 })).toBe(true);
    const webEgressClosed = [
      ...onlyIngress,
      policy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] }),
    ];
    expect(allows(webEgressClosed, { from: web, to: db, port: 5432 })).toBe(false);
  });

  it('unions the rules of every policy that selects the pod', () => {
    const policies = [
      policy({ podSelector: {}, policyTypes: ['Ingress'] }),
      policy({ podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 80 }] }] }),
    ];
    expect(allows(policies, { from: client, to: web, port: 80 })).toBe(true);
    expect(allows(policies, { from: client, to: web, port: 81 })).toBe(false);
    expect(allows(policies, { from: client, to: db, port: 80 })).toBe(false);
  });
});

describe('peers', () => {
  const admitting = (peer: object) => [policy({ podSelector: {}, ingress: [{ from: [peer] }] })];

  it('treats an empty or missing from as every source', () => {
    expect(allows([policy({ podSelector: {}, ingress: [{ from: [] }] })], { from: client, to: web, port: 1 })).toBe(
      true,
    );
    expect(allows([policy({ podSelector: {}, ingress: [{}] })], { from: { ip: '9.9.9.9' }, to: web, port: 1 })).toBe(
      true,
    );
  });

  it('reads a podSelector alone as pods of the policy namespace', () => {
    expect(allows(admitting({ podSelector: {} }), { from: db, to: web, port: 1 })).toBe(true);
    expect(allows(admitting({ podSelector: {} }), { from: client, to: web, port: 1 })).toBe(false);
  });

  it('ANDs namespaceSelector and podSelector in one peer, and ORs two peers (the concept page example)', () => {
    const and = admitting({
      namespaceSelector: { matchLabels: { user: 'alice' } },
      podSelector: { matchLabels: { role: 'client' } },
    });
    expect(allows(and, { from: client, to: web, port: 1 })).toBe(true);
    expect(allows(and, { from: { ...client, labels: { role: 'server' } }, to: web, port: 1 })).toBe(false);
    const or = [
      policy({
        podSelector: {},
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { user: 'alice' } } },
              { podSelector: { matchLabels: { role: 'client' } } },
            ],
          },
        ],
      }),
    ];
    expect(allows(or, { from: { ...client, labels: { role: 'server' } }, to: web, port: 1 })).toBe(true);
  });

  it('matches a namespace by its kubernetes.io/metadata.name label', () => {
    const byName = admitting({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } });
    expect(allows(byName, { from: client, to: web, port: 1 })).toBe(true);
    expect(allows(byName, { from: db, to: web, port: 1 })).toBe(false);
  });

  it('matches ipBlock against outside addresses, minus except', () => {
    const block = admitting({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] } });
    expect(allows(block, { from: { ip: '10.0.4.1' }, to: web, port: 1 })).toBe(true);
    expect(allows(block, { from: { ip: '10.0.5.1' }, to: web, port: 1 })).toBe(false);
    expect(allows(block, { from: client, to: web, port: 1 })).toBe(false);
  });

  it('refuses the peers the API server refuses', () => {
    expect(() => allows(admitting({}), { from: client, to: web, port: 1 })).toThrow('must specify');
    expect(() =>
      allows(admitting({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }), { from: client, to: web, port: 1 }),
    ).toThrow('ipBlock beside a selector');
  });
});

describe('ports', () => {
  const onPorts = (ports: object[]) => [policy({ podSelector: {}, ingress: [{ ports }] })];

  it('treats empty ports as every port, and a port without protocol as TCP', () => {
    expect(allows(onPorts([]), { from: client, to: web, port: 9999, protocol: 'UDP' })).toBe(true);
    expect(allows(onPorts([{ port: 53 }]), { from: client, to: web, port: 53 })).toBe(true);
    expect(allows(onPorts([{ port: 53 }]), { from: client, to: web, port: 53, protocol: 'UDP' })).toBe(false);
  });

  it('admits every port of the protocol when the port is left out, and ranges with endPort', () => {
    expect(allows(onPorts([{ protocol: 'UDP' }]), { from: client, to: web, port: 7, protocol: 'UDP' })).toBe(true);
    expect(allows(onPorts([{ protocol: 'UDP' }]), { from: client, to: web, port: 7 })).toBe(false);
    expect(allows(onPorts([{ port: 32000, endPort: 32768 }]), { from: client, to: web, port: 32768 })).toBe(true);
    expect(allows(onPorts([{ port: 32000, endPort: 32768 }]), { from: client, to: web, port: 32769 })).toBe(false);
  });

  it('refuses an unsupported protocol or policyType, and a named port it does not model', () => {
    expect(() => allows(onPorts([{ protocol: '', port: 53 }]), { from: client, to: web, port: 53 })).toThrow(
      'unsupported protocol',
    );
    expect(() => allows([policy({ podSelector: {}, policyTypes: [''] })], { from: client, to: web, port: 1 })).toThrow(
      'unsupported value',
    );
    expect(() => allows(onPorts([{ port: 'http' }]), { from: client, to: web, port: 80 })).toThrow('not modelled');
  });

  it('refuses objects that are not namespaced NetworkPolicies', () => {
    expect(() => allows([{ kind: 'Service' }], { from: client, to: web, port: 1 })).toThrow('not a NetworkPolicy');
    const noNamespace = { kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: {} } };
    expect(() => allows([noNamespace], { from: client, to: web, port: 1 })).toThrow('needs its namespace');
  });
});
