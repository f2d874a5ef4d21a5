import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expectValidManifests, loadManifests, validateManifest } from '../helpers/k8s-schema';
import * as m from './manifests';

/** A deep copy of `manifest` with `value` set at a dotted path (array indexes as numbers). */
function withField(manifest: object, fieldPath: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(manifest) as Record<string, unknown>;
  const keys = fieldPath.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return copy;
}

describe('built-in kinds', () => {
  it.each([
    ['Deployment', m.deployment()],
    ['Service', m.service()],
    ['PodDisruptionBudget policy/v1', m.podDisruptionBudget()],
    ['HorizontalPodAutoscaler autoscaling/v2', m.horizontalPodAutoscaler()],
    ['NetworkPolicy', m.networkPolicy()],
  ])('accepts a valid %s', (_name, manifest) => {
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('rejects a misspelt field, at any depth', () => {
    const typo = withField(m.deployment(), 'spec.replica', 2);
    expect(validateManifest(typo)).toEqual(['spec.replica: unknown field']);
    const nested = withField(m.deployment(), 'spec.template.spec.containers.0.imagePullPolcy', 'Always');
    expect(validateManifest(nested)).toEqual(['spec.template.spec.containers[0].imagePullPolcy: unknown field']);
  });

  it('accepts any key in maps (labels, resource limits)', () => {
    const gpu = withField(m.deployment(), 'spec.template.spec.containers.0.resources.limits', { 'nvidia.com/gpu': 1 });
    expect(validateManifest(gpu)).toEqual([]);
  });

  it('rejects wrong types and values outside an enum', () => {
    expect(validateManifest(withField(m.deployment(), 'spec.replicas', '3'))).toEqual([
      'spec.replicas: must be integer',
    ]);
    expect(validateManifest(withField(m.service(), 'spec.ports.0.protocol', 'TCPX'))).toEqual([
      'spec.ports[0].protocol: must be one of "SCTP", "TCP", "UDP"',
    ]);
  });

  it('reports both branches of an int-or-string field in one line', () => {
    const bad = withField(m.podDisruptionBudget(), 'spec.minAvailable', true);
    expect(validateManifest(bad)).toEqual(['spec.minAvailable: must be string or must be integer']);
  });

  it('refuses API versions that Kubernetes 1.28 or current releases do not serve, saying why', () => {
    const pdb = { ...m.podDisruptionBudget(), apiVersion: 'policy/v1beta1' };
    expect(validateManifest(pdb)).toEqual([
      'apiVersion: policy/v1beta1 is not allowed: removed in Kubernetes 1.25; use policy/v1',
    ]);
    const hpa = { ...m.horizontalPodAutoscaler(), apiVersion: 'autoscaling/v2beta2' };
    expect(validateManifest(hpa)).toEqual([expect.stringContaining('removed in Kubernetes 1.26; use autoscaling/v2')]);
    const legacy = { ...m.deployment(), apiVersion: 'extensions/v1beta1' };
    expect(validateManifest(legacy)).toEqual([
      expect.stringContaining('apiVersion: extensions/v1beta1 is not allowed'),
    ]);
    // kubernetes-models follows a later release: kinds GA after 1.28 in an allowed version are refused too.
    const vap = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
    };
    expect(validateManifest(vap)).toEqual([
      'kind: ValidatingAdmissionPolicy is not served by Kubernetes 1.28: GA in Kubernetes 1.30',
    ]);
  });

  it('rejects unknown kinds and API versions', () => {
    expect(validateManifest({ ...m.deployment(), kind: 'Deploymnet' })).toEqual([
      'kind: apps/v1 has no kind Deploymnet',
    ]);
    expect(validateManifest({ ...m.deployment(), kind: 'DeploymentSpec' })).toEqual([
      'kind: apps/v1 has no kind DeploymentSpec',
    ]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      expect.stringMatching(/^apiVersion: example.com\/v1 is neither a built-in API .* nor the group of a CRD/),
    ]);
    expect(validateManifest({ kind: 'Service' })).toEqual(['apiVersion: must be a non-empty string']);
    expect(validateManifest('kind: Service')).toEqual(['(root): must be an object']);
  });
});

