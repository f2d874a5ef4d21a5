/**
 * Replica lag in seconds, the quantity of SOP-02 step 3's precondition and of the PostgresReplicationLagHigh
 * alert. postgres_exporter computes that metric on the replica as
 * `now() - pg_last_xact_replay_timestamp()` (collector/pg_replication.go), which keeps growing while the primary
 * is idle or dead even when the replica has applied everything. Here that formula applies only while the
 * replica is behind: the replay position (pg_last_wal_replay_lsn) short of the reference, which is the primary's
 * flushed WAL (pg_current_wal_flush_lsn, what the WAL sender can send) when the primary answers, else the WAL the
 * replica received (pg_last_wal_receive_lsn). Caught up means zero. All from PostgreSQL 15 docs 9.27.3 and
 * 9.27.4; the replay timestamp is "the time at which the commit or abort WAL record for that transaction was
 * generated on the primary".
 */
import type { LocalCluster } from './cluster';

export interface LagReading {
  /** Seconds the replica is behind; null when it is behind but has replayed no transaction to date it by. */
  readonly lagSeconds: number | null;
  /** What the replay position was compared with. */
  readonly reference: 'primary flush' | 'received';
  readonly referenceLsn: string | null;
  readonly replayLsn: string;
  readonly lastReplayAt: string | null;
}

export interface LagOptions {
  /** The primary, when it still answers. @default compare with the WAL the replica received */
  readonly primary?: LocalCluster;
  /** The moment the lag is measured at. @default the replica's clock (clock_timestamp()) */
  readonly at?: Date;
}

export async function measureLag(standby: LocalCluster, options: LagOptions = {}): Promise<LagReading> {
  const primaryLsn = options.primary ? await primaryFlushLsn(options.primary) : null;
  const [row] = await standby.query<{
    recovering: boolean;
    replay: string;
    reference: string | null;
    behind: boolean;
    last_replay: Date | null;
    seconds: string | null;
  }>(
    `SELECT pg_is_in_recovery() AS recovering,
            pg_last_wal_replay_lsn()::text AS replay,
            ref::text AS reference,
            pg_last_wal_replay_lsn() < ref AS behind,
            pg_last_xact_replay_timestamp() AS last_replay,
            EXTRACT(EPOCH FROM (coalesce($2::timestamptz, clock_timestamp()) - pg_last_xact_replay_timestamp()))::text
              AS seconds
       FROM (SELECT coalesce($1::pg_lsn, pg_last_wal_receive_lsn()) AS ref) AS reference`,
    [primaryLsn, options.at ?? null],
  );
  if (!row.recovering) throw new Error(`${standby.dir}: not a standby (not in recovery)`);
  const behind = row.behind === true;
  return {
    lagSeconds: !behind ? 0 : row.seconds === null ? null : Math.max(0, Number(row.seconds)),
    reference: primaryLsn ? 'primary flush' : 'received',
    referenceLsn: row.reference,
    replayLsn: row.replay,
    lastReplayAt: row.last_replay?.toISOString() ?? null,
  };
}

/** The primary's flushed WAL position, or null when it does not answer (lost primary). */
export async function primaryFlushLsn(primary: LocalCluster): Promise<string | null> {
  try {
    const [{ lsn }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn');
    return lsn;
  } catch {
    return null;
  }
}
