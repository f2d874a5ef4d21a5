/**
 * The alert rules, run through the real promtool: `check rules` on every environment's rules, and `test rules`
 * cases per alert that must fire and that must stay silent.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../../src/config';
import { kebabCase, ruleGroup, SEVERITIES, type RuleGroup } from '../../src/observability/alert-model';
import { APP_ALERTS } from '../../src/observability/app-alerts';
import { PLATFORM_ALERTS } from '../../src/observability/platform-alerts';
import { defaultTestPlatform } from './support/harness';
import { checkRules, testAlert, type AlertCase } from './support/promtool-rules';

const platform = defaultTestPlatform();
const PROD = platform.environments.production.namespace;
const STAGING = platform.environments.staging.namespace;

function groups(environment: EnvironmentName): RuleGroup[] {
  return [
    ruleGroup('app', APP_ALERTS, { platform, environment }),
    ruleGroup('platform', PLATFORM_ALERTS, { platform, environment }),
  ];
}

function expectPromtoolPasses(result: { status: number; stdout: string; stderr: string }) {
  if (result.status !== 0) throw new Error(`promtool failed:\n${result.stdout}${result.stderr}`);
}

const requests = (namespace: string, code: string) =>
  `http_requests_total{namespace="${namespace}", service_name="api", pod="your-app-api-1", route="/v1/tenants", method="GET", code="${code}"}`;

/** 100 requests a minute: `errors` of them 5xx, the rest 200. */
const traffic = (namespace: string, errorsPerMinute: string, okPerMinute: string) => [
  { series: requests(namespace, '500'), values: errorsPerMinute },
  { series: requests(namespace, '200'), values: okPerMinute },
];

const apiAlertLabels = { severity: 'P1', environment: 'production', namespace: PROD, service_name: 'api' };

const rollout = (namespace: string, phase: string) =>
  `rollout_info{namespace="argo-rollouts", exported_namespace="${namespace}", name="your-app-api", phase="${phase}", strategy="canary", traffic_router="ALB"}`;
const rolloutLabels = (namespace: string) => ({ exported_namespace: namespace, name: 'your-app-api', namespace });

const pgUp = (job: string) => `pg_up{namespace="${PROD}", job="${job}", instance="10.0.1.5:9187"}`;

const crashLoop = (namespace: string) =>
  `kube_pod_container_status_waiting_reason{namespace="${namespace}", pod="your-app-worker-1", container="app", reason="CrashLoopBackOff"}`;

