import { Construct } from 'constructs';
import type { Platform, Site } from '../config';
import { enabledAddons, type AddOn, type IgnoredField } from '../addons';
import { ArgoApplication } from './application';
import { CLUSTER_FILE, clusterLayout, NAMESPACE_FILE, repoPath } from './layout';
import { appProject, platformProject, Projects } from './projects';

/** Sync wave of the app's namespace and the cluster defaults: before every add-on that lives there or claims storage. */
export const FOUNDATION_WAVE = 0;

/** The app's Application: the last wave, once every add-on whose CRDs and controllers it uses is healthy. */
export function appWave(addons: readonly AddOn[]): number {
  return Math.max(FOUNDATION_WAVE, ...addons.map((addon) => addon.wave)) + 1;
}

export function foundationApplicationName(platform: Platform): string {
  return `${platform.app.name}-foundation`;
}

export function appApplicationName(platform: Platform): string {
  return platform.app.name;
}

export interface ClusterApplicationsProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly region: Site;
  /** Fields of the app's objects that its controllers own (see `appIgnoredFields`). */
  readonly appIgnoredFields: readonly IgnoredField[];
}

/**
 * What the root Application of one cluster syncs: the AppProjects, the foundation (the app's namespace with its
 * quota and priority class, the default StorageClass), one Application per enabled add-on, and the app.
 */
export class ClusterApplications extends Construct {
  constructor(scope: Construct, id: string, props: ClusterApplicationsProps) {
    super(scope, id);
    const { platform, environment, region } = props;
    const { repoURL, branch } = platform.gitops;
    const layout = clusterLayout(region);
    const addons = enabledAddons(platform, environment);
    const appNamespace = platform.environments[environment].namespace;
    const envDir = repoPath(platform, environment);
    const early = `{${NAMESPACE_FILE},${CLUSTER_FILE}}`;

    new Projects(this, 'Projects', { platform, environment, addons });
    new ArgoApplication(this, 'Foundation', {
      platform,
      environment,
      name: foundationApplicationName(platform),
      project: platformProject(platform),
      wave: FOUNDATION_WAVE,
      namespace: appNamespace,
      sources: [{ repoUrl: repoURL, targetRevision: branch, path: envDir, directory: { include: early } }],
    });
    for (const addon of addons) {
      const ctx = { platform, environment, region };
      const { chart } = addon;
      new ArgoApplication(this, addon.name, {
        platform,
        environment,
        name: addon.name,
        project: platformProject(platform),
        wave: addon.wave,
        namespace: addon.namespace(platform, environment),
        serverSideApply: addon.serverSideApply,
        ignoreDifferences: addon.ignoreDifferences,
        sources: [
          {
            repoUrl: chart.repoURL,
            chart: chart.chart,
            targetRevision: chart.version,
            helm: { releaseName: addon.name, valuesObject: addon.values(ctx) },
          },
          ...(addon.manifests
            ? [
                {
                  repoUrl: repoURL,
                  targetRevision: branch,
                  path: repoPath(platform, environment, layout.addons),
                  directory: { include: addonManifestsFile(addon) },
                },
              ]
            : []),
        ],
      });
    }
    new ArgoApplication(this, 'App', {
      platform,
      environment,
      name: appApplicationName(platform),
      project: appProject(platform),
      wave: appWave(addons),
      namespace: appNamespace,
      ignoreDifferences: props.appIgnoredFields,
      sources: [{ repoUrl: repoURL, targetRevision: branch, path: envDir, directory: { exclude: early } }],
    });
  }
}

/** File of an add-on's own objects in the cluster's addons directory. */
export function addonManifestsFile(addon: AddOn): string {
  return `${addon.name}.k8s.yaml`;
}
