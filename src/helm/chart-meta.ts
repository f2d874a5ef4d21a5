/** Chart.yaml and NOTES.txt. */
import { stringify } from 'yaml';
import type { Platform } from '../config';
import type { TemplateNode } from './merge';
import { GENERATED_HEADER, type TemplateWriter } from './template-writer';
import type { JsonObject, Setting, Variable } from './variants';

/** YAML as helm reads it (YAML 1.1: `yes` and `on` are booleans, so such strings get quoted); no line folding. */
export function helmYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0 });
}

/**
 * Oldest Kubernetes the objects work on: the preStop `sleep` action of the ALB-backed pods is on by default
 * from 1.30 (topology spread `matchLabelKeys` and PDB `unhealthyPodEvictionPolicy` from 1.27). Not the
 * clusters' version: `helm template` and `helm lint` assume a default version that may be older.
 */
export const MINIMUM_KUBERNETES_VERSION = '1.30';

export function chartYaml(platform: Platform, version: string): string {
  const { app, image } = platform;
  return `${GENERATED_HEADER}\n${helmYaml({
    apiVersion: 'v2',
    name: app.name,
    description: `${app.name} (${app.partOf}): every Kubernetes object of one environment, from the cdk8s constructs`,
    type: 'application',
    version,
    appVersion: image.tag,
    kubeVersion: `>=${MINIMUM_KUBERNETES_VERSION}.0-0`,
  })}`;
}

/**
 * What was installed and how to follow it: the canary Rollouts, the public hosts, and the objects a setting
 * left out (with dbIsolation=true, the database NetworkPolicy).
 */
export function notesTemplate(
  objects: readonly JsonObject[],
  nodes: ReadonlyMap<string, TemplateNode>,
  writer: TemplateWriter,
): string {
  const named = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => (o.metadata as JsonObject).name);
  const hosts = objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((o) => ((o.spec as JsonObject).rules as JsonObject[]).map((rule) => rule.host as string));
  const lines = [
    '{{ .Release.Name }}: {{ .Chart.Name }} {{ .Chart.Version }} for the {{ .Values.environment }} environment,',
    'image {{ .Values.image.repository }}:{{ .Values.image.tag }}, in namespace {{ .Release.Namespace }}.',
    ...leftOut(nodes, writer),
    '',
    'Follow the canaries (kubectl plugin of Argo Rollouts):',
    ...named('Rollout').map(
      (name) => `  kubectl argo rollouts get rollout ${name} -n {{ .Release.Namespace }} --watch`,
    ),
  ];
  if (hosts.length > 0) lines.push('', 'Public endpoints:', ...hosts.map((host) => `  https://${writer.text(host)}`));
  return `${lines.join('\n')}\n`;
}

/** A paragraph per setting that leaves objects out, shown only under that setting. */
function leftOut(nodes: ReadonlyMap<string, TemplateNode>, writer: TemplateWriter): string[] {
  const absent = new Map<string, { variable: Variable; setting: Setting; objects: string[] }>();
  for (const [key, node] of nodes) {
    if (node.kind !== 'branch') continue;
    const covered = node.cases.some((c) => !c.when) ? node.on.domain : node.cases.flatMap((c) => c.when ?? []);
    for (const setting of node.on.domain.filter((s) => !covered.includes(s))) {
      const id = JSON.stringify([node.on.path, setting]);
      const entry = absent.get(id) ?? { variable: node.on, setting, objects: [] };
      entry.objects.push(key.split('/').slice(-2).join('/'));
      absent.set(id, entry);
    }
  }
  return [...absent.values()].flatMap(({ variable, setting, objects }) => [
    `{{- if ${writer.condition(variable, [setting])} }}`,
    '',
    `${variable.path.join('.')} is ${String(setting)}: left out ${objects.join(', ')}.`,
    '{{- end }}',
  ]);
}
