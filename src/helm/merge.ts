/**
 * Merges the renders of all variants into one tree: equal parts once, differing parts as branches on the
 * variable that explains the difference (`environment` for the production-only topology rule, `dbIsolation`
 * for the database NetworkPolicy). Each variant's objects are reproduced exactly under its settings.
 */
import type { Json, JsonObject, Setting, Variable, Variant } from './variants';

export type TemplateNode =
  /** The same in every variant this node covers; undefined: absent. */
  | { readonly kind: 'value'; readonly value: Json | undefined }
  /** A mapping with at least one key in every variant; entries may still differ. */
  | { readonly kind: 'map'; readonly entries: readonly (readonly [string, TemplateNode])[] }
  | { readonly kind: 'list'; readonly items: readonly TemplateNode[] }
  | { readonly kind: 'branch'; readonly on: Variable; readonly cases: readonly BranchCase[] };

export interface BranchCase {
  /** Settings of the branch variable this case covers; undefined: every other setting (`else`). */
  readonly when?: readonly Setting[];
  readonly node: TemplateNode;
}

interface Instance {
  readonly settings: readonly Setting[];
  readonly value: Json | undefined;
}

/** One template node per object, keyed `apiVersion/kind/name`, in the order the objects first appear. */
export function mergeVariants(variables: readonly Variable[], variants: readonly Variant[]): Map<string, TemplateNode> {
  const byKey = variants.map((variant) => new Map(variant.objects.map((object) => [objectKey(object), object])));
  const keys = [...new Set(byKey.flatMap((objects) => [...objects.keys()]))];
  return new Map(
    keys.map((key) => {
      const instances = variants.map((variant, i) => ({ settings: variant.settings, value: byKey[i].get(key) }));
      return [key, merge(instances, variables)];
    }),
  );
}

export function objectKey(object: JsonObject): string {
  const metadata = object.metadata as JsonObject;
  return `${object.apiVersion}/${object.kind}/${metadata.name}`;
}

function merge(instances: readonly Instance[], variables: readonly Variable[]): TemplateNode {
  const values = instances.map((instance) => instance.value);
  const first = canonical(values[0]);
  if (values.every((value) => canonical(value) === first)) return { kind: 'value', value: values[0] };
  if (values.every(isObject)) {
    const objects = values as JsonObject[];
    const keys = [...new Set(objects.flatMap((object) => Object.keys(object)))];
    if (keys.some((key) => objects.every((object) => key in object))) {
      const entries = keys.map((key) => {
        const children = instances.map((instance, i) => ({ settings: instance.settings, value: objects[i][key] }));
        return [key, merge(children, variables)] as const;
      });
      return { kind: 'map', entries };
    }
  }
  if (values.every(Array.isArray)) {
    const lists = values as Json[][];
    const length = lists[0].length;
    if (length > 0 && lists.every((list) => list.length === length)) {
      const items = lists[0].map((_, index) =>
        merge(
          instances.map((instance, i) => ({ settings: instance.settings, value: lists[i][index] })),
          variables,
        ),
      );
      return { kind: 'list', items };
    }
  }
  return branch(instances, variables);
}

/** Splits on the variable that alone explains the difference, or else on the first one that varies. */
function branch(instances: readonly Instance[], variables: readonly Variable[]): TemplateNode {
  const varying = variables
    .map((variable, index) => ({ variable, index }))
    .filter(({ index }) => new Set(instances.map((instance) => instance.settings[index])).size > 1);
  if (varying.length === 0)
    throw new Error('AppChart rendered differently for the same values: output is not deterministic');
  const groupsOf = (index: number) => groupBy(instances, (instance) => instance.settings[index]);
  const explains = (index: number) =>
    [...groupsOf(index).values()].every((group) =>
      group.every((i) => canonical(i.value) === canonical(group[0].value)),
    );
  const { variable, index } = varying.find((v) => explains(v.index)) ?? varying[0];

  const outcomes: { when: Setting[]; node: TemplateNode }[] = [];
  for (const setting of variable.domain) {
    const group = groupsOf(index).get(setting);
    if (!group) continue;
    const node = merge(group, variables);
    const same = outcomes.find((outcome) => canonical(outcome.node) === canonical(node));
    if (same) same.when.push(setting);
    else outcomes.push({ when: [setting], node });
  }
  const present = outcomes.filter((outcome) => !isAbsent(outcome.node));
  const anyAbsent = present.length < outcomes.length;
  const cases = present.map((outcome, i): BranchCase =>
    i === present.length - 1 && !anyAbsent ? { node: outcome.node } : outcome,
  );
  return { kind: 'branch', on: variable, cases };
}

function isAbsent(node: TemplateNode): boolean {
  return node.kind === 'value' && node.value === undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Each subtree's canonical text, computed once: merge compares a node, then each of its children. */
const canonicalTexts = new WeakMap<object, string>();

/** JSON with sorted keys: equal for deep-equal values whatever their key order. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const known = canonicalTexts.get(value);
  if (known !== undefined) return known;
  const text = Array.isArray(value)
    ? `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`
    : `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
        .join(',')}}`;
  canonicalTexts.set(value, text);
  return text;
}
