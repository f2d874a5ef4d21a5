/**
 * How Argo CD syncs the add-ons, checked against their real renders: the sync waves install every CRD before anything
 * that uses it (derived from the renders, not listed), a second render differs from the first only in fields the
 * Application ignores (or every refresh would show the add-on OutOfSync and self-heal would churn), and CRDs too large
 * for client-side apply go through server-side apply.
 */
import { defaultPlatform } from '../helpers/platform';
import { environmentObjects, parseManifests, type KubeObject } from '../helpers/manifests';
import { applications, clusterFiles, kubeVersion, renderCluster, waveOf, type Cluster } from '../helpers/addon-renders';
import { renderChart, type Rendered } from '../helpers/charts';
import { ADDON_MANIFESTS_WAVE } from '../../src/gitops/render';
import { nonEmpty } from '../helpers/collections';

const platform = defaultPlatform;
const cluster: Cluster = { environment: 'production', region: 'primary' };
const renders = renderCluster(platform, cluster);
const apps = applications(platform, cluster);
const appWave = (name: string) => waveOf(apps.find((a) => a.metadata.name === name) as KubeObject);

/** The add-on whose render installs the CRD of a group and kind. */
const crdProvider = new Map<string, string>();
for (const [addon, render] of renders) {
  for (const crd of render.objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    crdProvider.set(`${crd.spec.group}/${crd.spec.names.kind}`, addon);
  }
}
const groupKind = (o: { apiVersion: string; kind: string }) => `${o.apiVersion.split('/')[0]}/${o.kind}`;
const isCustom = (o: { apiVersion: string }) => o.apiVersion.includes('.') && !o.apiVersion.endsWith('.k8s.io/v1');
/** Argo CD's own kinds: its CRDs are installed by the bootstrap, before any Application exists. */
const BOOTSTRAP = 'argo-cd';

describe('sync waves', () => {
  /** The add-on whose CRD defines the object's kind: Argo CD's own kinds come with its bootstrap install. */
  const providerOf = (object: { apiVersion: string; kind: string }) =>
    ['Application', 'AppProject'].includes(object.kind) ? BOOTSTRAP : crdProvider.get(groupKind(object));

  /** Custom resources that `consumer` (in `wave`) applies: each CRD's add-on must be the consumer itself or earlier. */
  function expectInstalledBefore(
    consumer: string,
    wave: number,
    objects: readonly { apiVersion: string; kind: string }[],
  ) {
    for (const object of objects.filter(isCustom)) {
      const provider = providerOf(object);
      const earlier = provider !== undefined && (provider === consumer || appWave(provider) < wave);
      expect({ consumer, kind: groupKind(object), provider, earlier }).toMatchObject({ earlier: true });
    }
  }

  it('finds the CRDs the add-ons install', () => {
    expect(crdProvider.size).toBeGreaterThan(0);
  });

  it("installs the CRD of every custom resource of the app's Application in an earlier wave", () => {
    const app = apps.find((a) => a.spec.project === platform.app.name) as KubeObject;
    const objects = environmentObjects(platform, cluster.environment, 'app').concat(
      environmentObjects(platform, cluster.environment, 'observability'),
    );
    expect(objects.filter(isCustom).length).toBeGreaterThan(0);
    expectInstalledBefore(app.metadata.name, waveOf(app), objects);
    // Strictly earlier: the app installs no CRD itself.
    for (const object of objects.filter(isCustom))
      expect(appWave(providerOf(object) as string)).toBeLessThan(waveOf(app));
  });

  it('installs the CRD of every custom resource an add-on renders in an earlier wave, or in its own chart', () => {
    for (const [addon, render] of nonEmpty(renders)) {
      expectInstalledBefore(
        addon,
        appWave(addon),
        render.objects.filter((o) => o.kind !== 'CustomResourceDefinition') as KubeObject[],
      );
    }
  });

  it('installs the CRD of every object an add-on brings beside its chart before it, or in its chart, synced first', () => {
    const files = clusterFiles(platform, cluster, 'addons');
    expect(files.size).toBeGreaterThan(0);
    for (const [file, text] of files) {
      const addon = file.slice(file.lastIndexOf('/') + 1).replace(/\.k8s\.yaml$/, '');
      const objects = parseManifests(text);
      expectInstalledBefore(addon, appWave(addon), objects);
      // After the chart's resources (wave 0 of the Application): its CRDs and webhooks are up by then.
      for (const object of nonEmpty(objects)) {
        expect(object.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(String(ADDON_MANIFESTS_WAVE));
      }
    }
  });

  it('the check can fail: a ServiceMonitor before kube-prometheus-stack is reported', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' };
    expect(appWave(providerOf(monitor) as string)).toBeGreaterThan(appWave('argo-cd'));
    expect(() => expectInstalledBefore('argo-cd', appWave('argo-cd'), [monitor])).toThrow();
  });
});

