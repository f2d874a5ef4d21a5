/**
 * The metadata rules the API server enforces and OpenAPI schemas do not express: name formats per kind and
 * label/annotation key and value formats (k8s.io/apimachinery/pkg/util/validation). Type errors are left to
 * the schema check, so each problem is reported once.
 */
import { joinPath } from './errors';

type Rule = (value: string) => string | undefined;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const dns1123Label: Rule = (v) =>
  v.length <= 63 && LABEL.test(v) ? undefined : 'must be a DNS-1123 label (lowercase alphanumerics and -, at most 63)';
const dns1123Subdomain: Rule = (v) =>
  v.length <= 253 && SUBDOMAIN.test(v)
    ? undefined
    : 'must be a DNS-1123 subdomain (lowercase alphanumerics, - and ., at most 253)';
const dns1035Label: Rule = (v) =>
  v.length <= 63 && DNS1035.test(v)
    ? undefined
    : 'must be a DNS-1035 label (lowercase alphanumerics and -, starting with a letter, at most 63)';
const pathSegment: Rule = (v) =>
  v === '.' || v === '..' || /[/%]/.test(v) ? 'must not be "." or ".." nor contain "/" or "%"' : undefined;
// The controller appends an 11-character suffix to Job names, which are DNS-1035 labels.
const cronJobName: Rule = (v) => dns1123Subdomain(v) ?? (v.length > 52 ? 'must be at most 52 characters' : undefined);

/** Name rules of the built-in kinds that differ from the default DNS-1123 subdomain. */
const NAME_RULES: Readonly<Record<string, Rule>> = {
  'batch/CronJob': cronJobName,
  'core/Namespace': dns1123Label,
  'core/Service': dns1035Label,
  'rbac.authorization.k8s.io/ClusterRole': pathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': pathSegment,
  'rbac.authorization.k8s.io/Role': pathSegment,
  'rbac.authorization.k8s.io/RoleBinding': pathSegment,
};

const qualifiedName: Rule = (key) => {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) {
    return 'key prefix must be a DNS-1123 subdomain';
  }
  return name.length <= 63 && QUALIFIED_NAME.test(name)
    ? undefined
    : 'key must be a qualified name (alphanumerics, -, _ and ., at most 63, optional DNS prefix and /)';
};
const labelValue: Rule = (v) =>
  v.length <= 63 && LABEL_VALUE.test(v) ? undefined : 'label value must be at most 63 alphanumerics, -, _ and .';

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : 'core';
}

function checkMap(lines: string[], path: string, map: unknown, valueRule?: Rule): void {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return;
  for (const [key, value] of Object.entries(map)) {
    const keyProblem = qualifiedName(key);
    if (keyProblem) lines.push(`${joinPath(path, key)}: ${keyProblem}`);
    const valueProblem = valueRule && typeof value === 'string' ? valueRule(value) : undefined;
    if (valueProblem) lines.push(`${joinPath(path, key)}: ${valueProblem}`);
  }
}

/** Problems with metadata.name, namespace, labels and annotations of a manifest of `apiVersion` and `kind`. */
export function checkMetadata(manifest: Record<string, unknown>, apiVersion: string, kind: string): string[] {
  const metadata = manifest.metadata;
  if (metadata === undefined) return ['metadata: required field is missing'];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return [];
  const { name, namespace, labels, annotations } = metadata as Record<string, unknown>;

  const lines: string[] = [];
  if (name === undefined || name === '') {
    lines.push('metadata.name: required field is missing');
  } else if (typeof name === 'string') {
    const problem = (NAME_RULES[`${group(apiVersion)}/${kind}`] ?? dns1123Subdomain)(name);
    if (problem) lines.push(`metadata.name: ${problem}`);
  }
  if (typeof namespace === 'string') {
    const problem = dns1123Label(namespace);
    if (problem) lines.push(`metadata.namespace: ${problem}`);
  }
  checkMap(lines, 'metadata.labels', labels, labelValue);
  checkMap(lines, 'metadata.annotations', annotations);
  return lines;
}
