/**
 * Alert routing through the real amtool and Alertmanager: the alertmanager.yaml the operator generates from the
 * routing model passes `amtool check-config`, each severity reaches its receiver (`amtool config routes test`),
 * inhibition silences only the matching alert (a running Alertmanager), and the AlertmanagerConfig custom resource
 * the cluster runs converts, the way prometheus-operator converts it, into that same file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { alertRoutingConfigName, SEVERITIES, type SecretKeyRef } from '../../src/config';
import { ENVIRONMENTS } from '../helpers/platform';
import { AlertRoutingConfig } from '../../src/observability/alert-routing-config';
import {
  alertRouting,
  HEARTBEAT_RECEIVER,
  INHIBITIONS,
  NULL_RECEIVER,
  SEVERITY_RECEIVERS,
} from '../../src/observability/alert-routing';
import {
  alertmanagerYaml,
  operatorReceiverName,
  type OperatorContext,
} from '../../src/observability/alertmanager-yaml';
import { APP_ALERTS } from '../../src/observability/app-alerts';
import { expectValidManifests } from '../support/k8s-schema';
import { run } from '../support/tools';
import { startAlertmanager } from './support/alertmanager';
import { defaultTestPlatform, only, synth } from './support/harness';

const platform = defaultTestPlatform();
const routing = alertRouting(platform);
const { receivers } = platform.monitoring.alerting;

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
const fakeValue = (ref: SecretKeyRef) => `https://secret.invalid/${ref.name}/${ref.key}`;
function fakeSecretValue(ref: SecretKeyRef): string {
  if (!DECLARED_SECRETS.some((d) => d.name === ref.name && d.key === ref.key)) {
    throw new Error(`Secret ${ref.name} has no key ${ref.key}: the operator would reject the AlertmanagerConfig`);
  }
  return fakeValue(ref);
}

const operator: OperatorContext = {
  namespace: platform.monitoring.namespace,
  name: alertRoutingConfigName(platform),
  secretValue: fakeSecretValue,
};
const receiverName = (receiver: string) => operatorReceiverName(operator, receiver);
const amConfig = alertmanagerYaml(routing, operator);

function writeConfig(config: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'amtool-')), 'alertmanager.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

const configFile = writeConfig(amConfig);

/** Receivers amtool routes an alert with these labels to, in routing-tree order. */
function routesFor(labels: Record<string, string>): string[] {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = run('amtool', ['config', 'routes', 'test', `--config.file=${configFile}`, ...args]);
  if (result.status !== 0) throw new Error(`amtool config routes test failed:\n${result.stderr}${result.stdout}`);
  return result.stdout.trim().split(',').filter(Boolean);
}

const PROD = platform.environments.production.namespace;
const STAGING = platform.environments.staging.namespace;
const appAlert = { environment: 'production', namespace: PROD };

