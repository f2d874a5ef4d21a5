/** Turns JSON Schema (ajv) errors into `<field.path>: <rule>` lines, the project's error format. */
import type { ErrorObject } from 'ajv';

/** Appends a key to a dotted field path: spec + replicas, containers + 0 -> containers[0], labels + a/b -> labels["a/b"]. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** The dotted field path of a JSON pointer into `root`; array indexes are told apart from map keys by the data. */
export function fieldPath(pointer: string, root: unknown): string {
  let path = '';
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isIndex = Array.isArray(node);
    path = joinPath(path, isIndex ? Number(key) : key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? `fails the ${error.keyword} rule`;
}

const ALTERNATIVES = new Set(['oneOf', 'anyOf']);

/** One line per problem. Errors of the branches of a oneOf/anyOf at one path merge into one "a or b" line. */
export function formatSchemaErrors(errors: readonly ErrorObject[], root: unknown): string[] {
  const byPointer = new Map<string, ErrorObject[]>();
  for (const error of errors) byPointer.set(error.instancePath, [...(byPointer.get(error.instancePath) ?? []), error]);

  const lines: string[] = [];
  for (const [pointer, group] of byPointer) {
    const path = fieldPath(pointer, root);
    const at = path === '' ? '(root)' : path;
    if (group.some((e) => ALTERNATIVES.has(e.keyword))) {
      const branches = group.filter((e) => !ALTERNATIVES.has(e.keyword)).map(describe);
      lines.push(`${at}: ${branches.length > 0 ? [...new Set(branches)].join(' or ') : describe(group[0])}`);
      continue;
    }
    for (const error of group) {
      const params = error.params as Record<string, string>;
      if (error.keyword === 'additionalProperties') {
        lines.push(`${joinPath(path, params.additionalProperty)}: unknown field`);
      } else if (error.keyword === 'required') {
        lines.push(`${joinPath(path, params.missingProperty)}: required field is missing`);
      } else {
        lines.push(`${at}: ${describe(error)}`);
      }
    }
  }
  return lines;
}
