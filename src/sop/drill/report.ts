/** The drill record of SOP-01 step 7: a JSON report and a human summary, written whole or not at all. */
import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CheckResult {
  readonly name: string;
  /** `not run`: an earlier step failed (the backup did not verify, the restore did not come up). */
  readonly status: 'pass' | 'fail' | 'not run';
  readonly expected: string;
  readonly actual: string;
}

export interface DrillReport {
  readonly sop: 'SOP-01';
  /** Where the backup came from: `local` (base backup + WAL archive) or the cloud source. */
  readonly source: string;
  /** True only when every check passed. */
  readonly passed: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** When the restored database accepted writes; null when the restore failed. */
  readonly restoredAt: string | null;
  /** Commit time of the newest transaction the restore holds; see docs/sop/local-engine.md. */
  readonly newestRestorableTime: string | null;
  /** startedAt minus newestRestorableTime. */
  readonly rpoSeconds: number | null;
  /** finishedAt minus startedAt: restore and verification (SOP-01 step 5). */
  readonly rtoSeconds: number;
  /** startedAt to restoredAt. */
  readonly restoreSeconds: number | null;
  readonly checks: readonly CheckResult[];
}

export const REPORT_FILE = 'sop-01-drill.json';
export const SUMMARY_FILE = 'sop-01-drill.txt';

const seconds = (value: number | null) => (value === null ? 'not measured' : `${value.toFixed(1)} s`);

export function drillSummary(report: DrillReport): string {
  const failed = report.checks.filter((check) => check.status !== 'pass');
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const lines = [
    `SOP-01 restore drill (${report.source}): ${report.passed ? 'PASSED' : `FAILED (${failed.length} of ${report.checks.length} checks)`}`,
    `started ${report.startedAt}, finished ${report.finishedAt}`,
    `RPO ${seconds(report.rpoSeconds)} (newest restorable time ${report.newestRestorableTime ?? 'unknown'}), ` +
      `RTO ${seconds(report.rtoSeconds)} (restore ${seconds(report.restoreSeconds)})`,
    '',
    ...report.checks.map(
      (check) =>
        `${check.status.toUpperCase().padEnd(7)} ${check.name.padEnd(width)}  expected ${check.expected}; got ${check.actual}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes the JSON report and the summary into `dir`; each file appears whole (temporary file, then rename). */
export function writeDrillReport(dir: string, report: DrillReport): { json: string; summary: string } {
  const files = { json: path.join(dir, REPORT_FILE), summary: path.join(dir, SUMMARY_FILE) };
  const contents = { json: `${JSON.stringify(report, null, 2)}\n`, summary: drillSummary(report) };
  for (const key of ['json', 'summary'] as const) {
    writeFileSync(`${files[key]}.tmp`, contents[key]);
    renameSync(`${files[key]}.tmp`, files[key]);
  }
  return files;
}
