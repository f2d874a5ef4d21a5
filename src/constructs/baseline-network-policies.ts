import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, type AppIdentity } from './identity';

/** A data store a namespace's pods reach: its tier's subnets and its port. */
export interface DataStoreEndpoint {
  readonly subnets: readonly string[];
  readonly port: number;
}

/** A TCP port of a NetworkPolicy rule. */
export function tcpPort(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/** Egress to a data store: only its subnets, only its port. */
export function egressToStore(store: DataStoreEndpoint): k8s.NetworkPolicyEgressRule {
  return { to: store.subnets.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcpPort(store.port)] };
}

export interface BaselineNetworkPoliciesProps {
  readonly identity: AppIdentity;
  /** The policies' names: `<prefix>default-deny` and `<prefix>allow-dns`. */
  readonly namePrefix: string;
  /** The `app.kubernetes.io/component` label of both policies. */
  readonly component: string;
}

/**
 * A namespace's zero-trust baseline: every pod denied all traffic, then DNS allowed to CoreDNS, whose pods the
 * EKS coredns add-on labels `k8s-app: kube-dns` in kube-system. Everything else is allowed by name elsewhere.
 */
export class BaselineNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: BaselineNetworkPoliciesProps) {
    super(scope, id);
    const meta = (suffix: string) => objectMeta(props.identity, `${props.namePrefix}${suffix}`, props.component);
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: meta('allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcpPort(53)],
          },
        ],
      },
    });
  }
}
