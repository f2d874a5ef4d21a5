/**
 * The pod of one service, built from options whose values make the expected pod obvious: an HTTP service `web` on
 * 8080 with its metrics on 9100, two ConfigMaps and a Secret reference. What the design asks of it: the pod carries
 * the labels the Rollout and its Services select, runs the one app image with the service's arguments, exposes the
 * kind's ports and the `metrics` port Prometheus scrapes, probes a port the container has, gets its environment and
 * ConfigMaps, requests and limits what the sizing says, and, its root filesystem being read-only, writes only to a
 * bounded /tmp.
 */
import { k8s } from 'cdk8s-plus-28';
import type { HttpServiceDefinition } from '../../src/config';
import { selectorLabels } from '../../src/constructs/identity';
import { podTemplate, type PodTemplateOptions } from '../../src/constructs/pod-template';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

const definition: HttpServiceDefinition = {
  kind: 'http',
  port: 8080,
  exposure: 'internal',
  slo: { availability: 0.999 },
  args: ['serve', '--listen=:8080'],
  metrics: { port: 9100, path: '/metrics' },
  health: { livenessPath: '/alive', readinessPath: '/ready' },
  automountServiceAccountToken: false,
};

const options: PodTemplateOptions = {
  identity,
  service: 'web',
  image: 'registry.example.com/shop:abc1234',
  definition,
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  serviceAccountName: 'shop-web',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  probePort: 'http',
  env: [
    { name: 'APP_ENVIRONMENT', value: 'prod' },
    { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-database-credentials', key: 'password' } } },
  ],
  configMaps: ['shop-database', 'shop-redis'],
  requireZoneSpread: true,
  priorityClassName: 'shop-critical',
};

/** The template as it is written out (IntOrString and Quantity as plain values). */
function template(overrides: Partial<PodTemplateOptions> = {}): any {
  return k8s.toJson_PodTemplateSpec(podTemplate({ ...options, ...overrides }));
}

/** The template as a Pod, for the Kubernetes schema. */
const asPod = (t: any) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop-web-0', namespace: identity.namespace, ...t.metadata },
  spec: t.spec,
});

describe("a service's pod template", () => {
  it('is a valid Pod, for an HTTP service and for a worker probed on its metrics port', () => {
    const worker = template({
      definition: { ...definition, kind: 'worker' } as never,
      ports: [],
      probePort: 'metrics',
    });
    expectValidManifests([asPod(template()), asPod(worker)]);
  });

  it("carries the labels the service's selectors select, and the recommended labels with the version", () => {
    const { labels } = template().metadata;
    expect(selectorMatches({ matchLabels: selectorLabels(identity, 'web') }, labels)).toBe(true);
    expect(labels).toMatchObject({ 'app.kubernetes.io/version': 'abc1234', 'app.kubernetes.io/managed-by': 'cdk8s' });
  });

  it("runs the app image with the service's arguments, pulling a SHA-tagged image only when the node lacks it", () => {
    const [container] = template().spec.containers;
    expect(container).toMatchObject({
      name: 'web',
      image: 'registry.example.com/shop:abc1234',
      args: ['serve', '--listen=:8080'],
      // Tags are git SHAs (the pipeline never reuses one): what a node has cached is what the tag names.
      imagePullPolicy: 'IfNotPresent',
    });
    expect(template().spec.containers).toHaveLength(1);
  });

  it("exposes the kind's ports and the metrics port, TCP, by the names the Services and probes use", () => {
    const [container] = template().spec.containers;
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9100, protocol: 'TCP' },
    ]);
  });

  it('probes a port the container has: liveness and startup on the liveness path, readiness on its own', () => {
    const [container] = template().spec.containers;
    const portNames = container.ports.map((port: { name: string }) => port.name);
    const probes = {
      startup: container.startupProbe,
      liveness: container.livenessProbe,
      ready: container.readinessProbe,
    };
    for (const probe of nonEmpty(Object.values(probes))) expect(portNames).toContain(probe.httpGet.port);
    expect(probes.startup.httpGet).toEqual({ path: '/alive', port: 'http' });
    expect(probes.liveness.httpGet).toEqual({ path: '/alive', port: 'http' });
    expect(probes.ready.httpGet).toEqual({ path: '/ready', port: 'http' });
    // A worker has no HTTP port: its probes call the metrics port, which every pod has.
    const worker = template({ ports: [], probePort: 'metrics' }).spec.containers[0];
    expect(worker.ports.map((port: { name: string }) => port.name)).toEqual(['metrics']);
    expect(worker.readinessProbe.httpGet.port).toBe('metrics');
  });

  it('gets its environment variables as given and every ConfigMap as environment variables', () => {
    const [container] = template().spec.containers;
    expect(container.env).toEqual(options.env);
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'shop-database' } },
      { configMapRef: { name: 'shop-redis' } },
    ]);
  });

  it('requests and limits what the sizing says', () => {
    expect(template().spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
  });

  it('writes only to /tmp, a bounded emptyDir, since the root filesystem is read-only', () => {
    const { spec } = template();
    const [container] = spec.containers;
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts).toEqual([{ name: expect.any(String), mountPath: '/tmp' }]);
    const [mount] = container.volumeMounts;
    const volume = spec.volumes.find((v: { name: string }) => v.name === mount.name);
    // A size limit: a runaway writer gets its pod evicted instead of filling the node's disk.
    expect(volume.emptyDir.sizeLimit).toMatch(/^[1-9][0-9]*(Ki|Mi|Gi)$/);
    expect(spec.volumes).toHaveLength(1);
  });

  it("runs as the service's account, with the app's priority", () => {
    expect(template().spec).toMatchObject({
      serviceAccountName: 'shop-web',
      priorityClassName: 'shop-critical',
      automountServiceAccountToken: false,
    });
  });
});
