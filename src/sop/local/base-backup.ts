/**
 * Base backups with pg_basebackup and their verification with pg_verifybackup (PostgreSQL 15 docs, 26.3.2 and
 * the two programs' reference pages).
 */
import * as path from 'node:path';
import { type LocalCluster, SUPERUSER } from './cluster';
import { postgresProgram } from './postgres-binaries';
import { run, runOk } from './run-as-server';

/** A base backup and the WAL archive it needs: together they restore to any time after the backup ended. */
export interface LocalBackup {
  /** Plain-format pg_basebackup output, with its backup_manifest. */
  readonly dir: string;
  /** The source's WAL archive (archive_command's target). */
  readonly archiveDir: string;
}

/**
 * Takes a plain-format base backup of a running, archiving server into `dir` (which must not exist).
 * `--wal-method=none`: the WAL comes from the archive, as in a PITR setup; pg_basebackup then waits until the
 * last segment the backup needs is archived (BASE_BACKUP's WAIT option, default true, 55.4), so the backup is
 * restorable when this returns. The server writes a backup_manifest listing every file with its size and
 * checksum.
 */
export async function takeBaseBackup(source: LocalCluster, dir: string, archiveDir: string): Promise<LocalBackup> {
  await runOk(postgresProgram('pg_basebackup'), [
    '--pgdata',
    dir,
    '--host',
    source.endpoint.host,
    '--port',
    String(source.port),
    '--username',
    SUPERUSER,
    '--format=plain',
    '--wal-method=none',
    '--checkpoint=fast',
    '--label',
    `sop ${path.basename(dir)}`,
  ]);
  return { dir, archiveDir };
}

export interface Verification {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * pg_verifybackup: every file of the manifest present with the recorded size and checksum, and the WAL from the
 * backup's start to its end parseable in the archive (`--wal-directory`), i.e. the backup can reach consistency.
 */
export async function verifyBackup(backup: LocalBackup): Promise<Verification> {
  const result = await run(postgresProgram('pg_verifybackup'), [`--wal-directory=${backup.archiveDir}`, backup.dir]);
  return { ok: result.status === 0, output: result.output.trim() };
}
