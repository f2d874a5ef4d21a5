import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespacePolicyLabels } from '../../constructs/app-namespace';
import {
  BaselineNetworkPolicies,
  egressToStore,
  tcpPort,
  type DataStoreEndpoint,
} from '../../constructs/baseline-network-policies';
import { objectMeta, recommendedLabels, type AppIdentity } from '../../constructs/identity';

/** The app namespace's Pod Security labels (restricted), without its load balancer settings: nothing here is behind one. */
function podSecurityLabels(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(namespacePolicyLabels()).filter(([key]) => key.startsWith('pod-security.kubernetes.io/')),
  );
}

export interface DrillIsolationProps {
  /** The drill's identity: its namespace is the temporary one. */
  readonly identity: AppIdentity;
  /** Labels of the temporary app's pods. */
  readonly appPods: Record<string, string>;
  /** Labels of the check Job's pods. */
  readonly checkPods: Record<string, string>;
  /** The app's HTTP container port: the checks call it. */
  readonly appPort: number;
  /** The restored instance: the app and the checks reach it (database subnets, the drill's port). */
  readonly restored: DataStoreEndpoint;
  /** Production's read replica: only the checks reach it, to read the numbers the restore is compared with. */
  readonly source: DataStoreEndpoint;
}

/**
 * The drill's temporary namespace, isolated by NetworkPolicy: everything denied, then DNS for all, the restored
 * instance for the app and the checks, production's database port for the checks only, and the app's HTTP port
 * from the checks only. Nothing reaches production's namespace, Redis or the internet; production's own
 * default-deny turns away anything from here. Restricted Pod Security, as in the app's namespace.
 */
export class DrillIsolation extends Construct {
  constructor(scope: Construct, id: string, props: DrillIsolationProps) {
    super(scope, id);
    const { identity } = props;
    const name = (suffix: string) => `${identity.app}-sop-drill-${suffix}`;

    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: identity.namespace,
        labels: { ...recommendedLabels(identity, 'sop-drill'), ...podSecurityLabels() },
      },
    });
    new BaselineNetworkPolicies(this, 'Baseline', { identity, namePrefix: name(''), component: 'sop-drill' });
    new k8s.KubeNetworkPolicy(this, 'App', {
      metadata: objectMeta(identity, name('app'), 'sop-drill'),
      spec: {
        podSelector: { matchLabels: props.appPods },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: props.checkPods } }], ports: [tcpPort(props.appPort)] }],
        egress: [egressToStore(props.restored)],
      },
    });
    new k8s.KubeNetworkPolicy(this, 'Checks', {
      metadata: objectMeta(identity, name('checks'), 'sop-drill'),
      spec: {
        podSelector: { matchLabels: props.checkPods },
        policyTypes: ['Egress'],
        egress: [
          egressToStore(props.restored),
          egressToStore(props.source),
          { to: [{ podSelector: { matchLabels: props.appPods } }], ports: [tcpPort(props.appPort)] },
        ],
      },
    });
  }
}
