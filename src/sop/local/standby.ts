/**
 * A streaming-replication standby of a local primary (PostgreSQL 15 docs, 27.2.4 "Setting Up a Standby Server"
 * and 27.2.5 "Streaming Replication"): a base backup with its WAL streamed in (`--wal-method=stream`),
 * standby.signal, primary_conninfo and a physical replication slot (27.2.6) so the primary keeps every segment
 * the standby has not received.
 */
import * as path from 'node:path';
import { LocalCluster, SUPERUSER } from './cluster';
import { postgresProgram } from './postgres-binaries';
import { runOk } from './run-as-server';
import { makeServerDir, writeServerFile } from './server-user';

/** Creates and starts a standby of `primary` in `dir`; returns once the primary reports it streaming. */
export async function startStandby(primary: LocalCluster, dir: string, name: string): Promise<LocalCluster> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`standby name "${name}": must be a replication slot name`);
  makeServerDir(dir);
  await runOk(postgresProgram('pg_basebackup'), [
    '--pgdata',
    path.join(dir, 'data'),
    '--host',
    primary.endpoint.host,
    '--port',
    String(primary.port),
    '--username',
    SUPERUSER,
    '--wal-method=stream',
    '--checkpoint=fast',
    '--create-slot',
    '--slot',
    name,
  ]);
  const standby = LocalCluster.existing(dir);
  writeServerFile(path.join(standby.dataDir, 'standby.signal'), '');
  standby.configure({
    primary_conninfo: primary.conninfo(`application_name=${name}`),
    primary_slot_name: name,
    hot_standby: true,
  });
  await standby.start();
  await waitForStreaming(primary, name);
  return standby;
}

async function waitForStreaming(primary: LocalCluster, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await primary.query(
      "SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'",
      [name],
    );
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error(`standby ${name} not streaming after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
