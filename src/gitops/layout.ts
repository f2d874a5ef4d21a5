/**
 * Where each cluster's GitOps output lives: under dist/<env>/ for the primary region's cluster and under
 * dist/<env>/dr/ for the DR region's, which runs the same app with the add-ons configured for its region.
 * The GitOps repository holds each environment's dist/<env>/ at `<gitops.path>/<env>/`.
 */
import type { Platform, Site } from '../config';

/** The app's objects applied first, on their own, before a Helm install too: namespace, quota, priority class. */
export const NAMESPACE_FILE = 'namespace.k8s.yaml';
/** Cluster-wide defaults the add-ons rely on (the default StorageClass). */
export const CLUSTER_FILE = 'cluster.k8s.yaml';

export interface ClusterLayout {
  /** Directory of the cluster's output below dist/<env>/: `` (primary) or `dr`. */
  readonly dir: string;
  /** The Applications the root Application syncs. */
  readonly applications: string;
  /** The objects the add-ons bring beside their charts, one file per add-on. */
  readonly addons: string;
  /** What a person applies once to bootstrap the cluster: Argo CD's values and the root Application. */
  readonly bootstrap: string;
}

export function clusterLayout(region: Site): ClusterLayout {
  const dir = region === 'primary' ? '' : 'dr';
  const under = (name: string) => (dir ? `${dir}/${name}` : name);
  return { dir, applications: under('argocd'), addons: under('addons'), bootstrap: under('bootstrap') };
}

/** A file of the environment's output, relative to the output root: `dist/production/dr/argocd/loki.k8s.yaml`. */
export function distPath(environment: string, ...parts: string[]): string {
  return ['dist', environment, ...parts.filter(Boolean)].join('/');
}

/** The same directory in the GitOps repository: `dist/production/dr/argocd`. */
export function repoPath(platform: Platform, environment: string, ...parts: string[]): string {
  return [platform.gitops.path, environment, ...parts.filter(Boolean)].join('/');
}
