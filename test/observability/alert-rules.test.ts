/**
 * The alert rules, run through the real promtool: `check rules` on every environment's rules, and `test rules`
 * cases per alert that must fire and that must stay silent, each starting from a healthy history.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadPlatform, SEVERITIES, type Platform } from '../../src/config';
import { appIdentity, metricsServiceName } from '../../src/constructs/identity';
import { ENVIRONMENTS } from '../helpers/platform';
import { kebabCase, ruleGroup, type RuleGroup } from '../../src/observability/alert-model';
import { APP_ALERTS } from '../../src/observability/app-alerts';
import { PLATFORM_ALERTS } from '../../src/observability/platform-alerts';
import {
  afterHistory,
  at,
  everyMinute,
  failingTraffic,
  healthyTraffic,
  httpTraffic,
  labels,
} from './support/alert-series';
import { platformWith, setIn } from '../helpers/platform';
import { defaultTestPlatform } from './support/harness';
import { checkRules, testAlert, type AlertCase } from './support/promtool-rules';

const platform = defaultTestPlatform();
const PROD = platform.environments.production.namespace;
const STAGING = platform.environments.staging.namespace;

function groups(environment: string): RuleGroup[] {
  return [
    ruleGroup('app', APP_ALERTS, { platform, environment }),
    ruleGroup('platform', PLATFORM_ALERTS, { platform, environment }),
  ];
}

function expectPromtoolPasses(result: { status: number; stdout: string; stderr: string }) {
  if (result.status !== 0) throw new Error(`promtool failed:\n${result.stdout}${result.stderr}`);
}

const API_METRICS_JOB = metricsServiceName(appIdentity(platform, 'production'), 'api');
const minRequestsPerMinute = platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond * 60;

const apiAlertLabels = { severity: 'P1', environment: 'production', namespace: PROD, service_name: 'api' };

/** The `up` series of one API pod, with the target labels its ServiceMonitor gives it. */
const apiTarget = (namespace: string, pod: string, values: string) => ({
  series: `up${labels({
    namespace,
    service_name: 'api',
    job: API_METRICS_JOB,
    service: API_METRICS_JOB,
    endpoint: 'metrics',
    container: 'app',
    pod,
    instance: `${pod}:9090`,
  })}`,
  values: afterHistory(1, values),
});

/** Labels prometheus-operator gives an exporter's scrape target: its `up` and the exporter's own series. */
const exporterTarget = (job: string, namespace: string) =>
  labels({ namespace, job, service: job, endpoint: 'metrics', pod: `${job}-0`, instance: '10.0.1.5:9187' });

/** An exporter's `up` and its health gauge (`pg_up`, `redis_up`): healthy for the history, then as given. */
const exporterSeries = (metric: string, job: string, up: string, health: string, namespace = PROD) => [
  { series: `up${exporterTarget(job, namespace)}`, values: afterHistory(1, up) },
  { series: `${metric}${exporterTarget(job, namespace)}`, values: afterHistory(1, health) },
];

/**
 * The three ways a data store goes dark and the blips that must not alert, for an alert over an exporter's health
 * gauge: the exporter says the store is down, the exporter's target is down (its series go stale), or the target
 * is gone altogether (exporter or ServiceMonitor deleted: no `up` at all).
 */
function exporterDownCases(metric: string, job: string, forMinutes: number, severity: string): AlertCase[] {
  const fires = [{ severity, environment: 'production', namespace: PROD, job }];
  const firesAt = [at(forMinutes + 1)];
  return [
    {
      title: 'the exporter reports the store down',
      series: exporterSeries(metric, job, '1x20', '0x20'),
      evalTimes: firesAt,
      fires,
    },
    {
      title: "the exporter's scrape target is down (its series go stale)",
      series: exporterSeries(metric, job, '0x20', 'stale'),
      evalTimes: firesAt,
      fires,
    },
    {
      title: "the exporter's target is gone (no up series at all)",
      series: exporterSeries(metric, job, 'stale', 'stale'),
      evalTimes: firesAt,
      fires,
    },
    {
      title: 'not yet: the condition has held for less than `for`',
      series: exporterSeries(metric, job, '0x20', 'stale'),
      evalTimes: [at(forMinutes)],
      fires: [],
    },
    {
      title: 'a one-scrape blip of the store stays silent',
      series: exporterSeries(metric, job, '1x20', '0 1x20'),
      evalTimes: everyMinute(1, forMinutes + 2),
      fires: [],
    },
    {
      title: 'a one-scrape blip of the target stays silent',
      series: exporterSeries(metric, job, '0 1x20', 'stale 1x20'),
      evalTimes: everyMinute(1, forMinutes + 2),
      fires: [],
    },
    {
      title: 'healthy stays silent',
      series: exporterSeries(metric, job, '1x20', '1x20'),
      evalTimes: everyMinute(1, 20),
      fires: [],
    },
    {
      title: "another environment's store down does not fire this environment's alert",
      series: [
        ...exporterSeries(metric, job, '1x20', '1x20'),
        ...exporterSeries(metric, job, '0x20', 'stale', STAGING),
      ],
      evalTimes: [at(forMinutes + 1)],
      fires: [],
    },
  ];
}

