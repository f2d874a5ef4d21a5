/**
 * Rules the Helm chart enforces too, each stated once as data: rules.ts checks them on the platform file, and
 * src/helm/value-guards.ts compiles the same data into the chart's template guards, with the same messages (printf
 * formats: `%d` takes the numbers in `args` order).
 */

/** A rule on one service's sizing (the chart's `services.<name>` values). */
export type SizingRule =
  /** `field` <= `limit`. */
  | { readonly kind: 'atMost'; readonly field: readonly string[]; readonly limit: readonly string[] }
  /** In the list at `list`, each item's `field` (where present) is greater than the previous one's. */
  | { readonly kind: 'increasing'; readonly list: readonly string[]; readonly field: string };

export const SIZING_RULES: readonly SizingRule[] = [
  { kind: 'atMost', field: ['autoscaling', 'minReplicas'], limit: ['autoscaling', 'maxReplicas'] },
  { kind: 'increasing', list: ['canary', 'steps'], field: 'setWeight' },
];

/** printf format of a broken rule's message; `%d`s take the values of `ruleArguments`. */
export function ruleFormat(rule: SizingRule): string {
  switch (rule.kind) {
    case 'atMost':
      return `must be <= ${rule.limit.join('.')} (%d)`;
    case 'increasing':
      return `must be greater than the previous ${rule.field} (%d)`;
  }
}

/** The one rule on lists read by position: one entry per zone. Formats take the zone count and the length. */
export const PER_ZONE_FORMAT = 'must have one entry per zone (%d), has %d';

/** Fills `%d`s in order, as Go's printf does for integers. */
export function printf(format: string, ...numbers: readonly number[]): string {
  let next = 0;
  return format.replace(/%d/g, () => String(numbers[next++]));
}

type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/** Where a sizing breaks a rule: the path below the sizing and the message. */
export interface RuleViolation {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function sizingViolations(rule: SizingRule, sizing: unknown): RuleViolation[] {
  const at = (path: readonly string[]) =>
    path.reduce<Json | undefined>((node, key) => (node as never)?.[key], sizing as Json) as number;
  switch (rule.kind) {
    case 'atMost':
      return at(rule.field) > at(rule.limit)
        ? [{ path: rule.field, message: printf(ruleFormat(rule), at(rule.limit)) }]
        : [];
    case 'increasing': {
      const violations: RuleViolation[] = [];
      let previous = 0;
      (at(rule.list) as unknown as Record<string, number>[]).forEach((item, i) => {
        if (!(rule.field in item)) return;
        if (item[rule.field] <= previous) {
          violations.push({ path: [...rule.list, i, rule.field], message: printf(ruleFormat(rule), previous) });
        }
        previous = item[rule.field];
      });
      return violations;
    }
  }
}
