/**
 * Schema validation of rendered Kubernetes manifests, as strict as an API server that also rejects what it
 * would silently drop:
 * - built-in kinds: kubernetes-models' OpenAPI validators plus an unknown-field check, for API versions served
 *   by Kubernetes 1.28 and current releases only (k8s/api-versions.ts);
 * - custom resources: the served version's openAPIV3Schema from crds/, unknown fields refused;
 * - metadata: name required and in the kind's format, labels and annotations valid string maps.
 */
import { KINDS_AFTER_1_28, REFUSED_API_VERSIONS, SERVED_API_VERSIONS } from './k8s/api-versions';
import { modelClass, validateWithModel } from './k8s/built-in';
import { validateCustomResource } from './k8s/custom-resources';
import { checkMetadata } from './k8s/metadata';
import { manifestSources, yamlProblems } from './k8s/yaml-files';

export { loadManifests, parseManifestText } from './k8s/yaml-files';

function schemaProblems(manifest: Record<string, unknown>, apiVersion: string, kind: string): string[] {
  if (Object.hasOwn(REFUSED_API_VERSIONS, apiVersion)) {
    return [`apiVersion: ${apiVersion} is not allowed: ${REFUSED_API_VERSIONS[apiVersion]}`];
  }
  if (Object.hasOwn(KINDS_AFTER_1_28, `${apiVersion}/${kind}`)) {
    return [`kind: ${kind} is not served by Kubernetes 1.28: ${KINDS_AFTER_1_28[`${apiVersion}/${kind}`]}`];
  }
  if (SERVED_API_VERSIONS.has(apiVersion)) {
    const model = modelClass(apiVersion, kind);
    return model ? validateWithModel(model, manifest) : [`kind: ${apiVersion} has no kind ${kind}`];
  }
  const problems = validateCustomResource(manifest, apiVersion, kind);
  if (problems === undefined) {
    return [
      `apiVersion: ${apiVersion} is neither a built-in API served by Kubernetes 1.28 and current releases ` +
        'nor the group of a CRD in crds/',
    ];
  }
  // The API server checks a custom resource's metadata as ObjectMeta: so do ConfigMap's validators.
  const configMap = modelClass('v1', 'ConfigMap');
  if (configMap === undefined || manifest.metadata === undefined) return problems;
  return [
    ...problems,
    ...validateWithModel(configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: manifest.metadata }),
  ];
}

/** Problems of one manifest as sorted `<field.path>: <rule>` lines; empty when valid. */
export function validateManifest(obj: unknown): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return ['(root): must be an object'];
  // Check what would be written out: undefined values dropped, class instances as plain data.
  const manifest = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const { apiVersion, kind } = manifest;
  const missing = [
    ...(typeof apiVersion === 'string' && apiVersion !== '' ? [] : ['apiVersion: must be a non-empty string']),
    ...(typeof kind === 'string' && kind !== '' ? [] : ['kind: must be a non-empty string']),
  ];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || missing.length > 0) return missing;

  const problems = [
    ...(yamlProblems.get(obj) ?? []),
    ...schemaProblems(manifest, apiVersion, kind),
    ...checkMetadata(manifest, apiVersion, kind),
  ];
  return [...new Set(problems)].sort();
}

/** `apiVersion Kind namespace/name`, and the file it came from when loaded with loadManifests. */
export function describeManifest(obj: unknown): string {
  const { apiVersion, kind, metadata } = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
  const { name, namespace } = (metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const id = `${String(apiVersion)} ${String(kind)} ${namespace ? `${String(namespace)}/` : ''}${String(name)}`;
  const source = obj !== null && typeof obj === 'object' ? manifestSources.get(obj) : undefined;
  return source ? `${id} in ${source}` : id;
}

/** Jest assertion: every manifest is valid. Fails listing each problem with the manifest it belongs to. */
export function expectValidManifests(objs: readonly unknown[]): void {
  // An empty list would make the assertion pass whatever the code renders.
  if (objs.length === 0) throw new Error('expectValidManifests: no manifests to check');
  const problems = objs.flatMap((obj) =>
    validateManifest(obj).map((problem) => `${describeManifest(obj)}: ${problem}`),
  );
  expect(problems).toEqual([]);
}

export { registerRenderedCrds } from './k8s/custom-resources';
