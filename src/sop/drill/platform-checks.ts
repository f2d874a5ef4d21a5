/** The drill's checks of one environment, from the platform file's `sop.restoreDrill` section. */
import type { Platform, RestoreDrillConfig } from '../../config';
import type { DrillChecks } from './drill-checks';

/** The platform file cannot drill this environment: names the field to add. */
export class DrillNotConfigured extends Error {}

/** The `sop.restoreDrill` section; throws DrillNotConfigured when the platform file has none. */
export function restoreDrillConfig(platform: Platform): RestoreDrillConfig {
  const drill = platform.sop?.restoreDrill;
  if (!drill) {
    throw new DrillNotConfigured(
      'sop.restoreDrill: is not in the platform file; the drill needs its tables, tenants and API calls',
    );
  }
  return drill;
}

/** DrillChecks of `environment`: its database and sampled tenants, the section's tables, tolerance and limits. */
export function drillChecksFor(platform: Platform, environment: string): DrillChecks {
  const drill = restoreDrillConfig(platform);
  const sample = drill.sampledTenants[environment];
  if (!sample) {
    throw new DrillNotConfigured(
      `sop.restoreDrill.sampledTenants.${environment}: is not set; the drill compares the counts of sampled tenants`,
    );
  }
  return {
    database: platform.environments[environment].database.name,
    migrations: drill.migrations,
    tables: drill.tables,
    countTolerance: drill.countTolerance,
    tenants: { column: drill.tenants.column, sample, tables: drill.tenants.tables },
    createdAt: drill.createdAt,
    rpoLimitSeconds: drill.rpoLimitSeconds,
    rtoLimitSeconds: drill.rtoLimitSeconds,
  };
}
