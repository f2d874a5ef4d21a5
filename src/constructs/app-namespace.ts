import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, type AppIdentity } from './identity';

export interface AppNamespaceProps {
  readonly identity: AppIdentity;
}

/** Labels the app's namespace must carry for its pods to be admitted and served as built. */
export function namespacePolicyLabels(): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
    // The AWS Load Balancer Controller keeps a pod un-Ready until its ALB target is healthy, so a canary
    // step never removes old pods while the new ones are still registering (target type ip).
    'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
  };
}

/**
 * The environment's namespace: the restricted Pod Security Standard through admission labels, and ALB
 * readiness gates injected into its pods. Written to its own file of dist/<env>/, because a Helm release must not
 * own its namespace and `helm --create-namespace` would create it without these labels.
 */
export class AppNamespace extends Construct {
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    const { identity } = props;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: identity.namespace,
        labels: { ...recommendedLabels(identity, 'namespace'), ...namespacePolicyLabels() },
      },
    });
  }
}
