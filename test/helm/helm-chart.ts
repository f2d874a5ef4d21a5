/** Shared by the Helm tests: a freshly generated chart on disk, helm runs, and the dist/ objects to compare with. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadPlatform, type Platform } from '../../src/config';
import { defaultPlatform } from '../helpers/platform';
import { projectVersion, renderHelmChart } from '../../src/helm';
import { environmentObjects } from '../helpers/manifests';
import { parseManifestText } from '../helpers/k8s-schema';
import { run, type RunResult, type ToolName } from '../helpers/tools';

import { ROOT } from '../helpers/files';
/** The tag the tests deploy, as the delivery pipeline passes the git short SHA. */
export const TAG = 'abc1234';

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

/** The chart as `npm run synth` would write it (default platform), in a temp dir; returns the chart dir. */
export function writeFreshChart(platform: Platform = defaultPlatform): string {
  const root = mkdtempSync(path.join(tmpdir(), 'helm-chart-'));
  for (const [file, content] of renderHelmChart(platform, { version: projectVersion(ROOT) })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return path.join(root, 'charts', platform.app.name);
}

export function removeChart(chartDir: string): void {
  rmSync(path.resolve(chartDir, '../..'), { recursive: true, force: true });
}

export function namespaceOf(env: string, platform: Platform = defaultPlatform): string {
  return platform.environments[env].namespace;
}

/** `helm template` of the chart for an environment: its values file, its namespace, plus `extra` arguments. */
export function helmTemplate(
  tool: ToolName,
  chartDir: string,
  env: string,
  extra: string[] = [],
  platform?: Platform,
): RunResult {
  return run(tool, ['template', 'your-app-release', chartDir, ...environmentArgs(chartDir, env, platform), ...extra]);
}

/** `-n <namespace> -f values.<env>.yaml` of the default platform (or `platform`). */
export function environmentArgs(chartDir: string, env: string, platform?: Platform): string[] {
  return ['-n', namespaceOf(env, platform), '-f', valuesFile(chartDir, env)];
}

export function valuesFile(chartDir: string, env: string): string {
  return path.join(chartDir, `values.${env}.yaml`);
}

/** Rendered manifests, read like the schema validation reads files (YAML 1.1 ambiguities become problems). */
export function parseRendered(result: RunResult): Manifest[] {
  if (result.status !== 0) throw new Error(`helm failed:\n${result.stderr}`);
  return parseManifestText(result.stdout, 'helm template') as Manifest[];
}

/**
 * The objects of dist/<env>/app.k8s.yaml (the app chart; the observability chart of the platform namespaces is
 * not the release's) synthesized in memory with `tag`, without the Namespace (the release's, not the chart's).
 */
export function distObjects(env: string, tag: string, input: unknown = defaultPlatform): Manifest[] {
  const objects = environmentObjects(loadPlatform(input, { imageTag: tag }), env, 'app') as unknown as Manifest[];
  return objects.filter((object) => object.kind !== 'Namespace');
}

export function objectKey(object: Manifest): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.name}`;
}

/** Objects sorted by apiVersion/kind/name, for an order-independent comparison that still diffs readably. */
export function byKey(objects: readonly Manifest[]): [string, Manifest][] {
  return objects
    .map((object): [string, Manifest] => [objectKey(object), object])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The field at a dotted path (`spec.template.spec.containers.0.image`); undefined where the path ends early. */
export function at(object: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      object,
    );
}
