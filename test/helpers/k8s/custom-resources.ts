/** Validates custom resources against the served version's schema in their CRD in crds/, with ajv. */
import Ajv, { _, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FORMATS, type Schema, toJsonSchema } from './crd-schema';
import { cachePath, hash, writeCacheEntry } from './disk-cache';
import { formatSchemaErrors } from './errors';

/** The vendored CRDs (crds/ at the project root). */
export const CRD_DIR = path.resolve(__dirname, '../../../crds');

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
}

interface Crd {
  readonly file: string;
  readonly fileHash: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly CrdVersion[];
}

interface CrdDocument {
  readonly kind?: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly (CrdVersion & { readonly schema?: { readonly openAPIV3Schema?: Schema } })[];
  };
}

// Node's own require loads the cached validators, which require ajv's runtime from node_modules.
const load = createRequire(__filename);
// Anything that changes the compiled validators must change their cache keys.
const COMPILER_KEY = hash(
  readFileSync(__filename, 'utf8'),
  readFileSync(require.resolve('./crd-schema'), 'utf8'),
  (load('ajv/package.json') as { version: string }).version,
  (load('ajv-formats/package.json') as { version: string }).version,
);

let crdsByGroup: Map<string, Crd[]> | undefined;
const parsedFiles = new Map<string, CrdDocument[]>();
/** CRDs registered by the tests that render charts, by a pseudo file name `render:<hash>`. */
const renderedCrds = new Map<string, { docs: CrdDocument[]; fileHash: string }>();

/**
 * Adds CRDs a chart renders (the ones it installs) to those in crds/, so its custom resources validate against the
 * CRDs they come with. A group already vendored in crds/ keeps the vendored CRD.
 */
export function registerRenderedCrds(docs: readonly object[]): void {
  const crds = docs.filter((doc) => (doc as { kind?: string }).kind === 'CustomResourceDefinition') as CrdDocument[];
  if (crds.length === 0) return;
  const text = JSON.stringify(crds);
  const fileHash = hash(text);
  renderedCrds.set(`render:${fileHash}`, { docs: crds, fileHash });
  crdsByGroup = undefined;
}
const validators = new Map<string, ValidateFunction>();

function parseCrdFile(file: string): CrdDocument[] {
  const rendered = renderedCrds.get(file);
  if (rendered) return rendered.docs;
  let docs = parsedFiles.get(file);
  if (docs === undefined) {
    docs = parseAllDocuments(readFileSync(path.join(CRD_DIR, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS() as CrdDocument;
    });
    docs = docs.filter((doc) => doc?.kind === 'CustomResourceDefinition');
    parsedFiles.set(file, docs);
  }
  return docs;
}

/** group/kind/versions of each CRD file, from the cache when the file is unchanged. */
function indexCrdFile(file: string): Crd[] {
  const fileHash = hash(readFileSync(path.join(CRD_DIR, file), 'utf8'));
  const entry = cachePath(`index-${file}`, hash(fileHash, COMPILER_KEY), '.json');
  if (existsSync(entry)) return JSON.parse(readFileSync(entry, 'utf8')) as Crd[];
  const crds = parseCrdFile(file).map(({ spec }) => ({
    file,
    fileHash,
    group: spec.group,
    kind: spec.names.kind,
    versions: spec.versions.map(({ name, served, deprecated, deprecationWarning }) => ({
      name,
      served,
      deprecated,
      deprecationWarning,
    })),
  }));
  writeCacheEntry(entry, JSON.stringify(crds));
  return crds;
}

function loadCrds(): Map<string, Crd[]> {
  if (!existsSync(CRD_DIR)) {
    throw new Error(`CRD directory ${CRD_DIR} is missing`);
  }
  const byGroup = new Map<string, Crd[]>();
  for (const file of readdirSync(CRD_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const crd of indexCrdFile(file)) byGroup.set(crd.group, [...(byGroup.get(crd.group) ?? []), crd]);
  }
  for (const [file, { docs, fileHash }] of renderedCrds) {
    for (const { spec } of docs) {
      const known = byGroup.get(spec.group) ?? [];
      if (known.some((crd) => crd.kind === spec.names.kind)) continue;
      const versions = spec.versions.map(({ name, served, deprecated, deprecationWarning }) => ({
        name,
        served,
        deprecated,
        deprecationWarning,
      }));
      byGroup.set(spec.group, [...known, { file, fileHash, group: spec.group, kind: spec.names.kind, versions }]);
    }
  }
  return byGroup;
}

function compile(crd: Crd, version: string): string {
  const doc = parseCrdFile(crd.file).find((d) => d.spec.group === crd.group && d.spec.names.kind === crd.kind);
  const schema = doc?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  if (schema === undefined) throw new Error(`${crd.file}: ${crd.kind} ${version} has no openAPIV3Schema`);
  // strictSchema stays on, so a Kubernetes keyword the conversion missed fails loudly; int-or-string mixes types.
  const ajv = new Ajv({
    allErrors: true,
    strictTypes: false,
    unicodeRegExp: false,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv, [...FORMATS]);
  return standaloneCode(ajv, ajv.compile(toJsonSchema(schema)));
}

function validatorFor(crd: Crd, version: string): ValidateFunction {
  const name = `${crd.group}-${version}-${crd.kind}`;
  let validate = validators.get(name);
  if (validate === undefined) {
    const entry = cachePath(name, hash(crd.fileHash, COMPILER_KEY), '.js');
    if (!existsSync(entry)) writeCacheEntry(entry, compile(crd, version));
    validate = load(entry) as ValidateFunction;
    validators.set(name, validate);
  }
  return validate;
}

/**
 * Problems of a custom resource, or undefined when no CRD in crds/ defines the apiVersion's group
 * (so it is not a custom resource this project knows).
 */
export function validateCustomResource(manifest: Schema, apiVersion: string, kind: string): string[] | undefined {
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) return undefined;
  const [group, versionName] = [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  crdsByGroup ??= loadCrds();
  const inGroup = crdsByGroup.get(group);
  if (inGroup === undefined) return undefined;

  const crd = inGroup.find((c) => c.kind === kind);
  if (crd === undefined) {
    return [`kind: no CRD defines ${kind} in ${group} (known: ${inGroup.map((c) => c.kind).join(', ')})`];
  }
  const served = crd.versions.filter((v) => v.served).map((v) => `${group}/${v.name}`);
  const version = crd.versions.find((v) => v.name === versionName);
  if (version === undefined || !version.served) {
    const why = version === undefined ? 'is not a version of' : 'is not served by';
    return [`apiVersion: ${apiVersion} ${why} the ${kind} CRD (${crd.file}); use ${served.join(' or ')}`];
  }
  if (version.deprecated === true) {
    return [`apiVersion: ${apiVersion} ${kind} is deprecated: ${version.deprecationWarning ?? 'see its CRD'}`];
  }
  const validate = validatorFor(crd, version.name);
  return validate(manifest) ? [] : formatSchemaErrors(validate.errors ?? [], manifest);
}
