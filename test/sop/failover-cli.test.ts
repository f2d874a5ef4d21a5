/**
 * `npm run sop -- failover`: every phase prints the environment's exact changes and commands; `--apply` edits the
 * platform file (comments kept), re-synthesizes and records the phase. The checks run against real services: a
 * real Prometheus serving recorded series (promote's replica lag, verify's error rate), HTTP servers standing in
 * for the Slack webhook and the public services, and kubectl applying the printed Rollout patch offline.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultPlatformFile } from '../../src/config';
import { declareFailover, type FailoverRecord, saveFailoverRecord, withPhase } from '../../src/sop/failover/record';
import { failoverRecordFile, runSop } from '../../cli/sop-run';
import { expectValidManifests } from '../helpers/k8s-schema';
import { toolPath } from '../helpers/tools';
import { startHttpStub, type HttpStub } from '../helpers/http-stub';
import { parseManifests } from '../helpers/manifests';
import { RecordedPrometheus, samples } from '../helpers/prometheus';

const ENV = 'production';
const NS = 'your-app-production';
const minute = 60_000;
/** The recorded timeline starts 90 minutes ago, on a whole minute. */
const BASE = new Date(Math.floor(Date.now() / minute) * minute - 90 * minute);
const at = (minutes: number) => new Date(BASE.getTime() + minutes * minute);

let dir: string;
let prometheus: RecordedPrometheus;
const stubs: HttpStub[] = [];

