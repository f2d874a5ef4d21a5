import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMeta, type AppIdentity } from './identity';

export interface RolloutReaderAccessProps {
  readonly identity: AppIdentity;
  /** Kubernetes group of the CI role's EKS access entry (ciKubernetesGroup). */
  readonly group: string;
}

/**
 * Read access to the app's Rollouts and their AnalysisRuns for the delivery pipeline: the promotion workflow's
 * role maps to `group` through its EKS access entry and watches a release with plain kubectl. Nothing else: no
 * write, no Secrets, no other namespace.
 */
export class RolloutReaderAccess extends Construct {
  constructor(scope: Construct, id: string, props: RolloutReaderAccessProps) {
    super(scope, id);
    const { identity, group } = props;
    const name = `${identity.app}-ci-rollout-reader`;
    new k8s.KubeRole(this, 'Role', {
      metadata: objectMeta(identity, name, 'delivery'),
      rules: [{ apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeRoleBinding(this, 'Binding', {
      metadata: objectMeta(identity, name, 'delivery'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'Group', name: group, apiGroup: 'rbac.authorization.k8s.io' }],
    });
  }
}
