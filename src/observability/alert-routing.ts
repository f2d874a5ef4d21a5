/**
 * Alertmanager routing as one typed model, rendered two ways: the AlertmanagerConfig custom resource the cluster
 * runs (kube-prometheus-stack's Alertmanager uses it as its whole configuration) and the alertmanager.yaml the
 * operator generates from it, which `amtool check-config`, `amtool config routes test` and a running Alertmanager
 * verify in the tests.
 */
import type { Platform, SecretKeyRef } from '../config';
import type { Severity } from '../config';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly matchType: MatchType;
  readonly value: string;
}

export interface Timing {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

export interface Route extends Partial<Timing> {
  readonly receiver: string;
  readonly matchers: readonly Matcher[];
}

export type Receiver =
  | { readonly name: string; readonly kind: 'null' }
  | { readonly name: string; readonly kind: 'webhook'; readonly url: SecretKeyRef }
  | { readonly name: string; readonly kind: 'pagerduty'; readonly routingKey: SecretKeyRef }
  | { readonly name: string; readonly kind: 'slack'; readonly channel: string; readonly webhookUrl: SecretKeyRef }
  | {
      readonly name: string;
      readonly kind: 'email';
      readonly to: string;
      readonly from: string;
      readonly smarthost: string;
      readonly username: string;
      readonly password: SecretKeyRef;
    };

export interface InhibitRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

export interface AlertRouting {
  readonly root: Timing & { readonly receiver: string; readonly groupBy: readonly string[] };
  readonly routes: readonly Route[];
  readonly receivers: readonly Receiver[];
  readonly inhibitRules: readonly InhibitRule[];
}

/** Receiver of each severity: P1 pages, P2 posts to Slack, P3 mails. */
export const SEVERITY_RECEIVERS: Readonly<Record<Severity, string>> = {
  P1: 'pagerduty-p1',
  P2: 'slack-p2',
  P3: 'email-p3',
};

/**
 * PagerDuty's severity of every page: only P1 reaches PagerDuty, and P1 is critical. Without it Alertmanager sends
 * `error` (notify/pagerduty/pagerduty.go: an empty severity becomes "error").
 */
export const PAGERDUTY_SEVERITY = 'critical';

/** kube-prometheus-stack's always-firing alert: it reaches the heartbeat service, which pages when it stops. */
export const WATCHDOG_ALERT = 'Watchdog';
export const HEARTBEAT_RECEIVER = 'heartbeat';
/** kube-prometheus-stack's helper alert for inhibiting `info` alerts: nobody needs a notification of it. */
export const DISCARDED_ALERTS = ['InfoInhibitor'];
export const NULL_RECEIVER = 'null';

/**
 * Which alert silences which, for the same `equal` labels. A source silences only its own consequences or another
 * statement of its own condition, never a possible cause: RedisDown, PodCrashLooping, RolloutFailed or NodeNotReady
 * may be why a P1 fires, and the on-call needs to see them.
 */
export const INHIBITIONS: readonly {
  readonly source: string;
  readonly target: string;
  readonly equal: readonly string[];
}[] = [
  // A replica cannot replay what a dead primary does not send: the lag is the primary's outage.
  { source: 'PostgresPrimaryDown', target: 'PostgresReplicationLagHigh', equal: ['environment', 'namespace'] },
  // A replica that does not answer has no lag to report; PostgresReplicaDown already says it is unusable.
  { source: 'PostgresReplicaDown', target: 'PostgresReplicationLagHigh', equal: ['environment', 'namespace'] },
  // No pod answering is the worst error rate there is: one page for one service.
  { source: 'HttpServiceDown', target: 'HttpHighErrorRate', equal: ['environment', 'namespace', 'service_name'] },
];

/** Slack message of a P2 group: what fired, where, and the runbook to follow. */
export const SLACK_TITLE = '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})';
export const SLACK_TEXT =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n' +
  'Runbook: {{ .Annotations.runbook_url }}\n{{ end }}';

const severityIs = (severity: Severity): Matcher => ({ name: 'severity', matchType: '=', value: severity });
const alertnameIs = (alertname: string): Matcher => ({ name: 'alertname', matchType: '=', value: alertname });

export function alertRouting(platform: Platform): AlertRouting {
  const receivers = platform.monitoring.alerting.receivers;
  return {
    // Alerts with any other severity (kube-prometheus-stack's critical/warning defaults) still reach a human.
    root: {
      receiver: SEVERITY_RECEIVERS.P2,
      groupBy: ['alertname', 'environment', 'namespace'],
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '12h',
    },
    routes: [
      // Every minute, so the heartbeat service notices within minutes when Prometheus or Alertmanager stops.
      {
        receiver: HEARTBEAT_RECEIVER,
        matchers: [alertnameIs(WATCHDOG_ALERT)],
        groupWait: '0s',
        groupInterval: '1m',
        repeatInterval: '1m',
      },
      {
        receiver: NULL_RECEIVER,
        matchers: [{ name: 'alertname', matchType: '=~', value: DISCARDED_ALERTS.join('|') }],
      },
      { receiver: SEVERITY_RECEIVERS.P1, matchers: [severityIs('P1')], groupWait: '10s', repeatInterval: '1h' },
      { receiver: SEVERITY_RECEIVERS.P2, matchers: [severityIs('P2')], repeatInterval: '4h' },
      { receiver: SEVERITY_RECEIVERS.P3, matchers: [severityIs('P3')], groupInterval: '30m', repeatInterval: '24h' },
    ],
    receivers: [
      { name: NULL_RECEIVER, kind: 'null' },
      { name: SEVERITY_RECEIVERS.P1, kind: 'pagerduty', routingKey: receivers.pagerduty.routingKey },
      {
        name: SEVERITY_RECEIVERS.P2,
        kind: 'slack',
        channel: receivers.slack.channel,
        webhookUrl: receivers.slack.webhookUrl,
      },
      { name: SEVERITY_RECEIVERS.P3, kind: 'email', ...receivers.email },
      { name: HEARTBEAT_RECEIVER, kind: 'webhook', url: receivers.heartbeat.url },
    ],
    inhibitRules: INHIBITIONS.map(({ source, target, equal }) => ({
      source: [alertnameIs(source)],
      target: [alertnameIs(target)],
      equal,
    })),
  };
}
