/**
 * SOP-02 on real PostgreSQL 15 streaming replication: a primary and a standby on loopback, an app writer
 * committing rows through the gate that stands in for the NetworkPolicy, then isolate, promote, repoint and
 * verify, with the record kept in a file between phases as the CLI keeps it.
 */
import { PromoteRefused } from '../../src/sop/failover/precondition';
import {
  closeFailover,
  declareFailover,
  loadFailoverRecord,
  phaseOf,
  saveFailoverRecord,
} from '../../src/sop/failover/record';
import type { LocalCluster } from '../../src/sop/local/cluster';
import { DatabaseGate } from '../../src/sop/local/database-gate';
import { EndpointFile } from '../../src/sop/local/endpoint-file';
import { isolate, promote, repoint, verify } from '../../src/sop/local/failover';
import { measureLag } from '../../src/sop/local/replication-lag';
import { startStandby } from '../../src/sop/local/standby';
import { PostgresSandbox } from '../helpers/postgres';
import { RowWriter } from '../helpers/sop-writer';
import { sleep, waitFor } from '../helpers/wait';

const EVENTS = { name: 'events', keyColumn: 'id', createdAtColumn: 'created_at' };
const insertEvent = (seq: number) => ({ text: 'INSERT INTO events (id) VALUES ($1)', values: [seq] });

let sandbox: PostgresSandbox;
const gates: DatabaseGate[] = [];
const writers: RowWriter[] = [];

beforeAll(() => {
  sandbox = PostgresSandbox.create('failover');
});

afterAll(async () => {
  await Promise.all(writers.map((writer) => writer.stop()));
  await Promise.all(gates.map((gate) => gate.close()));
  await sandbox?.cleanup();
});

/** A primary with the events table and a streaming standby of it. */
async function replicatedPair(name: string): Promise<{ primary: LocalCluster; standby: LocalCluster }> {
  const primary = await sandbox.start(`${name}-primary`);
  await primary.query(
    'CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  const standby = await sandbox.track(await startStandby(primary, sandbox.path(`${name}-standby`), `${name}_standby`));
  return { primary, standby };
}

async function eventIds(cluster: LocalCluster, ids: readonly number[]): Promise<number> {
  const [{ n }] = await cluster.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1)', [ids]);
  return Number(n);
}

async function inRecovery(cluster: LocalCluster): Promise<boolean> {
  const [{ recovering }] = await cluster.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
  return recovering;
}

