/**
 * Continuous WAL archiving into a local directory (PostgreSQL 15 docs, 26.3.1 "Setting Up WAL Archiving"): the
 * archive_command is the manual's own example, which refuses to overwrite a segment already archived.
 */
import { readdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalCluster } from './cluster';
import { makeServerDir } from './server-user';
import type { Settings } from './settings-file';

/** A path as one shell word; archive_command and restore_command run through the shell. */
function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Settings that archive every completed WAL segment of a server into `archiveDir`. archive_timeout forces a
 * segment switch at least that often when there was activity (20.5.3), so it bounds how old the newest
 * archived commit can be, i.e. the RPO of a restore from this archive.
 */
export function archivingSettings(archiveDir: string, archiveTimeoutSeconds: number): Settings {
  const dir = shellWord(archiveDir);
  return {
    archive_mode: 'on',
    archive_command: `test ! -f ${dir}/%f && cp %p ${dir}/%f`,
    archive_timeout: archiveTimeoutSeconds,
  };
}

/** The restore_command that reads segments back from the same directory (26.3.4). */
export function restoreCommand(archiveDir: string): string {
  return `cp ${shellWord(archiveDir)}/%f %p`;
}

/**
 * Forces a segment switch (pg_switch_wal, 9.27.3) and waits until the archiver reports that segment archived
 * (pg_stat_archiver.last_archived_wal, 28.2.13), so that everything committed before the call is restorable.
 */
export async function archiveCurrentSegment(cluster: LocalCluster, timeoutMs = 30_000): Promise<void> {
  const [{ segment }] = await cluster.query<{ segment: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS segment');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ last }] = await cluster.query<{ last: string | null }>(
      'SELECT last_archived_wal AS last FROM pg_stat_archiver',
    );
    // Segment names sort in WAL order within a timeline.
    if (last !== null && last >= segment) return;
    if (Date.now() > deadline) throw new Error(`WAL segment ${segment} not archived after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The archive as it is now, as a directory of links to the segments present: a restore from it cannot pick up
 * segments archived later. A drill reads the archive through this view taken at its start, so the restore holds
 * what was restorable when the drill began and RPO compares like with like (SOP-01 step 3 reads RDS's
 * LatestRestorableTime at the start the same way).
 */
export function archiveView(archiveDir: string, viewDir: string): string {
  makeServerDir(viewDir);
  for (const name of readdirSync(archiveDir)) symlinkSync(path.join(archiveDir, name), path.join(viewDir, name));
  return viewDir;
}