const { postgresPrimaryJob, postgresReplicaJob, redisJob } = platform.monitoring.exporters;

const lag = (values: string) => ({
  series: `pg_replication_lag_seconds${exporterTarget(postgresReplicaJob, PROD)}`,
  values: afterHistory(5, values),
});

const rollout = (namespace: string, phase: string) =>
  `rollout_info{namespace="argo-rollouts", exported_namespace="${namespace}", name="your-app-api", phase="${phase}", strategy="canary", traffic_router="ALB"}`;
const rolloutLabels = (namespace: string) => ({ exported_namespace: namespace, name: 'your-app-api', namespace });

const crashLoop = (namespace: string) =>
  `kube_pod_container_status_waiting_reason{namespace="${namespace}", pod="your-app-worker-1", container="app", reason="CrashLoopBackOff"}`;

const disk = { instance: 'node-1:9100', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
/** A 100 GB disk whose free space follows `avail` (5-minute steps). */
const node = (avail: string, set: Record<string, string> = disk) => [
  { series: `node_filesystem_avail_bytes${labels(set)}`, values: avail },
  { series: `node_filesystem_size_bytes${labels(set)}`, values: '100e9x200' },
  { series: `node_filesystem_readonly${labels(set)}`, values: '0x200' },
];

/**
 * Cases per alert and the environment whose rules they run against. App alerts start after
 * HISTORY_MINUTES healthy minutes, so rate windows and `for` see what a running Prometheus sees.
 */
const CASES: Record<string, { environment: string; cases: AlertCase[] }> = {
  HttpHighErrorRate: {
    environment: 'production',
    cases: [
      {
        title: '4% errors for 10 minutes stays silent',
        series: httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(10, 4), healthyTraffic(100, 10)]),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: '6% errors for 6 minutes fires, with summary, description and runbook',
        series: httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(6, 6), healthyTraffic(100, 10)]),
        evalTimes: [at(6)],
        fires: [apiAlertLabels],
        annotations: {
          summary: 'api answers 6% of requests with 5xx',
          description:
            `More than 5% of the HTTP requests of api in ${PROD} failed with a 5xx status over the last ` +
            '5 minutes. Customers see errors.',
          runbook_url: 'https://github.com/your-org/your-app-platform/blob/main/docs/runbooks/http-high-error-rate.md',
        },
      },
      {
        title: '6% errors for 3 minutes, then none, never fires',
        series: httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(3, 6), healthyTraffic(100, 15)]),
        evalTimes: everyMinute(1, 18),
        fires: [],
      },
      {
        title: '6% errors for 4 minutes, then none, never fires',
        series: httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(4, 6), healthyTraffic(100, 15)]),
        evalTimes: everyMinute(1, 19),
        fires: [],
      },
      {
        title: 'a full outage (every request 5xx) fires within 2 minutes',
        series: httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(10, 100)]),
        evalTimes: [at(2)],
        fires: [apiAlertLabels],
      },
      {
        title: 'a quiet night, 1 request of 2 failing, stays silent (too few requests to page)',
        series: httpTraffic(PROD, 'api', [healthyTraffic(2), failingTraffic(20, 50, 2)]),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: '10% errors just above the minimum request rate fires',
        series: httpTraffic(PROD, 'api', [
          healthyTraffic(minRequestsPerMinute * 1.2),
          failingTraffic(10, 10, minRequestsPerMinute * 1.2),
        ]),
        evalTimes: [at(6)],
        fires: [apiAlertLabels],
      },
      {
        title: '10% errors just below the minimum request rate stays silent',
        series: httpTraffic(PROD, 'api', [
          healthyTraffic(minRequestsPerMinute * 0.8),
          failingTraffic(10, 10, minRequestsPerMinute * 0.8),
        ]),
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: "staging's errors do not fire production's alert",
        series: httpTraffic(STAGING, 'api', [healthyTraffic(), failingTraffic(15, 50)]),
        evalTimes: [at(10)],
        fires: [],
      },
    ],
  },
  HttpServiceDown: {
    environment: 'production',
    cases: [
      {
        title: 'every API target down for 2 minutes fires',
        series: [apiTarget(PROD, 'your-app-api-1', '0x10'), apiTarget(PROD, 'your-app-api-2', '0x10')],
        evalTimes: [at(3)],
        fires: [apiAlertLabels],
      },
      {
        title: 'every API target gone (no pods, no endpoints) fires',
        series: [apiTarget(PROD, 'your-app-api-1', 'stale'), apiTarget(PROD, 'your-app-api-2', 'stale')],
        evalTimes: [at(3)],
        fires: [apiAlertLabels],
      },
      {
        title: 'no API target ever scraped fires, whatever the other services do',
        series: [
          {
            series: `up${labels({ namespace: PROD, service_name: 'worker', job: metricsServiceName(appIdentity(platform, 'production'), 'worker') })}`,
            values: '1x40',
          },
        ],
        evalTimes: [at(3)],
        fires: [apiAlertLabels],
      },
      {
        title: 'down for less than 2 minutes stays silent',
        series: [apiTarget(PROD, 'your-app-api-1', '0x10')],
        evalTimes: [at(1)],
        fires: [],
      },
      {
        title: 'one of two pods down stays silent',
        series: [apiTarget(PROD, 'your-app-api-1', '1x10'), apiTarget(PROD, 'your-app-api-2', '0x10')],
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: 'a one-scrape failure of every pod stays silent',
        series: [apiTarget(PROD, 'your-app-api-1', '0 1x10'), apiTarget(PROD, 'your-app-api-2', '0 1x10')],
        evalTimes: everyMinute(1, 5),
        fires: [],
      },
      {
        title: "staging's API down does not fire production's alert",
        series: [apiTarget(PROD, 'your-app-api-1', '1x10'), apiTarget(STAGING, 'your-app-api-1', '0x10')],
        evalTimes: [at(5)],
        fires: [],
      },
    ],
  },
  PostgresPrimaryDown: {
    environment: 'production',
    cases: [
      ...exporterDownCases('pg_up', postgresPrimaryJob, 1, 'P1'),
      {
        title: 'the replica down is not the primary down',
        series: [
          ...exporterSeries('pg_up', postgresPrimaryJob, '1x10', '1x10'),
          ...exporterSeries('pg_up', postgresReplicaJob, '1x10', '0x10'),
        ],
        evalTimes: [at(5)],
        fires: [],
      },
    ],
  },
  PostgresReplicaDown: {
    environment: 'production',
    cases: [
      ...exporterDownCases('pg_up', postgresReplicaJob, 5, 'P2'),
      {
        title: 'the primary down is not the replica down',
        series: [
          ...exporterSeries('pg_up', postgresPrimaryJob, '1x10', '0x10'),
          ...exporterSeries('pg_up', postgresReplicaJob, '1x10', '1x10'),
        ],
        evalTimes: [at(7)],
        fires: [],
      },
    ],
  },
  PostgresReplicationLagHigh: {
    environment: 'production',
    cases: [
      {
        title: '2 minutes of lag for 6 minutes fires',
        series: [lag('120x10')],
        evalTimes: [at(6)],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, job: postgresReplicaJob }],
      },
      {
        title: '30 seconds of lag stays silent',
        series: [lag('30x10')],
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: 'a 3-minute lag spike stays silent',
        series: [lag('120x2 10x10')],
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
    ],
  },
  RedisDown: {
    environment: 'production',
    cases: exporterDownCases('redis_up', redisJob, 2, 'P2'),
  },
  PodCrashLooping: {
    environment: 'production',
    cases: [
      {
        title: 'CrashLoopBackOff for 15 minutes fires',
        series: [{ series: crashLoop(PROD), values: afterHistory(0, '1x20') }],
        evalTimes: [at(15)],
        fires: [
          {
            severity: 'P2',
            environment: 'production',
            namespace: PROD,
            pod: 'your-app-worker-1',
            container: 'app',
          },
        ],
      },
      {
        title: 'CrashLoopBackOff for 3 minutes that recovers stays silent',
        series: [{ series: crashLoop(PROD), values: afterHistory(0, '1x2 0x20') }],
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: "another namespace's crash loop does not fire the app's alert",
        series: [{ series: crashLoop('kube-system'), values: afterHistory(0, '1x20') }],
        evalTimes: [at(15)],
        fires: [],
      },
    ],
  },
  RolloutDegraded: {
    environment: 'staging',
    cases: [
      {
        title: 'a staging Rollout timed out for 6 minutes fires P2',
        series: [{ series: rollout(STAGING, 'Timeout'), values: '1x10' }],
        evalTimes: ['6m'],
        fires: [{ severity: 'P2', environment: 'staging', ...rolloutLabels(STAGING) }],
      },
      {
        title: 'a Rollout in error fires P2',
        series: [{ series: rollout(STAGING, 'Error'), values: '1x10' }],
        evalTimes: ['6m'],
        fires: [{ severity: 'P2', environment: 'staging', ...rolloutLabels(STAGING) }],
      },
      {
        title: 'a Rollout progressing or paused stays silent',
        series: [
          { series: rollout(STAGING, 'Progressing'), values: '1x5 stale' },
          { series: rollout(STAGING, 'Paused'), values: '_x6 1x10' },
        ],
        evalTimes: ['4m', '12m'],
        fires: [],
      },
      {
        title: "production's Rollouts are not staging's",
        series: [{ series: rollout(PROD, 'Timeout'), values: '1x10' }],
        evalTimes: ['6m'],
        fires: [],
      },
    ],
  },
  CanaryAborted: {
    environment: 'production',
    cases: [
      {
        title: 'an aborted canary fires',
        series: [{ series: rollout(PROD, 'Abort'), values: '1x10' }],
        evalTimes: ['2m'],
        fires: [{ severity: 'P2', environment: 'production', ...rolloutLabels(PROD) }],
      },
      {
        title: 'a completed Rollout stays silent',
        series: [{ series: rollout(PROD, 'Completed'), values: '1x10' }],
        evalTimes: ['5m'],
        fires: [],
      },
    ],
  },
  RolloutSucceeded: {
    environment: 'production',
    cases: [
      {
        title: 'Completed right after Progressing fires',
        series: [
          { series: rollout(PROD, 'Progressing'), values: '1x4 stale' },
          { series: rollout(PROD, 'Completed'), values: '_x5 1x30' },
        ],
        evalTimes: ['7m'],
        fires: [{ severity: 'P3', environment: 'production', ...rolloutLabels(PROD) }],
      },
      {
        title: 'the notice ends 10 minutes after the release',
        series: [
          { series: rollout(PROD, 'Progressing'), values: '1x4 stale' },
          { series: rollout(PROD, 'Completed'), values: '_x5 1x30' },
        ],
        evalTimes: ['20m'],
        fires: [],
      },
      {
        title: 'a Rollout Completed all along (e.g. after a Prometheus restart) stays silent',
        series: [{ series: rollout(PROD, 'Completed'), values: '1x30' }],
        evalTimes: ['5m', '15m'],
        fires: [],
      },
      {
        title: 'still progressing stays silent',
        series: [{ series: rollout(PROD, 'Progressing'), values: '1x30' }],
        evalTimes: ['5m'],
        fires: [],
      },
    ],
  },
  NodeDiskFillingUp: {
    environment: 'production',
    cases: [
      {
        title: 'a disk filling at 3 GB/h (empty within 24h), under 40% free for over an hour, fires',
        interval: '5m',
        series: node('50e9-0.25e9x150'),
        evalTimes: ['5h'],
        fires: [{ severity: 'P2', environment: 'production', ...disk }],
      },
      {
        title: 'the same disk is silent while more than 40% is free',
        interval: '5m',
        series: node('50e9-0.25e9x150'),
        evalTimes: ['3h'],
        fires: [],
      },
      {
        title: 'a disk filling at 0.3 GB/h (full in 4 days) stays silent',
        interval: '5m',
        series: node('35e9-0.025e9x150'),
        evalTimes: ['8h'],
        fires: [],
      },
      {
        title: 'a nearly full but stable disk stays silent',
        interval: '5m',
        series: node('5e9x150'),
        evalTimes: ['8h'],
        fires: [],
      },
      {
        title: 'a tmpfs filling fast stays silent',
        interval: '5m',
        series: node('50e9-0.25e9x150', { ...disk, fstype: 'tmpfs', mountpoint: '/dev/shm', device: 'tmpfs' }),
        evalTimes: ['5h'],
        fires: [],
      },
    ],
  },
  NodeNotReady: {
    environment: 'production',
    cases: [
      {
        title: 'a node not ready for 16 minutes fires',
        series: [
          { series: 'kube_node_status_condition{node="node-1", condition="Ready", status="true"}', values: '0x30' },
        ],
        evalTimes: ['16m'],
        fires: [{ severity: 'P2', environment: 'production', node: 'node-1', condition: 'Ready', status: 'true' }],
      },
      {
        title: 'a node back after 10 minutes stays silent',
        series: [
          {
            series: 'kube_node_status_condition{node="node-1", condition="Ready", status="true"}',
            values: '1 0x9 1x20',
          },
        ],
        evalTimes: ['10m', '20m'],
        fires: [],
      },
    ],
  },
};

