/**
 * The schema of what a person writes, cut from the schema of what the code reads: every field optional (a default
 * comes from the profile or is derived), except the fields listed as required. Values keep their rules, so a bad
 * value is reported where it was written.
 */
import { z } from 'zod';

type AnySchema = z.ZodType;

/** The type of a `deepOptional` schema's values: plain objects partial at every depth, lists whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** `deepOptional` with its value type. */
export function deepOptionalOf<T>(
  schema: z.ZodType<T>,
  required: readonly string[] = [],
): z.ZodType<DeepPartial<T>, DeepPartial<T>> {
  return deepOptional(schema, required) as z.ZodType<DeepPartial<T>, DeepPartial<T>>;
}

/**
 * `schema` with every object field optional at every depth, except `required` (dotted paths from `schema`, e.g.
 * `aws.region`: a field stays required wherever its parent is present). Records keep their key rule; lists and
 * unions stay whole values.
 */
export function deepOptional(schema: AnySchema, required: readonly string[] = [], at = ''): AnySchema {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return deepOptional(schema.unwrap() as AnySchema, required, at);
  }
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.shape as Record<string, AnySchema>).map(([key, child]) => {
        const path = at ? `${at}.${key}` : key;
        const field = deepOptional(child, required, path);
        return [key, required.includes(path) ? field : field.optional()];
      }),
    );
    return z.strictObject(shape);
  }
  if (schema instanceof z.ZodRecord) {
    return z.partialRecord(schema.keyType as z.core.$ZodRecordKey, deepOptional(schema.valueType as AnySchema));
  }
  return schema;
}
