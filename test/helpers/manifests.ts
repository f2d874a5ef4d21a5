/** Parsed manifests of the default platform, rendered in memory exactly as `npm run synth` renders them. */
import { parseManifestText } from './k8s-schema';
import type { Platform } from '../../src/config';
import { renderManifests } from '../../src/synth/render';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

/** Parsed as the schema validation reads files: YAML 1.1 ambiguities become problems of the object. */
export function parseManifests(text: string): KubeObject[] {
  return parseManifestText(text, 'synth') as KubeObject[];
}

/** Every object of one environment, over all its dist/ files, or of one chart (`app`, `observability`). */
export function environmentObjects(platform: Platform, env: string, chart?: string): KubeObject[] {
  return [...renderManifests(platform, [env])]
    .filter(([file]) => (chart ? file === `dist/${env}/${chart}.k8s.yaml` : file.endsWith('.k8s.yaml')))
    .flatMap(([, text]) => parseManifests(text));
}

export function findObject(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
