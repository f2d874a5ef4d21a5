import { App, Chart, Yaml } from 'cdk8s';
import { ciKubernetesGroup, environmentNames, sopDrillGroup, sopDrillNamespace, type Platform } from '../config';
import { AppChart } from '../charts/app-chart';
import { AppNamespace } from '../constructs/app-namespace';
import { appIdentity } from '../constructs/identity';
import { RolloutReaderAccess } from '../constructs/rollout-reader-access';
import { SopDrillAccess } from '../constructs/sop-drill-access';
import { PlatformObservability } from '../observability/platform-observability';

/** Output files by path relative to the output root, e.g. `dist/production/app.k8s.yaml`. */
export type OutputFiles = Map<string, string>;

/** The file of dist/<env>/ with the app's Namespace: applied first, on its own, before a Helm install too. */
export const NAMESPACE_FILE = 'namespace.k8s.yaml';

/**
 * Builds the charts of one environment in a fresh cdk8s App: `namespace` (the labelled Namespace, and the cluster
 * RBAC of the SOP-01 drill role), `app` (everything in the app namespace, also the Helm chart) and `observability`
 * (alert routing, dashboards, log shipping in the platform namespaces).
 */
export function environmentCharts(platform: Platform, environment: string): Chart[] {
  const app = new App();
  const namespace = new Chart(app, 'namespace');
  const identity = appIdentity(platform, environment);
  new AppNamespace(namespace, 'Resource', { identity });
  new RolloutReaderAccess(namespace, 'RolloutReader', { identity, group: ciKubernetesGroup(platform) });
  if (platform.sop?.restoreDrill) {
    new SopDrillAccess(namespace, 'SopDrill', {
      identity,
      namespace: sopDrillNamespace(platform),
      group: sopDrillGroup(platform),
    });
  }
  const observability = new Chart(app, 'observability');
  new PlatformObservability(observability, 'Resources', { platform, environment });
  return [namespace, new AppChart(app, 'app', { platform, environment }), observability];
}

/** The manifests of the given environments as `dist/<env>/<chart>.k8s.yaml` files. */
export function renderManifests(
  platform: Platform,
  environments: readonly string[] = environmentNames(platform),
): OutputFiles {
  const files: OutputFiles = new Map();
  for (const name of environments) {
    for (const chart of environmentCharts(platform, name)) {
      files.set(`dist/${name}/${chart.node.id}.k8s.yaml`, Yaml.stringify(...chart.toJson()));
    }
  }
  return files;
}