describe('metadata', () => {
  it('requires a name', () => {
    expect(validateManifest(withField(m.service(), 'metadata', { namespace: 'shop' }))).toEqual([
      'metadata.name: required field is missing',
    ]);
    expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual(['metadata: required field is missing']);
  });

  it('applies the name format of each kind', () => {
    expect(validateManifest(withField(m.deployment(), 'metadata.name', 'Web_App'))).toEqual([
      expect.stringMatching(/^metadata.name: must be a DNS-1123 subdomain/),
    ]);
    // A Deployment may start with a digit; a Service is a DNS-1035 label and may not.
    expect(validateManifest(withField(m.deployment(), 'metadata.name', '1web'))).toEqual([]);
    expect(validateManifest(withField(m.service(), 'metadata.name', '1web'))).toEqual([
      expect.stringMatching(/^metadata.name: must be a DNS-1035 label/),
    ]);
    expect(validateManifest(withField(m.deployment(), 'metadata.namespace', 'shop.eu'))).toEqual([
      expect.stringMatching(/^metadata.namespace: must be a DNS-1123 label/),
    ]);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:web' } };
    expect(validateManifest(role)).toEqual([]);
  });

  it('requires labels and annotations to be valid string maps', () => {
    expect(validateManifest(withField(m.service(), 'metadata.labels', { tier: 1 }))).toEqual([
      'metadata.labels.tier: must be string',
    ]);
    expect(validateManifest(withField(m.service(), 'metadata.labels', { tier: 'front end' }))).toEqual([
      expect.stringMatching(/^metadata.labels.tier: label value must be/),
    ]);
    expect(validateManifest(withField(m.service(), 'metadata.annotations', { 'bad key!': 'x' }))).toEqual([
      expect.stringMatching(/^metadata.annotations\["bad key!"\]: key must be a qualified name/),
    ]);
    expect(validateManifest(withField(m.service(), 'metadata.lables', { tier: 'web' }))).toEqual([
      'metadata.lables: unknown field',
    ]);
  });

  it('checks the metadata of custom resources as ObjectMeta too', () => {
    expect(validateManifest(withField(m.rollout(), 'metadata.lables', { tier: 'web' }))).toEqual([
      'metadata.lables: unknown field',
    ]);
    expect(validateManifest(withField(m.rollout(), 'metadata.annotations', { note: 5 }))).toEqual([
      'metadata.annotations.note: must be string',
    ]);
    expect(validateManifest(withField(m.rollout(), 'metadata.name', 'Web'))).toEqual([
      expect.stringMatching(/^metadata.name: must be a DNS-1123 subdomain/),
    ]);
  });
});

