/**
 * Point-in-time restore of a base backup into a new server, following PostgreSQL 15 docs 26.3.4 "Recovering
 * Using a Continuous Archive Backup": copy the backup into a fresh data directory, empty pg_wal, set
 * restore_command, create recovery.signal, start. Without a target, recovery replays every segment the archive
 * has ("restoring the database to the current point in time (or as close as possible given the available WAL
 * segments)") and the server then leaves recovery by itself; with a target time it stops there and promotes
 * (recovery_target_time with recovery_target_action = 'promote', 20.5.6). Either way this returns once the
 * server accepts writes.
 */
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalBackup } from './base-backup';
import { LocalCluster } from './cluster';
import { runOk } from './run-as-server';
import { makeServerDir, writeServerFile } from './server-user';
import { restoreCommand } from './wal-archive';

export interface RestoreOptions {
  /** Directory of the new server (its data directory and log go inside); must not exist. */
  readonly dir: string;
  /** Stop recovery at this time; commits after it are not applied. @default the end of the archived WAL */
  readonly targetTime?: Date;
  /** How long recovery may take before the restore is abandoned. @default 10 minutes */
  readonly timeoutMs?: number;
}

/** A recovery_target_time value: numeric UTC offset, the form 20.5.6 recommends (no zone abbreviation). */
export function recoveryTargetTime(time: Date): string {
  return time.toISOString().replace('T', ' ').replace('Z', '+00');
}

/** Restores `backup` into a new, started server that has left recovery. The caller stops it. */
export async function restoreBackup(backup: LocalBackup, options: RestoreOptions): Promise<LocalCluster> {
  makeServerDir(options.dir);
  const dataDir = path.join(options.dir, 'data');
  // cp -a as the server user: the files stay its own, with their modes (26.3.4 step 4).
  await runOk('cp', ['-a', backup.dir, dataDir]);
  // 26.3.4 step 5: files in pg_wal came with the backup and are obsolete (none with --wal-method=none).
  const walDir = path.join(dataDir, 'pg_wal');
  for (const entry of readdirSync(walDir, { withFileTypes: true })) {
    if (entry.isFile()) rmSync(path.join(walDir, entry.name));
  }
  writeServerFile(path.join(dataDir, 'recovery.signal'), '');
  const cluster = LocalCluster.existing(options.dir);
  cluster.configure({
    restore_command: restoreCommand(backup.archiveDir),
    // The restored server must not archive: its new timeline would land in the source's archive.
    archive_mode: 'off',
    ...(options.targetTime && {
      recovery_target_time: recoveryTargetTime(options.targetTime),
      recovery_target_action: 'promote',
    }),
  });
  try {
    await cluster.start();
    await cluster.waitUntilPrimary(options.timeoutMs ?? 600_000);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
