import { Construct } from 'constructs';
import type { Platform } from '../config';
import { AppProject } from '../../imports/argo-app-project-argoproj.io';
import type { AddOn } from '../addons';
import { ARGOCD_NAMESPACE } from '../addons/argo-cd';
import { IN_CLUSTER } from './application';

/** Project of the add-ons: their chart repositories and the GitOps repository, any namespace, cluster-wide kinds. */
export function platformProject(platform: Platform): string {
  return `${platform.app.name}-platform`;
}

/** Project of the app: the GitOps repository only, its namespace and the monitoring namespaces, no cluster kinds. */
export function appProject(platform: Platform): string {
  return platform.app.name;
}

export interface ProjectsProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly addons: readonly AddOn[];
}

/** The AppProjects that fence what each Application may deploy, and from where. */
export class Projects extends Construct {
  constructor(scope: Construct, id: string, props: ProjectsProps) {
    super(scope, id);
    const { platform, environment } = props;
    const gitops = platform.gitops.repoURL;
    const metadata = (name: string) => ({
      name,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': platform.app.partOf },
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    });
    const charts = [...new Set(props.addons.map((addon) => addon.chart.repoURL))].sort();
    new AppProject(this, 'Platform', {
      metadata: metadata(platformProject(platform)),
      spec: {
        description: 'The platform add-ons: pinned upstream charts and their objects from the GitOps repository',
        sourceRepos: [gitops, ...charts],
        destinations: [{ server: IN_CLUSTER, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
    const { monitoring } = platform;
    const namespaces = [platform.environments[environment].namespace, monitoring.namespace];
    if (monitoring.grafana.namespace !== monitoring.namespace) namespaces.push(monitoring.grafana.namespace);
    new AppProject(this, 'App', {
      metadata: metadata(appProject(platform)),
      spec: {
        description: "The app and its alerts and dashboards, from the GitOps repository's dist/<environment>",
        sourceRepos: [gitops],
        destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
  }
}
