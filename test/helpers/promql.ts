/** PromQL helpers for tests: metric names a query reads, and the promtool parser check over many queries. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { run } from './tools';

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/**
 * Metric names a PromQL expression selects: identifiers outside strings, label matchers, grouping clauses and
 * ranges that are not function calls or keywords. Good enough for the expressions this repo writes.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    // Numbers and durations (`0.4`, `1e9`, `offset 5m`) are not names.
    .replace(/(?<![\w:])\d+(\.\d+)?([eE][+-]?\d+)?(ms|[smhdwy])?(?![\w:])/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [match[0].replace(/\s*\($/, ''), match[1]];
    if (call || KEYWORDS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return [...names].sort();
}

/** Grafana's macros replaced by durations so promtool can parse dashboard queries. */
export function withoutGrafanaMacros(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m');
}

/**
 * `promtool check rules` over recording rules that wrap each expression: promtool parses every expression with
 * Prometheus' own parser. Returns promtool's exit status and output.
 */
export function promtoolCheckExpressions(exprs: readonly string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'promql-'));
  const file = path.join(dir, 'queries.rules.yaml');
  const rules = exprs.map((expr, i) => ({ record: `query:check_${i}`, expr }));
  writeFileSync(file, stringify({ groups: [{ name: 'queries', rules }] }));
  return run('promtool', ['check', 'rules', file]);
}

/** One query's expected result: its samples at `evalTime`, each `labels` (PromQL text, `{}` for none) and value. */
export interface QueryExpectation {
  readonly expr: string;
  readonly evalTime: string;
  readonly samples: readonly { readonly labels: string; readonly value: number }[];
}

/**
 * `promtool test rules` with `promql_expr_test`: Prometheus' own engine evaluates each query over `series` (one sample a
 * minute) and promtool fails unless the result is exactly the expected samples. Returns promtool's exit status and
 * output.
 */
export function promtoolEvaluate(
  series: readonly { readonly series: string; readonly values: string }[],
  expectations: readonly QueryExpectation[],
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'promql-'));
  writeFileSync(path.join(dir, 'none.rules.yaml'), stringify({ groups: [] }));
  const test = {
    rule_files: ['none.rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: series,
        promql_expr_test: expectations.map(({ expr, evalTime, samples }) => ({
          expr: withoutGrafanaMacros(expr),
          eval_time: evalTime,
          exp_samples: samples.map(({ labels, value }) => ({ labels, value })),
        })),
      },
    ],
  };
  writeFileSync(path.join(dir, 'queries.test.yaml'), stringify(test));
  return run('promtool', ['test', 'rules', 'queries.test.yaml'], { cwd: dir });
}
