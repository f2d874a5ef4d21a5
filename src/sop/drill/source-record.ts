/**
 * The numbers a drill compares a restore with, read from the source database when the backup is taken: the
 * migration version, the main tables' row counts and the sampled tenants' counts. All in one read-only,
 * repeatable-read transaction, so they describe one snapshot.
 */
import type { Client } from 'pg';
import type { DrillChecks } from './drill-checks';
import { parseSnapshotJson, snapshotSql } from './snapshot-sql';

export interface SourceRecord {
  readonly recordedAt: string;
  readonly migrationVersion: string | null;
  /** Row count per main table. */
  readonly tableCounts: Readonly<Record<string, number>>;
  /** Row count per sampled tenant, then per table. */
  readonly tenantCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What the restored database holds, in the same shape: the checks compare the two. */
export type DatabaseSnapshot = Omit<SourceRecord, 'recordedAt'> & {
  /** Newest creation time over the createdAt tables; null when they are empty. */
  readonly newestCreatedAt: Date | null;
};

/** A snapshot from the JSON text of `snapshotSql`. */
export function snapshotFromJson(text: string, checks: DrillChecks): DatabaseSnapshot {
  const json = parseSnapshotJson(text, checks);
  return {
    migrationVersion: json.migrationVersion,
    tableCounts: json.tableCounts,
    tenantCounts: json.tenantCounts,
    newestCreatedAt: json.newestCreatedAt === null ? null : new Date(json.newestCreatedAt),
  };
}

/** Reads the snapshot: one statement, so one consistent view of the database. */
export async function readSnapshot(client: Client, checks: DrillChecks): Promise<DatabaseSnapshot> {
  const { rows } = await client.query<{ snapshot: string }>(snapshotSql(checks));
  return snapshotFromJson(rows[0].snapshot, checks);
}

/** Runs `work` in a read-only, repeatable-read transaction: one snapshot, and no write can slip in. */
export async function readOnly<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await work();
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Records the source at backup time. */
export async function recordSource(client: Client, checks: DrillChecks, at: Date = new Date()): Promise<SourceRecord> {
  const snapshot = await readOnly(client, () => readSnapshot(client, checks));
  return {
    recordedAt: at.toISOString(),
    migrationVersion: snapshot.migrationVersion,
    tableCounts: snapshot.tableCounts,
    tenantCounts: snapshot.tenantCounts,
  };
}
