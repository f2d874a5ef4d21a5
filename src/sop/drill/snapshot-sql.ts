/**
 * What the drill reads from a database, as one SQL statement that returns one JSON text: the migration version,
 * the main tables' counts, the sampled tenants' counts and the newest creation time. One statement reads one
 * snapshot, so the numbers agree with each other. The same text runs through node-postgres (the local drill,
 * the source record) and through psql in the cluster's check Job (the cloud drill), so both drills count alike.
 */
import type { DrillChecks } from './drill-checks';

/** A table or column name as a quoted SQL identifier, part by part (names are validated first). */
export function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

/** A text literal (standard_conforming_strings is on since PostgreSQL 9.1: only quotes need doubling). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const object = (entries: readonly (readonly [string, string])[]): string =>
  `json_build_object(${entries.map(([key, value]) => `${quoteLiteral(key)}, ${value}`).join(', ')})`;

/** The statement: one row, one column `snapshot` holding the JSON text that `parseSnapshotJson` reads. */
export function snapshotSql(checks: DrillChecks): string {
  const count = (table: string, where = '') => `(SELECT count(*) FROM ${quoteIdentifier(table)}${where})`;
  const tenantColumn = quoteIdentifier(checks.tenants.column);
  const created = quoteIdentifier(checks.createdAt.column);
  const newest = checks.createdAt.tables
    .map((table) => `SELECT max(${created}) AS t FROM ${quoteIdentifier(table)}`)
    .join(' UNION ALL ');
  return `SELECT ${object([
    [
      'migrationVersion',
      `(SELECT max(${quoteIdentifier(checks.migrations.versionColumn)})::text FROM ${quoteIdentifier(checks.migrations.table)})`,
    ],
    ['tableCounts', object(checks.tables.map((table) => [table, count(table)]))],
    [
      'tenantCounts',
      object(
        checks.tenants.sample.map((tenant) => [
          tenant,
          object(
            checks.tenants.tables.map((table) => [
              table,
              count(table, ` WHERE ${tenantColumn}::text = ${quoteLiteral(tenant)}`),
            ]),
          ),
        ]),
      ),
    ],
    ['newestCreatedAt', `(SELECT max(t) FROM (${newest}) AS newest)`],
  ])}::text AS snapshot`;
}

export interface SnapshotJson {
  readonly migrationVersion: string | null;
  readonly tableCounts: Readonly<Record<string, number>>;
  readonly tenantCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** ISO 8601 text as PostgreSQL's JSON output writes timestamptz, or null. */
  readonly newestCreatedAt: string | null;
}

/** Reads the statement's JSON text; throws naming what is missing when it is not the drill's snapshot. */
export function parseSnapshotJson(text: string, checks: DrillChecks): SnapshotJson {
  const value = JSON.parse(text) as SnapshotJson;
  const missing = [
    ...checks.tables.filter((table) => typeof value.tableCounts?.[table] !== 'number').map((t) => `tableCounts.${t}`),
    ...checks.tenants.sample.flatMap((tenant) =>
      checks.tenants.tables
        .filter((table) => typeof value.tenantCounts?.[tenant]?.[table] !== 'number')
        .map((table) => `tenantCounts.${tenant}.${table}`),
    ),
  ];
  if (missing.length > 0) throw new Error(`not a drill snapshot: missing ${missing.join(', ')}`);
  return value;
}
