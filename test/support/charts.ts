/**
 * The add-ons' charts rendered with real helm the way Argo CD renders an Application's Helm source
 * (argoproj/argo-cd@v3.4.4 util/helm/cmd.go `template`: `--name-template <releaseName> --namespace <destination>
 * --kube-version <cluster> --api-versions <each API of the cluster> --include-crds`, values from `valuesObject`).
 * The charts are the pinned versions, packaged from their upstream release tags, in test/fixtures/charts/
 * (README there: provenance). A missing package fails: the tests never skip a chart.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseManifestText } from './k8s-schema';
import { run, type ToolName } from './tools';

export const CHART_FIXTURES = path.resolve(__dirname, '../fixtures/charts');

export interface HelmSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly targetRevision: string;
  readonly helm: { readonly releaseName: string; readonly valuesObject: Record<string, unknown> };
}

/** The vendored package of a chart version; throws naming the file when it is not there. */
export function chartPackage(chart: string, version: string): string {
  const file = path.join(CHART_FIXTURES, `${chart}-${version}.tgz`);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: the pinned chart package must be in test/fixtures/charts (see its README)`);
  }
  return file;
}

export interface RenderOptions {
  readonly namespace: string;
  /** `major.minor.patch` of the cluster. */
  readonly kubeVersion: string;
  /** The API versions the cluster serves besides the built-in ones: `group/version` and `group/version/Kind`. */
  readonly apiVersions: readonly string[];
  /** @default helm (v3) */
  readonly tool?: Extract<ToolName, 'helm' | 'helm4'>;
}

export type Rendered = Record<string, any>;

/** Objects of a `kind: List` (the AWS Load Balancer Controller's IngressClass) as Argo CD applies them: one by one. */
function flatten(objects: readonly Rendered[]): Rendered[] {
  return objects.flatMap((o) => (o.kind === 'List' && Array.isArray(o.items) ? o.items : [o]));
}

/** `helm template` of one Helm source; the parsed objects, in the order helm printed them. */
export function renderChart(source: HelmSource, options: RenderOptions): Rendered[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'addon-values-'));
  const values = path.join(dir, 'values.yaml');
  writeFileSync(values, stringify(source.helm.valuesObject));
  const args = [
    'template',
    chartPackage(source.chart, source.targetRevision),
    '--name-template',
    source.helm.releaseName,
    '--namespace',
    options.namespace,
    '--kube-version',
    options.kubeVersion,
    ...options.apiVersions.flatMap((api) => ['--api-versions', api]),
    '--include-crds',
    '--values',
    values,
  ];
  const tool = options.tool ?? 'helm';
  const result = run(tool, args, { timeoutMs: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${tool} template ${source.chart}-${source.targetRevision} failed:\n${result.stderr}`);
  }
  return flatten(parseManifestText(result.stdout, `${tool} template ${source.chart}`) as Rendered[]);
}

/** The API versions a set of CRDs adds to a cluster, as Argo CD passes them: `group/version` and `group/version/Kind`. */
export function crdApiVersions(crds: readonly Rendered[]): string[] {
  return crds
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .flatMap((crd) =>
      crd.spec.versions
        .filter((v: { served: boolean }) => v.served)
        .flatMap((v: { name: string }) => [
          `${crd.spec.group}/${v.name}`,
          `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
        ]),
    );
}
