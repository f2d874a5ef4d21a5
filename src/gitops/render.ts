/**
 * The GitOps output of one environment, for each of its clusters (the primary region's, and the DR region's where it
 * has one): the Applications the root Application syncs, the objects the add-ons bring beside their charts, and
 * the bootstrap (Argo CD's values and the root Application).
 */
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { stringify } from 'yaml';
import { environmentSites, type Platform, type Site } from '../config';
import { ADDONS, enabledAddons } from '../addons';
import { appIgnoredFields } from './app-ignored-fields';
import { addonManifestsFile, ClusterApplications } from './cluster-applications';
import { clusterLayout, distPath } from './layout';
import { RootApplication } from './root-application';

/** Sync wave of the objects an add-on brings beside its chart: after the chart's resources (wave 0) are healthy. */
export const ADDON_MANIFESTS_WAVE = 1;

/** File of Argo CD's Helm values in the bootstrap directory. */
export const ARGOCD_VALUES_FILE = 'argo-cd-values.yaml';
export const ROOT_APPLICATION_FILE = 'root.k8s.yaml';

/** The GitOps files of an environment, by path relative to the output root. */
export function gitopsFiles(
  platform: Platform,
  environment: string,
  appObjects: readonly unknown[],
): Map<string, string> {
  const files = new Map<string, string>();
  for (const region of environmentSites(platform, environment)) {
    clusterFiles(platform, environment, region, appObjects, files);
  }
  return files;
}

function clusterFiles(
  platform: Platform,
  environment: string,
  region: Site,
  appObjects: readonly unknown[],
  files: Map<string, string>,
): void {
  const layout = clusterLayout(region);
  const app = new App();
  const applications = new Chart(app, 'applications');
  new ClusterApplications(applications, 'Resources', {
    platform,
    environment,
    region,
    appIgnoredFields: appIgnoredFields(appObjects as Parameters<typeof appIgnoredFields>[0]),
  });
  for (const object of applications.toJson()) {
    const file = object.kind === 'AppProject' ? 'projects.k8s.yaml' : `${object.metadata.name}.k8s.yaml`;
    const path = distPath(environment, layout.applications, file);
    files.set(path, (files.has(path) ? files.get(path) + '---\n' : '') + Yaml.stringify(object));
  }
  for (const addon of enabledAddons(platform, environment)) {
    if (!addon.manifests) continue;
    const chart = new Chart(app, `addon-${addon.name}`);
    addon.manifests(chart, { platform, environment, region });
    for (const object of chart.node.findAll().filter(ApiObject.isApiObject)) {
      object.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(ADDON_MANIFESTS_WAVE));
    }
    files.set(distPath(environment, layout.addons, addonManifestsFile(addon)), Yaml.stringify(...chart.toJson()));
  }
  const bootstrap = new Chart(app, 'bootstrap');
  new RootApplication(bootstrap, 'Root', { platform, environment, region });
  files.set(distPath(environment, layout.bootstrap, ROOT_APPLICATION_FILE), Yaml.stringify(...bootstrap.toJson()));
  const argoCdValues = ADDONS['argo-cd'].values({ platform, environment, region });
  files.set(distPath(environment, layout.bootstrap, ARGOCD_VALUES_FILE), stringify(argoCdValues, { lineWidth: 0 }));
}
