import { ENVIRONMENT_NAMES, type EnvironmentName, type Platform } from '../config';
import { chartDirectory, projectVersion, renderHelmChart } from '../helm';
import { renderManifests } from './render';
import { writeOutputs } from './write-outputs';

export interface SynthesizeClusterOptions {
  /** Directory that receives dist/ and charts/. */
  readonly outDir: string;
  /** Project root, whose package.json versions the chart. */
  readonly projectRoot: string;
  /** Environments whose dist/<env> is written. @default all */
  readonly environments?: readonly EnvironmentName[];
}

/**
 * The cluster layer of `npm run synth`: dist/<env>/ for the chosen environments and the Helm chart, rendered in
 * memory first and swapped in whole. Returns the directories written.
 */
export function synthesizeCluster(platform: Platform, options: SynthesizeClusterOptions): string[] {
  const environments = options.environments ?? ENVIRONMENT_NAMES;
  const files = renderManifests(platform, environments);
  // The chart covers every environment, so it is written whatever --env selects.
  for (const [file, content] of renderHelmChart(platform, { version: projectVersion(options.projectRoot) })) {
    files.set(file, content);
  }
  const units = [...environments.map((env) => `dist/${env}`), chartDirectory(platform)];
  writeOutputs(options.outDir, units, files);
  return units;
}