describe('alert rules (promtool)', () => {
  it.each(ENVIRONMENTS)('promtool check rules is clean for %s', (environment) => {
    const result = checkRules(groups(environment));
    expectPromtoolPasses(result);
    // Every alert of the environment was read, not an empty file.
    expect(result.stdout).toContain(`SUCCESS: ${APP_ALERTS.length + PLATFORM_ALERTS.length} rules found`);
  });

  it('has unit-test cases for every alert, each with a case that fires and one that does not', () => {
    const names = [...APP_ALERTS, ...PLATFORM_ALERTS].map((a) => a.name).sort();
    expect(Object.keys(CASES).sort()).toEqual(names);
    for (const { cases } of Object.values(CASES)) {
      expect(cases.some((c) => c.fires.length > 0)).toBe(true);
      expect(cases.some((c) => c.fires.length === 0)).toBe(true);
    }
  });

  it.each(Object.entries(CASES))('promtool test rules: %s', (alertname, { environment, cases }) => {
    expectPromtoolPasses(testAlert(groups(environment), alertname, cases));
  });

  it('the request-rate guard follows monitoring.alerting.httpErrorRate.minRequestsPerSecond', () => {
    const appGroups = (p: Platform) => [ruleGroup('app', APP_ALERTS, { platform: p, environment: 'production' })];
    const strict = loadPlatform(
      platformWith((c) => setIn(c, 'monitoring.alerting.httpErrorRate.minRequestsPerSecond', 10)),
    );
    // 100 requests a minute (1.7 per second), 6% failing: above the default guard, below a 10-per-second one.
    const series = httpTraffic(PROD, 'api', [healthyTraffic(), failingTraffic(10, 6)]);
    const outcome = (fires: AlertCase['fires']) => [{ title: 'guard', series, evalTimes: [at(6)], fires }];
    expectPromtoolPasses(testAlert(appGroups(platform), 'HttpHighErrorRate', outcome([apiAlertLabels])));
    expectPromtoolPasses(testAlert(appGroups(strict), 'HttpHighErrorRate', outcome([])));
  });

  it('a promtool case that expects the wrong outcome fails (the harness can fail)', () => {
    const [wrong] = CASES.HttpHighErrorRate.cases.filter((c) => c.fires.length === 0);
    const result = testAlert(groups('production'), 'HttpHighErrorRate', [{ ...wrong, fires: [apiAlertLabels] }]);
    expect(result.status).not.toBe(0);
  });
});

