/** Writes rule groups as a Prometheus rules file and runs promtool over it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { RuleGroup } from '../../../src/observability/alert-model';
import { run } from '../../support/tools';

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
  readonly series: readonly SeriesInput[];
  readonly evalTimes: readonly string[];
  /** Labels of each firing alert besides `alertname`; empty means the alert must not fire. */
  readonly fires: readonly Record<string, string>[];
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
 * `promtool test rules` for one alert. promtool compares annotations exactly, so cases that do not state them
 * run against the same rules with annotations removed: those cases test when the alert fires and its labels.
 */
export function testAlert(groups: readonly RuleGroup[], alertname: string, cases: readonly AlertCase[]) {
  const dir = tempDir();
  const withAnnotations = groups;
  const withoutAnnotations = groups.map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, annotations: {} })) }));
  writeFileSync(path.join(dir, 'full.rules.yaml'), stringify({ groups: withAnnotations }));
  writeFileSync(path.join(dir, 'bare.rules.yaml'), stringify({ groups: withoutAnnotations }));
  const files: string[] = [];
  cases.forEach((c, i) => {
    const file = path.join(dir, `case-${i}.test.yaml`);
    writeFileSync(
      file,
      stringify({
        rule_files: [c.annotations ? 'full.rules.yaml' : 'bare.rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            name: c.title,
            interval: c.interval ?? '1m',
            input_series: c.series,
            alert_rule_test: c.evalTimes.map((evalTime) => ({
              eval_time: evalTime,
              alertname,
              exp_alerts: c.fires.map((labels) => ({
                exp_labels: labels,
                ...(c.annotations ? { exp_annotations: c.annotations } : {}),
              })),
            })),
          },
        ],
      }),
    );
    files.push(file);
  });
  return run('promtool', ['test', 'rules', ...files], { cwd: dir });
}
