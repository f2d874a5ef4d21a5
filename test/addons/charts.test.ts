/**
 * Every add-on Application of every cluster renders with real helm from its pinned chart package and its generated
 * values, as Argo CD renders it, and every object it renders is valid: built-in kinds against the Kubernetes API
 * schema, custom resources against the CRD they come with (vendored in crds/, or installed by the chart). The CRDs
 * themselves are upstream's own; they are checked for what the API server needs to serve them (a group, names,
 * exactly one storage version, a schema for every version), while kubernetes-models' JSONSchemaProps leaves the
 * `x-kubernetes-*` extensions and column descriptions unread, which the unknown-field check would mistake for typos.
 */
import { defaultPlatform } from '../helpers/platform';
import { clusterName, clusters, renderCluster } from '../helpers/addon-renders';
import { expectValidManifests, registerRenderedCrds } from '../support/k8s-schema';

const platform = defaultPlatform;

describe.each(clusters(platform).map((cluster) => [clusterName(cluster), cluster] as const))(
  '%s cluster',
  (_, cluster) => {
    const renders = renderCluster(platform, cluster);
    registerRenderedCrds([...renders.values()].flatMap((r) => r.objects));

    it('renders every add-on', () => {
      const enabled = Object.entries(platform.environments[cluster.environment].addons).filter(([, on]) => on);
      expect([...renders.keys()].sort()).toEqual(enabled.map(([name]) => name).sort());
      for (const [name, render] of renders)
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
