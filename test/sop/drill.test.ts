/**
 * SOP-01 on a real PostgreSQL 15: a multi-tenant source archiving its WAL, a base backup, then drills that
 * restore it into fresh servers and check the result. Each failure case breaks one thing and must fail loudly.
 */
import { existsSync, readFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import * as path from 'node:path';
import type { DrillReport } from '../../src/sop/drill/report';
import { drillSummary, writeDrillReport } from '../../src/sop/drill/report';
import { recordSource, type SourceRecord } from '../../src/sop/drill/source-record';
import { type LocalBackup, takeBaseBackup } from '../../src/sop/local/base-backup';
import type { LocalCluster } from '../../src/sop/local/cluster';
import { runLocalDrill } from '../../src/sop/local/drill';
import { runOk } from '../../src/sop/local/run-as-server';
import { archiveCurrentSegment, archivingSettings } from '../../src/sop/local/wal-archive';
import { PostgresSandbox } from '../helpers/postgres';
import { createShop, MIGRATION_VERSION, orderInsert, SHOP_CHECKS } from '../helpers/sop-shop';
import { RowWriter } from '../helpers/sop-writer';
import { waitFor } from '../helpers/wait';

const check = (report: DrillReport, name: string) => {
  const found = report.checks.find((entry) => entry.name === name);
  if (!found) throw new Error(`no check "${name}" in ${report.checks.map((entry) => entry.name).join(', ')}`);
  return found;
};
const failedChecks = (report: DrillReport) =>
  report.checks.filter((entry) => entry.status === 'fail').map((entry) => entry.name);

let sandbox: PostgresSandbox;

/** A shop server archiving into `name`-archive (archive_timeout 1 s), with a base backup and its record. */
async function shopWithBackup(
  name: string,
): Promise<{ source: LocalCluster; backup: LocalBackup; record: SourceRecord }> {
  const archiveDir = sandbox.dir(`${name}-archive`);
  const source = await sandbox.start(name, archivingSettings(archiveDir, 1));
  await createShop(source);
  const backup = await takeBaseBackup(source, sandbox.path(`${name}-backup`), archiveDir);
  const client = await source.connect('shop');
  try {
    return { source, backup, record: await recordSource(client, SHOP_CHECKS) };
  } finally {
    await client.end();
  }
}

type Source = Awaited<ReturnType<typeof shopWithBackup>>;
let busy: Source;
let purged: Source;
let bulkDeleted: Source;

beforeAll(async () => {
  sandbox = PostgresSandbox.create('drill');
  // Built side by side: most of a base backup is waiting for its last segment to be archived.
  [busy, purged, bulkDeleted] = await Promise.all(['busy', 'purged', 'bulk-deleted'].map(shopWithBackup));
});

afterAll(async () => {
  await sandbox?.cleanup();
});

describe('a source with ongoing writes', () => {
  let source: LocalCluster;
  let backup: LocalBackup;
  let record: SourceRecord;
  let writer: RowWriter;

  beforeAll(async () => {
    ({ source, backup, record } = busy);
    writer = new RowWriter({
      endpoint: () => source.endpoint,
      database: 'shop',
      statement: orderInsert,
      pauseMs: 100,
    }).start();
    await writer.waitForMore(10);
    // archive_timeout (1 s) archives a segment holding some of the writer's commits.
    const written = new Date();
    await waitFor('a segment archived after the writer started', async () => {
      const [{ last }] = await source.query<{ last: Date | null }>(
        'SELECT last_archived_time AS last FROM pg_stat_archiver',
      );
      return last !== null && last > written;
    });
  });

  afterAll(async () => {
    await writer?.stop();
  });

  it('restores the newest restorable time, measures RPO and RTO, and passes every check', async () => {
    const reportDir = sandbox.dir('happy-report');
    const report = await runLocalDrill({ backup, record, checks: SHOP_CHECKS, workDir: sandbox.dir('happy') });

    expect(failedChecks(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(check(report, 'migration version').actual).toBe(MIGRATION_VERSION);
    // The writer kept committing after the backup: the restore holds more orders than were recorded.
    expect(Number(check(report, 'rows orders').actual)).toBeGreaterThan(record.tableCounts.orders);
    // RPO: the newest restored commit precedes the drill start by about the archive_timeout, not by minutes.
    const newest = Date.parse(report.newestRestorableTime!);
    expect(newest).toBeGreaterThan(Date.parse(record.recordedAt));
    expect(report.rpoSeconds).toBeCloseTo((Date.parse(report.startedAt) - newest) / 1000, 3);
    expect(report.rpoSeconds).toBeGreaterThan(0);
    expect(report.rpoSeconds).toBeLessThan(30);
    expect(report.rtoSeconds).toBeGreaterThanOrEqual(report.restoreSeconds!);
    expect(report.restoreSeconds).toBeGreaterThan(0);
    // The drill server is gone.
    expect(existsSync(sandbox.path('happy', 'restored'))).toBe(false);

    const files = writeDrillReport(reportDir, report);
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(report);
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toMatch(/^SOP-01 restore drill \(local\): PASSED\n/);
    expect(summary).toContain(`RPO ${report.rpoSeconds!.toFixed(1)} s`);
    expect(summary).toMatch(/^PASS +rows orders of tenant tenant-05 +expected \d+ ±15% /m);
  });

  it('fails loudly on a truncated backup and restores nothing', async () => {
    const truncated = sandbox.path('truncated-backup');
    await runOk('cp', ['-a', backup.dir, truncated]);
    // The largest relation file of the shop database, cut to half.
    const files = readdirSync(path.join(truncated, 'base'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /^\d+$/.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    const victim = files[0];
    truncateSync(victim, statSync(victim).size / 2);

    const report = await runLocalDrill({
      backup: { ...backup, dir: truncated },
      record,
      checks: SHOP_CHECKS,
      workDir: sandbox.dir('truncated'),
    });

    expect(report.passed).toBe(false);
    expect(failedChecks(report)).toEqual(['backup integrity']);
    expect(check(report, 'backup integrity').actual).toContain(path.relative(truncated, victim));
    expect(check(report, 'restore').status).toBe('not run');
    expect(check(report, 'rows orders').status).toBe('not run');
    expect(report.restoredAt).toBeNull();
    expect(drillSummary(report)).toMatch(/FAILED \(\d+ of \d+ checks\)[\s\S]*FAIL +backup integrity/);
  });

  // Last in this block: it stops the source's archiving.
  it('fails the RPO when the newest restorable commit is over 15 minutes before the drill start', async () => {
    // Archiving stalls (archive_command empty: WAL accumulates unarchived, 26.3.1) while the app keeps writing.
    source.configure({ ...archivingSettings(backup.archiveDir, 1), archive_command: '' });
    await source.reload();
    await writer.waitForMore(10);
    // The drill runs 16 minutes later by its clock: the source's commit times cannot be moved, the drill's clock can.
    const later = 16 * 60_000;
    const report = await runLocalDrill({
      backup,
      record,
      checks: SHOP_CHECKS,
      workDir: sandbox.dir('stale'),
      clock: () => new Date(Date.now() + later),
    });

    expect(failedChecks(report)).toEqual(['RPO', 'newest created_at']);
    expect(report.rpoSeconds).toBeGreaterThan(15 * 60);
    expect(check(report, 'RPO').actual).toBe(`${report.rpoSeconds!.toFixed(1)} s`);
    // What the RPO measures was lost: the source has orders committed after the newest restorable time.
    const [{ lost }] = await source.query<{ lost: string }>(
      'SELECT count(*) AS lost FROM orders WHERE created_at > $1',
      [new Date(report.newestRestorableTime!)],
      'shop',
    );
    expect(Number(lost)).toBeGreaterThan(0);
  });
});

describe('damage after the backup', () => {
  it("fails the sampled tenant's counts when its rows are gone, and a restore to before the purge passes", async () => {
    const { source, backup, record } = purged;
    // The app's last order before the purge: the newest commit a restore to `before` holds.
    await source.query(orderInsert(1).text, [...orderInsert(1).values], 'shop');
    const [{ before }] = await source.query<{ before: Date }>('SELECT clock_timestamp() AS before');
    await source.query(
      "DELETE FROM orders WHERE tenant_id = 'tenant-05'; DELETE FROM customers WHERE tenant_id = 'tenant-05'",
      [],
      'shop',
    );
    await archiveCurrentSegment(source);

    const latest = await runLocalDrill({ backup, record, checks: SHOP_CHECKS, workDir: sandbox.dir('purged-latest') });
    expect(latest.passed).toBe(false);
    expect(failedChecks(latest)).toEqual(['rows customers of tenant tenant-05', 'rows orders of tenant tenant-05']);
    expect(check(latest, 'rows orders of tenant tenant-05')).toEqual({
      name: 'rows orders of tenant tenant-05',
      status: 'fail',
      expected: '200 ±15% (170..230)',
      actual: '0',
    });
    // The totals stay within tolerance: only the per-tenant sample sees the loss.
    expect(check(latest, 'rows orders').status).toBe('pass');

    const beforePurge = await runLocalDrill({
      backup,
      record,
      checks: SHOP_CHECKS,
      workDir: sandbox.dir('purged-pitr'),
      targetTime: before,
    });
    expect(failedChecks(beforePurge)).toEqual([]);
    expect(check(beforePurge, 'rows orders of tenant tenant-05').actual).toBe('200');
    expect(Date.parse(beforePurge.newestRestorableTime!)).toBeLessThanOrEqual(before.getTime());
  });

  it('fails the row count of a table that lost rows beyond the tolerance', async () => {
    const { source, backup, record } = bulkDeleted;
    // A bulk delete of four tenants that are not sampled: 800 of 2000 orders.
    await source.query(
      "DELETE FROM orders WHERE tenant_id IN ('tenant-01', 'tenant-03', 'tenant-04', 'tenant-06')",
      [],
      'shop',
    );
    await archiveCurrentSegment(source);

    const report = await runLocalDrill({
      backup,
      record,
      checks: SHOP_CHECKS,
      workDir: sandbox.dir('bulk-deleted-drill'),
    });

    expect(failedChecks(report)).toEqual(['rows orders']);
    expect(check(report, 'rows orders')).toMatchObject({ expected: '2000 ±15% (1700..2300)', actual: '1200' });
    expect(drillSummary(report)).toMatch(/^FAIL +rows orders +expected 2000 ±15% \(1700\.\.2300\); got 1200$/m);
  });
});