describe('alertmanager.yaml (amtool)', () => {
  it('passes amtool check-config', () => {
    const result = run('amtool', ['check-config', configFile]);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${routing.receivers.length} receivers`);
    expect(result.stdout).toContain(`${routing.inhibitRules.length} inhibit rules`);
  });

  it('amtool check-config rejects a broken config (the check can fail)', () => {
    const broken = writeConfig({ ...amConfig, route: { receiver: 'no-such-receiver' } });
    expect(run('amtool', ['check-config', broken]).status).not.toBe(0);
  });

  it.each([
    ['P1', SEVERITY_RECEIVERS.P1],
    ['P2', SEVERITY_RECEIVERS.P2],
    ['P3', SEVERITY_RECEIVERS.P3],
  ])('routes severity %s to %s', (severity, receiver) => {
    expect(routesFor({ alertname: 'HttpHighErrorRate', severity, ...appAlert })).toEqual([receiverName(receiver)]);
  });

  it('proves each route with --verify.receivers (amtool exits non-zero on a mismatch)', () => {
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
    expect(verify('P1', SEVERITY_RECEIVERS.P1)).toBe(0);
    expect(verify('P1', SEVERITY_RECEIVERS.P3)).not.toBe(0);
  });

  it("sends kube-prometheus-stack's own severities to Slack, the Watchdog to the heartbeat, InfoInhibitor nowhere", () => {
    expect(routesFor({ alertname: 'KubeletDown', severity: 'critical' })).toEqual([
      receiverName(SEVERITY_RECEIVERS.P2),
    ]);
    expect(routesFor({ alertname: 'Watchdog', severity: 'none' })).toEqual([receiverName(HEARTBEAT_RECEIVER)]);
    expect(routesFor({ alertname: 'Watchdog', severity: 'P1' })).toEqual([receiverName(HEARTBEAT_RECEIVER)]);
    expect(routesFor({ alertname: 'InfoInhibitor', severity: 'none' })).toEqual([receiverName(NULL_RECEIVER)]);
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
        ]),
      });
      expect(posted.status).toBe(200);
      const expected = {
        'PostgresPrimaryDown production': 'active',
        'PostgresReplicationLagHigh production': 'suppressed',
        'PostgresReplicationLagHigh staging': 'active',
        // Likely causes of a P1 stay visible.
        'PostgresReplicaDown production': 'active',
        'RedisDown production': 'active',
        'PodCrashLooping production': 'active',
        'RolloutFailed production': 'active',
        'HttpServiceDown production api': 'active',
        'HttpHighErrorRate production api': 'suppressed',
        'HttpHighErrorRate production admin': 'active',
      };
      // The inhibitor learns about source alerts asynchronously: wait until the states settle.
      let state: Record<string, string> = {};
      for (let attempt = 0; attempt < 50; attempt++) {
        const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as any[];
        state = Object.fromEntries(
          alerts.map((a) => {
            const { alertname, environment, service_name: service } = a.labels;
            return [[alertname, environment, service].filter(Boolean).join(' '), a.status.state];
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
    for (const { source, target } of INHIBITIONS) {
      for (const environment of ENVIRONMENTS) {
        const [from, to] = [severityOf(source, environment), severityOf(target, environment)];
        expect({ source, target, environment, ok: rank(from) <= rank(to) }).toMatchObject({ ok: true });
      }
    }
  });
});

/**
 * What prometheus-operator makes of the custom resource used as Alertmanager's whole configuration, written
 * independently of alertmanager-yaml.ts after pkg/alertmanager/amcfg.go: receivers renamed
 * `<namespace>/<name>/<receiver>` (convertRoute, convertReceiver), Secret values read and inlined
 * (convertPagerdutyConfig, convertSlackConfig, convertEmailConfig, convertWebhookConfig), inhibit rules as written.
 */
function operatorView(config: { metadata: { namespace?: string; name: string }; spec: any }): unknown {
  const { spec } = config;
  const prefixed = (receiver: string) => `${config.metadata.namespace}/${config.metadata.name}/${receiver}`;
  const secret = (ref: SecretKeyRef) => fakeSecretValue(ref);
  const matcher = (m: any) => `${m.name}${m.matchType}${JSON.stringify(m.value)}`;
  const timing = (r: any) =>
    Object.fromEntries(
      [
        ['group_wait', r.groupWait],
        ['group_interval', r.groupInterval],
        ['repeat_interval', r.repeatInterval],
      ].filter(([, v]) => v !== undefined),
    );
  const receiver = (r: any) => {
    const out: Record<string, unknown> = { name: prefixed(r.name) };
    if (r.webhookConfigs) {
      out.webhook_configs = r.webhookConfigs.map((c: any) => ({
        url: secret(c.urlSecret),
        send_resolved: c.sendResolved,
      }));
    }
    if (r.pagerdutyConfigs) {
      out.pagerduty_configs = r.pagerdutyConfigs.map((c: any) => ({
        routing_key: secret(c.routingKey),
        send_resolved: c.sendResolved,
        severity: c.severity,
      }));
    }
    if (r.slackConfigs) {
      out.slack_configs = r.slackConfigs.map((c: any) => ({
        api_url: secret(c.apiURL),
        channel: c.channel,
        send_resolved: c.sendResolved,
        title: c.title,
        text: c.text,
      }));
    }
    if (r.emailConfigs) {
      out.email_configs = r.emailConfigs.map((c: any) => ({
        to: c.to,
        from: c.from,
        smarthost: c.smarthost,
        auth_username: c.authUsername,
        auth_password: secret(c.authPassword),
        send_resolved: c.sendResolved,
      }));
    }
    return out;
  };
  return {
    route: {
      receiver: prefixed(spec.route.receiver),
      group_by: spec.route.groupBy,
      ...timing(spec.route),
      routes: spec.route.routes.map((r: any) => ({
        receiver: prefixed(r.receiver),
        matchers: r.matchers.map(matcher),
        ...timing(r),
      })),
    },
    inhibit_rules: spec.inhibitRules.map((rule: any) => ({
      source_matchers: rule.sourceMatch.map(matcher),
      target_matchers: rule.targetMatch.map(matcher),
      equal: rule.equal,
    })),
    receivers: spec.receivers.map(receiver),
  };
}

describe('AlertmanagerConfig custom resource', () => {
  const manifests = synth(
    (scope, p, environment) => new AlertRoutingConfig(scope, 'routing', { platform: p, environment, routing }),
    'production',
  );
  const config = only(manifests, 'AlertmanagerConfig');

  it('is valid against the AlertmanagerConfig CRD', () => {
    expectValidManifests(manifests);
  });

  it('lives in the monitoring namespace under the name kube-prometheus-stack is configured with', () => {
    expect(config.metadata.namespace).toBe(platform.monitoring.namespace);
    expect(config.metadata.name).toBe(alertRoutingConfigName(platform));
  });

  it('converts, as the operator does, into the amtool-verified alertmanager.yaml, field for field', () => {
    expect(operatorView(config as any)).toEqual(amConfig);
  });

  it('the comparison catches a receiver reading the wrong Secret key', () => {
    const wrong = structuredClone(config) as any;
    const slack = wrong.spec.receivers.find((r: any) => r.slackConfigs);
    slack.slackConfigs[0].apiURL = receivers.heartbeat.url;
    expect(operatorView(wrong)).not.toEqual(amConfig);
  });

  it('carries every credential as a Secret reference only: the values appear in the generated config alone', () => {
    const resource = JSON.stringify(config);
    const generated = stringify(operatorView(config as any));
    for (const ref of DECLARED_SECRETS) {
      expect(resource).not.toContain(fakeValue(ref));
      expect(generated).toContain(fakeValue(ref));
    }
    const pagerduty = config.spec.receivers.find((r: any) => r.name === SEVERITY_RECEIVERS.P1);
    expect(pagerduty.pagerdutyConfigs[0].routingKey).toEqual(receivers.pagerduty.routingKey);
  });
});
