/**
 * What a set of NetworkPolicies lets through, as the Kubernetes NetworkPolicy API defines it (networking.k8s.io/v1
 * API reference, "Network Policies" concept page), so tests assert who may connect to whom rather than the shape:
 * - A pod is isolated for a direction when a policy of its namespace selects it and lists that direction in
 *   policyTypes; an isolated pod admits only what some rule of those policies allows (rules are unioned).
 *   A connection between two pods needs the sender's egress and the receiver's ingress.
 * - An empty or missing `from`/`to` admits every peer; an empty or missing `ports` admits every port; a port with
 *   no number admits every port of its protocol.
 * - Defaults as the API server applies them (kubernetes pkg/apis/networking/v1/defaults.go): no policyTypes means
 *   Ingress, plus Egress when there are egress rules; a port with no protocol is TCP.
 * - What the API server refuses (pkg/apis/networking/validation) throws: a policyType other than Ingress or
 *   Egress, a protocol other than TCP, UDP or SCTP, a peer with no selector and no ipBlock, an ipBlock with a
 *   selector beside it.
 * ipBlock peers are matched against addresses outside the cluster only (the reference leaves pod IPs in an ipBlock
 * to the implementation); pods are matched by selectors. Named ports are not modelled (they throw).
 */
import { selectorMatches } from '../../src/dr-simulation/labels';

export type Labels = Readonly<Record<string, string>>;

/** A pod: its namespace, its labels and, when a test needs them, its namespace's labels. */
export interface PodEndpoint {
  readonly namespace: string;
  readonly labels: Labels;
  /** Labels of the namespace besides `kubernetes.io/metadata.name`, which the API server always sets. */
  readonly namespaceLabels?: Labels;
}

/** An address outside the cluster (a database subnet, a load balancer, the internet). */
export interface AddressEndpoint {
  readonly ip: string;
}

export type Endpoint = PodEndpoint | AddressEndpoint;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const POLICY_TYPES = new Set(['Ingress', 'Egress']);

function isPod(endpoint: Endpoint): endpoint is PodEndpoint {
  return 'namespace' in endpoint;
}

/** Whether a label selector selects these labels, as metav1.LabelSelectorAsSelector does (the scheduler model's). */
export const selects = selectorMatches;

function ipv4(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return parts.reduce((value, part) => value * 256 + part, 0);
}

/** Whether the IPv4 address is inside the CIDR block. */
export function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  if (!/^\d+$/.test(bits ?? '') || Number(bits) > 32) throw new Error(`not an IPv4 CIDR block: ${cidr}`);
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base) / size);
}

function namespaceLabels(pod: PodEndpoint): Labels {
  return { ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace };
}

function peerMatches(peer: any, policyNamespace: string, endpoint: Endpoint): boolean {
  const { ipBlock, namespaceSelector, podSelector } = peer ?? {};
  if (ipBlock === undefined && namespaceSelector === undefined && podSelector === undefined) {
    throw new Error('a NetworkPolicy peer must specify a podSelector, a namespaceSelector or an ipBlock');
  }
  if (ipBlock !== undefined) {
    if (namespaceSelector !== undefined || podSelector !== undefined) {
      throw new Error('a NetworkPolicy peer may not specify an ipBlock beside a selector');
    }
    if (isPod(endpoint)) return false;
    const except: string[] = ipBlock.except ?? [];
    return inCidr(endpoint.ip, ipBlock.cidr) && !except.some((cidr) => inCidr(endpoint.ip, cidr));
  }
  if (!isPod(endpoint)) return false;
  const inNamespace =
    namespaceSelector === undefined
      ? endpoint.namespace === policyNamespace
      : selects(namespaceSelector, namespaceLabels(endpoint));
  return inNamespace && (podSelector === undefined || selects(podSelector, endpoint.labels));
}

function portMatches(rulePort: any, port: number, protocol: Protocol): boolean {
  const ruleProtocol = rulePort.protocol ?? 'TCP';
  if (!PROTOCOLS.has(ruleProtocol)) throw new Error(`NetworkPolicy port: unsupported protocol "${ruleProtocol}"`);
  if (ruleProtocol !== protocol) return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port !== 'number') throw new Error(`named port ${String(rulePort.port)} is not modelled`);
  return port >= rulePort.port && port <= (rulePort.endPort ?? rulePort.port);
}

/** policyTypes after the API server's defaulting, refusing values it refuses. */
export function effectivePolicyTypes(spec: any): string[] {
  const types: string[] = spec.policyTypes ?? [];
  for (const type of types) {
    if (!POLICY_TYPES.has(type)) throw new Error(`NetworkPolicy policyTypes: unsupported value "${type}"`);
  }
  if (types.length > 0) return types;
  return (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

type Direction = 'Ingress' | 'Egress';

/** Whether the pod's policies admit traffic in one direction: `peer` is where it comes from or goes to. */
function admits(
  policies: readonly any[],
  pod: PodEndpoint,
  direction: Direction,
  peer: Endpoint,
  port: number,
  protocol: Protocol,
): boolean {
  const selecting = policies.filter((policy) => {
    if (policy.kind !== 'NetworkPolicy') throw new Error(`not a NetworkPolicy: ${String(policy.kind)}`);
    const namespace = policy.metadata?.namespace;
    if (typeof namespace !== 'string' || namespace === '') throw new Error('a NetworkPolicy needs its namespace');
    if (policy.spec?.podSelector === undefined) throw new Error('a NetworkPolicy needs spec.podSelector');
    return (
      namespace === pod.namespace &&
      selects(policy.spec.podSelector, pod.labels) &&
      effectivePolicyTypes(policy.spec).includes(direction)
    );
  });
  if (selecting.length === 0) return true;
  const peersOf = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((policy) =>
    ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some((rule: any) => {
      const peers: any[] = rule[peersOf] ?? [];
      const ports: any[] = rule.ports ?? [];
      const peerAllowed = peers.length === 0 || peers.some((p) => peerMatches(p, policy.metadata.namespace, peer));
      const portAllowed = ports.length === 0 || ports.some((p) => portMatches(p, port, protocol));
      return peerAllowed && portAllowed;
    }),
  );
}

/** Whether the receiving pod's policies admit `from` (its ingress alone; the sender's egress is not asked). */
export function ingressAdmits(policies: readonly unknown[], to: PodEndpoint, from: Endpoint, port: number): boolean {
  return admits(policies, to, 'Ingress', from, port, 'TCP');
}

/** Whether the sending pod's policies let it send to `to` (its egress alone). */
export function egressAdmits(policies: readonly unknown[], from: PodEndpoint, to: Endpoint, port: number): boolean {
  return admits(policies, from, 'Egress', to, port, 'TCP');
}

/**
 * Whether the policies let the connection through: the sender's egress (when it is a pod) and the receiver's
 * ingress (when it is a pod). Objects of other kinds are refused: pass the NetworkPolicies.
 */
export function allows(policies: readonly unknown[], connection: Connection): boolean {
  const { from, to, port, protocol = 'TCP' } = connection;
  const egress = !isPod(from) || admits(policies, from, 'Egress', to, port, protocol);
  const ingress = !isPod(to) || admits(policies, to, 'Ingress', from, port, protocol);
  return egress && ingress;
}
