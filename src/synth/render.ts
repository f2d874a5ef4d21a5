import { App, Chart, Yaml } from 'cdk8s';
import { ENVIRONMENT_NAMES, type EnvironmentName, type Platform } from '../config';
import { AppChart } from '../charts/app-chart';
import { environmentContext } from '../constructs/context';
import { PlatformObservability } from '../observability/platform-observability';

/** Output files by path relative to the project root, e.g. `dist/production/app.k8s.yaml`. */
export type OutputFiles = Map<string, string>;

/**
 * Builds the charts of one environment in a fresh cdk8s App: `app` (everything in the app namespace, also
 * the Helm chart) and `observability` (alert routing, dashboards, log shipping in the platform namespaces).
 */
export function environmentCharts(platform: Platform, name: EnvironmentName): Chart[] {
  const app = new App();
  const context = environmentContext(platform, name);
  const observability = new Chart(app, 'observability');
  new PlatformObservability(observability, 'Resources', { platform, environment: name });
  return [new AppChart(app, 'app', { context }), observability];
}

/** The manifests of the given environments as `dist/<env>/<chart>.k8s.yaml` files. */
export function renderManifests(
  platform: Platform,
  names: readonly EnvironmentName[] = ENVIRONMENT_NAMES,
): OutputFiles {
  const files: OutputFiles = new Map();
  for (const name of names) {
    for (const chart of environmentCharts(platform, name)) {
      files.set(`dist/${name}/${chart.node.id}.k8s.yaml`, Yaml.stringify(...chart.toJson()));
    }
  }
  return files;
}