describe('custom resources', () => {
  it.each([
    ['Rollout', m.rollout()],
    ['AnalysisTemplate', m.analysisTemplate()],
    ['ServiceMonitor', m.serviceMonitor()],
    ['PodMonitor', m.podMonitor()],
    ['PrometheusRule', m.prometheusRule()],
    ['AlertmanagerConfig', m.alertmanagerConfig()],
    ['ExternalSecret v1', m.externalSecret()],
    ['SecretStore', m.secretStore()],
    ['ClusterSecretStore', m.clusterSecretStore()],
  ])('accepts a valid %s', (_name, manifest) => {
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('rejects a wrong type in a Rollout step', () => {
    const bad = withField(m.rollout(), 'spec.strategy.canary.steps.0.setWeight', 'ten');
    expect(validateManifest(bad)).toEqual(['spec.strategy.canary.steps[0].setWeight: must be integer']);
  });

  it('rejects unknown fields that a cluster would silently prune', () => {
    const bad = withField(m.rollout(), 'spec.strategy.canary.maxSurg', 1);
    expect(validateManifest(bad)).toEqual(['spec.strategy.canary.maxSurg: unknown field']);
    const podTemplate = withField(m.rollout(), 'spec.template.spec.containers.0.imagePullPolcy', 'Always');
    expect(validateManifest(podTemplate)).toEqual(['spec.template.spec.containers[0].imagePullPolcy: unknown field']);
  });

  it('accepts anything under x-kubernetes-preserve-unknown-fields', () => {
    const limits = { 'nvidia.com/gpu': 1, 'example.com/widgets': '3' };
    const gpu = withField(m.rollout(), 'spec.template.spec.containers.0.resources.limits', limits);
    expect(validateManifest(gpu)).toEqual([]);
  });

  it('treats x-kubernetes-int-or-string as integer or string', () => {
    expect(validateManifest(withField(m.rollout(), 'spec.strategy.canary.maxSurge', 1))).toEqual([]);
    expect(validateManifest(withField(m.rollout(), 'spec.strategy.canary.maxSurge', true))).toEqual([
      'spec.strategy.canary.maxSurge: must be integer or must be string',
    ]);
  });

  it('checks int32 ranges and Go patterns, including (?i)', () => {
    expect(validateManifest(withField(m.rollout(), 'spec.replicas', 2 ** 31))).toEqual([
      'spec.replicas: must match format "int32"',
    ]);
    const group = (value: string) => withField(m.prometheusRule(), 'spec.groups.0.partial_response_strategy', value);
    expect(validateManifest(group('ABORT'))).toEqual([]);
    expect(validateManifest(group('explode'))).toEqual([
      expect.stringMatching(/^spec.groups\[0\].partial_response_strategy: must match pattern/),
    ]);
  });

  it('refuses versions the CRD does not serve, and kinds no CRD defines', () => {
    expect(validateManifest({ ...m.externalSecret(), apiVersion: 'external-secrets.io/v1beta1' })).toEqual([
      expect.stringMatching(
        /^apiVersion: external-secrets.io\/v1beta1 is not served by the ExternalSecret CRD .*use external-secrets.io\/v1$/,
      ),
    ]);
    expect(validateManifest({ ...m.rollout(), apiVersion: 'argoproj.io/v1' })).toEqual([
      expect.stringMatching(/^apiVersion: argoproj.io\/v1 is not a version of the Rollout CRD/),
    ]);
    expect(validateManifest({ ...m.rollout(), kind: 'Rolout' })).toEqual([
      expect.stringMatching(/^kind: no CRD defines Rolout in argoproj.io \(known: .*Rollout/),
    ]);
  });
});

describe('loadManifests and expectValidManifests', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'k8s-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every document of every YAML file under a directory, skipping empty ones', () => {
    writeFileSync(path.join(dir, 'b.yaml'), '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n');
    writeFileSync(path.join(dir, 'a.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n# empty\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'not yaml: [');
    const manifests = loadManifests(dir);
    expect(manifests.map((o) => (o as { kind: string }).kind)).toEqual(['ConfigMap', 'Namespace']);
    expectValidManifests(manifests);
  });

  it('flags plain scalars that YAML 1.1 (kubectl, Helm) reads differently', () => {
    const file = path.join(dir, 'cm.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  debug: on\n  mode: "0644"\n  umask: 0022\n',
    );
    expect(validateManifest(loadManifests(file)[0])).toEqual([
      'data.debug: plain on is a boolean in YAML 1.1 (kubectl, Helm): quote it',
      'data.umask: must be string',
      'data.umask: plain 0022 is octal in YAML 1.1 (kubectl, Helm): write it in decimal',
    ]);
  });

  it('throws naming the file on broken YAML or an empty input', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'kind: [Service\n');
    expect(() => loadManifests(file)).toThrow(`${file} (document 1):`);
    writeFileSync(file, '# nothing\n');
    expect(() => loadManifests(dir)).toThrow('no Kubernetes manifests found');
  });

  it('fails listing each problem with the manifest and file it belongs to', () => {
    const file = path.join(dir, 'svc.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {portz: []}\n');
    expect(() => expectValidManifests(loadManifests(file))).toThrow(
      `v1 Service shop/web in ${file} (document 1): spec.portz: unknown field`,
    );
    expect(() => expectValidManifests([])).toThrow('no manifests to check');
  });
});
