/**
 * SOP-02's phases on local servers: isolate (the gate cuts the app off), promote (precondition, then
 * pg_promote), repoint (the one endpoint value, isolation lifted), verify (the new primary has every row the
 * old one had and takes the app's new writes; the failover time). Each phase appends itself to the record.
 */
import type { Client } from 'pg';
import { checkPromotePrecondition, MAX_PROMOTE_LAG_SECONDS } from '../failover/precondition';
import { type FailoverRecord, phaseOf, recordPhase } from '../failover/record';
import type { Endpoint, LocalCluster } from './cluster';
import type { DatabaseGate } from './database-gate';
import type { EndpointFile } from './endpoint-file';
import { measureLag, primaryFlushLsn } from './replication-lag';

/** Step 2: no app connection reaches any database. */
export function isolate(record: FailoverRecord, gate: DatabaseGate): Promise<FailoverRecord> {
  return recordPhase(record, 'isolate', async () => ({ ok: true, details: { connectionsCut: gate.isolate() } }));
}

export interface PromoteOptions {
  readonly standby: LocalCluster;
  /** The old primary, when it still answers: the lag is measured against it and its last WAL is drained. */
  readonly primary?: LocalCluster;
  /** Promote although the lag is above the limit or unknown. @default false */
  readonly force?: boolean;
  /** @default MAX_PROMOTE_LAG_SECONDS (60) */
  readonly maxLagSeconds?: number;
  /** The moment the lag is measured at. @default the replica's clock */
  readonly at?: Date;
  /** How long to wait for the replica to receive the old primary's last WAL. @default 30 s */
  readonly drainTimeoutMs?: number;
}

/**
 * Step 3. Checks the lag precondition (throws PromoteRefused above the limit unless forced). With the old
 * primary still answering and the app isolated, waits until the replica has received all WAL the primary had
 * flushed: promotion replays whatever was received ("Before failover, any WAL immediately available in the
 * archive or in pg_wal will be restored", PostgreSQL 15 docs 27.2.2), so nothing committed before isolation is
 * lost. Then pg_promote(wait => true) (9.27.4), which returns true once the server accepts writes; a pause of
 * replay ends when promotion is triggered (9.27.4).
 */
export function promote(record: FailoverRecord, options: PromoteOptions): Promise<FailoverRecord> {
  phaseOf(record, 'isolate');
  return recordPhase(record, 'promote', async () => {
    const lag = await measureLag(options.standby, { primary: options.primary, at: options.at });
    const { forced } = checkPromotePrecondition(lag.lagSeconds, {
      force: options.force ?? false,
      maxLagSeconds: options.maxLagSeconds ?? MAX_PROMOTE_LAG_SECONDS,
    });
    const drainedTo = options.primary
      ? await drain(options.standby, options.primary, options.drainTimeoutMs ?? 30_000)
      : null;
    const [{ promoted }] = await options.standby.query<{ promoted: boolean }>(
      'SELECT pg_promote(true, 60) AS promoted',
    );
    if (!promoted)
      throw new Error(`${options.standby.dir}: pg_promote did not complete within 60 s:\n${options.standby.logTail()}`);
    return {
      ok: true,
      details: { lagSeconds: lag.lagSeconds, lagReference: lag.reference, forced, drainedTo },
    };
  });
}

/** Waits until the replica has received the primary's flushed WAL as of now; returns that position. */
async function drain(standby: LocalCluster, primary: LocalCluster, timeoutMs: number): Promise<string | null> {
  const target = await primaryFlushLsn(primary);
  if (target === null) return null;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ received }] = await standby.query<{ received: boolean }>(
      'SELECT coalesce(pg_last_wal_receive_lsn() >= $1::pg_lsn, false) AS received',
      [target],
    );
    if (received) return target;
    if (Date.now() > deadline) {
      throw new Error(`the replica has not received the primary's WAL up to ${target} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Step 4: the app's one database value points at the new primary, and isolation is lifted. */
export function repoint(
  record: FailoverRecord,
  file: EndpointFile,
  to: Endpoint,
  gate: DatabaseGate,
): Promise<FailoverRecord> {
  phaseOf(record, 'promote');
  return recordPhase(record, 'repoint', async () => {
    file.write(to);
    gate.allow();
    return { ok: true, details: { endpoint: `${to.host}:${to.port}` } };
  });
}

/** The table whose rows prove the failover: the app's writes, with a key and a creation time. */
export interface FailoverTable {
  readonly name: string;
  readonly keyColumn: string;
  readonly createdAtColumn: string;
}

export interface VerifyOptions {
  readonly newPrimary: LocalCluster;
  /** The old primary, when it can still be read: every row on it must be on the new primary. */
  readonly oldPrimary?: LocalCluster;
  readonly table: FailoverTable;
  readonly database?: string;
  /** How long to wait for the app's first write on the new primary. @default 30 s */
  readonly timeoutMs?: number;
}

/**
 * Step 5: the new primary is out of recovery; with the old primary readable, none of its rows is missing on the
 * new one (the app could not write to it after isolation, so these are all rows committed before); the app's
 * writes land on the new primary. Failover time: from the start of isolation to the creation time of the first
 * row written on the new primary after its promotion.
 */
export function verify(record: FailoverRecord, options: VerifyOptions): Promise<FailoverRecord> {
  const isolatedAt = new Date(phaseOf(record, 'isolate').startedAt);
  const promotedAt = new Date(phaseOf(record, 'promote').finishedAt);
  return recordPhase(record, 'verify', async () => {
    const db = options.database ?? 'postgres';
    const { newPrimary, oldPrimary, table } = options;
    const client = await newPrimary.connect(db);
    try {
      const id = (name: string) => client.escapeIdentifier(name);
      const [{ recovering }] = (await client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering'))
        .rows;
      let missing: number | null = null;
      let oldRows: number | null = null;
      if (oldPrimary) {
        const keys = (
          await oldPrimary.query<{ key: string }>(
            `SELECT ${id(table.keyColumn)}::text AS key FROM ${id(table.name)}`,
            [],
            db,
          )
        ).map((row) => row.key);
        oldRows = keys.length;
        const [{ count }] = (
          await client.query<{ count: string }>(
            `SELECT count(*) AS count FROM unnest($1::text[]) AS k(key)
              WHERE NOT EXISTS (SELECT 1 FROM ${id(table.name)} t WHERE t.${id(table.keyColumn)}::text = k.key)`,
            [keys],
          )
        ).rows;
        missing = Number(count);
      }
      const firstWrite = await firstWriteAfter(client, table, id, promotedAt, options.timeoutMs ?? 30_000);
      const failoverSeconds = firstWrite ? (firstWrite.getTime() - isolatedAt.getTime()) / 1000 : null;
      return {
        ok: !recovering && (missing ?? 0) === 0 && firstWrite !== null,
        details: {
          newPrimaryInRecovery: recovering,
          rowsOnOldPrimary: oldRows,
          missingOnNewPrimary: missing,
          firstNewWriteAt: firstWrite?.toISOString() ?? null,
          failoverSeconds,
        },
      };
    } finally {
      await client.end();
    }
  });
}

async function firstWriteAfter(
  client: Client,
  table: FailoverTable,
  id: (name: string) => string,
  after: Date,
  timeoutMs: number,
): Promise<Date | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ first }] = (
      await client.query<{ first: Date | null }>(
        `SELECT min(${id(table.createdAtColumn)}) AS first FROM ${id(table.name)} WHERE ${id(table.createdAtColumn)} > $1`,
        [after],
      )
    ).rows;
    if (first !== null || Date.now() > deadline) return first;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
