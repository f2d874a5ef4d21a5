/**
 * What SOP-01 step 4 verifies on a restored database, as data: the platform file will supply it. Every check is
 * a read-only query; the numbers they are compared with are recorded from the source at backup time
 * (SourceRecord).
 */

/** A table name, optionally schema-qualified. */
export type TableName = string;

export interface DrillChecks {
  /** Database the checks read. */
  readonly database: string;
  /** The schema migrations table: its highest version must be the version recorded at backup time. */
  readonly migrations: { readonly table: TableName; readonly versionColumn: string };
  /** The main tables: each row count must be within `countTolerance` of the count recorded at backup time. */
  readonly tables: readonly TableName[];
  /**
   * Allowed difference from a recorded count, as a fraction of it (0.1 = within 10 %): the growth (or churn)
   * between the backup and the newest restorable time.
   */
  readonly countTolerance: number;
  /** Per-tenant row counts of sampled tenants, within the same tolerance of the recorded ones. */
  readonly tenants: {
    readonly column: string;
    readonly sample: readonly string[];
    readonly tables: readonly TableName[];
  };
  /** Tables with a row creation time: the newest must be within `rpoLimitSeconds` of the drill's start. */
  readonly createdAt: { readonly column: string; readonly tables: readonly TableName[] };
  /** Pass criterion: achieved RPO below this (SOP-01: 15 minutes). */
  readonly rpoLimitSeconds: number;
  /** Pass criterion: achieved restore RTO below this (SOP-01: 1 hour). */
  readonly rtoLimitSeconds: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/;
const TABLE = /^([a-z_][a-z0-9_$]{0,62}\.)?[a-z_][a-z0-9_$]{0,62}$/;

/** Problems with a DrillChecks, one `field: rule` line each; empty when it is valid. */
export function drillChecksProblems(checks: DrillChecks): string[] {
  const problems: string[] = [];
  const table = (field: string, value: string) => {
    if (!TABLE.test(value)) problems.push(`${field}: must be a lower-case table name, optionally schema.table`);
  };
  const column = (field: string, value: string) => {
    if (!IDENTIFIER.test(value)) problems.push(`${field}: must be a lower-case column name`);
  };
  const tables = (field: string, values: readonly string[]) => {
    if (values.length === 0) problems.push(`${field}: must list at least one table`);
    values.forEach((value, i) => table(`${field}[${i}]`, value));
  };
  if (!IDENTIFIER.test(checks.database)) problems.push('database: must be a lower-case database name');
  table('migrations.table', checks.migrations.table);
  column('migrations.versionColumn', checks.migrations.versionColumn);
  tables('tables', checks.tables);
  if (!(checks.countTolerance >= 0 && checks.countTolerance <= 1))
    problems.push('countTolerance: must be between 0 and 1');
  column('tenants.column', checks.tenants.column);
  if (checks.tenants.sample.length === 0) problems.push('tenants.sample: must list at least one tenant');
  tables('tenants.tables', checks.tenants.tables);
  column('createdAt.column', checks.createdAt.column);
  tables('createdAt.tables', checks.createdAt.tables);
  for (const limit of ['rpoLimitSeconds', 'rtoLimitSeconds'] as const) {
    if (!(checks[limit] > 0)) problems.push(`${limit}: must be a positive number of seconds`);
  }
  return problems;
}

/** Throws listing every problem when `checks` is not valid. */
export function assertDrillChecks(checks: DrillChecks): void {
  const problems = drillChecksProblems(checks);
  if (problems.length > 0) throw new Error(`invalid drill checks:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
