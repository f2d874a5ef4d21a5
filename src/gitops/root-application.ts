import { Construct } from 'constructs';
import type { Platform, Site } from '../config';
import { Application } from '../../imports/argo-application-argoproj.io';
import { ARGOCD_NAMESPACE } from '../addons/argo-cd';
import { IN_CLUSTER, syncPolicy } from './application';
import { clusterLayout, repoPath } from './layout';

export function rootApplicationName(platform: Platform): string {
  return `${platform.app.name}-root`;
}

export interface RootApplicationProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly region: Site;
}

/**
 * The app of apps a person applies once after installing Argo CD: it syncs the cluster's Applications from the
 * GitOps repository, wave by wave. It has no deletion finalizer: deleting it by mistake leaves everything running.
 */
export class RootApplication extends Construct {
  constructor(scope: Construct, id: string, props: RootApplicationProps) {
    super(scope, id);
    const { platform, environment } = props;
    const name = rootApplicationName(platform);
    new Application(this, 'Resource', {
      metadata: { name, namespace: ARGOCD_NAMESPACE, labels: { 'app.kubernetes.io/part-of': platform.app.partOf } },
      spec: {
        project: 'default',
        destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
        source: {
          repoUrl: platform.gitops.repoURL,
          targetRevision: platform.gitops.branch,
          path: repoPath(platform, environment, clusterLayout(props.region).applications),
        },
        syncPolicy: syncPolicy(platform, environment, {
          platform,
          environment,
          name,
          project: 'default',
          wave: 0,
          namespace: ARGOCD_NAMESPACE,
          sources: [],
        }),
      },
    });
  }
}