const disk = { instance: 'node-1:9100', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
const diskSeries = (metric: string, labels: Record<string, string> = disk) =>
  `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
/** A 100 GB disk whose free space follows `avail` (5-minute steps). */
const node = (avail: string, labels: Record<string, string> = disk) => [
  { series: diskSeries('node_filesystem_avail_bytes', labels), values: avail },
  { series: diskSeries('node_filesystem_size_bytes', labels), values: '100e9x200' },
  { series: diskSeries('node_filesystem_readonly', labels), values: '0x200' },
];

/** Cases per alert and the environment whose rules they run against. */
const CASES: Record<string, { environment: EnvironmentName; cases: AlertCase[] }> = {
  ApiHighErrorRate: {
    environment: 'production',
    cases: [
      {
        title: '4% errors for 10 minutes stays silent',
        series: traffic(PROD, '0+4x15', '0+96x15'),
        evalTimes: ['10m'],
        fires: [],
      },
      {
        title: '6% errors for 6 minutes fires, with summary, description and runbook',
        series: traffic(PROD, '0+6x10', '0+94x10'),
        evalTimes: ['6m'],
        fires: [apiAlertLabels],
        annotations: {
          summary: 'api answers 6% of requests with 5xx',
          description:
            `More than 5% of the HTTP requests of api in ${PROD} failed with a 5xx status for 5 minutes. ` +
            'Customers see errors.',
          runbook_url: 'https://github.com/your-org/your-app-platform/blob/main/docs/runbooks/api-high-error-rate.md',
        },
      },
      {
        title: '6% errors for 3 minutes, then none, never fires',
        series: traffic(PROD, '0+6x3 18+0x12', '0+94x3 282+100x12'),
        evalTimes: ['3m', '6m', '10m'],
        fires: [],
      },
      {
        title: '6% errors for 4 minutes is still pending',
        series: traffic(PROD, '0+6x10', '0+94x10'),
        evalTimes: ['4m'],
        fires: [],
      },
      {
        title: "staging's errors do not fire production's alert",
        series: traffic(STAGING, '0+50x15', '0+50x15'),
        evalTimes: ['10m'],
        fires: [],
      },
    ],
  },
  PostgresPrimaryDown: {
    environment: 'production',
    cases: [
      {
        title: 'primary down for 2 minutes fires',
        series: [{ series: pgUp('postgres-exporter-primary'), values: '1 1 0x5' }],
        evalTimes: ['4m'],
        fires: [
          {
            severity: 'P1',
            environment: 'production',
            namespace: PROD,
            job: 'postgres-exporter-primary',
            instance: '10.0.1.5:9187',
          },
        ],
      },
      {
        title: 'a one-scrape blip stays silent',
        series: [{ series: pgUp('postgres-exporter-primary'), values: '1 0 1x5' }],
        evalTimes: ['1m', '2m', '4m'],
        fires: [],
      },
      {
        title: 'the replica down is not the primary down',
        series: [{ series: pgUp('postgres-exporter-replica'), values: '0x10' }],
        evalTimes: ['5m'],
        fires: [],
      },
    ],
  },
  PostgresReplicationLagHigh: {
    environment: 'production',
    cases: [
      {
        title: '2 minutes of lag for 6 minutes fires',
        series: [
          {
            series: `pg_replication_lag_seconds{namespace="${PROD}", job="postgres-exporter-replica"}`,
            values: '120x10',
          },
        ],
        evalTimes: ['6m'],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, job: 'postgres-exporter-replica' }],
      },
      {
        title: '30 seconds of lag stays silent',
        series: [
          {
            series: `pg_replication_lag_seconds{namespace="${PROD}", job="postgres-exporter-replica"}`,
            values: '30x10',
          },
        ],
        evalTimes: ['8m'],
        fires: [],
      },
      {
        title: 'a 3-minute lag spike stays silent',
        series: [
          {
            series: `pg_replication_lag_seconds{namespace="${PROD}", job="postgres-exporter-replica"}`,
            values: '120x3 10x10',
          },
        ],
        evalTimes: ['3m', '8m'],
        fires: [],
      },
    ],
  },
  RedisDown: {
    environment: 'production',
    cases: [
      {
        title: 'Redis down for 3 minutes fires',
        series: [{ series: `redis_up{namespace="${PROD}", job="redis-exporter"}`, values: '0x5' }],
        evalTimes: ['3m'],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, job: 'redis-exporter' }],
      },
      {
        title: 'Redis up stays silent',
        series: [{ series: `redis_up{namespace="${PROD}", job="redis-exporter"}`, values: '1x5' }],
        evalTimes: ['3m'],
        fires: [],
      },
    ],
  },
  PodCrashLooping: {
    environment: 'production',
    cases: [
      {
        title: 'CrashLoopBackOff for 15 minutes fires',
        series: [{ series: crashLoop(PROD), values: '1x20' }],
        evalTimes: ['15m'],
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
        series: [{ series: crashLoop(PROD), values: '1x3 0x20' }],
        evalTimes: ['5m', '15m'],
        fires: [],
      },
      {
        title: "another namespace's crash loop does not fire the app's alert",
        series: [{ series: crashLoop('kube-system'), values: '1x20' }],
        evalTimes: ['15m'],
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
  it.each(ENVIRONMENT_NAMES)('promtool check rules is clean for %s', (environment) => {
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

  it('a promtool case that expects the wrong outcome fails (the harness can fail)', () => {
    const [wrong] = CASES.ApiHighErrorRate.cases.filter((c) => c.fires.length === 0);
    const result = testAlert(groups('production'), 'ApiHighErrorRate', [{ ...wrong, fires: [apiAlertLabels] }]);
    expect(result.status).not.toBe(0);
  });
});

describe('alert metadata', () => {
  const all = [...APP_ALERTS, ...PLATFORM_ALERTS];

  it.each(ENVIRONMENT_NAMES)('every %s alert has a severity, summary, description and runbook_url', (environment) => {
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
    const severity = (name: string, env: EnvironmentName) => all.find((a) => a.name === name)?.severity[env];
    expect(severity('ApiHighErrorRate', 'production')).toBe('P1');
    expect(severity('PostgresPrimaryDown', 'production')).toBe('P1');
    expect(severity('RolloutDegraded', 'staging')).toBe('P2');
    expect(severity('NodeDiskFillingUp', 'production')).toBe('P2');
    expect(severity('RolloutSucceeded', 'production')).toBe('P3');
    // Nothing pages outside production.
    for (const env of ['qa', 'staging'] as const) {
      expect(all.filter((a) => a.severity[env] === 'P1').map((a) => a.name)).toEqual([]);
    }
  });
});
