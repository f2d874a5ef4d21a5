import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, type EnvironmentContext } from './context';

export interface AppNamespaceProps {
  readonly context: EnvironmentContext;
}

/**
 * The environment's namespace: the restricted Pod Security Standard through admission labels, and ALB
 * readiness gates injected into its pods.
 */
export class AppNamespace extends Construct {
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    const ctx = props.context;
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: ctx.env.namespace,
        labels: {
          ...recommendedLabels(ctx, 'namespace'),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          // The AWS Load Balancer Controller keeps a pod un-Ready until its ALB target is healthy, so a canary
          // step never removes old pods while the new ones are still registering (target type ip).
          'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
        },
      },
    });
  }
}
