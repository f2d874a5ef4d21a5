/**
 * The GitOps output of each cluster: the root Application, the AppProjects and one Application per enabled add-on,
 * the foundation and the app, all valid against the vendored Argo CD CRDs, pinned, synced as the profile says.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ADDON_NAMES, type AddonName } from '../../src/config';
import { ADDONS } from '../../src/addons';
import { NAMESPACE_FILE, CLUSTER_FILE, clusterLayout, repoPath } from '../../src/gitops/layout';
import { ARGOCD_VALUES_FILE, ROOT_APPLICATION_FILE } from '../../src/gitops/render';
import { appWave } from '../../src/gitops/cluster-applications';
import { defaultPlatform, platformWith, setIn } from '../helpers/platform';
import { loadPlatform } from '../../src/config';
import { environmentObjects, parseManifests, type KubeObject } from '../helpers/manifests';
import {
  applications,
  clusterFiles,
  clusterName,
  clusters,
  environmentFiles,
  helmSourceOf,
  waveOf,
  type Cluster,
} from '../helpers/addon-renders';
import { expectValidManifests } from '../helpers/k8s-schema';
import { nonEmpty } from '../helpers/collections';

const platform = defaultPlatform;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;

describe.each(clusters(platform).map((c) => [clusterName(c), c] as const))('%s cluster', (_, cluster: Cluster) => {
  const apps = applications(platform, cluster);
  const layout = clusterLayout(cluster.region);
  const env = platform.environments[cluster.environment];
  const byName = (name: string) => apps.find((a) => a.metadata.name === name) as KubeObject;
  const appsDir = [...clusterFiles(platform, cluster, 'applications').values()].flatMap(parseManifests);
  const bootstrap = clusterFiles(platform, cluster, 'bootstrap');
  const root = parseManifests(
    bootstrap.get(`dist/${cluster.environment}/${layout.bootstrap}/${ROOT_APPLICATION_FILE}`) ?? '',
  )[0];

  it('is valid against the Argo CD CRDs', () => {
    expectValidManifests([...appsDir, root]);
  });

  it('has one Application per enabled add-on, plus the foundation and the app', () => {
    const enabled = ADDON_NAMES.filter((name) => env.addons[name]);
    expect(enabled.length).toBeGreaterThan(0);
    expect(
      apps
        .filter((a) => helmSourceOf(a))
        .map((a) => a.metadata.name)
        .sort(),
    ).toEqual([...enabled].sort());
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(
      [...enabled, `${platform.app.name}-foundation`, platform.app.name].sort(),
    );
  });

  it('pins every chart to an exact version of its upstream repository', () => {
    for (const app of nonEmpty(apps.filter((a) => helmSourceOf(a)))) {
      const source = helmSourceOf(app) as any;
      const addon = ADDONS[app.metadata.name as AddonName];
      expect(source).toMatchObject({ repoURL: addon.chart.repoURL, chart: addon.chart.chart });
      expect({ app: app.metadata.name, version: source.targetRevision }).toEqual({
        app: app.metadata.name,
        version: expect.stringMatching(EXACT_VERSION),
      });
      expect(source.helm.releaseName).toBe(app.metadata.name);
    }
  });

  it("syncs the app from the GitOps repository's dist/<env>, the foundation first, the add-ons' objects beside them", () => {
    const { repoURL, branch } = platform.gitops;
    const dir = repoPath(platform, cluster.environment);
    const app = byName(platform.app.name);
    const foundation = byName(`${platform.app.name}-foundation`);
    const early = `{${NAMESPACE_FILE},${CLUSTER_FILE}}`;
    expect(app.spec.sources).toEqual([{ repoURL, targetRevision: branch, path: dir, directory: { exclude: early } }]);
    expect(foundation.spec.sources).toEqual([
      { repoURL, targetRevision: branch, path: dir, directory: { include: early } },
    ]);
    expect(waveOf(foundation)).toBeLessThan(
      Math.min(
        ...apps
          .filter((a) => helmSourceOf(a))
          .map(waveOf)
          .filter((w) => w > 0),
      ),
    );
    expect(waveOf(app)).toBe(Math.max(...apps.filter((a) => a !== app).map(waveOf)) + 1);
    for (const addon of nonEmpty(apps.filter((a) => a.spec.sources.length > 1))) {
      expect(addon.spec.sources[1]).toEqual({
        repoURL,
        targetRevision: branch,
        path: repoPath(platform, cluster.environment, layout.addons),
        directory: { include: `${addon.metadata.name}.k8s.yaml` },
      });
      expect(
        clusterFiles(platform, cluster, 'addons').has(
          `dist/${cluster.environment}/${layout.addons}/${addon.metadata.name}.k8s.yaml`,
        ),
      ).toBe(true);
    }
  });

  it('bootstraps with a root Application of the applications directory and the argo-cd add-on’s own values', () => {
    expect(root.spec.source).toMatchObject({
      repoURL: platform.gitops.repoURL,
      targetRevision: platform.gitops.branch,
      path: repoPath(platform, cluster.environment, layout.applications),
    });
    expect((root.metadata as { finalizers?: string[] }).finalizers).toBeUndefined();
    const values = parse(bootstrap.get(`dist/${cluster.environment}/${layout.bootstrap}/${ARGOCD_VALUES_FILE}`) ?? '');
    expect(values).toEqual((helmSourceOf(byName('argo-cd')) as any).helm.valuesObject);
    expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toContain(
      'obj.status.health.status',
    );
  });

  it('syncs as the profile says: automated with prune and self-heal, or by a person', () => {
    const automated = env.sync === 'automated';
    for (const app of [...apps, root]) {
      expect({ app: app.metadata.name, automated: app.spec.syncPolicy.automated }).toEqual({
        app: app.metadata.name,
        automated: automated ? { prune: true, selfHeal: true } : undefined,
      });
    }
  });

  it('labels every Application with its wave, so a person can sync a wave with -l', () => {
    for (const app of nonEmpty(apps)) expect(app.metadata.labels?.['sync-wave']).toBe(String(waveOf(app)));
  });

  it("ignores the app's fields that controllers own, as read from the app's objects", () => {
    const app = byName(platform.app.name);
    const objects = environmentObjects(platform, cluster.environment, 'app');
    const hpaTargets = objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((h) => h.spec.scaleTargetRef.name);
    const canaryServices = objects
      .filter((o) => o.kind === 'Rollout')
      .flatMap((r) => [r.spec.strategy.canary.stableService, r.spec.strategy.canary.canaryService])
      .filter(Boolean);
    expect(hpaTargets.length).toBeGreaterThan(0);
    expect(canaryServices.length).toBeGreaterThan(0);
    expect(app.spec.ignoreDifferences).toEqual([
      ...hpaTargets.map((name) => ({ group: 'argoproj.io', kind: 'Rollout', name, jsonPointers: ['/spec/replicas'] })),
      ...canaryServices.map((name) => ({
        group: '',
        kind: 'Service',
        name,
        jsonPointers: ['/spec/selector/rollouts-pod-template-hash'],
      })),
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    for (const rollout of nonEmpty(objects.filter((o) => o.kind === 'Rollout')))
      expect(rollout.spec).not.toHaveProperty('replicas');
  });

  it('fences the app in its project: the GitOps repository, its namespace and the monitoring namespaces', () => {
    const project = appsDir.find((o) => o.kind === 'AppProject' && o.metadata.name === platform.app.name) as KubeObject;
    expect(project.spec.sourceRepos).toEqual([platform.gitops.repoURL]);
    expect(project.spec.destinations.map((d: any) => d.namespace)).toContain(env.namespace);
    expect(project.spec.clusterResourceWhitelist).toBeUndefined();
    const targets = new Set(
      [
        ...environmentObjects(platform, cluster.environment, 'app'),
        ...environmentObjects(platform, cluster.environment, 'observability'),
      ].map((o) => o.metadata.namespace),
    );
    for (const namespace of nonEmpty(targets))
      expect(project.spec.destinations.map((d: any) => d.namespace)).toContain(namespace);
  });
});

describe('switching add-ons per environment', () => {
  const changed = loadPlatform(
    platformWith((c) => {
      setIn(c, 'environments.qa.addons.redis-exporter', false);
      setIn(c, 'profiles.non-production.environment.addons.loki', false);
    }),
  );

  it('removes the Application of an add-on switched off, in the environment or its profile', () => {
    const names = applications(changed, { environment: 'qa', region: 'primary' }).map((a) => a.metadata.name);
    expect(names).not.toContain('redis-exporter');
    expect(names).not.toContain('loki');
    expect(
      applications(changed, { environment: 'production', region: 'primary' }).map((a) => a.metadata.name),
    ).toContain('loki');
  });

  it("no longer counts a switched-off exporter's pods in the app namespace's quota", () => {
    const quota = (p: typeof platform) =>
      environmentObjects(p, 'qa', 'namespace').find((o) => o.kind === 'ResourceQuota')?.spec.hard.pods;
    expect(quota(platform) - quota(changed)).toBe(ADDONS['redis-exporter'].appNamespacePods?.pods);
  });

  it('keeps the app in the last wave', () => {
    const apps = applications(changed, { environment: 'qa', region: 'primary' });
    const app = apps.find((a) => a.metadata.name === platform.app.name) as KubeObject;
    expect(waveOf(app)).toBe(
      appWave(Object.values(ADDONS).filter((a) => apps.some((x) => x.metadata.name === a.name))),
    );
  });
});

describe("the README's bootstrap commands", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const apps = applications(platform, { environment: 'production', region: 'primary' });

  it('install the argo-cd chart version the argo-cd add-on pins, as the release its Application manages', () => {
    const { chart } = ADDONS['argo-cd'];
    expect(readme).toContain(
      `helm upgrade --install argo-cd ${chart.chart} --repo ${chart.repoURL} --version ${chart.version} --namespace argocd`,
    );
  });

  it("sync production's every wave, in order", () => {
    const waves = [...new Set(apps.map(waveOf))].sort((a, b) => a - b);
    expect(readme).toContain(`for wave in ${waves.join(' ')}; do`);
  });
});

describe("the DR cluster's GitOps output and docs/disaster-recovery.md's failover procedure", () => {
  const doc = readFileSync(path.join(__dirname, '../../docs/disaster-recovery.md'), 'utf8');
  const dr: Cluster = { environment: 'production', region: 'dr' };
  const dir = (name: 'applications' | 'bootstrap') => `dist/${dr.environment}/${clusterLayout(dr.region)[name]}`;
  const promoted = loadPlatform(
    platformWith((document) => setIn(document, `environments.${dr.environment}.aws.dr.promoted`, true)),
  );

  it("is written before a failover and is the same after it: the switch changes only the app's objects", () => {
    const under = (files: Map<string, string>) =>
      new Map([...files].filter(([file]) => file.startsWith(`dist/${dr.environment}/dr/`)));
    const before = under(environmentFiles(platform, dr.environment));
    expect(before.size).toBeGreaterThan(0);
    expect(under(environmentFiles(promoted, dr.environment))).toEqual(before);
  });

  it('bootstraps Argo CD on the DR cluster from dist/<env>/dr/bootstrap, with the chart version the add-on pins', () => {
    const bootstrap = clusterFiles(platform, dr, 'bootstrap');
    const values = `${dir('bootstrap')}/${ARGOCD_VALUES_FILE}`;
    const root = `${dir('bootstrap')}/${ROOT_APPLICATION_FILE}`;
    expect([...bootstrap.keys()].sort()).toEqual([values, root].sort());
    const { chart } = ADDONS['argo-cd'];
    expect(doc).toContain(
      `helm upgrade --install argo-cd ${chart.chart} --repo ${chart.repoURL} --version ${chart.version} --namespace argocd --create-namespace --values ${values} --wait`,
    );
    expect(doc).toContain(`kubectl apply -f ${root}`);
    const rootApplication = parseManifests(bootstrap.get(root) as string)[0];
    expect(rootApplication.spec.source.path).toBe(
      repoPath(platform, dr.environment, clusterLayout(dr.region).applications),
    );
  });

  it("then syncs the DR cluster's every wave, in order", () => {
    const waves = [...new Set(applications(platform, dr).map(waveOf))].sort((a, b) => a - b);
    expect(waves.length).toBeGreaterThan(1);
    expect(doc).toContain(`for wave in ${waves.join(' ')}; do`);
  });
});