it('fails over with a writer: no committed row lost, new writes on the new primary, failover time reported', async () => {
  const { primary, standby } = await replicatedPair('main');
  const gate = new DatabaseGate();
  gates.push(gate);
  const toPrimary = await gate.route(primary.endpoint);
  const toStandby = await gate.route(standby.endpoint);
  const databaseHost = new EndpointFile(sandbox.path('database-endpoint.json'));
  databaseHost.write(toPrimary);
  const writer = new RowWriter({ endpoint: () => databaseHost.read(), statement: insertEvent }).start();
  writers.push(writer);
  await writer.waitForMore(100);

  const recordFile = sandbox.path('failover-record.json');
  saveFailoverRecord(recordFile, declareFailover('production'));

  // Isolate. A reply already on its way when the gate cut may still arrive (at most the one statement in
  // flight, committed before the cut); after that, nothing.
  const ackedBefore = writer.acks.length;
  const failuresBefore = writer.failures;
  saveFailoverRecord(recordFile, await isolate(loadFailoverRecord(recordFile), gate));
  await sleep(200);
  const ackedAtCut = writer.acks.length;
  expect(ackedAtCut - ackedBefore).toBeLessThanOrEqual(1);
  const [{ n: rowsAtIsolation }] = await primary.query<{ n: string }>('SELECT count(*) AS n FROM events');
  await sleep(500);
  expect(writer.acks.length).toBe(ackedAtCut);
  expect(writer.failures).toBeGreaterThan(failuresBefore);
  const [{ n: rowsLater }] = await primary.query<{ n: string }>('SELECT count(*) AS n FROM events');
  expect(rowsLater).toBe(rowsAtIsolation);
  expect(Number(rowsAtIsolation)).toBeGreaterThanOrEqual(ackedAtCut);
  expect(phaseOf(loadFailoverRecord(recordFile), 'isolate').details.connectionsCut).toBeGreaterThan(0);

  // Caught up after isolation: the lag is zero however late it is measured (an idle primary is not lag).
  const later = new Date(Date.now() + 90_000);
  await waitFor(
    'the standby to catch up',
    async () => (await measureLag(standby, { primary, at: later })).lagSeconds === 0,
  );

  saveFailoverRecord(recordFile, await promote(loadFailoverRecord(recordFile), { standby, primary }));
  const promoted = phaseOf(loadFailoverRecord(recordFile), 'promote');
  // Measured again at promotion: a background WAL record of the primary may put the replica a moment behind.
  expect(promoted.details).toMatchObject({ lagReference: 'primary flush', forced: false });
  expect(promoted.details.lagSeconds).toBeLessThanOrEqual(60);
  expect(await inRecovery(standby)).toBe(false);
  expect(writer.acks.length).toBe(ackedAtCut);

  saveFailoverRecord(recordFile, await repoint(loadFailoverRecord(recordFile), databaseHost, toStandby, gate));
  await writer.waitForMore(50);

  const verified = await verify(loadFailoverRecord(recordFile), {
    newPrimary: standby,
    oldPrimary: primary,
    table: EVENTS,
  });
  const check = phaseOf(verified, 'verify');
  expect(check.ok).toBe(true);
  expect(check.details).toMatchObject({
    newPrimaryInRecovery: false,
    rowsOnOldPrimary: Number(rowsAtIsolation),
    missingOnNewPrimary: 0,
  });

  // The writer's own account: every row acknowledged before isolation is on the new primary ...
  const beforeIds = writer.acks.slice(0, ackedAtCut).map((ack) => ack.seq);
  expect(await eventIds(standby, beforeIds)).toBe(beforeIds.length);
  // ... and every row acknowledged since the repoint is there, and none on the old primary.
  const afterAcks = writer.acks.slice(ackedAtCut);
  const afterIds = afterAcks.map((ack) => ack.seq);
  expect(await eventIds(standby, afterIds)).toBe(afterIds.length);
  expect(await eventIds(primary, afterIds)).toBe(0);

  // Failover time: isolation to the first row written on the new primary, which the writer saw acknowledged.
  const isolatedAt = Date.parse(phaseOf(verified, 'isolate').startedAt);
  const repointedAt = Date.parse(phaseOf(verified, 'repoint').startedAt);
  const firstNewWrite = Date.parse(String(check.details.firstNewWriteAt));
  expect(firstNewWrite).toBeGreaterThanOrEqual(repointedAt - 1);
  expect(firstNewWrite).toBeLessThanOrEqual(afterAcks[0].at);
  expect(check.details.failoverSeconds).toBeCloseTo((firstNewWrite - isolatedAt) / 1000, 3);

  const { summary } = closeFailover(verified);
  expect(summary).toMatch(/^SOP-02 failover of production: VERIFIED$/m);
  expect(summary).toContain(
    `failover time (isolation to the first write on the new primary): ${check.details.failoverSeconds} s`,
  );
  expect(summary).toMatch(/^ {2}ok {3}promote .* lagReference=primary flush forced=false/m);
});

it('refuses to promote a replica more than 60 s behind unless forced', async () => {
  const { primary, standby } = await replicatedPair('lagging');
  const gate = new DatabaseGate();
  gates.push(gate);
  const toPrimary = await gate.route(primary.endpoint);
  const writer = new RowWriter({ endpoint: () => toPrimary, statement: insertEvent }).start();
  writers.push(writer);
  await writer.waitForMore(20);

  // Replay stops on the standby while the primary keeps committing: the standby receives WAL it does not apply.
  await standby.query('SELECT pg_wal_replay_pause()');
  await waitFor('replay to pause', async () => {
    const [{ state }] = await standby.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state');
    return state === 'paused';
  });
  await writer.waitForMore(20);
  const record = await isolate(declareFailover('production'), gate);
  const acked = writer.acks.map((ack) => ack.seq);
  expect(await eventIds(standby, acked)).toBeLessThan(acked.length);

  // Measured 90 s from now, as if replay had stayed stuck that long: above the one-minute precondition.
  const at = new Date(Date.now() + 90_000);
  const refused = promote(record, { standby, primary, at });
  await expect(refused).rejects.toThrow(PromoteRefused);
  await expect(refused).rejects.toThrow(
    /^refusing to promote: replica lag \d+\.\d s is above 60 s; .* Rerun with --force/,
  );
  expect(await inRecovery(standby)).toBe(true);

  const forced = phaseOf(await promote(record, { standby, primary, at, force: true }), 'promote');
  expect(forced.details.forced).toBe(true);
  // At least the 90 s by which `at` is ahead of the last replayed commit.
  expect(forced.details.lagSeconds).toBeGreaterThanOrEqual(90);
  expect(await inRecovery(standby)).toBe(false);
  // Promotion ended the pause and replayed everything received: no acknowledged row is missing.
  expect(await eventIds(standby, acked)).toBe(acked.length);
});
