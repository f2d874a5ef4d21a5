/**
 * Every add-on Application of a cluster (from the synthesized GitOps output), rendered with real helm wave by wave,
 * each with the APIs a cluster would serve by then: the built-in ones and the CRDs of the add-ons of earlier waves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { environmentSites, type Platform, type Site } from '../../src/config';
import { clusterLayout } from '../../src/gitops/layout';
import { renderManifests } from '../../src/synth/render';
import { CRD_DIR } from './k8s/custom-resources';
import { crdApiVersions, renderChart, type HelmSource, type Rendered } from './charts';
import { parseManifests, type KubeObject } from './manifests';

export interface Cluster {
  readonly environment: string;
  readonly region: Site;
}

/** Every cluster of the platform: each environment's primary one, and its DR one where it has a DR region. */
export function clusters(platform: Platform): Cluster[] {
  return platform.promotion.flatMap((environment) =>
    environmentSites(platform, environment).map((region) => ({ environment, region })),
  );
}

export const clusterName = ({ environment, region }: Cluster) =>
  region === 'primary' ? environment : `${environment}-dr`;

const synthesized = new WeakMap<Platform, Map<string, Map<string, string>>>();

/** An environment's output files, synthesized once per platform and test file. */
export function environmentFiles(platform: Platform, environment: string): Map<string, string> {
  const byEnvironment = synthesized.get(platform) ?? new Map<string, Map<string, string>>();
  synthesized.set(platform, byEnvironment);
  const files = byEnvironment.get(environment) ?? renderManifests(platform, [environment]);
  byEnvironment.set(environment, files);
  return files;
}

/** The files of one directory of a cluster's GitOps output (`argocd`, `addons`, `bootstrap`). */
export function clusterFiles(platform: Platform, cluster: Cluster, dir: 'applications' | 'addons' | 'bootstrap') {
  const prefix = `dist/${cluster.environment}/${clusterLayout(cluster.region)[dir]}/`;
  return new Map([...environmentFiles(platform, cluster.environment)].filter(([file]) => file.startsWith(prefix)));
}

/** The objects the cluster's add-ons bring beside their charts. */
export function addonManifests(platform: Platform, cluster: Cluster): KubeObject[] {
  return [...clusterFiles(platform, cluster, 'addons').values()].flatMap(parseManifests);
}

/** The cluster's Argo CD Applications. */
export function applications(platform: Platform, cluster: Cluster): KubeObject[] {
  return [...clusterFiles(platform, cluster, 'applications').entries()]
    .filter(([file]) => file.endsWith('.k8s.yaml'))
    .flatMap(([, text]) => parseManifests(text))
    .filter((o) => o.kind === 'Application');
}

export const helmSourceOf = (application: KubeObject): HelmSource | undefined =>
  application.spec.sources.find((s: { chart?: string }) => s.chart);

export const waveOf = (object: KubeObject): number =>
  Number(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

/**
 * CRDs a published chart installs that its package built from the release tag lacks: External Secrets' release job
 * generates templates/crds from deploy/crds/bundle.yaml (hack/helm.generate.sh) into the published chart only. The
 * same release's CRDs are vendored in crds/, so the renders take them from there.
 */
export const RELEASE_GENERATED_CRDS: Readonly<Record<string, RegExp>> = {
  'external-secrets': /^external-secrets-v2\.9\.0-.*\.yaml$/,
};

function vendoredCrds(pattern: RegExp): Rendered[] {
  return readdirSync(CRD_DIR)
    .filter((file) => pattern.test(file))
    .flatMap((file) => parseAllDocuments(readFileSync(path.join(CRD_DIR, file), 'utf8')).map((d) => d.toJS()));
}

/** The Kubernetes version the cluster runs, as helm's --kube-version wants it. */
export function kubeVersion(platform: Platform, environment: string): string {
  return `${platform.environments[environment].cluster.kubernetesVersion}.0`;
}

export interface AddonRender {
  readonly application: KubeObject;
  readonly source: HelmSource;
  /** What helm rendered, plus the CRDs of RELEASE_GENERATED_CRDS. */
  readonly objects: Rendered[];
  /** The CRD APIs passed to helm (those of earlier waves). */
  readonly apiVersions: string[];
}

const cache = new Map<string, Map<string, AddonRender>>();

/** Every add-on of the cluster rendered (once per test file), by Application name, in wave order. */
export function renderCluster(platform: Platform, cluster: Cluster): Map<string, AddonRender> {
  const key = `${cluster.environment}/${cluster.region}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const renders = new Map<string, AddonRender>();
  const apps = applications(platform, cluster)
    .filter((a) => helmSourceOf(a))
    .sort((a, b) => waveOf(a) - waveOf(b));
  for (const application of apps) {
    const source = helmSourceOf(application) as HelmSource;
    const earlier = [...renders.values()].filter((r) => waveOf(r.application) < waveOf(application));
    const apiVersions = [...new Set(earlier.flatMap((r) => crdApiVersions(r.objects)))].sort();
    const objects = renderChart(source, {
      namespace: application.spec.destination.namespace,
      kubeVersion: kubeVersion(platform, cluster.environment),
      apiVersions,
    });
    const generated = RELEASE_GENERATED_CRDS[application.metadata.name];
    renders.set(application.metadata.name, {
      application,
      source,
      objects: generated ? [...objects, ...vendoredCrds(generated)] : objects,
      apiVersions,
    });
  }
  cache.set(key, renders);
  return renders;
}
