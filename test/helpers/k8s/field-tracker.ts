/**
 * Finds unknown fields with a validator that does not reject them. kubernetes-models' compiled validators test
 * every property their schema declares (`data.replicas === undefined`, ...) and walk maps key by key, but they
 * allow extra properties, so a typo like `spec.replica` passes. Handing the validator proxies that record what
 * it reads tells the declared fields apart: any other key of an object whose properties it read is unknown.
 */
import { joinPath } from './errors';

interface Visit {
  readonly path: string;
  readonly target: object;
  readonly read: Set<string>;
  /** The validator listed the keys: a map (labels, resources.limits), where every key is allowed. */
  enumerated: boolean;
}

export class FieldTracker {
  private readonly visits = new Map<string, Visit>();
  private readonly proxies = new Map<string, unknown>();

  /** A proxy of `value` (at `path`) to hand the validator; nested objects are wrapped as they are read. */
  wrap(value: unknown, path = ''): unknown {
    if (value === null || typeof value !== 'object') return value;
    const cached = this.proxies.get(path);
    if (cached !== undefined) return cached;
    const proxy = Array.isArray(value) ? this.wrapArray(value, path) : this.wrapObject(value, path);
    this.proxies.set(path, proxy);
    return proxy;
  }

  /**
   * `<path>: unknown field` for each key the validator never read, in objects where it read some keys. An
   * object whose keys it neither read nor listed has a free-form schema (RawExtension and the like): skipped.
   */
  unknownFields(): string[] {
    const lines: string[] = [];
    for (const visit of this.visits.values()) {
      if (visit.enumerated || visit.read.size === 0) continue;
      for (const key of Object.keys(visit.target)) {
        if (!visit.read.has(key)) lines.push(`${joinPath(visit.path, key)}: unknown field`);
      }
    }
    return lines;
  }

  private wrapArray(array: unknown[], path: string): unknown {
    return new Proxy(array, {
      get: (target, key, receiver) => {
        const item: unknown = Reflect.get(target, key, receiver);
        return typeof key === 'string' && /^\d+$/.test(key) ? this.wrap(item, joinPath(path, Number(key))) : item;
      },
    });
  }

  private wrapObject(object: object, path: string): unknown {
    const visit: Visit = { path, target: object, read: new Set(), enumerated: false };
    this.visits.set(path, visit);
    return new Proxy(object, {
      get: (target, key, receiver) => {
        const child: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return child;
        visit.read.add(key);
        return this.wrap(child, joinPath(path, key));
      },
      has: (target, key) => {
        if (typeof key === 'string') visit.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys: (target) => {
        visit.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  }
}
