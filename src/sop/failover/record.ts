/**
 * The record of one SOP-02 failover: each phase with its start, end and findings, kept in a JSON file between
 * the phases (each is a separate command). The failover time is measured by the verify phase.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export const FAILOVER_PHASES = [
  'declare',
  'isolate',
  'promote',
  'repoint',
  'scale-back',
  'verify',
  'rebuild',
  'close',
] as const;
export type FailoverPhase = (typeof FAILOVER_PHASES)[number];

export type Detail = string | number | boolean | null;

export interface PhaseRecord {
  readonly phase: FailoverPhase;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** False when the phase found a problem (verify); phases that cannot complete throw instead. */
  readonly ok: boolean;
  readonly details: Readonly<Record<string, Detail>>;
}

export interface FailoverRecord {
  readonly sop: 'SOP-02';
  readonly environment: string;
  readonly phases: readonly PhaseRecord[];
}

/** Step 1: the incident is declared; the record starts. */
export function declareFailover(environment: string, at: Date = new Date()): FailoverRecord {
  const declared: PhaseRecord = {
    phase: 'declare',
    startedAt: at.toISOString(),
    finishedAt: at.toISOString(),
    ok: true,
    details: {},
  };
  return { sop: 'SOP-02', environment, phases: [declared] };
}

export function withPhase(record: FailoverRecord, phase: PhaseRecord): FailoverRecord {
  return { ...record, phases: [...record.phases, phase] };
}

/** The last record of a phase; throws when that phase has not run, naming the phase that must run first. */
export function phaseOf(record: FailoverRecord, phase: FailoverPhase): PhaseRecord {
  const found = [...record.phases].reverse().find((entry) => entry.phase === phase);
  if (!found) throw new Error(`the ${phase} phase has not run yet (run --phase ${phase} first)`);
  return found;
}

/** Times a phase's work and records it. */
export async function recordPhase(
  record: FailoverRecord,
  phase: FailoverPhase,
  work: () => Promise<{ readonly ok: boolean; readonly details: Readonly<Record<string, Detail>> }>,
): Promise<FailoverRecord> {
  const startedAt = new Date().toISOString();
  const { ok, details } = await work();
  return withPhase(record, { phase, startedAt, finishedAt: new Date().toISOString(), ok, details });
}

/** Closes the record and renders the human summary: phases, durations, findings, the failover time. */
export function closeFailover(
  record: FailoverRecord,
  at: Date = new Date(),
): { record: FailoverRecord; summary: string } {
  const closed = withPhase(record, {
    phase: 'close',
    startedAt: at.toISOString(),
    finishedAt: at.toISOString(),
    ok: true,
    details: {},
  });
  const failed = closed.phases.filter((entry) => !entry.ok);
  const verify = closed.phases.filter((entry) => entry.phase === 'verify').at(-1);
  const lines = [
    `SOP-02 failover of ${closed.environment}: ${failed.length === 0 && verify ? 'VERIFIED' : 'NOT VERIFIED'}`,
    `failover time (isolation to ${verify?.details.failoverMeasuredTo ?? 'the first write on the new primary'}): ` +
      `${verify?.details.failoverSeconds ?? 'not measured'} s`,
    ...closed.phases.map((entry) => {
      const seconds = ((Date.parse(entry.finishedAt) - Date.parse(entry.startedAt)) / 1000).toFixed(2);
      const details = Object.entries(entry.details)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      return `  ${entry.ok ? 'ok  ' : 'FAIL'} ${entry.phase.padEnd(10)} ${entry.startedAt} (${seconds} s) ${details}`.trimEnd();
    }),
  ];
  return { record: closed, summary: `${lines.join('\n')}\n` };
}

/** Writes the record whole (temporary file, then rename): a failed write never leaves half a record. */
export function saveFailoverRecord(file: string, record: FailoverRecord): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function loadFailoverRecord(file: string): FailoverRecord {
  const record = JSON.parse(readFileSync(file, 'utf8')) as FailoverRecord;
  if (record.sop !== 'SOP-02' || !Array.isArray(record.phases))
    throw new Error(`${file}: not an SOP-02 failover record`);
  return record;
}
