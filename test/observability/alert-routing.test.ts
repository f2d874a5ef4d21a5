/**
 * Alert routing through the real amtool and Alertmanager. The routing's AlertmanagerConfig custom resources convert,
 * the way prometheus-operator converts them (test/helpers/alertmanager-operator.ts), into the alertmanager.yaml that
 * src/observability/alertmanager-yaml.ts models; that file passes `amtool check-config`, routes each severity to its
 * receiver (`amtool config routes test`), and inhibits only the matching alert (a running Alertmanager). A receiver
 * whose Secret is missing is rejected alone: every other receiver keeps working.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { alertRoutingConfigName, SEVERITIES, type SecretKeyRef } from '../../src/config';
import { nonEmpty } from '../helpers/collections';
import { ENVIRONMENTS } from '../helpers/platform';
import { operatorConfig, type AlertmanagerConfigResource, type SecretRef } from '../helpers/alertmanager-operator';
import {
  ALERT_ROUTING_LABEL,
  AlertRoutingConfig,
  receiverConfigName,
} from '../../src/observability/alert-routing-config';
import {
  alertRouting,
  type AlertRouting,
  HEARTBEAT_RECEIVER,
  INHIBITIONS,
  NULL_RECEIVER,
  SEVERITY_RECEIVERS,
  type ReceiverRoute,
} from '../../src/observability/alert-routing';
import {
  alertmanagerYaml,
  type GeneratedConfig,
  operatorReceiverName,
  type OperatorContext,
} from '../../src/observability/alertmanager-yaml';
import { APP_ALERTS } from '../../src/observability/app-alerts';
import { expectValidManifests } from '../helpers/k8s-schema';
import { run } from '../helpers/tools';
import { startAlertmanager } from '../helpers/alertmanager';
import { defaultTestPlatform, operatorContext, synth } from '../helpers/harness';

const platform = defaultTestPlatform();
const { receivers } = platform.monitoring.alerting;
const namespace = platform.monitoring.namespace;
const globalName = alertRoutingConfigName(platform);

/**
 * A fake Secret store holding exactly the keys the config references. Each value names its Secret and key (so a
 * reference to the wrong key shows up as a different value) and is a URL, as Slack's and the heartbeat's must be.
 */
const DECLARED_SECRETS = [
  receivers.pagerduty.routingKey,
  receivers.slack.webhookUrl,
  receivers.email.password,
  receivers.heartbeat.url,
];
const fakeValue = (ref: SecretRef) => `https://secret.invalid/${ref.name}/${ref.key}`;
const storeWithout =
  (missing: readonly SecretKeyRef[] = []) =>
  (ref: SecretRef) =>
    DECLARED_SECRETS.some((d) => d.name === ref.name && d.key === ref.key) &&
    !missing.some((m) => m.name === ref.name && m.key === ref.key)
      ? fakeValue(ref)
      : undefined;

const operator = (missing: readonly SecretKeyRef[] = []): OperatorContext =>
  operatorContext(platform, (ref) => {
    const value = storeWithout(missing)(ref);
    if (value === undefined) throw new Error(`Secret ${ref.name} has no key ${ref.key}`);
    return value;
  });
const routeOf = (receiver: string) =>
  routing.receiverRoutes.find((r) => r.route.receiver === receiver) as ReceiverRoute;
/** A receiver's name in the generated configuration. */
const receiverName = (receiver: string) =>
  receiver === NULL_RECEIVER
    ? operatorReceiverName(namespace, globalName, receiver)
    : operatorReceiverName(namespace, receiverConfigName(platform, routeOf(receiver)), receiver);

