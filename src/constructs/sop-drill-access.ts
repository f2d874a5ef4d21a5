import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, type AppIdentity } from './identity';

export interface SopDrillAccessProps {
  readonly identity: AppIdentity;
  /** The drill's temporary namespace. */
  readonly namespace: string;
  /** Kubernetes group of the drill role's EKS access entry (infra/constructs/restore-drill.ts). */
  readonly group: string;
}

/**
 * What the SOP-01 drill role may do beyond its EKS access policy (edit, in the drill's namespace only): create that
 * namespace, and read and delete it. Kubernetes cannot restrict `create` by name (the name is not known before the
 * object exists), so the group may create a namespace; it may read or delete only the drill's. `kubectl delete
 * --wait` lists and watches the namespace it deleted with the field selector `metadata.name=<name>` (kubectl
 * pkg/cmd/wait/delete.go), which RBAC matches against resourceNames like a get.
 */
export class SopDrillAccess extends Construct {
  constructor(scope: Construct, id: string, props: SopDrillAccessProps) {
    super(scope, id);
    const name = props.group;
    const metadata = { name, labels: recommendedLabels(props.identity, 'sop-drill') };
    new k8s.KubeClusterRole(this, 'Role', {
      metadata,
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['create'] },
        {
          apiGroups: [''],
          resources: ['namespaces'],
          resourceNames: [props.namespace],
          verbs: ['get', 'list', 'watch', 'delete'],
        },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: props.group }],
    });
  }
}
