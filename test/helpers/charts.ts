/**
 * The add-ons' charts rendered with real helm the way Argo CD renders an Application's Helm source
 * (argoproj/argo-cd@v3.4.4 util/helm/cmd.go `template`: `--name-template <releaseName> --namespace <destination>
 * --kube-version <cluster> --api-versions <each API of the cluster> --include-crds`, values from `valuesObject`).
 * The charts are the pinned versions, packaged from their upstream release tags, in test/fixtures/charts/
 * (README there: provenance). A missing package fails: the tests never skip a chart.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { parseManifestText } from './k8s-schema';
import { cachePath, hash, writeCacheEntry } from './k8s/disk-cache';
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
  /**
   * Reuse the output of an earlier identical render (same package content, values and arguments), kept in
   * node_modules/.cache: the test files render the same charts. Off for a render that must run helm again.
   * @default true
   */
  readonly cache?: boolean;
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
  const packageFile = chartPackage(source.chart, source.targetRevision);
  const entry = cachePath(
    `render-${tool}-${source.helm.releaseName}`,
    hash(
      packageDigest(packageFile),
      readFileSync(values, 'utf8'),
      ...args.filter((a) => a !== values && a !== packageFile),
    ),
    '.json',
  );
  let stdout: string;
  if (options.cache !== false && existsSync(entry)) {
    stdout = (JSON.parse(readFileSync(entry, 'utf8')) as { stdout: string }).stdout;
  } else {
    const result = run(tool, args, { timeoutMs: 120_000 });
    if (result.status !== 0) {
      throw new Error(`${tool} template ${source.chart}-${source.targetRevision} failed:\n${result.stderr}`);
    }
    stdout = result.stdout;
    writeCacheEntry(entry, JSON.stringify({ stdout }));
  }
  return flatten(parseManifestText(stdout, `${tool} template ${source.chart}`) as Rendered[]);
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

/**
 * A digest of a chart package's content: sha256 over the sorted `<path> <sha256 of the file>` lines of its files
 * (in a shell: `tar xzf <pkg> && find . -type f | sed 's#^./##' | LC_ALL=C sort | while read f; do
 * echo "$f $(sha256sum "$f" | cut -d' ' -f1)"; done | sha256sum`).
 * `helm package` writes the packaging time into the archive's headers, so the archive's own sha256 differs between
 * two packagings of the same chart; this one does not.
 */
export function packageDigest(file: string): string {
  const tar = gunzipSync(readFileSync(file));
  const lines: string[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    if (type === 'x') {
      // PAX extended header: `<len> path=<name>\n` records for the next entry.
      longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
    } else {
      if (type === '0' || type === '') lines.push(`${name} ${createHash('sha256').update(body).digest('hex')}`);
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return createHash('sha256')
    .update(
      lines
        .sort()
        .map((line) => `${line}\n`)
        .join(''),
    )
    .digest('hex');
}
