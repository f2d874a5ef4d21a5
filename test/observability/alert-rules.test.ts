/**
 * The alert rules, run through the real promtool: `check rules` on every environment's rules, and `test rules`
 * cases per alert that must fire and that must stay silent. Every case runs the app's recording rules with the
 * alerts, as Prometheus does, and most start from a healthy history.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadPlatform, SEVERITIES, type Platform } from '../../src/config';
import { appIdentity, metricsServiceName } from '../../src/constructs/identity';
import { alertRules, kebabCase, ruleGroup, type RuleGroup } from '../../src/observability/alert-model';
import { APP_ALERTS, appRuleGroups } from '../../src/observability/app-alerts';
import { PLATFORM_ALERTS } from '../../src/observability/platform-alerts';
import { publicEndpoints } from '../../src/observability/public-endpoints';
import { ENVIRONMENTS, httpService, platformWith, setIn } from '../helpers/platform';
import {
  afterHistory,
  at,
  everyMinute,
  failingTraffic,
  healthyTraffic,
  httpTraffic,
  labels,
  nodeConditionSeries,
  type Traffic,
} from '../helpers/alert-series';
import { defaultTestPlatform } from '../helpers/harness';
import { checkRules, testAlert, type AlertCase, type SeriesInput } from '../helpers/promtool-rules';
import { nonEmpty } from '../helpers/collections';

const platform = defaultTestPlatform();
const PROD = platform.environments.production.namespace;
const STAGING = platform.environments.staging.namespace;

function groups(environment: string, p: Platform = platform): RuleGroup[] {
  return [
    ...appRuleGroups({ platform: p, environment }),
    ruleGroup('platform', PLATFORM_ALERTS, { platform: p, environment }),
  ];
}

function expectPromtoolPasses(result: { status: number; stdout: string; stderr: string }) {
  if (result.status !== 0) throw new Error(`promtool failed:\n${result.stdout}${result.stderr}`);
}

const API_METRICS_JOB = metricsServiceName(appIdentity(platform, 'production'), 'api');
const WORKER_METRICS_JOB = metricsServiceName(appIdentity(platform, 'production'), 'worker');
const minRequestsPerMinute = platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond * 60;

const apiAlertLabels = { severity: 'P1', environment: 'production', namespace: PROD, service_name: 'api' };

/** Every minute from `from` to `to` (inclusive), counted from the start of the series. */
const minutes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}m`);

/** The platform's scrape interval (30s): HTTP cases are sampled as Prometheus samples the app. */
const SCRAPE = { interval: '30s', samplesPerMinute: 2 };
const http = (namespace: string, phases: readonly Traffic[]) =>
  httpTraffic(namespace, 'api', phases, SCRAPE.samplesPerMinute);

/** The `up` series of one pod of a service, with the target labels its ServiceMonitor gives it. */
const serviceTarget = (namespace: string, service: string, job: string, pod: string, values: string) => ({
  series: `up${labels({
    namespace,
    service_name: service,
    job,
    service: job,
    endpoint: 'metrics',
    container: 'app',
    pod,
    instance: `${pod}:9090`,
  })}`,
  values: afterHistory(1, values),
});
const apiTarget = (namespace: string, pod: string, values: string) =>
  serviceTarget(namespace, 'api', API_METRICS_JOB, pod, values);
const workerTarget = (namespace: string, pod: string, values: string) =>
  serviceTarget(namespace, 'worker', WORKER_METRICS_JOB, pod, values);

/** Labels prometheus-operator gives an exporter's scrape target: its `up` and the exporter's own series. */
const exporterTarget = (job: string, namespace: string, extra: Record<string, string> = {}) =>
  labels({ namespace, job, service: job, endpoint: 'metrics', pod: `${job}-0`, instance: '10.0.1.5:9187', ...extra });

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

/** Client connections of the primary in two states, and its limits: max_connections 100, 3 reserved. */
const connections = (active: number, idle: number, namespace = PROD) => {
  const activity = (state: string) =>
    `pg_stat_activity_count${exporterTarget(postgresPrimaryJob, namespace, { datname: 'your_app', state, usename: 'app', application_name: 'api', backend_type: 'client backend', wait_event_type: '', wait_event: '' })}`;
  return [
    { series: activity('active'), values: afterHistory(5, `${active}x30`) },
    { series: activity('idle'), values: afterHistory(5, `${idle}x30`) },
    { series: `pg_settings_max_connections${exporterTarget(postgresPrimaryJob, namespace)}`, values: '100x60' },
    {
      series: `pg_settings_superuser_reserved_connections${exporterTarget(postgresPrimaryJob, namespace)}`,
      values: '3x60',
    },
  ];
};

/** Redis using `used` of `max` bytes (max 0: no limit). */
const redisMemory = (used: number, max: number, namespace = PROD) => [
  { series: `redis_memory_used_bytes${exporterTarget(redisJob, namespace)}`, values: afterHistory(1e6, `${used}x30`) },
  { series: `redis_memory_max_bytes${exporterTarget(redisJob, namespace)}`, values: `${max}x60` },
];

/** The Argo Rollouts controller's series as Prometheus stores them: the controller's namespace and pod as target. */
const controller = (pod: string) => ({ job: 'argo-rollouts-metrics', namespace: 'argo-rollouts', pod });
const rolloutInfo = (namespace: string, phase: string, name = 'your-app-api', pod = 'argo-rollouts-6d4b-a') =>
  `rollout_info${labels({ ...controller(pod), exported_namespace: namespace, name, phase, strategy: 'canary', traffic_router: 'ALB' })}`;
const rolloutPhase = (namespace: string, phase: string) =>
  `rollout_phase${labels({ ...controller('argo-rollouts-6d4b-a'), exported_namespace: namespace, name: 'your-app-api', phase, strategy: 'canary' })}`;
const rolloutEvents = (namespace: string, reason: string, pod = 'argo-rollouts-6d4b-a', type = 'Normal') =>
  `rollout_events_total${labels({ ...controller(pod), exported_namespace: namespace, name: 'your-app-api', type, reason })}`;
const rolloutLabels = (namespace: string, name = 'your-app-api') => ({
  exported_namespace: namespace,
  name,
  namespace,
});
/** Every Rollout of the platform Completed throughout, so only the case's own series decide. */
const otherRolloutsCompleted = (namespace: string, minutes: number) =>
  Object.keys(platform.services)
    .filter((service) => service !== 'api')
    .map((service) => ({ series: rolloutInfo(namespace, 'Completed', `your-app-${service}`), values: `1x${minutes}` }));

const crashLoop = (namespace: string) =>
  `kube_pod_container_status_waiting_reason{namespace="${namespace}", pod="your-app-worker-1", container="app", reason="CrashLoopBackOff"}`;

const disk = { instance: 'node-1:9100', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
/** A 100 GB disk whose free space follows `avail` (5-minute steps). */
const node = (avail: string, set: Record<string, string> = disk) => [
  { series: `node_filesystem_avail_bytes${labels(set)}`, values: avail },
  { series: `node_filesystem_size_bytes${labels(set)}`, values: '100e9x200' },
  { series: `node_filesystem_readonly${labels(set)}`, values: '0x200' },
];

/** The api's public endpoint and the labels its Probe gives the blackbox exporter's series. */
const [apiEndpoint] = publicEndpoints(platform, 'production');
const probeTarget = (namespace = PROD) =>
  labels({ namespace, service_name: 'api', job: apiEndpoint.job, instance: apiEndpoint.url });
const probe = (up: string, success: string, namespace = PROD) => [
  { series: `up${probeTarget(namespace)}`, values: afterHistory(1, up) },
  { series: `probe_success${probeTarget(namespace)}`, values: afterHistory(1, success) },
];
const probeAlertLabels = { environment: 'production', namespace: PROD, service_name: 'api', job: apiEndpoint.job };
/** probe_ssl_earliest_cert_expiry of a certificate that expires `days` after the test clock's 0. */
const certificate = (days: number) => ({
  series: `probe_ssl_earliest_cert_expiry${probeTarget()}`,
  values: `${days * 86400}x60`,
});

/** YACE's series of the api's ALB: CloudWatch's per-minute sums, scraped in the monitoring namespace. */
const alb = (metric: string, values: string, namespace = PROD, extra: Record<string, string> = {}) => ({
  series: `${metric}${labels({
    namespace: 'monitoring',
    job: 'yace',
    name: 'arn:aws:elasticloadbalancing:eu-west-1:333333333333:loadbalancer/app/k8s-yourapp-api/0123456789abcdef',
    region: 'eu-west-1',
    dimension_LoadBalancer: 'app/k8s-yourapp-api/0123456789abcdef',
    tag_ingress_k8s_aws_stack: `${namespace}/your-app-api`,
    ...extra,
  })}`,
  values,
});
const albAlertLabels = {
  environment: 'production',
  namespace: PROD,
  service_name: 'api',
  tag_ingress_k8s_aws_stack: `${PROD}/your-app-api`,
};
const TARGET_GROUP = { dimension_TargetGroup: 'targetgroup/k8s-yourapp-api-stable/0123456789abcdef' };

/**
 * Error-budget cases need the long windows' history: `healthyHours` of clean traffic, then `incident`. 100 requests
 * a minute, sampled every `sampleMinutes`.
 */
function burn(
  healthyHours: number,
  incident: Traffic | readonly Traffic[],
  sampleMinutes: number,
  namespace = PROD,
): SeriesInput[] {
  const phases = [healthyTraffic(100, healthyHours * 60), ...[incident].flat()];
  return httpTraffic(namespace, 'api', phases, 1 / sampleMinutes);
}
const EVERY_2M = { interval: '2m', evaluationInterval: '2m' };
const EVERY_20M = { interval: '20m', evaluationInterval: '20m' };
const incidentAt = (healthyHours: number, minutes: number) => `${healthyHours * 60 + minutes}m`;
const budgetAlertLabels = (severity: string) => ({
  severity,
  environment: 'production',
  namespace: PROD,
  service_name: 'api',
});

/**
 * Cases per alert and the environment whose rules they run against. App alerts start after HISTORY_MINUTES healthy
 * minutes, so rate windows and `for` see what a running Prometheus sees.
 */
const CASES: Record<string, { environment: string; cases: AlertCase[] }> = {
  HttpHighErrorRate: {
    environment: 'production',
    cases: [
      {
        title: '4% errors for 10 minutes stays silent',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(10, 4), healthyTraffic(100, 10)]),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: '6% errors for 6 minutes fires, with summary, description and runbook',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(6, 6), healthyTraffic(100, 10)]),
        evalTimes: [at(6)],
        fires: [apiAlertLabels],
        annotations: {
          summary: 'api answers 6% of requests with 5xx',
          description:
            `More than 5% of the HTTP requests of api in ${PROD} have failed with a 5xx status for 5 minutes. ` +
            'Customers see errors.',
          runbook_url: 'https://github.com/your-org/your-app-platform/blob/main/docs/runbooks/http-high-error-rate.md',
        },
      },
      {
        title: 'a steady 6% has not paged after 4 minutes (the 2m ratio crosses 5% 2 minutes in) ...',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(30, 6)]),
        evalTimes: everyMinute(1, 4),
        fires: [],
      },
      {
        title: '... and pages 5 minutes in, well within 10, and keeps paging while it lasts',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(30, 6)]),
        evalTimes: everyMinute(5, 30),
        fires: [apiAlertLabels],
      },
      {
        title: 'a 90-second burst of errors only, then none, never fires',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(1.5, 100), healthyTraffic(100, 15)]),
        evalTimes: everyMinute(1, 16),
        fires: [],
      },
      {
        title: '6% errors for 3 minutes, then none, never fires',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(3, 6), healthyTraffic(100, 15)]),
        evalTimes: everyMinute(1, 18),
        fires: [],
      },
      {
        title: '6% errors for 4 minutes, then none, never fires',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(4, 6), healthyTraffic(100, 15)]),
        evalTimes: everyMinute(1, 19),
        fires: [],
      },
      {
        title: 'a full outage (every request 5xx) pages within 4 minutes',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(), failingTraffic(10, 100)]),
        evalTimes: [at(4)],
        fires: [apiAlertLabels],
      },
      {
        title: 'a quiet night, 1 request of 2 failing, stays silent (too few requests to page)',
        ...SCRAPE,
        series: http(PROD, [healthyTraffic(2), failingTraffic(20, 50, 2)]),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: '10% errors just above the minimum request rate fires',
        ...SCRAPE,
        series: http(PROD, [
          healthyTraffic(minRequestsPerMinute * 1.2),
          failingTraffic(10, 10, minRequestsPerMinute * 1.2),
        ]),
        evalTimes: [at(6)],
        fires: [apiAlertLabels],
      },
      {
        title: '10% errors just below the minimum request rate stays silent',
        ...SCRAPE,
        series: http(PROD, [
          healthyTraffic(minRequestsPerMinute * 0.8),
          failingTraffic(10, 10, minRequestsPerMinute * 0.8),
        ]),
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: "staging's errors do not fire production's alert",
        ...SCRAPE,
        series: http(STAGING, [healthyTraffic(), failingTraffic(15, 50)]),
        evalTimes: [at(10)],
        fires: [],
      },
    ],
  },
  HttpErrorBudgetFastBurn: {
    environment: 'production',
    // With 6 hours of clean traffic behind, as the 6h window needs, sampled and evaluated every 2 minutes (the
    // 5m window still holds 2 samples). The objective is 99.9%: budget 0.1%.
    cases: [
      {
        ...EVERY_2M,
        title:
          'burning at 15x the budget (1.5% errors) pages once 1 hour holds it (14.4x over 1h and 5m), ' +
          'not at 50 minutes',
        series: burn(6, failingTraffic(120, 1.5), 2),
        evalTimes: [incidentAt(6, 60), incidentAt(6, 90)],
        fires: [budgetAlertLabels('P1')],
        silentAt: [incidentAt(6, 30), incidentAt(6, 50)],
      },
      {
        ...EVERY_2M,
        title: 'burning at 14x (1.4%) for 2 hours stays silent: under 14.4x over 1h, under 6x over 6h',
        series: burn(6, failingTraffic(120, 1.4), 2),
        evalTimes: [incidentAt(6, 60), incidentAt(6, 90), incidentAt(6, 120)],
        fires: [],
      },
      {
        ...EVERY_2M,
        title: 'burning at 6.5x the budget (0.65%) pages once 6 hours hold 6x (6x over 6h and 30m)',
        series: burn(6, failingTraffic(400, 0.65), 2),
        evalTimes: [incidentAt(6, 340), incidentAt(6, 380)],
        fires: [budgetAlertLabels('P1')],
      },
      {
        ...EVERY_2M,
        title: 'burning at 5.5x (0.55%) for 8 hours never pages',
        series: burn(6, failingTraffic(480, 0.55), 2),
        evalTimes: [incidentAt(6, 120), incidentAt(6, 360), incidentAt(6, 480)],
        fires: [],
      },
      {
        ...EVERY_2M,
        title: 'a 5% burn pages within 20 minutes, and the page ends once the short windows clear after it stops',
        series: burn(6, [failingTraffic(70, 5), healthyTraffic(100, 60)], 2),
        evalTimes: [incidentAt(6, 20), incidentAt(6, 70)],
        fires: [budgetAlertLabels('P1')],
        silentAt: [incidentAt(6, 102), incidentAt(6, 110)],
      },
      {
        ...EVERY_2M,
        title: 'a quiet service (20 requests a minute) burning 5% stays silent: below the request floor',
        series: httpTraffic(PROD, 'api', [healthyTraffic(20, 360), failingTraffic(120, 5, 20)], 0.5),
        evalTimes: [incidentAt(6, 60), incidentAt(6, 120)],
        fires: [],
      },
      {
        ...EVERY_2M,
        title: "staging's burn does not fire production's alert",
        series: burn(6, failingTraffic(120, 5), 2, STAGING),
        evalTimes: [incidentAt(6, 90)],
        fires: [],
      },
    ],
  },
  HttpErrorBudgetSlowBurn: {
    environment: 'production',
    // Three days of clean traffic first, as the 3d window needs; one sample and one evaluation every 20 minutes.
    cases: [
      {
        title: 'burning at 3.5x (0.35%) files a ticket once a day holds 3x (3x over 1d and 2h), not within 18 hours',
        ...EVERY_20M,
        series: burn(72, failingTraffic(1800, 0.35), 20),
        evalTimes: [incidentAt(72, 22 * 60), incidentAt(72, 28 * 60)],
        fires: [budgetAlertLabels('P2')],
        silentAt: [incidentAt(72, 12 * 60), incidentAt(72, 18 * 60)],
      },
      {
        title:
          'burning at 2x (0.2%) files a ticket once 3 days hold the whole budget (1x over 3d and 6h), ' +
          'not within 30 hours',
        ...EVERY_20M,
        series: burn(72, failingTraffic(2400, 0.2), 20),
        evalTimes: [incidentAt(72, 38 * 60)],
        fires: [budgetAlertLabels('P2')],
        silentAt: [incidentAt(72, 24 * 60), incidentAt(72, 30 * 60)],
      },
      {
        title: 'spending within the budget (0.08% errors) never files a ticket',
        ...EVERY_20M,
        series: burn(72, failingTraffic(2400, 0.08), 20),
        evalTimes: [incidentAt(72, 24 * 60), incidentAt(72, 40 * 60)],
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
        series: [workerTarget(PROD, 'your-app-worker-1', '1x10')],
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
  WorkerDown: {
    environment: 'production',
    cases: [
      {
        title: 'no worker pod left (its targets gone) for 5 minutes fires',
        series: [workerTarget(PROD, 'your-app-worker-1', 'stale'), apiTarget(PROD, 'your-app-api-1', '1x10')],
        evalTimes: [at(6)],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, service_name: 'worker' }],
      },
      {
        title: 'every worker pod failing its scrape for 5 minutes fires',
        series: [workerTarget(PROD, 'your-app-worker-1', '0x10'), workerTarget(PROD, 'your-app-worker-2', '0x10')],
        evalTimes: [at(6)],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, service_name: 'worker' }],
      },
      {
        title: 'gone for 4 minutes (a rollout replacing the last pod) stays silent',
        series: [workerTarget(PROD, 'your-app-worker-1', '_x3 1x10')],
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: 'one of two worker pods down stays silent',
        series: [workerTarget(PROD, 'your-app-worker-1', '1x10'), workerTarget(PROD, 'your-app-worker-2', '0x10')],
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: "staging's worker down does not fire production's alert",
        series: [workerTarget(PROD, 'your-app-worker-1', '1x10'), workerTarget(STAGING, 'your-app-worker-1', '0x10')],
        evalTimes: [at(8)],
        fires: [],
      },
    ],
  },
  PublicEndpointDown: {
    environment: 'production',
    cases: [
      {
        title: 'the probe failing for 5 minutes fires',
        series: probe('1x10', '0x10'),
        evalTimes: [at(6)],
        fires: [{ severity: 'P1', ...probeAlertLabels }],
      },
      {
        title: 'the blackbox exporter not answering fires (nothing probes the endpoint)',
        series: probe('0x10', 'stale'),
        evalTimes: [at(6)],
        fires: [{ severity: 'P1', ...probeAlertLabels }],
      },
      {
        title: 'no probe target at all (exporter not installed, Probe not selected) fires',
        series: [apiTarget(PROD, 'your-app-api-1', '1x10')],
        evalTimes: [at(6)],
        fires: [{ severity: 'P1', ...probeAlertLabels }],
      },
      {
        title: 'failing for 4 minutes stays silent',
        series: probe('1x10', '0x3 1x10'),
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: 'succeeding stays silent',
        series: probe('1x10', '1x10'),
        evalTimes: everyMinute(1, 10),
        fires: [],
      },
      {
        title: "staging's endpoint down does not fire production's alert",
        series: [...probe('1x10', '1x10'), ...probe('1x10', '0x10', STAGING)],
        evalTimes: [at(6)],
        fires: [],
      },
    ],
  },
  TlsCertificateExpiringSoon: {
    environment: 'production',
    cases: [
      {
        title: 'a certificate expiring in 10 days fires',
        series: [certificate(10)],
        evalTimes: ['15m'],
        fires: [{ severity: 'P2', ...probeAlertLabels, instance: apiEndpoint.url }],
      },
      {
        title: 'a certificate valid for 30 more days stays silent',
        series: [certificate(30)],
        evalTimes: ['15m', '50m'],
        fires: [],
      },
      {
        // The blackbox exporter's other series of the same probe (prober/handler.go, prober/http.go): only the certificate's counts.
        title: "a valid certificate stays silent beside the probe's other series",
        series: [
          certificate(30),
          ...['probe_success', 'probe_duration_seconds', 'probe_http_status_code', 'probe_http_ssl'].map((metric) => ({
            series: `${metric}${probeTarget()}`,
            values: metric === 'probe_http_status_code' ? '200x60' : '1x60',
          })),
        ],
        evalTimes: ['15m', '50m'],
        fires: [],
      },
    ],
  },
  LoadBalancerHighErrorRate: {
    environment: 'production',
    cases: [
      {
        title: 'the ALB answering 10% of requests with its own 5xx for 10 minutes fires',
        series: [
          alb('aws_applicationelb_request_count_sum', '100x40'),
          alb('aws_applicationelb_httpcode_elb_5_xx_count_sum', '0x30 10x10'),
        ],
        evalTimes: ['40m'],
        fires: [{ severity: 'P1', ...albAlertLabels }],
      },
      {
        title: 'no healthy target (every request a 503 the ALB answers, none routed) fires',
        series: [
          alb('aws_applicationelb_request_count_sum', '100x30 0x10'),
          alb('aws_applicationelb_httpcode_elb_5_xx_count_sum', '0x30 100x10'),
        ],
        evalTimes: ['40m'],
        fires: [{ severity: 'P1', ...albAlertLabels }],
      },
      {
        title: '2% of ALB 5xx stays silent',
        series: [
          alb('aws_applicationelb_request_count_sum', '100x40'),
          alb('aws_applicationelb_httpcode_elb_5_xx_count_sum', '0x30 2x10'),
        ],
        evalTimes: ['35m', '40m'],
        fires: [],
      },
      {
        title: 'a quiet night, 1 ALB 5xx of 3 requests a minute, stays silent (below the request floor)',
        series: [
          alb('aws_applicationelb_request_count_sum', '3x40'),
          alb('aws_applicationelb_httpcode_elb_5_xx_count_sum', '0x30 1x10'),
        ],
        evalTimes: ['35m', '40m'],
        fires: [],
      },
      {
        title: "staging's ALB does not fire production's alert",
        series: [
          alb('aws_applicationelb_request_count_sum', '100x40', STAGING),
          alb('aws_applicationelb_httpcode_elb_5_xx_count_sum', '0x30 50x10', STAGING),
        ],
        evalTimes: ['40m'],
        fires: [],
      },
    ],
  },
  LoadBalancerUnhealthyTargets: {
    environment: 'production',
    cases: [
      {
        title: 'two targets failing the health check for 10 minutes fires, naming the target group',
        series: [alb('aws_applicationelb_un_healthy_host_count_maximum', '0x10 2x20', PROD, TARGET_GROUP)],
        evalTimes: ['25m'],
        fires: [{ severity: 'P2', ...albAlertLabels, ...TARGET_GROUP }],
      },
      {
        title: 'a target unhealthy for 5 minutes (a pod replaced) stays silent',
        series: [alb('aws_applicationelb_un_healthy_host_count_maximum', '0x10 1x5 0x15', PROD, TARGET_GROUP)],
        evalTimes: ['12m', '16m', '25m'],
        fires: [],
      },
      {
        title: "staging's unhealthy targets do not fire production's alert",
        series: [alb('aws_applicationelb_un_healthy_host_count_maximum', '2x30', STAGING, TARGET_GROUP)],
        evalTimes: ['25m'],
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
  PostgresConnectionsNearLimit: {
    environment: 'production',
    cases: [
      {
        title: '85 of the 97 slots open to clients (88%) for 10 minutes fires',
        series: connections(60, 25),
        evalTimes: [at(11)],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, job: postgresPrimaryJob }],
      },
      {
        title: '70 of 97 (72%) stays silent',
        series: connections(40, 30),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: "staging's connections do not fire production's alert",
        series: connections(60, 30, STAGING),
        evalTimes: [at(11)],
        fires: [],
      },
    ],
  },
  RedisDown: {
    environment: 'production',
    cases: exporterDownCases('redis_up', redisJob, 2, 'P2'),
  },
  RedisMemoryNearLimit: {
    environment: 'production',
    cases: [
      {
        title: '95% of maxmemory for 10 minutes fires',
        series: redisMemory(0.95e9, 1e9),
        evalTimes: [at(11)],
        fires: [{ severity: 'P2', environment: 'production', namespace: PROD, job: redisJob }],
      },
      {
        title: '50% of maxmemory stays silent',
        series: redisMemory(0.5e9, 1e9),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
      {
        title: 'no maxmemory (0: unlimited) stays silent',
        series: redisMemory(0.95e9, 0),
        evalTimes: everyMinute(1, 20),
        fires: [],
      },
    ],
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
  RolloutFailed: {
    environment: 'staging',
    cases: [
      {
        title:
          'a release that times out and aborts (progressDeadlineAbort: Timeout for one reconcile, then Abort) is ' +
          'one alert from the abort on, until the next revision (+ keep_firing_for 5m)',
        series: [
          { series: rolloutInfo(STAGING, 'Progressing'), values: '1x19 stale _x20 1x20' },
          { series: rolloutInfo(STAGING, 'Timeout'), values: '_x19 1 stale _x40' },
          { series: rolloutInfo(STAGING, 'Abort'), values: '_x20 1x19 stale _x20' },
        ],
        evalTimes: minutes(21, 44),
        fires: [{ severity: 'P2', environment: 'staging', ...rolloutLabels(STAGING) }],
      },
      {
        title: '... silent before the deadline, and resolved once the new revision has progressed for 5 minutes',
        series: [
          { series: rolloutInfo(STAGING, 'Progressing'), values: '1x19 stale _x20 1x20' },
          { series: rolloutInfo(STAGING, 'Timeout'), values: '_x19 1 stale _x40' },
          { series: rolloutInfo(STAGING, 'Abort'), values: '_x20 1x19 stale _x20' },
        ],
        evalTimes: ['10m', '19m', '46m', '55m'],
        fires: [],
      },
      {
        title: 'an aborted release whose template was reverted (Completed again) resolves',
        series: [
          { series: rolloutInfo(STAGING, 'Abort'), values: '_x10 1x10 stale' },
          { series: rolloutInfo(STAGING, 'Completed'), values: '1x10 _x10 1x20' },
        ],
        evalTimes: ['27m', '35m'],
        fires: [],
      },
      {
        title: 'a controller leader change (rollout_info absent for 3 scrapes) keeps it one alert',
        series: [{ series: rolloutInfo(STAGING, 'Abort'), values: '1x10 stale _x2 1x20' }],
        evalTimes: minutes(2, 30),
        fires: [{ severity: 'P2', environment: 'staging', ...rolloutLabels(STAGING) }],
      },
      {
        title: 'a Rollout the controller cannot act on (ReplicaSet create error) fires',
        series: [{ series: rolloutInfo(STAGING, 'Error'), values: '1x10' }],
        evalTimes: ['3m'],
        fires: [{ severity: 'P2', environment: 'staging', ...rolloutLabels(STAGING) }],
      },
      {
        title: 'progressing, paused (a manual gate or an inconclusive analysis) and completed stay silent',
        series: [
          { series: rolloutInfo(STAGING, 'Progressing'), values: '1x5 stale' },
          { series: rolloutInfo(STAGING, 'Paused'), values: '_x6 1x10 stale' },
          { series: rolloutInfo(STAGING, 'Completed'), values: '_x17 1x10' },
        ],
        evalTimes: ['4m', '12m', '25m'],
        fires: [],
      },
      {
        // The controller also exports the deprecated rollout_phase, one series per phase, 1 for the current phase and
        // 0 for the others (argo-rollouts v1.9.1 controller/metrics/rollouts.go): only rollout_info says the phase.
        title: "a completed Rollout stays silent beside the deprecated rollout_phase's 0 for Abort, Error and Timeout",
        series: [
          { series: rolloutInfo(STAGING, 'Completed'), values: '1x20' },
          ...['Completed', 'Progressing', 'Paused', 'Timeout', 'Error', 'Abort'].map((phase) => ({
            series: rolloutPhase(STAGING, phase),
            values: phase === 'Completed' ? '1x20' : '0x20',
          })),
        ],
        evalTimes: ['2m', '5m', '10m', '15m'],
        fires: [],
      },
      {
        title: "production's Rollouts are not staging's",
        series: [{ series: rolloutInfo(PROD, 'Abort'), values: '1x10' }],
        evalTimes: ['6m'],
        fires: [],
      },
    ],
  },
  RolloutSucceeded: {
    environment: 'production',
    cases: [
      {
        title:
          'Completed -> Progressing -> Completed with no new revision (HPA scale-up, pod restart, eviction, ' +
          're-apply) stays silent',
        series: [
          { series: rolloutEvents(PROD, 'RolloutCompleted'), values: '1x40' },
          { series: rolloutEvents(PROD, 'ScalingReplicaSet'), values: '1x19 2x20' },
          { series: rolloutInfo(PROD, 'Completed'), values: '1x19 stale _x1 1x20' },
          { series: rolloutInfo(PROD, 'Progressing'), values: '_x19 1x1 stale _x19' },
        ],
        // From 10m: a Prometheus without any history sees every counter as new (see the rule).
        evalTimes: minutes(10, 40),
        fires: [],
      },
      {
        title: 'a new revision promoted (RolloutCompleted 1 -> 2) fires',
        series: [
          { series: rolloutEvents(PROD, 'RolloutCompleted'), values: '1x29 2x30' },
          { series: rolloutInfo(PROD, 'Paused'), values: '_x10 1x14 stale' },
          { series: rolloutInfo(PROD, 'Progressing'), values: '1x9 stale _x14 1x4 stale' },
          { series: rolloutInfo(PROD, 'Completed'), values: '_x29 1x30' },
        ],
        evalTimes: minutes(30, 34),
        fires: [{ severity: 'P3', environment: 'production', ...rolloutLabels(PROD) }],
      },
      {
        title: '... once: silent before, and silent 5 minutes after',
        series: [{ series: rolloutEvents(PROD, 'RolloutCompleted'), values: '1x29 2x30' }],
        evalTimes: ['20m', '29m', '35m', '50m'],
        fires: [],
      },
      {
        title: "the controller's first promotion since it started (a series born at 1) fires",
        series: [{ series: rolloutEvents(PROD, 'RolloutCompleted'), values: '_x29 1x30' }],
        evalTimes: ['29m', '33m'],
        fires: [{ severity: 'P3', environment: 'production', ...rolloutLabels(PROD) }],
      },
      {
        title: 'Prometheus down for 12 minutes with no promotion stays silent',
        series: [{ series: rolloutEvents(PROD, 'RolloutCompleted'), values: '1x20 _x11 1x20' }],
        evalTimes: minutes(10, 50),
        fires: [],
      },
      {
        title: 'a new controller pod (counters restart, RolloutAddedToInformer only) stays silent',
        series: [
          { series: rolloutEvents(PROD, 'RolloutCompleted'), values: '3x20 stale' },
          { series: rolloutEvents(PROD, 'RolloutAddedToInformer', 'argo-rollouts-6d4b-b'), values: '_x21 1x40' },
        ],
        evalTimes: minutes(10, 60),
        fires: [],
      },
      {
        title: "... and the new pod's first promotion fires",
        series: [
          { series: rolloutEvents(PROD, 'RolloutCompleted'), values: '3x20 stale' },
          { series: rolloutEvents(PROD, 'RolloutAddedToInformer', 'argo-rollouts-6d4b-b'), values: '_x21 1x40' },
          { series: rolloutEvents(PROD, 'RolloutCompleted', 'argo-rollouts-6d4b-b'), values: '_x39 1x20' },
        ],
        evalTimes: ['40m'],
        fires: [{ severity: 'P3', environment: 'production', ...rolloutLabels(PROD) }],
      },
      {
        title: "staging's promotion does not fire production's alert",
        series: [{ series: rolloutEvents(STAGING, 'RolloutCompleted'), values: '1x29 2x30' }],
        evalTimes: ['31m'],
        fires: [],
      },
    ],
  },
  RolloutMetricsAbsent: {
    environment: 'production',
    cases: [
      {
        title: "the controller's metrics gone for 10 minutes fires for every Rollout of the platform",
        series: [
          { series: rolloutInfo(PROD, 'Completed'), values: '1x10 stale' },
          { series: rolloutInfo(PROD, 'Completed', 'your-app-worker'), values: '1x10 stale' },
        ],
        evalTimes: ['21m'],
        fires: [
          { severity: 'P2', environment: 'production', ...rolloutLabels(PROD) },
          { severity: 'P2', environment: 'production', ...rolloutLabels(PROD, 'your-app-worker') },
        ],
      },
      {
        title: 'gone for 9 minutes stays silent',
        series: [
          { series: rolloutInfo(PROD, 'Completed'), values: '1x10 stale' },
          { series: rolloutInfo(PROD, 'Completed', 'your-app-worker'), values: '1x10 stale' },
        ],
        evalTimes: ['20m'],
        fires: [],
      },
      {
        title: 'one Rollout without series (deleted, renamed) fires for it alone',
        series: [{ series: rolloutInfo(PROD, 'Completed'), values: '1x30' }],
        evalTimes: ['15m'],
        fires: [{ severity: 'P2', environment: 'production', ...rolloutLabels(PROD, 'your-app-worker') }],
      },
      {
        title: 'every Rollout reported, in any phase, stays silent',
        series: [{ series: rolloutInfo(PROD, 'Progressing'), values: '1x30' }, ...otherRolloutsCompleted(PROD, 30)],
        evalTimes: ['15m', '30m'],
        fires: [],
      },
      {
        title: "staging's series do not stand in for production's",
        series: [{ series: rolloutInfo(STAGING, 'Completed'), values: '1x30' }, ...otherRolloutsCompleted(STAGING, 30)],
        evalTimes: ['15m'],
        fires: [
          { severity: 'P2', environment: 'production', ...rolloutLabels(PROD) },
          { severity: 'P2', environment: 'production', ...rolloutLabels(PROD, 'your-app-worker') },
        ],
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
      {
        title: "a healthy node stays silent beside kube-state-metrics' 0 series of each condition",
        series: nodeConditionSeries(
          'node-1',
          true,
          ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'],
          30,
        ),
        evalTimes: ['16m', '30m'],
        fires: [],
      },
    ],
  },
};

describe('alert rules (promtool)', () => {
  it.each(ENVIRONMENTS)('promtool check rules is clean for %s', (environment) => {
    const result = checkRules(groups(environment));
    expectPromtoolPasses(result);
    // Every rule of the environment was read, not an empty file.
    const count = groups(environment).flatMap((g) => g.rules).length;
    expect(count).toBeGreaterThan(APP_ALERTS.length);
    expect(result.stdout).toContain(`SUCCESS: ${count} rules found`);
  });

  it('has unit-test cases for every alert, each with a case that fires and one that does not', () => {
    const names = alertRules(groups('production')).map((r) => r.alert);
    expect(names.length).toBe(APP_ALERTS.length + PLATFORM_ALERTS.length);
    expect(Object.keys(CASES).sort()).toEqual([...names].sort());
    for (const { cases } of nonEmpty(Object.values(CASES))) {
      expect(cases.some((c) => c.fires.length > 0)).toBe(true);
      expect(cases.some((c) => c.fires.length === 0 || (c.silentAt ?? []).length > 0)).toBe(true);
    }
  });

  it.each(Object.entries(CASES))('promtool test rules: %s', (alertname, { environment, cases }) => {
    expectPromtoolPasses(testAlert(groups(environment), alertname, cases));
  });

  it('the request-rate guard follows monitoring.alerting.httpErrorRate.minRequestsPerSecond', () => {
    const strict = loadPlatform(
      platformWith((c) => setIn(c, 'monitoring.alerting.httpErrorRate.minRequestsPerSecond', 10)),
    );
    // 100 requests a minute (1.7 per second), 6% failing: above the default guard, below a 10-per-second one.
    const series = http(PROD, [healthyTraffic(), failingTraffic(10, 6)]);
    const outcome = (fires: AlertCase['fires']) => [{ title: 'guard', ...SCRAPE, series, evalTimes: [at(6)], fires }];
    expectPromtoolPasses(testAlert(groups('production'), 'HttpHighErrorRate', outcome([apiAlertLabels])));
    expectPromtoolPasses(testAlert(groups('production', strict), 'HttpHighErrorRate', outcome([])));
  });

  it("the burn thresholds follow the service's objective (services.<name>.slo.availability)", () => {
    // 1.5% errors burns a 99.9% budget at 15x (pages) but a 99% one at 1.5x (does not).
    const relaxed = loadPlatform(platformWith((c) => setIn(c, 'services.api.slo.availability', 0.99)));
    // An hour of history is enough here: this is about the thresholds, not the windows' history.
    const series = burn(1, failingTraffic(120, 1.5), 2);
    const outcome = (fires: AlertCase['fires']) => [
      { title: 'objective', ...EVERY_2M, series, evalTimes: [incidentAt(1, 90)], fires },
    ];
    expectPromtoolPasses(
      testAlert(groups('production'), 'HttpErrorBudgetFastBurn', outcome([budgetAlertLabels('P1')])),
    );
    expectPromtoolPasses(testAlert(groups('production', relaxed), 'HttpErrorBudgetFastBurn', outcome([])));
  });

  it('judges each http service by its own objective, and no worker by the HTTP error rate', () => {
    const p = loadPlatform(
      platformWith((c) => {
        c.services.admin = httpService('admin', { exposure: 'internal', slo: { availability: 0.99 } });
      }),
    );
    // 1.5% errors burns admin's 99% budget at 1.5x (no page) and would burn api's 99.9% one at 15x.
    const traffic = (failing: string) =>
      ['api', 'admin'].flatMap((service) =>
        httpTraffic(
          PROD,
          service,
          [healthyTraffic(100, 60), service === failing ? failingTraffic(120, 1.5) : healthyTraffic(100, 120)],
          1 / 2,
        ),
      );
    const burnCase = (failing: string, fires: AlertCase['fires']) => [
      { title: `${failing} failing`, ...EVERY_2M, series: traffic(failing), evalTimes: [incidentAt(1, 90)], fires },
    ];
    expectPromtoolPasses(testAlert(groups('production', p), 'HttpErrorBudgetFastBurn', burnCase('admin', [])));
    expectPromtoolPasses(
      testAlert(groups('production', p), 'HttpErrorBudgetFastBurn', burnCase('api', [budgetAlertLabels('P1')])),
    );
    // A worker's own HTTP server (health, metrics) failing is not an http service failing.
    const worker = httpTraffic(PROD, 'worker', [healthyTraffic(), failingTraffic(10, 6)], SCRAPE.samplesPerMinute);
    expectPromtoolPasses(
      testAlert(groups('production'), 'HttpHighErrorRate', [
        { title: 'worker 5xx', ...SCRAPE, series: worker, evalTimes: [at(6)], fires: [] },
      ]),
    );
  });

  it('a disk filling up is P2 in every environment, qa included (the manual)', () => {
    expectPromtoolPasses(
      testAlert(groups('qa'), 'NodeDiskFillingUp', [
        {
          title: 'qa disk filling',
          interval: '5m',
          series: node('50e9-0.25e9x150'),
          evalTimes: ['5h'],
          fires: [{ severity: 'P2', environment: 'qa', ...disk }],
        },
      ]),
    );
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
    for (const rule of nonEmpty(alertRules(groups(environment)))) {
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
    expect(severity('RolloutFailed', 'staging')).toBe('P2');
    expect(severity('RolloutSucceeded', 'production')).toBe('P3');
    expect(severity('RolloutSucceeded', 'staging')).toBe('P3');
    for (const env of nonEmpty(ENVIRONMENTS)) {
      expect(severity('NodeDiskFillingUp', env)).toBe('P2');
      expect(severity('RolloutMetricsAbsent', env)).toBe('P2');
    }
    // Nothing pages outside production.
    for (const env of ['qa', 'staging'] as const) {
      expect(all.filter((a) => severity(a.name, env) === 'P1').map((a) => a.name)).toEqual([]);
    }
  });
});

describe('the alerts follow the services an environment runs', () => {
  // Which alerts watch what (docs/observability/README.md): requests of http services, pods of workers, and the
  // public URL and load balancer of publicly exposed services.
  const HTTP_ALERTS = ['HttpHighErrorRate', 'HttpServiceDown', 'HttpErrorBudgetFastBurn', 'HttpErrorBudgetSlowBurn'];
  const PUBLIC_ALERTS = [
    'PublicEndpointDown',
    'TlsCertificateExpiringSoon',
    'LoadBalancerHighErrorRate',
    'LoadBalancerUnhealthyTargets',
  ];
  const alertNames = (p: Platform) => alertRules(groups('production', p)).map((r) => r.alert);
  const withoutService = (config: any, name: string) => {
    delete config.services[name];
    for (const environment of Object.values<any>(config.environments)) delete environment.services?.[name];
  };

  it('a platform of workers only has no HTTP, public endpoint or load balancer alert and records no HTTP series', () => {
    const workersOnly = loadPlatform(
      platformWith((c) => {
        withoutService(c, 'api');
        delete c.sop; // the restore drill calls an http service
      }),
    );
    const names = alertNames(workersOnly);
    expect(names).toContain('WorkerDown');
    for (const alert of [...HTTP_ALERTS, ...PUBLIC_ALERTS]) expect(names).not.toContain(alert);
    expect(groups('production', workersOnly).flatMap((g) => g.rules.filter((r) => 'record' in r))).toEqual([]);
    expectPromtoolPasses(checkRules(groups('production', workersOnly)));
  });

  it('an http service kept internal has the HTTP alerts, and no public endpoint or load balancer alert', () => {
    const names = alertNames(loadPlatform(platformWith((c) => setIn(c, 'services.api.exposure', 'internal'))));
    for (const alert of HTTP_ALERTS) expect(names).toContain(alert);
    for (const alert of PUBLIC_ALERTS) expect(names).not.toContain(alert);
  });

  it('a platform without workers has no WorkerDown', () => {
    const names = alertNames(loadPlatform(platformWith((c) => withoutService(c, 'worker'))));
    expect(names).not.toContain('WorkerDown');
    for (const alert of [...HTTP_ALERTS, ...PUBLIC_ALERTS]) expect(names).toContain(alert);
  });

  describe('two services of each kind', () => {
    const twoOfEach = () =>
      loadPlatform(
        platformWith((c) => {
          c.services.admin = httpService('admin');
          c.services.mailer = { kind: 'worker', args: ['serve', 'mailer'] };
        }),
      );

    it.each(ENVIRONMENTS)('%s: every expression watching several services is valid PromQL', (environment) => {
      expectPromtoolPasses(checkRules(groups(environment, twoOfEach())));
    });

    it('each service is watched on its own: the second one gone fires for it alone', () => {
      const p = twoOfEach();
      const job = (service: string) => metricsServiceName(appIdentity(p, 'production'), service);
      expectPromtoolPasses(
        testAlert(groups('production', p), 'HttpServiceDown', [
          {
            title: 'admin has no target while api is up',
            series: [apiTarget(PROD, 'your-app-api-1', '1x10')],
            evalTimes: [at(3)],
            fires: [{ ...apiAlertLabels, service_name: 'admin' }],
          },
          {
            title: 'both up stays silent',
            series: [
              apiTarget(PROD, 'your-app-api-1', '1x10'),
              serviceTarget(PROD, 'admin', job('admin'), 'your-app-admin-1', '1x10'),
            ],
            evalTimes: everyMinute(1, 5),
            fires: [],
          },
        ]),
      );
      expectPromtoolPasses(
        testAlert(groups('production', p), 'WorkerDown', [
          {
            title: 'mailer has no target while worker is up',
            series: [workerTarget(PROD, 'your-app-worker-1', '1x10')],
            evalTimes: [at(6)],
            fires: [{ severity: 'P2', environment: 'production', namespace: PROD, service_name: 'mailer' }],
          },
        ]),
      );
    });
  });
});
