/** Compares a restored database with the source's record: the data checks of SOP-01 step 4. */
import type { DrillChecks } from './drill-checks';
import type { CheckResult } from './report';
import type { DatabaseSnapshot, SourceRecord } from './source-record';

/** A check's status: `not run` when there is no restored database to look at. */
const status = (ok: boolean | undefined): CheckResult['status'] =>
  ok === undefined ? 'not run' : ok ? 'pass' : 'fail';
const NOT_RUN = '(not run)';

/** A count check: |actual - recorded| <= tolerance x recorded. */
function countCheck(
  name: string,
  recorded: number | undefined,
  actual: number | undefined,
  tolerance: number,
): CheckResult {
  if (recorded === undefined) {
    return {
      name,
      status: status(actual === undefined ? undefined : false),
      expected: 'a count recorded at backup time',
      actual: `${actual ?? NOT_RUN}`,
    };
  }
  // Counts are whole numbers: the allowance is the whole part of tolerance x recorded (rounded first, so 200 x 0.15
  // is 30, not 29.999...).
  const allowance = Math.floor(Math.round(recorded * tolerance * 1e6) / 1e6);
  const low = recorded - allowance;
  const high = recorded + allowance;
  return {
    name,
    status: status(actual === undefined ? undefined : actual >= low && actual <= high),
    expected: `${recorded} ±${Math.round(tolerance * 100)}% (${low}..${high})`,
    actual: `${actual ?? NOT_RUN}`,
  };
}

/** The data checks, in the order the summary lists them; all `not run` when `restored` is undefined. */
export function evaluateSnapshot(
  checks: DrillChecks,
  record: SourceRecord,
  restored: DatabaseSnapshot | undefined,
  drillStart: Date,
): CheckResult[] {
  const version = restored?.migrationVersion;
  const results: CheckResult[] = [
    {
      name: 'migration version',
      status: status(restored && version !== null && version === record.migrationVersion),
      expected: `${record.migrationVersion}`,
      actual: `${restored ? version : NOT_RUN}`,
    },
  ];
  for (const table of checks.tables) {
    results.push(
      countCheck(`rows ${table}`, record.tableCounts[table], restored?.tableCounts[table], checks.countTolerance),
    );
  }
  for (const tenant of checks.tenants.sample) {
    for (const table of checks.tenants.tables) {
      results.push(
        countCheck(
          `rows ${table} of tenant ${tenant}`,
          record.tenantCounts[tenant]?.[table],
          restored?.tenantCounts[tenant][table],
          checks.countTolerance,
        ),
      );
    }
  }
  const newest = restored?.newestCreatedAt ?? null;
  const age = newest ? (drillStart.getTime() - newest.getTime()) / 1000 : null;
  results.push({
    name: `newest ${checks.createdAt.column}`,
    status: status(restored && age !== null && age <= checks.rpoLimitSeconds),
    expected: `within ${checks.rpoLimitSeconds} s (the RPO limit) before the drill start`,
    actual: !restored
      ? NOT_RUN
      : newest && age !== null
        ? `${newest.toISOString()}, ${age.toFixed(1)} s before the start`
        : 'no rows',
  });
  return results;
}