/** An HTTP stand-in that answers `status`; `bodies` are its requests as `METHOD path body`. */
async function httpServer(status: () => number): Promise<{ url: string; bodies: string[] }> {
  const stub = await startHttpStub(() => ({ status: status() }));
  stubs.push(stub);
  return {
    url: stub.url,
    get bodies() {
      return stub.requests.map(({ method, url, body }) => `${method} ${url} ${body}`.trim());
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sop-failover-cli-'));
  const lagLabels = { namespace: NS, job: 'postgres-exporter-replica' };
  const primaryLabels = { namespace: NS, job: 'postgres-exporter-primary' };
  const requests = (code: string) => ({ namespace: NS, service_name: 'api', code });
  // The replica lags 2 s; the primary is down from minute 30 to 40, while the exporter's lag grows by the outage
  // (time since the last replayed transaction); from minute 40 the primary is back and the replica lags 90 s.
  const primaryDown = (t: Date) => t >= at(30) && t < at(40);
  const lag = (t: Date) => (t < at(30) ? 2 : primaryDown(t) ? 2 + (t.getTime() - at(30).getTime()) / 1000 : 90);
  // 10 requests/s, 0.1/s of them 5xx, except from minute 40 to 50: 5/s.
  let errors = 0;
  prometheus = await RecordedPrometheus.start([
    { name: 'pg_replication_lag_seconds', labels: lagLabels, samples: samples(at(0), at(60), 15, lag) },
    { name: 'pg_up', labels: primaryLabels, samples: samples(at(0), at(60), 15, (t) => (primaryDown(t) ? 0 : 1)) },
    { name: 'http_requests_total', labels: requests('200'), samples: samples(at(0), at(60), 15, (_, i) => i * 150) },
    {
      name: 'http_requests_total',
      labels: requests('500'),
      samples: samples(at(0), at(60), 15, (t) => (errors += t > at(40) && t <= at(50) ? 75 : 1.5)),
    },
  ]);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(stubs.map((stub) => stub.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the command in-process; re-syntheses go to `synthOut`, never into the repository. */
async function sop(
  args: string[],
  options: { now?: Date; env?: Record<string, string>; synthOut?: string; serviceUrl?: string } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSop(args, {
    env: { ...options.env },
    log: (line) => out.push(line),
    error: (line) => err.push(line),
    now: () => options.now ?? at(60),
    synthOutDir: options.synthOut ?? path.join(dir, 'never-written'),
    serviceUrl: options.serviceUrl ? () => options.serviceUrl as string : undefined,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A fresh copy of platform.yaml and an output directory. */
function workspace(name: string): { config: string; out: string; synthOut: string } {
  const root = path.join(dir, name);
  const config = path.join(root, 'platform.yaml');
  mkdirSync(root, { recursive: true });
  copyFileSync(defaultPlatformFile(), config);
  return { config, out: path.join(root, 'reports'), synthOut: path.join(root, 'synth') };
}

const failover = (phase: string, w: { config: string; out: string }, ...more: string[]) => [
  'failover',
  '--env',
  ENV,
  '--phase',
  phase,
  '--config',
  w.config,
  '--out',
  w.out,
  '--prometheus-url',
  prometheus.url,
  ...more,
];

/** A record whose isolation started at `isolatedAt`. */
function recordIsolatedAt(file: string, isolatedAt: Date): FailoverRecord {
  const record = withPhase(declareFailover(ENV, isolatedAt), {
    phase: 'isolate',
    startedAt: isolatedAt.toISOString(),
    finishedAt: isolatedAt.toISOString(),
    ok: true,
    details: {},
  });
  mkdirSync(path.dirname(file), { recursive: true });
  saveFailoverRecord(file, record);
  return record;
}

describe('usage', () => {
  it.each([
    [['failover'], /failover: --env is required/],
    [['failover', '--env', ENV], /failover: --phase is required/],
    [
      ['failover', '--env', ENV, '--phase', 'panic'],
      /--phase: must be one of declare, isolate, promote, repoint, scale-back, verify, rebuild, close, not "panic"/,
    ],
    [
      ['failover', '--env', 'dev', '--phase', 'isolate'],
      /--env: unknown environment "dev" \(the platform has qa, staging, production\)/,
    ],
    [['failover', '--env', ENV, '--phase', 'isolate', '--apply=yes'], /--apply: takes no value/],
    [['drill', '--env', ENV, '--backup', '/tmp/x'], /--backup: only with --source local/],
    [['drill', '--env', ENV, '--source', 'local'], /drill: --backup is required with --source local/],
    [['drill', '--env', ENV, '--source', 'gcp'], /--source: must be aws or local, not "gcp"/],
    [['rollback', '--env', ENV], /unknown command "rollback"/],
    [
      ['failover', '--env', ENV, '--phase', 'isolate', '--config', '/nonexistent.yaml'],
      /platform file \/nonexistent.yaml: does not exist/,
    ],
  ])('%j exits 2 with the rule and writes nothing', async (args, message) => {
    const out = path.join(dir, 'usage-out');
    const result = await sop([...args, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('isolate without --apply', () => {
  let result: Run;
  let w: ReturnType<typeof workspace>;
  beforeAll(async () => {
    w = workspace('dry');
    result = await sop(failover('isolate', w), { now: at(20) });
  });

  it('prints both ways, the explicit NetworkPolicy deletion and the restart of every service', () => {
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    for (const expected of [
      `  $ kubectl delete networkpolicy your-app-allow-database -n ${NS} --ignore-not-found`,
      `  $ kubectl scale rollout/your-app-api -n ${NS} --replicas=0`,
      `  $ kubectl scale rollout/your-app-worker -n ${NS} --replicas=0`,
      `  $ kubectl get networkpolicy your-app-allow-database -n ${NS}`,
    ]) {
      expect(lines).toContain(expected);
    }
    expect(result.out).toContain(
      `${path.relative(process.cwd(), w.config)}: environments.production.dbIsolation: true`,
    );
    expect(result.out).toContain('git clone --depth 1 --branch main https://github.com/your-org/your-app-gitops.git');
    expect(result.out).not.toMatch(/argo rollouts/);
  });

  it('changes nothing: the platform file, the record, dist', () => {
    expect(readFileSync(w.config, 'utf8')).toBe(readFileSync(defaultPlatformFile(), 'utf8'));
    expect(existsSync(w.out)).toBe(false);
    expect(existsSync(w.synthOut)).toBe(false);
  });

  it("prints the restart as the patch argo-rollouts' plugin sends, which kubectl applies to the Rollout", () => {
    const restarts = result.out.split('\n').filter((line) => line.includes('restartAt'));
    expect(restarts).toHaveLength(2);
    const dist = parseManifests(readFileSync(path.resolve(__dirname, '../../dist/production/app.k8s.yaml'), 'utf8'));
    const rollout = dist.find((o) => o.kind === 'Rollout' && o.metadata.name === 'your-app-api');
    const file = path.join(dir, 'rollout.json');
    writeFileSync(file, JSON.stringify(rollout));
    const [, patch] = /-p '(.*)'$/.exec(restarts[0]) as RegExpExecArray;
    const patched = spawnSync(
      toolPath('kubectl'),
      ['patch', '--local', '-f', file, '--type', 'merge', '-p', patch, '-o', 'json'],
      { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } },
    );
    expect(patched.stderr).toBe('');
    const object = JSON.parse(patched.stdout);
    expect(object.spec.restartAt).toBe(at(20).toISOString().replace('.000Z', 'Z'));
    expectValidManifests([object]);
  });
});

describe('promote checks the replica lag at the last moment the primary was up', () => {
  it('prints the promotion when the lag was below one minute', async () => {
    const w = workspace('promote-ok');
    recordIsolatedAt(failoverRecordFile(w.out, ENV), at(20));
    const result = await sop(failover('promote', w), { now: at(25) });
    expect(result.code).toBe(0);
    expect(result.out).toContain('replica lag: 2.0 s');
    expect(result.out).toContain(
      '  $ aws rds promote-read-replica --region eu-west-1 --db-instance-identifier your-app-production-replica',
    );
  });

  it('does not count the primary outage as lag: the exporter says 482 s at isolation, the loss is 2 s', async () => {
    const w = workspace('promote-primary-down');
    recordIsolatedAt(failoverRecordFile(w.out, ENV), at(38));
    const result = await sop(failover('promote', w), { now: at(39) });
    expect(result.code).toBe(0);
    expect(result.out).toContain('replica lag: 2.0 s');
  });

  it('refuses above one minute, and promotes with --force', async () => {
    const w = workspace('promote-high');
    recordIsolatedAt(failoverRecordFile(w.out, ENV), at(48));
    const refused = await sop(failover('promote', w), { now: at(49) });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('replica lag: 90.0 s');
    expect(refused.out).toMatch(/refusing to promote: replica lag 90.0 s is above 60 s.*--force/);
    expect(refused.out).not.toContain('promote-read-replica');
    const forced = await sop(failover('promote', w, '--force'), { now: at(49) });
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('aws rds promote-read-replica');
  });

  it('refuses when the lag is unknown: no sample, or Prometheus not answering', async () => {
    const w = workspace('promote-unknown');
    recordIsolatedAt(failoverRecordFile(w.out, ENV), at(130));
    const noSample = await sop(failover('promote', w), { now: at(131) });
    expect(noSample.code).toBe(1);
    expect(noSample.out).toContain('replica lag: unknown (no sample)');
    const args = failover('promote', w);
    args[args.indexOf(prometheus.url)] = 'http://127.0.0.1:9';
    const unreachable = await sop(args, { now: at(131) });
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toContain(
      'kubectl port-forward -n monitoring svc/kube-prometheus-stack-prometheus 9090:9090, then --prometheus-url http://127.0.0.1:9090',
    );
  });
});

describe('verify', () => {
  it('passes when the error rate is back below 5% and every smoke call answers', async () => {
    const w = workspace('verify-ok');
    recordIsolatedAt(failoverRecordFile(w.out, ENV), at(20));
    const smoke = await httpServer(() => 200);
    const result = await sop(failover('verify', w), { now: at(58), serviceUrl: smoke.url });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/error ratio 0\.99%/);
    expect(smoke.bodies).toEqual(['GET /readyz']);
    expect(result.out).toContain('VERIFIED: 2280 s since isolation');
  });

  it('fails while the error rate is above 5%, and when a smoke call fails', async () => {
    const w = workspace('verify-bad');
    const smoke = await httpServer(() => 200);
    const errors = await sop(failover('verify', w), { now: at(46), serviceUrl: smoke.url });
    expect(errors.code).toBe(1);
    expect(errors.out).toMatch(/error ratio 33\.\d+%/);
    expect(errors.out).toMatch(/NOT VERIFIED$/);
    const down = await httpServer(() => 503);
    const smokeFails = await sop(failover('verify', w), { now: at(58), serviceUrl: down.url });
    expect(smokeFails.code).toBe(1);
    expect(smokeFails.out).toContain(`GET ${down.url}/readyz: HTTP 503`);
  });
});

describe('declare and close post to the on-call channel', () => {
  it('prints the message in a dry run and how to get the webhook', async () => {
    const w = workspace('declare-dry');
    const slack = await httpServer(() => 200);
    const result = await sop(failover('declare', w), { env: { SOP_SLACK_WEBHOOK_URL: slack.url } });
    expect(result.code).toBe(0);
    expect(result.out).toContain('> :rotating_light: P1 SOP-02 database failover of production (your-app-production)');
    expect(result.out).toContain(
      `$ export SOP_SLACK_WEBHOOK_URL="$(kubectl get secret alertmanager-slack -n monitoring -o jsonpath='{.data.webhook-url}' | base64 -d)"`,
    );
    expect(slack.bodies).toEqual([]);
  });

  it('refuses --apply without the webhook (exit 2)', async () => {
    const w = workspace('declare-no-webhook');
    const result = await sop(failover('declare', w, '--apply'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^SOP_SLACK_WEBHOOK_URL: is not set/);
    expect(existsSync(w.out)).toBe(false);
  });
});

it('writes nothing when an edit would make the platform file invalid', async () => {
  const w = workspace('invalid-edit');
  const text = readFileSync(w.config, 'utf8').replace(
    '    domain: your-app.example.com\n',
    '    domain: your-app.example.com\n    redis: { host: postgres-replica.production.your-app.internal }\n',
  );
  writeFileSync(w.config, text);
  recordIsolatedAt(failoverRecordFile(w.out, ENV), at(20));
  const before = readFileSync(failoverRecordFile(w.out, ENV), 'utf8');
  const result = await sop(failover('repoint', w, '--apply'), { synthOut: w.synthOut });
  expect(result.code).toBe(1);
  expect(result.err).toContain('environments.production.redis.host: must differ from database.host');
  expect(readFileSync(w.config, 'utf8')).toBe(text);
  expect(readFileSync(failoverRecordFile(w.out, ENV), 'utf8')).toBe(before);
  expect(existsSync(w.synthOut)).toBe(false);
});

it('runs a whole failover with --apply: the file edited in place, dist re-synthesized, every phase recorded', async () => {
  const w = workspace('whole');
  const original = readFileSync(w.config, 'utf8');
  const slack = await httpServer(() => 200);
  const smoke = await httpServer(() => 200);
  const options = (minutes: number) => ({
    now: at(minutes),
    env: { SOP_SLACK_WEBHOOK_URL: `${slack.url}/hook` },
    synthOut: w.synthOut,
    serviceUrl: smoke.url,
  });
  const step = async (phase: string, minutes: number) => {
    const result = await sop(failover(phase, w, '--apply'), options(minutes));
    expect([phase, result.code, result.err]).toEqual([phase, 0, '']);
    return result;
  };
  const app = () => parseManifests(readFileSync(path.join(w.synthOut, 'dist/production/app.k8s.yaml'), 'utf8'));

  await step('declare', 19);
  expect(slack.bodies[0]).toMatch(/^POST \/hook \{"text":":rotating_light: P1 SOP-02 database failover of production/);

  await step('isolate', 20);
  const isolated = readFileSync(w.config, 'utf8');
  // One line added, in the environment's block; every comment and anchor kept.
  expect(isolated.split('\n').length).toBe(original.split('\n').length + 1);
  expect(isolated).toContain('  production:\n    profile: production\n    domain: your-app.example.com\n');
  expect(isolated).toMatch(/\n {4}dbIsolation: true\n/);
  expect(isolated.match(/^\s*#.*$/gm)).toEqual(original.match(/^\s*#.*$/gm));
  expect(app().map((o) => o.metadata.name)).not.toContain('your-app-allow-database');

  await step('promote', 25);
  const repointed = await step('repoint', 30);
  expect(repointed.out).toContain(
    'changed environments.production.database.host: (not set) -> "postgres-replica.production.your-app.internal"',
  );
  const configMap = app().find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'your-app-database');
  expect(configMap?.data.DATABASE_HOST).toBe('postgres-replica.production.your-app.internal');
  expect(app().map((o) => o.metadata.name)).toContain('your-app-allow-database');

  await step('verify', 58);
  const rebuilt = await step('rebuild', 59);
  expect(rebuilt.out).toContain(
    '  $ terraform -chdir=cdktf.out/stacks/your-app-production state rm aws_db_instance.environment_database_primary',
  );
  expect(rebuilt.out).toContain(
    '--db-instance-identifier your-app-production --new-db-instance-identifier your-app-production-failed-',
  );
  const final = readFileSync(w.config, 'utf8');
  expect(final).toMatch(/\n {6}promotedReplica: true\n/);
  expect(final).not.toContain('host: postgres-replica');
  // The host is the switch's default now: the app's ConfigMap did not change.
  expect(app().find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'your-app-database')).toEqual(configMap);

  const closed = await step('close', 60);
  expect(closed.out).toMatch(/^SOP-02 failover of production: VERIFIED$/m);
  expect(closed.out).toContain('failover time (isolation to verification): 2280 s');
  expect(slack.bodies[1]).toContain(':white_check_mark: SOP-02 failover of production: VERIFIED');
  const record = JSON.parse(readFileSync(failoverRecordFile(w.out, ENV), 'utf8')) as FailoverRecord;
  expect(record.phases.map((p) => p.phase)).toEqual([
    'declare',
    'isolate',
    'promote',
    'repoint',
    'verify',
    'rebuild',
    'close',
  ]);
  expect(record.phases.find((p) => p.phase === 'promote')?.details).toMatchObject({ lagSeconds: 2, forced: false });
  expect(readFileSync(failoverRecordFile(w.out, ENV).replace('.json', '.txt'), 'utf8')).toContain('VERIFIED');
}, 120_000);
