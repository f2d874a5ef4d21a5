import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BaselineNetworkPolicies, egressToStore, type DataStoreEndpoint } from './baseline-network-policies';
import { appPodLabels, objectMeta, type AppIdentity } from './identity';

export interface NamespaceNetworkPoliciesProps {
  readonly identity: AppIdentity;
  readonly database: DataStoreEndpoint;
  readonly cache: DataStoreEndpoint;
  /**
   * SOP-02 step 2: leave out the database allowance.
   * @default false
   */
  readonly isolateDatabase?: boolean;
}

/**
 * Zero trust for the namespace: deny all traffic, then allow DNS and the data stores, each only to the
 * subnets of its tier in the network plan. With `dbIsolation` (SOP-02 step 2) the database allowance is
 * left out, so no app pod reaches PostgreSQL while DNS, Redis and ingress keep working.
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const { identity } = props;
    const app = identity.app;
    const appPods = { matchLabels: appPodLabels(identity) };

    new BaselineNetworkPolicies(this, 'Baseline', { identity, namePrefix: `${app}-`, component: 'network-policy' });
    if (!props.isolateDatabase) {
      new k8s.KubeNetworkPolicy(this, 'AllowDatabase', {
        metadata: objectMeta(identity, `${app}-allow-database`, 'network-policy'),
        spec: egressTo(appPods, props.database),
      });
    }
    new k8s.KubeNetworkPolicy(this, 'AllowCache', {
      metadata: objectMeta(identity, `${app}-allow-cache`, 'network-policy'),
      spec: egressTo(appPods, props.cache),
    });
  }
}

function egressTo(podSelector: k8s.LabelSelector, store: DataStoreEndpoint): k8s.NetworkPolicySpec {
  return { podSelector, policyTypes: ['Egress'], egress: [egressToStore(store)] };
}
