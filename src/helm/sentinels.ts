/**
 * Sentinels: unique stand-ins for config values, fed through the unchanged constructs so the rendered objects
 * show where each value lands. A string value becomes a token (`@@7@@`), a number a code (987600007); both
 * survive concatenation and `String()`, so they are found again inside longer strings.
 */

export type PathKey = string | number;
export type ValueKind = 'string' | 'number' | 'list';

/** A config value the chart reads at render time instead of baking it in. */
export interface ValueRef {
  /** Path in the chart's values, e.g. `services.api.replicas`; empty when the release supplies the value. */
  readonly path: readonly PathKey[];
  /** Go template expression that yields the value, e.g. `.Values.services.api.replicas`. */
  readonly expression: string;
  readonly kind: ValueKind;
  /** Part of a list that is only valid as a whole (see `Sentinels.list`). */
  readonly insideList?: boolean;
}

/** A piece of a string: literal text or a value. */
export type StringPart = string | ValueRef;

const NUMBER_BASE = 987_600_000;
const TOKEN = /@@(\d+)@@|(?<![0-9.])(9876\d{5})(?![0-9.])/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `.Values.a.b`, or `(index .Values.a "b-c" 0)` once a key is not a Go identifier. */
export function valuesExpression(path: readonly PathKey[]): string {
  let expression = '.Values';
  let i = 0;
  for (; i < path.length; i++) {
    const key = path[i];
    if (typeof key !== 'string' || !IDENTIFIER.test(key)) break;
    expression += `.${key}`;
  }
  if (i === path.length) return expression;
  const rest = path.slice(i).map((key) => (typeof key === 'number' ? String(key) : JSON.stringify(key)));
  return `(index ${expression} ${rest.join(' ')})`;
}

export class Sentinels {
  private readonly refs: ValueRef[] = [];
  private readonly byPath = new Map<string, number>();
  private readonly lists: { readonly json: string; readonly ref: ValueRef }[] = [];

  /** Token standing for a string value (same path, same token). */
  string(path: readonly PathKey[], expression = valuesExpression(path), insideList = false): string {
    return `@@${this.allocate({ path, expression, kind: 'string', insideList })}@@`;
  }

  /** Code standing for a number value. */
  number(path: readonly PathKey[], insideList = false): number {
    return NUMBER_BASE + this.allocate({ path, expression: valuesExpression(path), kind: 'number', insideList });
  }

  /**
   * Registers `standIn` (built from sentinels marked `insideList`) as the stand-in for a whole list value:
   * where it reappears unchanged, the chart renders the list from values with `toYaml`.
   */
  list(path: readonly PathKey[], standIn: unknown): void {
    const json = JSON.stringify(standIn);
    const known = this.lists.find((l) => l.json === json);
    if (known && JSON.stringify(known.ref.path) === JSON.stringify(path)) return;
    if (known) throw new Error(`lists ${known.ref.path.join('.')} and ${path.join('.')} have the same stand-in`);
    this.lists.push({ json, ref: { path, expression: valuesExpression(path), kind: 'list' } });
  }

  /** The list value `value` stands for, if it is a registered list stand-in. */
  listOf(value: unknown): ValueRef | undefined {
    if (!Array.isArray(value)) return undefined;
    const json = JSON.stringify(value);
    return this.lists.find((l) => l.json === json)?.ref;
  }

  /** The value a number stands for, if it is a sentinel code. */
  numberOf(value: number): ValueRef | undefined {
    const index = value - NUMBER_BASE;
    return Number.isInteger(index) && this.refs[index]?.kind === 'number' ? this.refs[index] : undefined;
  }

  /** Splits a string into literal text and the values its sentinels stand for. */
  split(text: string): StringPart[] {
    const parts: StringPart[] = [];
    let last = 0;
    for (const match of text.matchAll(TOKEN)) {
      const ref = match[1] !== undefined ? this.refs[Number(match[1])] : this.numberOf(Number(match[2]));
      if (!ref) continue;
      if (match.index > last) parts.push(text.slice(last, match.index));
      parts.push(ref);
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  }

  /** True when `text` holds anything that looks like a sentinel: real output must not, or it would be misread. */
  static looksLikeSentinel(text: string): boolean {
    return new RegExp(TOKEN.source).test(text);
  }

  private allocate(ref: ValueRef): number {
    const key = JSON.stringify([ref.path, ref.expression]);
    const known = this.byPath.get(key);
    if (known !== undefined) return known;
    this.refs.push(ref);
    this.byPath.set(key, this.refs.length - 1);
    return this.refs.length - 1;
  }
}
