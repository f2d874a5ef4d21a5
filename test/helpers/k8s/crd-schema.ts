/**
 * A CRD's openAPIV3Schema as plain JSON Schema for ajv, with the API server's meaning of the Kubernetes
 * extensions. A cluster prunes fields a structural schema does not declare, silently, which hides typos: here
 * every object is closed (`additionalProperties: false`) unless x-kubernetes-preserve-unknown-fields says
 * otherwise. CEL rules (x-kubernetes-validations) and list-map key uniqueness are not checked.
 */

export type Schema = Record<string, unknown>;

/** Formats whose ajv-formats meaning matches the API server's; others (duration: Go vs ISO 8601) are dropped. */
export const FORMATS = ['byte', 'date', 'date-time', 'double', 'email', 'float', 'hostname', 'int32', 'int64'] as const;
const KNOWN_FORMATS: ReadonlySet<string> = new Set(FORMATS);
const DROPPED = new Set(['description', 'example', 'externalDocs', 'format', 'nullable', 'pattern']);
const OPEN_OBJECT: Schema = { type: 'object' };

/**
 * A Go (RE2) pattern as a JavaScript one. RE2's inline (?i) has no JavaScript equivalent inside a pattern, so
 * the letters after it become [xX] classes (to the end of the pattern: at worst a little more permissive).
 */
export function re2ToJs(pattern: string): string {
  const start = pattern.indexOf('(?i)');
  if (start < 0) return pattern;
  let out = pattern.slice(0, start);
  let inClass = false;
  const rest = pattern.slice(start).replaceAll('(?i)', '');
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      out += c + (rest[++i] ?? '');
      continue;
    }
    if (c === '[' || c === ']') inClass = c === '[';
    out += !inClass && /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

function mapValues(record: Record<string, Schema>, fn: (value: Schema) => Schema): Schema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

/** `structural` is false inside anyOf/allOf/oneOf/not: their branches only add constraints to the node. */
function convert(node: Schema, structural: boolean): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || DROPPED.has(key)) continue;
    if (key === 'properties') {
      out.properties = mapValues(value as Record<string, Schema>, (v) => convert(v, structural));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = convert(value as Schema, structural);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = (value as Schema[]).map((v) => convert(v, false));
    } else if (key === 'not') {
      out.not = convert(value as Schema, false);
    } else {
      out[key] = value;
    }
  }
  if (typeof node.pattern === 'string') out.pattern = re2ToJs(node.pattern);
  if (typeof node.format === 'string' && KNOWN_FORMATS.has(node.format)) out.format = node.format;
  if (node['x-kubernetes-int-or-string'] === true && out.anyOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    // The API server checks an embedded object's apiVersion, kind and metadata itself, whatever the CRD says.
    out.properties = { ...(out.properties as Schema), apiVersion: { type: 'string' }, kind: { type: 'string' } };
    (out.properties as Schema).metadata = OPEN_OBJECT;
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (structural && out.type === 'object' && out.additionalProperties === undefined && !preserve) {
    out.additionalProperties = false;
  }
  return out;
}

/** The JSON Schema of a custom resource; its metadata is left open for the ObjectMeta check. */
export function toJsonSchema(openAPIV3Schema: Schema): Schema {
  return convert({ ...openAPIV3Schema, 'x-kubernetes-embedded-resource': true }, true);
}
