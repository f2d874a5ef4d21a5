/**
 * The drill's check Job, as a POSIX shell script for the postgres Alpine image (BusyBox sh, wget, base64 and tr,
 * and psql): the snapshot statement on production's read replica (the numbers the restore is compared with) and on
 * the restored instance, then the read-only API calls to the temporary app. It judges nothing: each result becomes
 * one log line, `sop-drill <kind> <id> ok|fail <base64 payload>`, which `parseCheckOutput` reads back and the
 * command evaluates. It exits 0 once every line is out. psql gives up on a connection after PGCONNECT_TIMEOUT and
 * on a statement after statement_timeout (the Job's environment); wget has no timeout of its own (Debian's BusyBox
 * is built without `-T`, which then crashes), so the Job's activeDeadlineSeconds bounds a hung request: the log is
 * then incomplete and the drill fails.
 */
import type { ApiRequest, ApiResponse } from '../drill/api-checks';

/** Where the Job mounts the script and the snapshot statement. */
export const CHECKS_DIR = '/sop';
export const SCRIPT_FILE = 'checks.sh';
export const SNAPSHOT_FILE = 'snapshot.sql';

/** A word for sh, single-quoted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function checkScript(requests: readonly ApiRequest[]): string {
  const calls = requests.map((request) => `call ${shellQuote(request.id)} ${shellQuote(request.path)}`);
  return [
    '#!/bin/sh',
    '# SOP-01 restore drill checks, rendered by `npm run sop -- drill` (src/sop/cluster/check-script.ts).',
    'set -u',
    'dir="${SOP_DIR:-' + CHECKS_DIR + '}"',
    'emit() { printf \'sop-drill %s %s %s %s\\n\' "$1" "$2" "$3" "$(printf \'%s\' "$4" | base64 | tr -d \'\\n\')"; }',
    '# The snapshot statement (one read-only statement: one view of the database) on one server.',
    'snapshot() {',
    `  if out=$(PGHOST="$2" PGPORT="$3" psql -X -A -t -q -v ON_ERROR_STOP=1 -f "$dir/${SNAPSHOT_FILE}" 2>&1); then`,
    '    emit sql "$1" ok "$out"',
    '  else',
    '    emit sql "$1" fail "$out"',
    '  fi',
    '}',
    '# One GET to the temporary app; wget fails on a status other than 2xx.',
    'call() {',
    `  if out=$(wget -q -O - "$APP_URL$2" 2>&1); then`,
    '    emit api "$1" ok "$out"',
    '  else',
    '    emit api "$1" fail "$out"',
    '  fi',
    '}',
    'snapshot source "$SOURCE_HOST" "$SOURCE_PORT"',
    'snapshot restored "$RESTORED_HOST" "$RESTORED_PORT"',
    ...calls,
    "echo 'sop-drill done'",
    '',
  ].join('\n');
}

/** What the Job printed, read back. */
export interface CheckOutput {
  /** The snapshot statement's JSON text per server (`source`, `restored`), or the error psql printed. */
  readonly sql: ReadonlyMap<string, ApiResponse>;
  readonly api: ReadonlyMap<string, ApiResponse>;
  /** False when the script did not reach its end (killed, or the log was cut). */
  readonly complete: boolean;
}

const LINE = /^sop-drill (sql|api) (\S+) (ok|fail)(?: ([A-Za-z0-9+/=]*))?$/;

/** Reads the Job's log; lines that are not the script's own are ignored (the image may log too). */
export function parseCheckOutput(log: string): CheckOutput {
  const sql = new Map<string, ApiResponse>();
  const api = new Map<string, ApiResponse>();
  let complete = false;
  for (const line of log.split('\n')) {
    if (line.trim() === 'sop-drill done') complete = true;
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const [, kind, id, status, payload] = match;
    const text = Buffer.from(payload ?? '', 'base64').toString('utf8');
    (kind === 'sql' ? sql : api).set(id, { ok: status === 'ok', text });
  }
  return { sql, api, complete };
}
