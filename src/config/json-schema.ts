/**
 * platform.schema.json: the JSON Schema of the platform file, cut from the same zod schema that checks it, for
 * editors (the yaml-language-server modeline on the first line of a platform file) to complete and check as you type.
 */
import { z } from 'zod';
import { platformFileSchema } from './schema';

/** Where the schema lives, relative to the project root; platform files name it in their modeline. */
export const PLATFORM_SCHEMA_FILE = 'platform.schema.json';

type JsonSchema = { [key: string]: unknown };

export function platformJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(platformFileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return {
    ...allowExtensionKeys(schema as JsonSchema),
    title: 'Platform file',
    description: 'One platform: its app, services, profiles and environments. Keys beginning with x- are ignored.',
  };
}

/** Every closed object also accepts keys beginning with `x-` (YAML anchors), as the loader ignores them. */
function allowExtensionKeys(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(allowExtensionKeys) as unknown as JsonSchema;
  if (typeof node !== 'object' || node === null) return node as JsonSchema;
  const result: JsonSchema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, allowExtensionKeys(value)]),
  );
  if (result.type === 'object' && result.additionalProperties === false) {
    result.patternProperties = { ...(result.patternProperties as object), '^x-': {} };
  }
  return result;
}
