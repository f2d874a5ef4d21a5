import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PLATFORM_FILE, type Platform } from '../src/config';
import { chartDirectory, projectVersion, renderHelmChart } from '../src/helm';
import { renderManifests, type OutputFiles } from '../src/synth/render';
import { replaceDirectories } from '../src/synth/replace-directories';
import { synthesizeInfra } from '../infra/synthesize';
import { DIAGRAMS_DIR, renderPipeline, WORKFLOWS_DIR } from '../src/pipeline';
import type { Layer } from './args';

/** Directory of the cloud layer's output, relative to the output root. */
export const CDKTF_OUT = 'cdktf.out';

export interface SynthesizeOptions {
  readonly layers: readonly Layer[];
  /** Environments whose dist/<env>/ and stacks are written. */
  readonly environments: readonly string[];
  /** Directory that receives dist/, charts/ and cdktf.out/. */
  readonly outDir: string;
  /** Project root, whose package.json versions the chart. */
  readonly projectRoot: string;
  /**
   * The platform file relative to the project root: the generated workflows synthesize from it.
   * @default platform.yaml
   */
  readonly platformFile?: string;
  /**
   * Where the cloud layer goes (cdktf-cli passes CDKTF_OUTDIR).
   * @default <outDir>/cdktf.out
   */
  readonly cdktfOutDir?: string;
}

/**
 * Both layers of one platform: dist/<env>/ and the Helm chart rendered in memory, the stacks synthesized into a
 * temporary directory, then every output directory swapped in whole. A failure anywhere leaves them all as they
 * were. Returns the directories written, relative to outDir.
 */
export function synthesize(platform: Platform, options: SynthesizeOptions): string[] {
  const k8s = options.layers.includes('k8s');
  const files: OutputFiles = k8s ? renderManifests(platform, options.environments) : new Map();
  if (k8s) {
    // The chart covers every environment, so it is written whatever --env selects.
    for (const [file, content] of renderHelmChart(platform, { version: projectVersion(options.projectRoot) })) {
      files.set(file, content);
    }
  }
  const units = k8s ? [...options.environments.map((env) => `dist/${env}`), chartDirectory(platform)] : [];
  if (options.layers.includes('pipeline')) {
    // Like the chart, the pipeline covers every environment whatever --env selects.
    for (const [file, content] of renderPipeline(platform, options.platformFile ?? DEFAULT_PLATFORM_FILE)) {
      files.set(file, content);
    }
    units.push(WORKFLOWS_DIR, DIAGRAMS_DIR);
  }
  const targets = units.map((unit) => path.join(options.outDir, unit));
  const infra = options.layers.includes('infra');
  if (infra) targets.push(options.cdktfOutDir ?? path.join(options.outDir, CDKTF_OUT));
  replaceDirectories(targets, (temps) => {
    units.forEach((unit, i) => writeUnit(temps[i], unit, files));
    if (infra) synthesizeInfra(platform, temps[units.length], options.environments);
  });
  return targets.map((target) => path.relative(options.outDir, target) || '.');
}

/** Writes the files under `unit` into `dir`. */
function writeUnit(dir: string, unit: string, files: OutputFiles): void {
  for (const [file, content] of files) {
    if (!file.startsWith(`${unit}/`)) continue;
    const destination = path.join(dir, file.slice(unit.length + 1));
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, content);
  }
}