/** JSON pointers of every leaf where two values differ. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences((a as any)[key], (b as any)[key], `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    );
  }
  return [at];
}

/** Whether an Application's ignoreDifferences entry covers the field at `pointer` of `object`. */
function ignored(app: KubeObject, object: Rendered, pointer: string): boolean {
  return (app.spec.ignoreDifferences ?? []).some((entry: any) => {
    if ((entry.group ?? '') !== (object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '')) return false;
    if (entry.kind !== object.kind || (entry.name && entry.name !== object.metadata.name)) return false;
    const byPointer = (entry.jsonPointers ?? []).some((p: string) => pointer === p || pointer.startsWith(`${p}/`));
    const byJq = (entry.jqPathExpressions ?? []).some((jq: string) => {
      const pattern = jq.replace(/^\./, '/').replaceAll('.', '/').replaceAll('[]', '/\\d+');
      return new RegExp(`^${pattern}(/|$)`).test(pointer);
    });
    return byPointer || byJq;
  });
}

/** Charts that generate a value on every render: the webhook CA (LBC) and Grafana's admin password. */
const GENERATES_ON_RENDER = ['aws-load-balancer-controller', 'kube-prometheus-stack'];

describe('a second render', () => {
  const key = (o: Rendered) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  it.each([...renders.keys()])('%s: differs from the first only in fields its Application ignores', (addon) => {
    const render = renders.get(addon) as {
      source: any;
      application: KubeObject;
      apiVersions: string[];
      objects: Rendered[];
    };
    const again = new Map(
      renderChart(render.source, {
        namespace: render.application.spec.destination.namespace,
        kubeVersion: kubeVersion(platform, cluster.environment),
        apiVersions: render.apiVersions,
        cache: false,
      }).map((o) => [key(o), o]),
    );
    const unexplained: string[] = [];
    let differing = 0;
    for (const object of nonEmpty(render.objects.filter((o) => again.has(key(o))))) {
      for (const pointer of differences(object, again.get(key(object)))) {
        differing++;
        if (!ignored(render.application, object, pointer)) unexplained.push(`${key(object)}${pointer}`);
      }
    }
    expect(unexplained).toEqual([]);
    // Charts that generate secrets on every render really do: their ignored fields are not just in case.
    if (GENERATES_ON_RENDER.includes(addon)) expect(differing).toBeGreaterThan(0);
  });

  it('the check can fail: a field nobody ignores is reported', () => {
    const render = renders.get('aws-load-balancer-controller') as { application: KubeObject; objects: Rendered[] };
    const object = render.objects.find((o) => o.kind === 'ServiceAccount') as Rendered;
    const changed = structuredClone(object);
    changed.metadata.labels = { ...changed.metadata.labels, extra: 'x' };
    expect(differences(object, changed).filter((p) => !ignored(render.application, object, p))).toEqual([
      '/metadata/labels/extra',
    ]);
  });
});

describe('server-side apply', () => {
  /** kubectl apply keeps the whole object in an annotation, which the API server limits to 256 KiB. */
  const LAST_APPLIED_LIMIT = 262144;

  it('is on for every add-on whose CRDs are too large for the last-applied annotation', () => {
    const large = [...renders.entries()].filter(([, render]) =>
      render.objects.some(
        (o) => o.kind === 'CustomResourceDefinition' && JSON.stringify(o).length > LAST_APPLIED_LIMIT,
      ),
    );
    expect(large.length).toBeGreaterThan(0);
    for (const [addon, render] of large) {
      expect({ addon, options: render.application.spec.syncPolicy.syncOptions }).toEqual({
        addon,
        options: expect.arrayContaining(['ServerSideApply=true']),
      });
    }
  });
});

describe('ownership', () => {
  it('gives every object of the cluster exactly one Application', () => {
    const owners = new Map<string, string[]>();
    const own = (
      application: string,
      objects: readonly { kind: string; metadata: { name: string; namespace?: string } }[],
      namespace: string,
    ) => {
      for (const o of objects) {
        const id = `${o.kind}/${o.metadata.namespace ?? (CLUSTER_SCOPED.has(o.kind) ? '' : namespace)}/${o.metadata.name}`;
        owners.set(id, [...(owners.get(id) ?? []), application]);
      }
    };
    const appNamespace = platform.environments[cluster.environment].namespace;
    own(
      'app',
      ['app', 'observability'].flatMap((chart) => environmentObjects(platform, cluster.environment, chart)),
      appNamespace,
    );
    own(
      'foundation',
      ['namespace', 'cluster'].flatMap((chart) => environmentObjects(platform, cluster.environment, chart)),
      appNamespace,
    );
    for (const [file, text] of nonEmpty(clusterFiles(platform, cluster, 'addons'))) {
      const addon = file.slice(file.lastIndexOf('/') + 1).replace(/\.k8s\.yaml$/, '');
      own(addon, parseManifests(text), appNamespace);
    }
    for (const [addon, render] of nonEmpty(renders)) {
      own(addon, render.objects as KubeObject[], render.application.spec.destination.namespace);
    }
    expect(owners.size).toBeGreaterThan(100);
    expect([...owners].filter(([, apps]) => apps.length > 1)).toEqual([]);
  });
});

/** Kinds without a namespace, whose identity is their name alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'PriorityClass',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'IngressClassParams',
  'ClusterSecretStore',
]);
