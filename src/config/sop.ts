/**
 * The `sop` section: what SOP-01 (the quarterly restore drill) checks on a restored database, and the read-only API
 * calls the drill makes against a temporary instance of the app pointed at it. The data model is the app's, so the
 * platform file states it; the limits are the manual's (RPO < 15 min, RTO < 1 h).
 */
import { z } from 'zod';
import { dnsLabel, port } from './primitives';

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_$]{0,62}$/, 'must be a lower-case PostgreSQL identifier (letters, digits, "_", "$")');

const table = z
  .string()
  .regex(
    /^([a-z_][a-z0-9_$]{0,62}\.)?[a-z_][a-z0-9_$]{0,62}$/,
    'must be a lower-case table name, optionally schema.table',
  );

const tables = z.array(table).min(1, 'must list at least one table');

const seconds = z.number({ error: 'must be a number of seconds' }).int('must be an integer').positive('must be > 0');

/** A read-only call the drill's Job makes to the temporary app, and the count its answer must hold. */
export const drillApiCallSchema = z.strictObject({
  /** Names the call in the report. */
  name: dnsLabel,
  /**
   * Path of a GET request to the service; `{tenant}` makes it a call per sampled tenant, with the tenant's id there.
   */
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9._~!$&()*+,;=:@%/{}?-]*$/, 'must be an absolute request path such as /internal/users/count'),
  /**
   * The answer is JSON whose `field` (a dot path) is a number equal to the restored database's row count of `table`
   * (of the tenant, for a call per tenant): the app and the SQL checks read the same, unchanging restore.
   */
  count: z.strictObject({
    field: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dot path such as data.count'),
    table,
  }),
});

export const restoreDrillSchema = z.strictObject({
  /**
   * The schema migrations table: its highest version must be the one recorded from production.
   * @default { table: schema_migrations, versionColumn: version }
   */
  migrations: z
    .strictObject({ table, versionColumn: identifier })
    .default({ table: 'schema_migrations', versionColumn: 'version' }),
  /** The main tables: each row count must be within `countTolerance` of production's. */
  tables,
  /**
   * Allowed difference from production's counts, as a fraction (0.05 = 5 %): the growth between the newest
   * restorable time and the moment production is read.
   * @default 0.05
   */
  countTolerance: z
    .number({ error: 'must be a number' })
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(0.05),
  /** Per-tenant counts: the column holding the tenant id, and the tables counted per sampled tenant. */
  tenants: z.strictObject({
    /** @default tenant_id */
    column: identifier.default('tenant_id'),
    tables,
  }),
  /**
   * Tenant ids whose counts the drill compares, per environment (tenants differ between environments). An
   * environment without a sample cannot be drilled.
   */
  sampledTenants: z.record(
    dnsLabel,
    z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a tenant id')).min(1, 'must list at least one'),
  ),
  /** Tables with a creation time: the newest must be within the RPO limit of the drill's start. */
  createdAt: z.strictObject({
    /** @default created_at */
    column: identifier.default('created_at'),
    tables,
  }),
  /**
   * Pass criterion: achieved RPO at most this (SOP-01: 15 minutes).
   * @default 900
   */
  rpoLimitSeconds: seconds.default(900),
  /**
   * Pass criterion: restore and verification within this (SOP-01: 1 hour).
   * @default 3600
   */
  rtoLimitSeconds: seconds.default(3600),
  /**
   * Port of the drill's restored instance. It differs from `database.port`, which is all the app's NetworkPolicy
   * lets production pods reach, so no production pod can reach the restore.
   * @default 5433
   */
  port: port.default(5433),
  /**
   * Image of the drill's check Job: psql for the SQL checks and BusyBox wget for the API calls.
   * @default public.ecr.aws/docker/library/postgres:17-alpine
   */
  image: z
    .string()
    .regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+:[A-Za-z0-9._-]+$/, 'must be an image with a tag')
    .default('public.ecr.aws/docker/library/postgres:17-alpine'),
  /**
   * When environments whose profile has `scheduledRestoreDrill` run the drill (cron, UTC): quarterly by default,
   * 05:00 on the 2nd day of January, April, July and October.
   * @default '0 5 2 1,4,7,10 *'
   */
  schedule: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a cron expression of five fields')
    .default('0 5 2 1,4,7,10 *'),
  /** The read-only API calls against the temporary instance of the app. */
  api: z.strictObject({
    /** The http service the drill runs a temporary instance of. */
    service: dnsLabel,
    calls: z.array(drillApiCallSchema).min(1, 'must list at least one call'),
  }),
});

export const sopSchema = z.strictObject({
  /** SOP-01, the restore drill. */
  restoreDrill: restoreDrillSchema,
});

export type SopConfig = z.infer<typeof sopSchema>;
export type RestoreDrillConfig = z.infer<typeof restoreDrillSchema>;
export type DrillApiCall = z.infer<typeof drillApiCallSchema>;
