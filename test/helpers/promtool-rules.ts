/** Writes rule groups as a Prometheus rules file and runs promtool over it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { isAlertRule, type RuleGroup } from '../../src/observability/alert-model';
import { run } from './tools';

export interface SeriesInput {
  readonly series: string;
  /** promtool expanding notation: `0+6x10`, `1x4 stale`, `_x5 1x20`. */
  readonly values: string;
}

export interface AlertCase {
  /** What the case shows, e.g. `6% errors for 6 minutes fires`. */
  readonly title: string;
  /** Scrape interval of the input series. @default 1m */
  readonly interval?: string;
  /** How often promtool evaluates the rules (days-long cases need a coarser step). @default 1m */
  readonly evaluationInterval?: string;
  readonly series: readonly SeriesInput[];
  readonly evalTimes: readonly string[];
  /** Labels of each firing alert besides `alertname`; empty means the alert must not fire. */
  readonly fires: readonly Record<string, string>[];
  /** Further evaluation times, on the same series, at which the alert must not fire. */
  readonly silentAt?: readonly string[];
  /** Annotations every firing alert must have; when absent the rules file is checked without annotations. */
  readonly annotations?: Record<string, string>;
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'promtool-'));
}

/** `promtool check rules` on the groups exactly as the PrometheusRule carries them. */
export function checkRules(groups: readonly RuleGroup[]) {
  const file = path.join(tempDir(), 'rules.yaml');
  writeFileSync(file, stringify({ groups }));
  return run('promtool', ['check', 'rules', file]);
}

/**
 * The rules one alert depends on, in their groups and order: the alert, and the recording rules whose series its
 * expression reads. The other rules cannot change its outcome, and evaluating days of them makes promtool slow.
 */
export function rulesFor(groups: readonly RuleGroup[], alertname: string): RuleGroup[] {
  const alert = groups.flatMap((g) => g.rules).find((r) => isAlertRule(r) && r.alert === alertname);
  if (!alert) throw new Error(`no alert ${alertname} in the rule groups`);
  // Recorded names are made of word characters and colons only: a whole-token match needs no escaping.
  const reads = (record: string) => new RegExp(`(?<![\\w:])${record}(?![\\w:])`).test(alert.expr);
  return groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => r === alert || (!isAlertRule(r) && reads(r.record))) }))
    .filter((g) => g.rules.length > 0);
}

/**
 * `promtool test rules` for one alert, over the rules it depends on. promtool compares annotations exactly, so
 * cases that do not state them run against the same rules with annotations removed: those cases test when the
 * alert fires and its labels.
 */
export function testAlert(allGroups: readonly RuleGroup[], alertname: string, cases: readonly AlertCase[]) {
  const dir = tempDir();
  const groups = rulesFor(allGroups, alertname);
  const withAnnotations = groups;
  const withoutAnnotations = groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => (isAlertRule(r) ? { ...r, annotations: {} } : r)),
  }));
  writeFileSync(path.join(dir, 'full.rules.yaml'), stringify({ groups: withAnnotations }));
  writeFileSync(path.join(dir, 'bare.rules.yaml'), stringify({ groups: withoutAnnotations }));
  const files: string[] = [];
  cases.forEach((c, i) => {
    const file = path.join(dir, `case-${i}.test.yaml`);
    writeFileSync(
      file,
      stringify({
        rule_files: [c.annotations ? 'full.rules.yaml' : 'bare.rules.yaml'],
        evaluation_interval: c.evaluationInterval ?? '1m',
        tests: [
          {
            name: c.title,
            interval: c.interval ?? '1m',
            input_series: c.series,
            alert_rule_test: [
              ...c.evalTimes.map((evalTime) => ({
                eval_time: evalTime,
                alertname,
                exp_alerts: c.fires.map((labels) => ({
                  exp_labels: labels,
                  ...(c.annotations ? { exp_annotations: c.annotations } : {}),
                })),
              })),
              ...(c.silentAt ?? []).map((evalTime) => ({ eval_time: evalTime, alertname, exp_alerts: [] })),
            ],
          },
        ],
      }),
    );
    files.push(file);
  });
  return run('promtool', ['test', 'rules', ...files], { cwd: dir });
}
