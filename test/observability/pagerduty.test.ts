/**
 * What PagerDuty receives for a P1: a running Alertmanager on the configuration the operator generates, posting to a
 * local stand-in for the Events API v2 (the receiver's `url`). PagerDuty knows the severities critical, error,
 * warning and info; Alertmanager sends `error` unless the receiver sets one (notify/pagerduty/pagerduty.go), so the
 * P1 pages arrive as critical only because the receiver says so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { SecretKeyRef } from '../../src/config';
import {
  alertRouting,
  type AlertRouting,
  PAGERDUTY_SEVERITY,
  SEVERITY_RECEIVERS,
} from '../../src/observability/alert-routing';
import { alertmanagerYaml, operatorReceiverName } from '../../src/observability/alertmanager-yaml';
import { startAlertmanager } from '../helpers/alertmanager';
import { defaultTestPlatform, operatorContext } from '../helpers/harness';
import { startHttpStub } from '../helpers/http-stub';

const platform = defaultTestPlatform();
/** Each Secret value a URL, as the Slack and heartbeat receivers need. */
const fakeSecret = (ref: SecretKeyRef) => `https://secret.invalid/${ref.name}/${ref.key}`;
const context = operatorContext(platform, fakeSecret);
// Built in beforeEach, not at module load, so a mutation run sees which test reaches which line (docs/testing.md).
let routing: AlertRouting;
/** The P1 receiver's name in the generated configuration: it lives in its own AlertmanagerConfig. */
let p1Name: string;
beforeEach(() => {
  routing = alertRouting(platform);
  p1Name = operatorReceiverName(
    context.namespace,
    context.receiverConfigName(routing.receiverRoutes.find((r) => r.route.receiver === SEVERITY_RECEIVERS.P1)!),
    SEVERITY_RECEIVERS.P1,
  );
});

/** PagerDuty's Events API v2: accepts every event (202), as the real one answers. */
const fakePagerDuty = () =>
  startHttpStub(() => ({
    status: 202,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"success","message":"Event processed"}',
  }));

/** The PagerDuty event one P1 alert produces with `config` (the P1 receiver's endpoint pointed at a stand-in). */
async function pageOnce(config: any): Promise<any> {
  const pagerduty = await fakePagerDuty();
  const p1 = p1Name;
  for (const receiver of config.receivers.filter((r: any) => r.name === p1)) {
    for (const pd of receiver.pagerduty_configs) pd.url = `${pagerduty.url}/v2/enqueue`;
  }
  // No waiting for more alerts to group with: this test is about the receiver, not the route's timing.
  for (const route of config.route.routes.filter((r: any) => r.receiver === p1)) route.group_wait = '0s';
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pagerduty-')), 'alertmanager.yaml');
  writeFileSync(file, stringify(config));
  const alertmanager = await startAlertmanager(file).catch(async (error) => {
    await pagerduty.close();
    throw error;
  });
  try {
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: 'HttpHighErrorRate',
            severity: 'P1',
            environment: 'production',
            namespace: platform.environments.production.namespace,
            service_name: 'api',
          },
          annotations: { summary: 'api answers 6% of requests with 5xx' },
        },
      ]),
    });
    expect(posted.status).toBe(200);
    for (let attempt = 0; attempt < 200 && pagerduty.requests.length === 0; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pagerduty.requests).toHaveLength(1);
    return JSON.parse(pagerduty.requests[0].body);
  } finally {
    await alertmanager.stop();
    await pagerduty.close();
  }
}

const p1Receiver = (config: any) => config.receivers.find((r: any) => r.name === p1Name);

it('pages a P1 alert as PagerDuty severity critical, with the routing key from the Secret', async () => {
  const config: any = alertmanagerYaml(routing, context).config;
  expect(p1Receiver(config).pagerduty_configs[0].severity).toBe(PAGERDUTY_SEVERITY);
  // The same receiver without the field: what Alertmanager would send otherwise.
  const unset: any = structuredClone(config);
  delete p1Receiver(unset).pagerduty_configs[0].severity;
  const [event, withoutSeverity] = await Promise.all([pageOnce(config), pageOnce(unset)]);
  expect(event).toMatchObject({
    routing_key: fakeSecret(platform.monitoring.alerting.receivers.pagerduty.routingKey),
    event_action: 'trigger',
    payload: { severity: 'critical', summary: expect.stringContaining('HttpHighErrorRate') },
  });
  expect(withoutSeverity.payload.severity).toBe('error');
}, 60_000);
