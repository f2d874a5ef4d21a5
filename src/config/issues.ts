/**
 * Turns zod's findings into lines a person can act on, each `<field path>: <rule>`: a missing field says it is
 * required, a number where text belongs says how to quote it, an unknown key names the closest known one, a bad
 * map key states the rule it broke.
 */
import { z } from 'zod';

/** The text of the scalar at a path, as written in the file (`012345678901`, not the number YAML read). */
export type SourceText = (path: readonly PropertyKey[]) => string | undefined;

export interface IssueContext {
  /** The schema the document was checked against: where unknown keys find their closest known one. */
  readonly schema: z.ZodType;
  readonly document: unknown;
  readonly sourceText?: SourceText;
}

export function describeIssue(issue: z.core.$ZodIssue, ctx: IssueContext): string[] {
  const where = formatPath(issue.path) || '(platform file)';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(ctx.schema, issue.path, ctx.document);
      return issue.keys.map((key) => `${where}: unknown key "${key}"${suggestion(key, known)}`);
    }
    case 'invalid_key': {
      const key = String(issue.path[issue.path.length - 1]);
      // The file's root is a map of fixed keys: a map whose keys have rules always has a path.
      const parent = formatPath(issue.path.slice(0, -1));
      const rule = issue.issues.map((inner) => inner.message).join('; ');
      return [`${parent}: key "${key}" ${rule}`];
    }
    case 'invalid_type': {
      const value = valueAt(ctx.document, issue.path);
      if (value === undefined) return [`${where}: is required`];
      if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        const written = ctx.sourceText?.(issue.path) ?? String(value);
        const key = issue.path[issue.path.length - 1];
        const example = typeof key === 'string' ? `${key}: "${written}"` : `"${written}"`;
        return [`${where}: must be a string, not a ${typeof value}: quote it (${example})`];
      }
      return [`${where}: must be ${article(issue.expected)}, not ${describeValue(value)}`];
    }
    default:
      return [`${where}: ${issue.message}`];
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : article(typeof value);
}

export function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let node = document;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The keys an object at `path` may have, by the schema (for a union, the option the document's value takes). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], document: unknown): string[] {
  let node: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && node; i++) {
    node = unwrap(node);
    if (node instanceof z.ZodUnion) node = unionOption(node, valueAt(document, path.slice(0, i)));
    if (i === path.length || !node) break;
    const key = path[i];
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else node = undefined;
  }
  if (node instanceof z.ZodObject) return Object.keys(node.shape);
  // A map with a fixed set of keys, such as the alert catalog of alertSeverities.
  if (node instanceof z.ZodRecord && node.keyType instanceof z.ZodEnum) return node.keyType.options.map(String);
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (let inner = innerType(node); inner; inner = innerType(node)) node = inner;
  return node;
}

function innerType(schema: z.ZodType): z.ZodType | undefined {
  return (schema.def as { innerType?: z.ZodType }).innerType;
}

/**
 * The union's object option the value takes: its literal fields (a discriminator such as `kind`) match the value, and
 * it has one of the value's keys (`{ pause: ... }` is the pause step, not the setWeight one).
 */
function unionOption(union: z.ZodUnion, value: unknown): z.ZodType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, never>;
  return (union.options as z.ZodType[]).map(unwrap).find((option) => {
    if (!(option instanceof z.ZodObject)) return false;
    const shape = option.shape as Record<string, z.ZodType>;
    const literalsMatch = Object.entries(shape).every(
      ([key, field]) => !(field instanceof z.ZodLiteral) || field.values.has(record[key]),
    );
    return literalsMatch && Object.keys(record).some((key) => key in shape);
  });
}

function suggestion(key: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const ranked = [...known].sort((a, b) => distance(key, a) - distance(key, b));
  const closest = ranked[0];
  if (distance(key, closest) <= Math.max(2, Math.floor(closest.length / 3))) return ` (did you mean "${closest}"?)`;
  return ` (known keys: ${known.join(', ')})`;
}

/** Levenshtein distance, case-insensitive: `Replicas` is one edit from nothing. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = [...Array(t.length + 1).keys()];
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}
