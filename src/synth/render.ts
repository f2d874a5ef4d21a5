import { App, Chart, Yaml } from 'cdk8s';
import {
  appPriorityClassName,
  ciKubernetesGroup,
  environmentNames,
  sopDrillGroup,
  sopDrillNamespace,
  type Platform,
} from '../config';
import { enabledAddons } from '../addons';
import { AppChart } from '../charts/app-chart';
import { AppNamespace } from '../constructs/app-namespace';
import { AppPriorityClass } from '../constructs/app-priority-class';
import { DefaultStorageClass } from '../constructs/default-storage-class';
import { appIdentity, recommendedLabels } from '../constructs/identity';
import { NamespaceQuota, peakPods, type WorkloadPods } from '../constructs/namespace-quota';
import { RolloutReaderAccess } from '../constructs/rollout-reader-access';
import { SopDrillAccess } from '../constructs/sop-drill-access';
import { EXPORTER_RESOURCES } from '../addons/exporter-access';
import { CLUSTER_FILE, NAMESPACE_FILE } from '../gitops/layout';
import { gitopsFiles } from '../gitops/render';
import { PlatformObservability } from '../observability/platform-observability';

export { NAMESPACE_FILE } from '../gitops/layout';

/** Output files by path relative to the output root, e.g. `dist/production/app.k8s.yaml`. */
export type OutputFiles = Map<string, string>;

/**
 * Builds the charts of one environment in a fresh cdk8s App: `namespace` (the labelled Namespace with its quota,
 * limits and the app's PriorityClass, the release workflow's read access to the Rollouts, and the cluster RBAC of
 * the SOP-01 drill role), `cluster` (the default StorageClass), `app` (everything in the app namespace, also the
 * Helm chart) and `observability` (alerts and dashboards in the platform namespaces).
 */
export function environmentCharts(platform: Platform, environment: string): Chart[] {
  const app = new App();
  const identity = appIdentity(platform, environment);
  const namespace = new Chart(app, chartId(NAMESPACE_FILE));
  new AppNamespace(namespace, 'Resource', { identity });
  new AppPriorityClass(namespace, 'PriorityClass', { identity, name: appPriorityClassName(platform) });
  new NamespaceQuota(namespace, 'Quota', {
    identity,
    workloads: namespaceWorkloads(platform, environment),
    containerDefault: EXPORTER_RESOURCES,
  });
  new RolloutReaderAccess(namespace, 'RolloutReader', { identity, group: ciKubernetesGroup(platform) });
  if (platform.sop?.restoreDrill) {
    new SopDrillAccess(namespace, 'SopDrill', {
      identity,
      namespace: sopDrillNamespace(platform),
      group: sopDrillGroup(platform),
    });
  }
  const cluster = new Chart(app, chartId(CLUSTER_FILE));
  new DefaultStorageClass(cluster, 'StorageClass', { labels: recommendedLabels(identity, 'storage') });
  const observability = new Chart(app, 'observability');
  new PlatformObservability(observability, 'Resources', { platform, environment });
  return [namespace, cluster, new AppChart(app, 'app', { platform, environment }), observability];
}

/** Everything that runs in the app namespace at its peak: the services, and the add-ons that share it. */
function namespaceWorkloads(platform: Platform, environment: string): WorkloadPods[] {
  const env = platform.environments[environment];
  return [
    ...Object.values(env.services).map((sizing) => ({ pods: peakPods(sizing), resources: sizing.resources })),
    ...enabledAddons(platform, environment).flatMap((addon) =>
      addon.appNamespacePods ? [addon.appNamespacePods] : [],
    ),
  ];
}

/** The manifests of the given environments as `dist/<env>/<chart>.k8s.yaml` files, and their GitOps output. */
export function renderManifests(
  platform: Platform,
  environments: readonly string[] = environmentNames(platform),
): OutputFiles {
  const files: OutputFiles = new Map();
  for (const name of environments) {
    const charts = environmentCharts(platform, name);
    for (const chart of charts) {
      files.set(`dist/${name}/${chart.node.id}.k8s.yaml`, Yaml.stringify(...chart.toJson()));
    }
    const appObjects = charts.find((chart) => chart.node.id === 'app')?.toJson() ?? [];
    for (const [file, text] of gitopsFiles(platform, name, appObjects)) files.set(file, text);
  }
  return files;
}

/** The chart written to `file`: its id is the file name without `.k8s.yaml`. */
function chartId(file: string): string {
  return file.replace(/\.k8s\.yaml$/, '');
}