describe('alert metadata', () => {
  const all = [...APP_ALERTS, ...PLATFORM_ALERTS];

  it.each(ENVIRONMENTS)('every %s alert has a severity, summary, description and runbook_url', (environment) => {
    for (const rule of groups(environment).flatMap((g) => g.rules)) {
      expect(SEVERITIES).toContain(rule.labels.severity);
      expect(rule.labels.environment).toBe(environment);
      expect(rule.annotations.summary).not.toBe('');
      expect(rule.annotations.description).not.toBe('');
      expect(rule.annotations.runbook_url).toBe(`${platform.monitoring.runbookBaseUrl}/${kebabCase(rule.alert)}.md`);
    }
  });

  it.each(all.map((a) => a.name))('%s has its runbook in docs/runbooks', (name) => {
    expect(existsSync(path.join(__dirname, '../../docs/runbooks', `${kebabCase(name)}.md`))).toBe(true);
  });

  it("follows the manual's severities", () => {
    const severity = (name: string, env: string) =>
      (platform.environments[env].alertSeverities as Record<string, string>)[name];
    expect(severity('HttpHighErrorRate', 'production')).toBe('P1');
    expect(severity('PostgresPrimaryDown', 'production')).toBe('P1');
    expect(severity('RolloutDegraded', 'staging')).toBe('P2');
    expect(severity('NodeDiskFillingUp', 'production')).toBe('P2');
    expect(severity('RolloutSucceeded', 'production')).toBe('P3');
    // Nothing pages outside production.
    for (const env of ['qa', 'staging'] as const) {
      expect(all.filter((a) => severity(a.name, env) === 'P1').map((a) => a.name)).toEqual([]);
    }
  });
});
