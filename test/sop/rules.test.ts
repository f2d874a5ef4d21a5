/**
 * The SOP engine's rules that need no server: the promote precondition, the drill checks' validation and count
 * tolerance, conf and shell quoting, and the message when PostgreSQL is missing.
 */
import { checkPromotePrecondition, MAX_PROMOTE_LAG_SECONDS, PromoteRefused } from '../../src/sop/failover/precondition';
import { drillChecksProblems } from '../../src/sop/drill/drill-checks';
import { evaluateSnapshot } from '../../src/sop/drill/evaluate';
import { postgresProgram } from '../../src/sop/local/postgres-binaries';
import { recoveryTargetTime } from '../../src/sop/local/restore';
import { settingLine } from '../../src/sop/local/settings-file';
import { archivingSettings, restoreCommand } from '../../src/sop/local/wal-archive';
import { SHOP_CHECKS } from '../helpers/sop-shop';

describe('promote precondition (SOP-02 step 3)', () => {
  it('allows a lag up to one minute and refuses above it, saying how to override', () => {
    expect(MAX_PROMOTE_LAG_SECONDS).toBe(60);
    expect(checkPromotePrecondition(0, { force: false })).toEqual({ forced: false });
    expect(checkPromotePrecondition(60, { force: false })).toEqual({ forced: false });
    expect(() => checkPromotePrecondition(60.5, { force: false })).toThrow(PromoteRefused);
    expect(() => checkPromotePrecondition(60.5, { force: false })).toThrow(
      'refusing to promote: replica lag 60.5 s is above 60 s; the lag is the data the failover loses (SOP-02 step 3). Rerun with --force to promote anyway.',
    );
  });

  it('refuses an unknown lag, and lets force override either refusal', () => {
    expect(() => checkPromotePrecondition(null, { force: false })).toThrow(/replica lag is unknown/);
    expect(checkPromotePrecondition(null, { force: true })).toEqual({ forced: true });
    expect(checkPromotePrecondition(3600, { force: true })).toEqual({ forced: true });
    expect(checkPromotePrecondition(5, { force: true })).toEqual({ forced: false });
  });
});

describe('drill checks', () => {
  it('accept the shop checks and name every bad field with its rule', () => {
    expect(drillChecksProblems(SHOP_CHECKS)).toEqual([]);
    const bad = {
      ...SHOP_CHECKS,
      database: 'Shop',
      tables: ['orders; DROP TABLE orders'],
      countTolerance: 1.5,
      tenants: { ...SHOP_CHECKS.tenants, sample: [] },
      rpoLimitSeconds: 0,
    };
    expect(drillChecksProblems(bad)).toEqual([
      'database: must be a lower-case database name',
      'tables[0]: must be a lower-case table name, optionally schema.table',
      'countTolerance: must be between 0 and 1',
      'tenants.sample: must list at least one tenant',
      'rpoLimitSeconds: must be a positive number of seconds',
    ]);
  });

  it('compare counts within the tolerance, both ways, and mark everything not run without a restore', () => {
    const record = {
      recordedAt: '2024-06-01T00:00:00.000Z',
      migrationVersion: '7',
      tableCounts: { tenants: 10, customers: 500, orders: 2000 },
      tenantCounts: Object.fromEntries(SHOP_CHECKS.tenants.sample.map((t) => [t, { customers: 50, orders: 200 }])),
    };
    const start = new Date('2024-06-01T00:10:00.000Z');
    const restored = {
      migrationVersion: '7',
      tableCounts: { tenants: 10, customers: 425, orders: 2301 },
      tenantCounts: record.tenantCounts,
      newestCreatedAt: new Date('2024-05-31T23:55:00.000Z'),
    };
    const results = evaluateSnapshot(SHOP_CHECKS, record, restored, start);
    const status = Object.fromEntries(results.map((r) => [r.name, r.status]));
    expect(status).toMatchObject({ 'migration version': 'pass', 'rows customers': 'pass', 'rows orders': 'fail' });
    expect(results.find((r) => r.name === 'rows orders')).toMatchObject({
      expected: '2000 ±15% (1700..2300)',
      actual: '2301',
    });
    expect(results.find((r) => r.name === 'newest created_at')).toMatchObject({
      status: 'pass',
      actual: '2024-05-31T23:55:00.000Z, 900.0 s before the start',
    });
    const stale = evaluateSnapshot(
      SHOP_CHECKS,
      record,
      { ...restored, newestCreatedAt: new Date('2024-05-31T23:54:59.000Z') },
      start,
    );
    expect(stale.find((r) => r.name === 'newest created_at')).toMatchObject({
      status: 'fail',
      actual: '2024-05-31T23:54:59.000Z, 901.0 s before the start',
    });
    expect(new Set(evaluateSnapshot(SHOP_CHECKS, record, undefined, start).map((r) => r.status))).toEqual(
      new Set(['not run']),
    );
  });
});

describe('local server plumbing', () => {
  it('quotes configuration strings and shell paths', () => {
    expect(settingLine('archive_command', "cp %p '/a b'/%f")).toBe("archive_command = 'cp %p ''/a b''/%f'");
    expect(settingLine('fsync', false)).toBe('fsync = off');
    expect(settingLine('port', 5433)).toBe('port = 5433');
    expect(() => settingLine('port = 1\nfsync', 1)).toThrow(/must be a PostgreSQL parameter name/);
    expect(archivingSettings("/tmp/it's", 60).archive_command).toBe(
      "test ! -f '/tmp/it'\\''s'/%f && cp %p '/tmp/it'\\''s'/%f",
    );
    expect(restoreCommand('/srv/archive')).toBe("cp '/srv/archive'/%f %p");
    expect(recoveryTargetTime(new Date('2024-06-01T12:34:56.789Z'))).toBe('2024-06-01 12:34:56.789+00');
  });

  it('fails with the install command when PostgreSQL 15 is missing', () => {
    expect(() => postgresProgram('initdb', '/nonexistent/bin')).toThrow(
      'PostgreSQL 15 is not installed: /nonexistent/bin/initdb is missing; install PostgreSQL 15 from Debian: as root `apt-get install postgresql-15` (`npm run setup:tools` does it)',
    );
  });
});
