/**
 * Every add-on Application of every cluster renders with real helm from its pinned chart package and its generated
 * values, as Argo CD renders it, and every object it renders is valid: built-in kinds against the Kubernetes API
 * schema, custom resources against the CRD they come with (vendored in crds/, or installed by the chart). The CRDs
 * themselves are upstream's own; they are checked for what the API server needs to serve them (a group, names,
 * exactly one storage version, a schema for every version), while kubernetes-models' JSONSchemaProps leaves the
 * `x-kubernetes-*` extensions and column descriptions unread, which the unknown-field check would mistake for typos.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ADDONS } from '../../src/addons';
import { CHART_FIXTURES, chartPackage, packageDigest, renderChart } from '../helpers/charts';
import { defaultPlatform } from '../helpers/platform';
import { clusterName, clusters, kubeVersion, RELEASE_GENERATED_CRDS, renderCluster } from '../helpers/addon-renders';
import { expectValidManifests, registerRenderedCrds } from '../helpers/k8s-schema';
import { nonEmpty } from '../helpers/collections';

const platform = defaultPlatform;

describe('the vendored chart packages', () => {
  const rows = readFileSync(path.join(CHART_FIXTURES, 'README.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| [a-z0-9-]+-[0-9.]+\.tgz \|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  const digests = new Map(rows.map((cells) => [cells[1], cells[cells.length - 2]]));

  it.each([...new Set(Object.values(ADDONS).map((addon) => `${addon.chart.chart}-${addon.chart.version}.tgz`))])(
    '%s: listed with its provenance, present, and its content as recorded',
    (file) => {
      expect(digests.get(file)).toMatch(/^[0-9a-f]{64}$/);
      const [chart, version] = [file.replace(/-[0-9.]+\.tgz$/, ''), file.replace(/^.*-([0-9.]+)\.tgz$/, '$1')];
      expect(packageDigest(chartPackage(chart, version))).toBe(digests.get(file));
    },
  );
});

describe.each(clusters(platform).map((cluster) => [clusterName(cluster), cluster] as const))(
  '%s cluster',
  (_, cluster) => {
    const renders = renderCluster(platform, cluster);
    registerRenderedCrds([...renders.values()].flatMap((r) => r.objects));

    it('renders every add-on', () => {
      const enabled = Object.entries(platform.environments[cluster.environment].addons).filter(([, on]) => on);
      expect([...renders.keys()].sort()).toEqual(enabled.map(([name]) => name).sort());
      for (const [name, render] of nonEmpty(renders))
        expect({ name, objects: render.objects.length > 0 }).toEqual({ name, objects: true });
    });

    const objectsOf = (name: string) => (renders.get(name) as { objects: Record<string, any>[] }).objects;

    it.each([...renders.keys()])('%s: every rendered object is valid', (name) => {
      expectValidManifests(objectsOf(name).filter((o) => o.kind !== 'CustomResourceDefinition'));
    });

    it.each([...renders.keys()].filter((name) => objectsOf(name).some((o) => o.kind === 'CustomResourceDefinition')))(
      '%s: every CRD it installs can be served',
      (name) => {
        for (const crd of objectsOf(name).filter((o) => o.kind === 'CustomResourceDefinition')) {
          const { group, names, versions } = crd.spec;
          expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
          expect(crd.metadata.name).toBe(`${names.plural}.${group}`);
          expect(versions.filter((v: { storage: boolean }) => v.storage)).toHaveLength(1);
          for (const version of versions) expect(version.schema?.openAPIV3Schema?.type).toBe('object');
        }
      },
    );
  },
);

describe('helm v4', () => {
  const cluster = { environment: 'production', region: 'primary' as const };
  const renders = renderCluster(platform, cluster);
  /** The large charts are left to helm v3 alone: their renders take seconds each. */
  const LARGE = ['argo-cd', 'kube-prometheus-stack', 'loki'];
  const key = (o: Record<string, any>) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  it.each([...renders.keys()].filter((name) => !LARGE.includes(name)))('%s: renders the same objects', (name) => {
    const render = renders.get(name) as { source: any; application: any; apiVersions: string[]; objects: any[] };
    const objects = renderChart(render.source, {
      namespace: render.application.spec.destination.namespace,
      kubeVersion: kubeVersion(platform, cluster.environment),
      apiVersions: render.apiVersions,
      tool: 'helm4',
    });
    // The release-generated CRDs (RELEASE_GENERATED_CRDS) come from crds/, not from either helm.
    const fromHelm3 = RELEASE_GENERATED_CRDS[name]
      ? render.objects.filter((o) => o.kind !== 'CustomResourceDefinition')
      : render.objects;
    expect(objects.map(key).sort()).toEqual(fromHelm3.map(key).sort());
  });
});
