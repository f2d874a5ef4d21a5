/** Validates built-in kinds with kubernetes-models' validators, plus the unknown-field check they lack. */
import type { ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import { formatSchemaErrors } from './errors';
import { FieldTracker } from './field-tracker';

interface ModelClass {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly prototype: { validate(this: unknown): void };
}

// Node's own require: one model module per kind is loaded on demand and stays cached across test files.
const load = createRequire(__filename);
const models = new Map<string, ModelClass | undefined>();

/** kubernetes-models' class for an apiVersion and kind, or undefined when it has no such kind. */
export function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) models.set(key, findModel(apiVersion, kind));
  return models.get(key);
}

function findModel(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  let exports: Record<string, ModelClass | undefined>;
  try {
    exports = load(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass | undefined>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw error;
  }
  const model = exports[kind];
  // Spec/status types share the folder: only top-level resources carry their own apiVersion and kind.
  return model?.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/** Schema errors and unknown fields of `manifest` checked against a model class. */
export function validateWithModel(model: ModelClass, manifest: Record<string, unknown>): string[] {
  const tracker = new FieldTracker();
  let errors: readonly ErrorObject[] = [];
  try {
    // Called on the tracking proxy, not a model instance: the constructor would copy the data out of the proxy.
    model.prototype.validate.call(tracker.wrap(manifest));
  } catch (error) {
    const reported = (error as { errors?: ErrorObject[] }).errors;
    if (reported === undefined) throw error;
    errors = reported;
  }
  return [...formatSchemaErrors(errors, manifest), ...tracker.unknownFields()];
}
