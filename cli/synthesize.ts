import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { DEFAULT_PLATFORM_FILE, type Platform } from '../src/config';
import { chartDirectory } from '../src/helm/chart-directory';
import { DIAGRAMS_DIR, WORKFLOWS_DIR } from '../src/pipeline/paths';
import type { OutputFiles } from '../src/synth/render';
import { replaceDirectories } from '../src/synth/replace-directories';
import type { Layer } from './args';

/* eslint-disable @typescript-eslint/no-require-imports -- each layer's modules load on use: up to a second each */
const modules = {
  manifests: () => require('../src/synth/render') as typeof import('../src/synth/render'),
  chart: () => require('../src/helm') as typeof import('../src/helm'),
  pipeline: () => require('../src/pipeline') as typeof import('../src/pipeline'),
  infra: () => require('../infra/synthesize') as typeof import('../infra/synthesize'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
  /**
   * Compiled script (cli/infra-worker) that synthesizes the cloud layer on a second thread, beside the cluster
   * layer: the two take about as long, and the machine has two cores.
   * @default the cloud layer runs on this thread, after the cluster layer
   */
  readonly infraWorker?: string;
}

/** What the cloud layer's worker is given. */
export interface InfraJob {
  readonly platform: Platform;
  readonly outdir: string;
  readonly environments: readonly string[];
}

/**
 * Both layers of one platform: dist/<env>/, the Helm chart and the pipeline rendered in memory and the stacks
 * synthesized, each into a temporary directory, then every output directory swapped in whole. A failure anywhere
 * leaves them all as they were. Returns the directories written, relative to outDir.
 */
export async function synthesize(platform: Platform, options: SynthesizeOptions): Promise<string[]> {
  const k8s = options.layers.includes('k8s');
  const pipeline = options.layers.includes('pipeline');
  // The chart and the pipeline cover every environment, so they are written whatever --env selects.
  const units = [
    ...(k8s ? [...options.environments.map((env) => `dist/${env}`), chartDirectory(platform)] : []),
    ...(pipeline ? [WORKFLOWS_DIR, DIAGRAMS_DIR] : []),
  ];
  const targets = units.map((unit) => path.join(options.outDir, unit));
  const infra = options.layers.includes('infra');
  if (infra) targets.push(options.cdktfOutDir ?? path.join(options.outDir, CDKTF_OUT));
  await replaceDirectories(targets, async (temps) => {
    const job: InfraJob = { platform, outdir: temps[units.length], environments: options.environments };
    const stacks = infra ? startInfra(job, options.infraWorker) : undefined;
    try {
      const rendered: OutputFiles[] = [];
      if (k8s) {
        const { projectVersion, renderHelmChart } = modules.chart();
        rendered.push(modules.manifests().renderManifests(platform, options.environments));
        rendered.push(renderHelmChart(platform, { version: projectVersion(options.projectRoot) }));
      }
      if (pipeline) {
        rendered.push(modules.pipeline().renderPipeline(platform, options.platformFile ?? DEFAULT_PLATFORM_FILE));
      }
      const files: OutputFiles = new Map(rendered.flatMap((layer) => [...layer]));
      units.forEach((unit, i) => writeUnit(temps[i], unit, files));
      await stacks?.done;
    } catch (error) {
      await stacks?.cancel(); // before the temp directories go, so the worker writes nothing after
      throw error;
    }
  });
  return targets.map((target) => path.relative(options.outDir, target) || '.');
}

/** The cloud layer, started on a worker thread when there is one, else synthesized before returning. */
function startInfra(job: InfraJob, worker: string | undefined): { done: Promise<void>; cancel: () => Promise<void> } {
  if (!worker) {
    modules.infra().synthesizeInfra(job.platform, job.outdir, job.environments);
    return { done: Promise.resolve(), cancel: async () => undefined };
  }
  const thread = new Worker(worker, { workerData: job });
  const done = new Promise<void>((resolve, reject) => {
    thread.once('error', reject);
    thread.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cloud layer exited with ${code}`))));
  });
  return { done, cancel: async () => void (await thread.terminate()) };
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