const scratch = mkdtempSync(path.join(tmpdir(), 'amtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;

function writeConfig(config: unknown): string {
  const file = path.join(scratch, `alertmanager-${++written}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

// Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
let routing: AlertRouting;
let generated: GeneratedConfig;
let configFile: string;
beforeEach(() => {
  routing = alertRouting(platform);
  generated = alertmanagerYaml(routing, operator());
  configFile = writeConfig(generated.config);
});

/** Receivers amtool routes an alert with these labels to, in routing-tree order. */
function routesFor(labels: Record<string, string>, file = configFile): string[] {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args]);
  if (result.status !== 0) throw new Error(`amtool config routes test failed:\n${result.stderr}${result.stdout}`);
  return result.stdout.trim().split(',').filter(Boolean).sort();
}

const PROD = platform.environments.production.namespace;
const STAGING = platform.environments.staging.namespace;
const appAlert = { environment: 'production', namespace: PROD };
const names = (...receivers: string[]) => receivers.map(receiverName).sort();

describe('alertmanager.yaml (amtool)', () => {
  it('passes amtool check-config, with every receiver and inhibition', () => {
    const result = run('amtool', ['check-config', configFile]);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
    expect(generated.rejected).toEqual([]);
    expect(result.stdout).toContain(`${1 + routing.receiverRoutes.length} receivers`);
    expect(result.stdout).toContain(`${routing.global.inhibitRules.length} inhibit rules`);
  });

  it('amtool check-config rejects a broken config (the check can fail)', () => {
    const broken = writeConfig({ ...generated.config, route: { receiver: 'no-such-receiver' } });
    expect(run('amtool', ['check-config', broken]).status).not.toBe(0);
  });

  it('pages P1 (with a copy to Slack), posts P2 to Slack, mails P3', () => {
    expect(routesFor({ alertname: 'HttpHighErrorRate', severity: 'P1', ...appAlert })).toEqual(
      names(SEVERITY_RECEIVERS.P1, SEVERITY_RECEIVERS.P2),
    );
    expect(routesFor({ alertname: 'HttpHighErrorRate', severity: 'P2', ...appAlert })).toEqual(
      names(SEVERITY_RECEIVERS.P2),
    );
    expect(routesFor({ alertname: 'HttpHighErrorRate', severity: 'P3', ...appAlert })).toEqual(
      names(SEVERITY_RECEIVERS.P3),
    );
  });

  it('proves a route with --verify.receivers (amtool exits non-zero on a mismatch)', () => {
    const verify = (severity: string, receiver: string) =>
      run('amtool', [
        'config',
        'routes',
        'test',
        `--config.file=${configFile}`,
        `--verify.receivers=${receiverName(receiver)}`,
        `severity=${severity}`,
        'alertname=Any',
      ]).status;
    expect(verify('P3', SEVERITY_RECEIVERS.P3)).toBe(0);
    expect(verify('P3', SEVERITY_RECEIVERS.P1)).not.toBe(0);
  });

  it("sends kube-prometheus-stack's own severities to Slack, the Watchdog to the heartbeat, InfoInhibitor nowhere", () => {
    expect(routesFor({ alertname: 'KubeletDown', severity: 'critical' })).toEqual(names(SEVERITY_RECEIVERS.P2));
    expect(routesFor({ alertname: 'KubeQuotaAlmostFull', severity: 'info' })).toEqual(names(SEVERITY_RECEIVERS.P2));
    expect(routesFor({ alertname: 'Watchdog', severity: 'none' })).toEqual(names(HEARTBEAT_RECEIVER));
    expect(routesFor({ alertname: 'InfoInhibitor', severity: 'none' })).toEqual(names(NULL_RECEIVER));
  });

  it('inhibits only the matching alert of the same environment and namespace (a running Alertmanager)', async () => {
    const alertmanager = await startAlertmanager(configFile);
    try {
      const alert = (alertname: string, severity: string, namespace: string, extra: Record<string, string> = {}) => ({
        labels: {
          alertname,
          severity,
          namespace,
          environment: namespace === STAGING ? 'staging' : 'production',
          ...extra,
        },
        annotations: { summary: alertname },
      });
      const api = { service_name: 'api' };
      const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          alert('PostgresPrimaryDown', 'P1', PROD),
          alert('PostgresReplicationLagHigh', 'P2', PROD),
          alert('PostgresReplicationLagHigh', 'P3', STAGING),
          alert('PostgresReplicaDown', 'P2', PROD),
          alert('RedisDown', 'P2', PROD),
          alert('PodCrashLooping', 'P2', PROD),
          alert('RolloutFailed', 'P2', PROD),
          alert('HttpServiceDown', 'P1', PROD, api),
          alert('HttpHighErrorRate', 'P1', PROD, api),
          alert('HttpHighErrorRate', 'P1', PROD, { service_name: 'admin' }),
          // Other alerts with the same labels as a target are no source: only the named source silences.
          alert('HttpErrorBudgetFastBurn', 'P1', PROD, { service_name: 'admin' }),
          alert('RedisDown', 'P2', STAGING),
          // kube-prometheus-stack's inhibition, restated in the global configuration: critical silences warning.
          alert('KubePersistentVolumeFillingUp', 'critical', PROD),
          alert('KubePersistentVolumeFillingUp', 'warning', PROD),
        ]),
      });
      expect(posted.status).toBe(200);
      const expected = {
        'PostgresPrimaryDown P1 production': 'active',
        'PostgresReplicationLagHigh P2 production': 'suppressed',
        'PostgresReplicationLagHigh P3 staging': 'active',
        // Likely causes of a P1 stay visible.
        'PostgresReplicaDown P2 production': 'active',
        'RedisDown P2 production': 'active',
        'PodCrashLooping P2 production': 'active',
        'RolloutFailed P2 production': 'active',
        'HttpServiceDown P1 production api': 'active',
        'HttpHighErrorRate P1 production api': 'suppressed',
        'HttpHighErrorRate P1 production admin': 'active',
        'HttpErrorBudgetFastBurn P1 production admin': 'active',
        'RedisDown P2 staging': 'active',
        'KubePersistentVolumeFillingUp critical production': 'active',
        'KubePersistentVolumeFillingUp warning production': 'suppressed',
      };
      // The inhibitor learns about source alerts asynchronously: wait until the states settle.
      let state: Record<string, string> = {};
      for (let attempt = 0; attempt < 50; attempt++) {
        const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as any[];
        state = Object.fromEntries(
          alerts.map((a) => {
            const { alertname, severity, environment, service_name: service } = a.labels;
            return [[alertname, severity, environment, service].filter(Boolean).join(' '), a.status.state];
          }),
        );
        if (JSON.stringify(Object.entries(state).sort()) === JSON.stringify(Object.entries(expected).sort())) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toEqual(expected);
    } finally {
      await alertmanager.stop();
    }
  });
});

/** The kinds of notification a receiver of the generated configuration sends: `pagerduty`, `slack`, `email`, ... */
function kindsOf(name: string): string[] {
  const receiver = (generated.config.receivers as Record<string, unknown>[]).find((r) => r.name === name);
  if (receiver === undefined) throw new Error(`no receiver ${name} in the generated configuration`);
  return Object.keys(receiver)
    .filter((key) => key.endsWith('_configs'))
    .map((key) => key.replace(/_configs$/, ''));
}

const receiverOf = (name: string) =>
  (generated.config.receivers as Record<string, any>[]).find((r) => r.name === name) as Record<string, any>;

/** What an alert of each severity reaches, by the kind of each receiver amtool routes it to. */
const kindsFor = (labels: Record<string, string>) => nonEmpty(routesFor(labels)).flatMap(kindsOf).sort();

describe('receivers by their own configuration (the ops manual: P1 pages, P2 goes to Slack, P3 to email)', () => {
  const alert = { alertname: 'HttpHighErrorRate', ...appAlert };

  it('P1 reaches PagerDuty, with a copy in Slack', () => {
    expect(kindsFor({ ...alert, severity: 'P1' })).toEqual(['pagerduty', 'slack']);
  });

  it('P2 reaches Slack only', () => {
    expect(kindsFor({ ...alert, severity: 'P2' })).toEqual(['slack']);
  });

  it('P3 reaches email only', () => {
    expect(kindsFor({ ...alert, severity: 'P3' })).toEqual(['email']);
  });

  it("the Watchdog reaches the heartbeat's webhook only, and nothing else does", () => {
    expect(kindsFor({ alertname: 'Watchdog', severity: 'none' })).toEqual(['webhook']);
    for (const severity of ['P1', 'P2', 'P3']) {
      expect({ severity, kinds: kindsFor({ ...alert, severity }) }).not.toMatchObject({
        kinds: expect.arrayContaining(['webhook']),
      });
    }
  });

  it('each receiver uses the credential and the address the platform file gives it', () => {
    const [pagerduty] = routesFor({ ...alert, severity: 'P1' }).filter((name) => kindsOf(name).includes('pagerduty'));
    expect(receiverOf(pagerduty).pagerduty_configs).toEqual([
      expect.objectContaining({ routing_key: fakeValue(receivers.pagerduty.routingKey), severity: 'critical' }),
    ]);
    const [slack] = routesFor({ ...alert, severity: 'P2' });
    expect(receiverOf(slack).slack_configs).toEqual([
      expect.objectContaining({ api_url: fakeValue(receivers.slack.webhookUrl), channel: receivers.slack.channel }),
    ]);
    const [email] = routesFor({ ...alert, severity: 'P3' });
    expect(receiverOf(email).email_configs).toEqual([
      expect.objectContaining({
        to: receivers.email.to,
        from: receivers.email.from,
        smarthost: receivers.email.smarthost,
        auth_username: receivers.email.username,
        auth_password: fakeValue(receivers.email.password),
      }),
    ]);
    const [heartbeat] = routesFor({ alertname: 'Watchdog', severity: 'none' });
    expect(receiverOf(heartbeat).webhook_configs).toEqual([
      expect.objectContaining({ url: fakeValue(receivers.heartbeat.url) }),
    ]);
  });
});

/** Seconds of an Alertmanager duration such as `1h30m`. */
function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.map((p) => p[0]).join('') !== duration) throw new Error(`not a duration: ${duration}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

/**
 * The timings Alertmanager applies to the routes an alert matches: a route's own, else its parent's, else
 * Alertmanager's defaults of 30s, 5m and 4h (prometheus/alertmanager dispatch/route.go, `NewRoute`, `DefaultRouteOpts`).
 */
function timingsFor(
  labels: Record<string, string>,
): Record<string, { wait: number; interval: number; repeat: number }> {
  const root = generated.config.route as Record<string, any>;
  const inherited = (route: Record<string, any>, key: string, fallback: string) =>
    seconds(route[key] ?? root[key] ?? fallback);
  return Object.fromEntries(
    nonEmpty(routesFor(labels)).map((receiver) => {
      const route = (root.routes as Record<string, any>[]).find((r) => r.receiver === receiver);
      if (route === undefined) throw new Error(`no route of its own for ${receiver}`);
      const kind = kindsOf(receiver).join('+') || 'none';
      return [
        kind,
        {
          wait: inherited(route, 'group_wait', '30s'),
          interval: inherited(route, 'group_interval', '5m'),
          repeat: inherited(route, 'repeat_interval', '4h'),
        },
      ];
    }),
  );
}

describe('notification timings (the design: docs/observability/README.md, "Alert routing", the timings table)', () => {
  const alert = { alertname: 'HttpHighErrorRate', ...appAlert };
  const minutes = 60;
  const hours = 3600;

  it('P1 pages within 10 seconds and pages again every hour while it fires; its Slack copy keeps the P2 pace', () => {
    expect(timingsFor({ ...alert, severity: 'P1' })).toEqual({
      pagerduty: { wait: 10, interval: 5 * minutes, repeat: 1 * hours },
      slack: { wait: 30, interval: 5 * minutes, repeat: 4 * hours },
    });
  });

  it('P2 posts after 30 seconds of grouping, news of the group every 5 minutes, a reminder every 4 hours', () => {
    expect(timingsFor({ ...alert, severity: 'P2' })).toEqual({
      slack: { wait: 30, interval: 5 * minutes, repeat: 4 * hours },
    });
  });

  it('P3 mails at most every 30 minutes per group and reminds once a day', () => {
    expect(timingsFor({ ...alert, severity: 'P3' })).toEqual({
      email: { wait: 30, interval: 30 * minutes, repeat: 24 * hours },
    });
  });

  it('the Watchdog reaches the heartbeat at once and every minute, so a silence of minutes pages', () => {
    expect(timingsFor({ alertname: 'Watchdog', severity: 'none' })).toEqual({
      webhook: { wait: 0, interval: 1 * minutes, repeat: 1 * minutes },
    });
  });

  it('groups by alert, environment and namespace', () => {
    expect([...(generated.config.route as any).group_by].sort()).toEqual(['alertname', 'environment', 'namespace']);
  });
});

describe('a missing receiver Secret silences its own receiver only', () => {
  const cases: { receiver: string; ref: SecretKeyRef; routes: Record<string, string[]> }[] = [
    {
      receiver: SEVERITY_RECEIVERS.P1,
      ref: receivers.pagerduty.routingKey,
      // The Slack copy still shows the P1, and the operator's rejection alert (P1) reaches Slack.
      routes: { P1: [SEVERITY_RECEIVERS.P2], P2: [SEVERITY_RECEIVERS.P2], P3: [SEVERITY_RECEIVERS.P3] },
    },
    {
      receiver: SEVERITY_RECEIVERS.P2,
      ref: receivers.slack.webhookUrl,
      routes: { P1: [SEVERITY_RECEIVERS.P1], P2: [NULL_RECEIVER], P3: [SEVERITY_RECEIVERS.P3] },
    },
    {
      receiver: SEVERITY_RECEIVERS.P3,
      ref: receivers.email.password,
      routes: {
        P1: [SEVERITY_RECEIVERS.P1, SEVERITY_RECEIVERS.P2],
        P2: [SEVERITY_RECEIVERS.P2],
        P3: [NULL_RECEIVER],
      },
    },
    {
      receiver: HEARTBEAT_RECEIVER,
      ref: receivers.heartbeat.url,
      routes: {
        P1: [SEVERITY_RECEIVERS.P1, SEVERITY_RECEIVERS.P2],
        P2: [SEVERITY_RECEIVERS.P2],
        P3: [SEVERITY_RECEIVERS.P3],
      },
    },
  ];

  it.each(cases)(
    '$receiver: only its AlertmanagerConfig is rejected; the rest still route',
    ({ receiver, ref, routes }) => {
      const partial = alertmanagerYaml(routing, operator([ref]));
      expect(partial.rejected).toEqual([receiverConfigName(platform, routeOf(receiver))]);
      const file = writeConfig(partial.config);
      expect(run('amtool', ['check-config', file]).status).toBe(0);
      for (const [severity, expected] of Object.entries(routes)) {
        expect({
          severity,
          routes: routesFor({ alertname: 'HttpHighErrorRate', severity, ...appAlert }, file),
        }).toEqual({
          severity,
          routes: names(...expected),
        });
      }
    },
  );
});

describe('inhibition table', () => {
  const platform = defaultTestPlatform();
  const known = (alertname: string) => APP_ALERTS.some((a) => a.name === alertname);
  const severityOf = (alertname: string, environment: string) =>
    (platform.environments[environment].alertSeverities as Record<string, string>)[alertname];

  it('names alerts that exist', () => {
    expect(INHIBITIONS.length).toBeGreaterThan(0);
    for (const { source, target } of INHIBITIONS) {
      expect({ source, known: known(source) }).toEqual({ source, known: true });
      expect({ target, known: known(target) }).toEqual({ target, known: true });
    }
  });

  it('never lets an alert silence a more severe one, in any environment', () => {
    const rank = (severity: string | undefined) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
    for (const { source, target } of nonEmpty(INHIBITIONS)) {
      for (const environment of nonEmpty(ENVIRONMENTS)) {
        const [from, to] = [severityOf(source, environment), severityOf(target, environment)];
        expect({ source, target, environment, ok: rank(from) <= rank(to) }).toMatchObject({ ok: true });
      }
    }
  });
});

describe('AlertmanagerConfig custom resources', () => {
  let manifests: AlertmanagerConfigResource[];
  let global: AlertmanagerConfigResource;
  let selected: AlertmanagerConfigResource[];
  beforeEach(() => {
    manifests = synth(
      (scope, p, environment) => new AlertRoutingConfig(scope, 'routing', { platform: p, environment, routing }),
      'production',
    ) as unknown as AlertmanagerConfigResource[];
    global = manifests.find((m) => m.metadata.name === globalName) as AlertmanagerConfigResource;
    selected = manifests.filter((m) => m.metadata.labels?.[ALERT_ROUTING_LABEL] === globalName);
  });

  it('are valid against the AlertmanagerConfig CRD', () => {
    expectValidManifests(manifests);
  });

  it('are the global configuration and one per receiver, all in the monitoring namespace', () => {
    expect(manifests.filter((m) => m.metadata.name === globalName)).toEqual([global]);
    expect(global.metadata.labels?.[ALERT_ROUTING_LABEL]).toBeUndefined();
    expect(selected.map((m) => m.metadata.name).sort()).toEqual(
      routing.receiverRoutes.map((r) => receiverConfigName(platform, r)).sort(),
    );
    for (const m of nonEmpty(manifests)) expect(m.metadata.namespace).toBe(namespace);
  });

  it('keep every Secret reference out of the global configuration, and one Secret per receiver', () => {
    const text = JSON.stringify(global);
    for (const ref of DECLARED_SECRETS) expect(text).not.toContain(`"name":"${ref.name}"`);
    for (const resource of nonEmpty(selected)) {
      const refs = DECLARED_SECRETS.filter((ref) => JSON.stringify(resource).includes(`"name":"${ref.name}"`));
      expect({ resource: resource.metadata.name, refs: refs.length }).toEqual({
        resource: resource.metadata.name,
        refs: 1,
      });
    }
  });

  it('convert, as the operator does, into the amtool-verified alertmanager.yaml, field for field', () => {
    expect(operatorConfig(global, selected, storeWithout())).toEqual(generated);
    const missing = receivers.slack.webhookUrl;
    expect(operatorConfig(global, selected, storeWithout([missing]))).toEqual(
      alertmanagerYaml(routing, operator([missing])),
    );
  });

  it('the comparison catches a receiver reading the wrong Secret key', () => {
    const wrong = structuredClone(selected) as any[];
    const slack = wrong.find((r) => r.spec.receivers[0].slackConfigs);
    slack.spec.receivers[0].slackConfigs[0].apiURL = receivers.heartbeat.url;
    expect(operatorConfig(global, wrong, storeWithout())).not.toEqual(generated);
  });

  it('carry every credential as a Secret reference only: the values appear in the generated config alone', () => {
    const resource = JSON.stringify(manifests);
    const text = stringify(generated.config);
    for (const ref of DECLARED_SECRETS) {
      expect(resource).not.toContain(fakeValue(ref));
      expect(text).toContain(fakeValue(ref));
    }
  });
});
