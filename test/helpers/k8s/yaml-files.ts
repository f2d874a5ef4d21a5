/**
 * Reads Kubernetes YAML. This parser follows YAML 1.2; kubectl, Helm and the API server read YAML 1.1 (go-yaml),
 * where plain yes/no/on/off are booleans and 0644 is octal. Such scalars mean different things to the two, so
 * they are recorded as problems of the document they are in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isPair, isScalar, isSeq, parseAllDocuments, visit, type Scalar } from 'yaml';
import { joinPath } from './errors';

const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_OCTAL = /^[-+]?0[0-7]+$/;

/** Where each loaded manifest came from, for messages. */
export const manifestSources = new WeakMap<object, string>();
/** YAML 1.1 ambiguities found while loading each manifest. */
export const yamlProblems = new WeakMap<object, string[]>();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

function fieldPathOf(chain: readonly unknown[]): string {
  let fieldPath = '';
  for (let i = 1; i < chain.length; i++) {
    const [parent, child] = [chain[i - 1], chain[i]];
    if (isPair(parent) && parent.value === child) {
      fieldPath = joinPath(fieldPath, String(isScalar(parent.key) ? parent.key.value : parent.key));
    } else if (isSeq(parent)) {
      fieldPath = joinPath(fieldPath, parent.items.indexOf(child));
    }
  }
  return fieldPath;
}

function ambiguity(source: string): string | undefined {
  if (YAML11_BOOLEAN.test(source)) return `plain ${source} is a boolean in YAML 1.1 (kubectl, Helm): quote it`;
  if (YAML11_OCTAL.test(source)) return `plain ${source} is octal in YAML 1.1 (kubectl, Helm): write it in decimal`;
  return undefined;
}

function parseFile(file: string): object[] {
  return parseManifestText(readFileSync(file, 'utf8'), file);
}

/** Every manifest in a YAML text; `source` names it in messages (a file, or the command that printed it). */
export function parseManifestText(text: string, source: string): object[] {
  const manifests: object[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const where = `${source} (document ${index + 1})`;
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: not a mapping`);

    const problems: string[] = [];
    visit(doc, {
      Scalar: (key, node: Scalar, ancestors) => {
        const problem = node.type === 'PLAIN' ? ambiguity(node.source ?? '') : undefined;
        if (problem === undefined) return;
        const at = key === 'key' ? `${fieldPathOf(ancestors)} (key)` : fieldPathOf([...ancestors, node]);
        problems.push(`${at}: ${problem}`);
      },
    });
    manifestSources.set(value, where);
    if (problems.length > 0) yamlProblems.set(value, problems);
    manifests.push(value);
  });
  return manifests;
}

/** Every manifest in a YAML file, or in all *.yaml/*.yml files under a directory (sorted, recursive). */
export function loadManifests(dirOrFile: string): object[] {
  const files = statSync(dirOrFile).isDirectory() ? yamlFiles(dirOrFile) : [dirOrFile];
  const manifests = files.flatMap(parseFile);
  if (manifests.length === 0) throw new Error(`${dirOrFile}: no Kubernetes manifests found`);
  return manifests;
}
