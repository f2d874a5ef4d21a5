import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, type EnvironmentContext } from './context';

export interface NamespaceNetworkPoliciesProps {
  readonly context: EnvironmentContext;
}

/**
 * Zero trust for the namespace: deny all traffic, then allow DNS and the data stores, each only to the
 * subnets of its tier in the network plan. With `dbIsolation` (SOP-02 step 2) the database allowance is
 * left out, so no app pod reaches PostgreSQL while DNS, Redis and ingress keep working.
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const ctx = props.context;
    const app = ctx.platform.app.name;
    const { subnets } = ctx.env.aws.network;
    const appPods = { matchLabels: { 'app.kubernetes.io/name': app } };

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: objectMeta(ctx, `${app}-default-deny`, 'network-policy'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: objectMeta(ctx, `${app}-allow-dns`, 'network-policy'),
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
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
            ],
          },
        ],
      },
    });
    if (!ctx.env.dbIsolation) {
      new k8s.KubeNetworkPolicy(this, 'AllowDatabase', {
        metadata: objectMeta(ctx, `${app}-allow-database`, 'network-policy'),
        spec: egressToSubnets(appPods, subnets.database, ctx.env.database.port),
      });
    }
    new k8s.KubeNetworkPolicy(this, 'AllowCache', {
      metadata: objectMeta(ctx, `${app}-allow-cache`, 'network-policy'),
      spec: egressToSubnets(appPods, subnets.cache, ctx.env.redis.port),
    });
  }
}

function egressToSubnets(
  podSelector: k8s.LabelSelector,
  cidrs: readonly string[],
  port: number,
): k8s.NetworkPolicySpec {
  return {
    podSelector,
    policyTypes: ['Egress'],
    egress: [
      {
        to: cidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
      },
    ],
  };
}
