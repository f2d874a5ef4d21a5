/**
 * The numbers a drill compares a restore with, read from the source database when the backup is taken: the
 * migration version, the main tables' row counts and the sampled tenants' counts. All in one read-only,
 * repeatable-read transaction, so they describe one snapshot.
 */
import type { Client } from 'pg';
import { type DrillChecks, quoteTable } from './drill-checks';

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

/** Reads the snapshot within the caller's transaction. */
export async function readSnapshot(client: Client, checks: DrillChecks): Promise<DatabaseSnapshot> {
  const table = (name: string) => quoteTable(name, (part) => client.escapeIdentifier(part));
  const column = (name: string) => client.escapeIdentifier(name);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0].n);

  const version = await client.query<{ v: string | null }>(
    `SELECT max(${column(checks.migrations.versionColumn)})::text AS v FROM ${table(checks.migrations.table)}`,
  );
  const tableCounts: Record<string, number> = {};
  for (const name of checks.tables) tableCounts[name] = await count(`SELECT count(*) AS n FROM ${table(name)}`);
  const tenantCounts: Record<string, Record<string, number>> = {};
  for (const tenant of checks.tenants.sample) {
    tenantCounts[tenant] = {};
    for (const name of checks.tenants.tables) {
      tenantCounts[tenant][name] = await count(
        `SELECT count(*) AS n FROM ${table(name)} WHERE ${column(checks.tenants.column)}::text = $1`,
        [tenant],
      );
    }
  }
  const newest = await client.query<{ newest: Date | null }>(
    `SELECT max(t) AS newest FROM (${checks.createdAt.tables
      .map((name) => `SELECT max(${column(checks.createdAt.column)}) AS t FROM ${table(name)}`)
      .join(' UNION ALL ')}) AS newest`,
  );
  return { migrationVersion: version.rows[0].v, tableCounts, tenantCounts, newestCreatedAt: newest.rows[0].newest };
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
