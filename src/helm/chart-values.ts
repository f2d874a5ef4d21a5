/**
 * The chart's values and their JSON schema, both cut from the config: the values are the config fields the
 * templates read (an environment's fields plus the image and the environment's name), the schema is
 * `z.toJSONSchema` of the same zod schemas pruned to those fields, so helm enforces the config's field rules.
 */
import { z } from 'zod';
import { environmentNames, environmentSchema, platformShape, servingImageRepository, type Platform } from '../config';
import { withDerivedDefaults } from './sentinel-platform';
import type { PathKey } from './sentinels';
import type { Json, JsonObject } from './variants';

/** Every field the templates could read, by the config's own rules. */
function valuesSourceSchema(platform: Platform) {
  const [first, ...rest] = environmentNames(platform);
  return z.strictObject({
    environment: z.enum([first, ...rest]),
    image: platformShape.shape.image,
    ...environmentSchema.shape,
  });
}

export interface JsonSchema {
  readonly [key: string]: Json | JsonSchema | undefined;
  readonly properties?: { readonly [key: string]: JsonSchema };
  readonly additionalProperties?: boolean | JsonSchema;
}

export interface ChartValues {
  readonly byEnvironment: Readonly<Record<string, JsonObject>>;
  readonly schema: JsonSchema;
}

/** Used value paths as a tree; `true` marks a value used as a whole. */
type Trie = Map<string, Trie> | true;

export function chartValues(platform: Platform, usedPaths: readonly (readonly PathKey[])[]): ChartValues {
  const trie = toTrie(usedPaths);
  const full = withNumericTag(z.toJSONSchema(valuesSourceSchema(platform), { target: 'draft-7' }) as JsonSchema);
  const byEnvironment = Object.fromEntries(
    environmentNames(platform).map((name) => [name, pick(valuesSource(platform, name), trie, full) as JsonObject]),
  );
  const schema = {
    $schema: full.$schema,
    title: `Values of the ${platform.app.name} chart`,
    ...prune(full, trie, Object.values(byEnvironment)),
  };
  return { byEnvironment, schema };
}

/**
 * The image tag's rule, or a whole number: `helm --set image.tag=1234567` reads an all-digit short SHA as an integer
 * (strvals), which the templates print as text again (templates/_helpers.tpl).
 */
function withNumericTag(schema: JsonSchema): JsonSchema {
  const image = schema.properties?.image as JsonSchema;
  const tag = image.properties?.tag as JsonSchema;
  const digits = { type: 'integer', minimum: 0, description: 'an all-digit tag, as helm --set reads it' };
  const properties = { ...image.properties, tag: { anyOf: [tag, digits] } as unknown as JsonSchema };
  return { ...schema, properties: { ...schema.properties, image: { ...image, properties } } };
}

/**
 * Values of an environment file: complete, plus `null` for every key the defaults have and this environment
 * lacks, because helm merges a values file over values.yaml and a null is how a file deletes a default.
 */
export function withDeletions(values: JsonObject, defaults: JsonObject): JsonObject {
  const result: JsonObject = { ...values };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = values[key];
    if (value === undefined) result[key] = null;
    else if (isObject(value) && isObject(fallback)) result[key] = withDeletions(value, fallback);
  }
  return result;
}

/** An environment's values: its fields, its name, and the image it pulls (a DR region's replica once it serves). */
function valuesSource(platform: Platform, name: string): JsonObject {
  const env = withDerivedDefaults(platform.environments[name]);
  const image = { ...platform.image, repository: servingImageRepository(platform, name) };
  return { environment: name, image, ...env } as unknown as JsonObject;
}

function toTrie(paths: readonly (readonly PathKey[])[]): Trie {
  const root: Trie = new Map();
  for (const path of paths) {
    let node: Trie = root;
    // A list is a value as a whole even where the templates index into it.
    const end = path.findIndex((key) => typeof key === 'number');
    for (const key of (end < 0 ? path : path.slice(0, end)) as string[]) {
      if (node === true) break;
      const child: Trie = node.get(key) ?? new Map();
      node.set(key, child);
      node = child;
    }
  }
  return finalize(root);
}

/** Empty branches are whole values. */
function finalize(trie: Trie): Trie {
  if (trie === true || trie.size === 0) return true;
  return new Map([...trie].map(([key, child]) => [key, finalize(child)]));
}

function pick(value: Json | undefined, trie: Trie, schema: JsonSchema): Json | undefined {
  if (value === undefined || trie === true) return value;
  const object = value as JsonObject;
  const picked: JsonObject = {};
  for (const key of orderedKeys(Object.keys(object), schema)) {
    const child = trie.get(key);
    const value = child && pick(object[key], child, childSchema(schema, key));
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

function prune(schema: JsonSchema, trie: Trie, values: readonly (Json | undefined)[]): JsonSchema {
  if (trie === true) return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema'));
  const objects = values.filter(isObject);
  const keys = orderedKeys([...new Set(objects.flatMap((object) => Object.keys(object)))], schema);
  const properties = Object.fromEntries(
    keys.map((key) => [
      key,
      prune(
        childSchema(schema, key),
        trie.get(key) ?? true,
        values.map((v) => (isObject(v) ? v[key] : undefined)),
      ),
    ]),
  );
  const required = keys.filter((key) => values.every((v) => isObject(v) && v[key] !== undefined));
  return { type: 'object', properties, required, additionalProperties: false };
}

function childSchema(schema: JsonSchema, key: string): JsonSchema {
  const child = schema.properties?.[key] ?? schema.additionalProperties;
  if (typeof child !== 'object') throw new Error(`values key "${key}" is not in the config schema`);
  return child;
}

/** Keys in the schema's order (records: as given). */
function orderedKeys(keys: readonly string[], schema: JsonSchema): string[] {
  const order = Object.keys(schema.properties ?? {});
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
