/**
 * Alert routing through the real amtool: the alertmanager.yaml of the routing model passes `amtool check-config`,
 * each severity reaches its receiver (`amtool config routes test`), and the AlertmanagerConfig custom resource
 * the cluster runs says the same thing as that file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { AlertRoutingConfig } from '../../src/observability/alert-routing-config';
import { alertRouting, secretFilePath, SEVERITY_RECEIVERS, NULL_RECEIVER } from '../../src/observability/alert-routing';
import { alertmanagerYaml } from '../../src/observability/alertmanager-yaml';
import { expectValidManifests } from '../support/k8s-schema';
import { run } from '../support/tools';
import { startAlertmanager } from './support/alertmanager';
import { defaultTestPlatform, only, synth } from './support/harness';

const platform = defaultTestPlatform();
const routing = alertRouting(platform);
const amConfig = alertmanagerYaml(routing);

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
    expect(routesFor({ alertname: 'ApiHighErrorRate', severity, ...appAlert })).toEqual([receiver]);
  });

  it('proves each route with --verify.receivers (amtool exits non-zero on a mismatch)', () => {
    const verify = (severity: string, receiver: string) =>
      run('amtool', [
        'config',
        'routes',
        'test',
        `--config.file=${configFile}`,
        `--verify.receivers=${receiver}`,
        `severity=${severity}`,
        'alertname=Any',
      ]).status;
    expect(verify('P1', SEVERITY_RECEIVERS.P1)).toBe(0);
    expect(verify('P1', SEVERITY_RECEIVERS.P3)).not.toBe(0);
  });

  it("sends kube-prometheus-stack's own severities to Slack and drops the Watchdog", () => {
    expect(routesFor({ alertname: 'KubeletDown', severity: 'critical' })).toEqual([SEVERITY_RECEIVERS.P2]);
    expect(routesFor({ alertname: 'Watchdog', severity: 'none' })).toEqual([NULL_RECEIVER]);
    expect(routesFor({ alertname: 'Watchdog', severity: 'P1' })).toEqual([NULL_RECEIVER]);
  });

  it('inhibits P2 by a P1 of the same environment and namespace only (a running Alertmanager)', async () => {
    const alertmanager = await startAlertmanager(configFile);
    try {
      const alert = (alertname: string, severity: string, namespace: string, environment = 'production') => ({
        labels: { alertname, severity, namespace, environment },
        annotations: { summary: alertname },
      });
      const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          alert('ApiHighErrorRate', 'P1', PROD),
          alert('PodCrashLooping', 'P2', PROD),
          alert('RedisDown', 'P2', 'other-namespace'),
          alert('RolloutDegraded', 'P2', PROD, 'staging'),
          alert('RolloutSucceeded', 'P3', PROD),
        ]),
      });
      expect(posted.status).toBe(200);
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as any[];
      const state = Object.fromEntries(alerts.map((a) => [a.labels.alertname, a.status.state]));
      expect(state).toEqual({
        ApiHighErrorRate: 'active',
        PodCrashLooping: 'suppressed',
        RedisDown: 'active',
        RolloutDegraded: 'active',
        RolloutSucceeded: 'active',
      });
    } finally {
      await alertmanager.stop();
    }
  });

  it('reads every credential from a mounted Secret file, never inline', () => {
    const text = stringify(amConfig);
    expect(text).not.toMatch(/routing_key:|service_key:|api_url:|auth_password:/);
    const { receivers } = platform.monitoring.alerting;
    for (const ref of [receivers.pagerduty.routingKey, receivers.slack.webhookUrl, receivers.email.password]) {
      expect(text).toContain(secretFilePath(ref));
    }
  });
});

/** What the operator makes of the custom resource, in alertmanager.yaml terms (Secret refs as mounted files). */
function operatorView(spec: any): unknown {
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
    const out: Record<string, unknown> = { name: r.name };
    if (r.pagerdutyConfigs) {
      out.pagerduty_configs = r.pagerdutyConfigs.map((c: any) => ({
        routing_key_file: secretFilePath(c.routingKey),
        send_resolved: c.sendResolved,
      }));
    }
    if (r.slackConfigs) {
      out.slack_configs = r.slackConfigs.map((c: any) => ({
        api_url_file: secretFilePath(c.apiURL),
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
        auth_password_file: secretFilePath(c.authPassword),
        send_resolved: c.sendResolved,
      }));
    }
    return out;
  };
  return {
    route: {
      receiver: spec.route.receiver,
      group_by: spec.route.groupBy,
      ...timing(spec.route),
      routes: spec.route.routes.map((r: any) => ({
        receiver: r.receiver,
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
    expect(config.metadata.name).toBe(platform.monitoring.alerting.configName);
  });

  it('is the amtool-verified alertmanager.yaml, field for field', () => {
    expect(operatorView(config.spec)).toEqual(amConfig);
  });

  it('references Secrets by name and key', () => {
    const pagerduty = config.spec.receivers.find((r: any) => r.name === SEVERITY_RECEIVERS.P1);
    expect(pagerduty.pagerdutyConfigs[0].routingKey).toEqual(
      platform.monitoring.alerting.receivers.pagerduty.routingKey,
    );
  });
});
