/**
 * Alertmanager routing as one typed model, rendered two ways: the AlertmanagerConfig custom resource the cluster
 * runs (kube-prometheus-stack's Alertmanager uses it as its whole configuration) and the equivalent
 * alertmanager.yaml that `amtool check-config` and `amtool config routes test` verify.
 */
import type { Platform, SecretKeyRef } from '../config';
import type { Severity } from './alert-model';

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

/** Always-firing health alerts of kube-prometheus-stack (dead man's switch), dropped on purpose. */
export const DISCARDED_ALERTS = ['Watchdog', 'InfoInhibitor'];
export const NULL_RECEIVER = 'null';

/** Slack message of a P2 group: what fired, where, and the runbook to follow. */
export const SLACK_TITLE = '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})';
export const SLACK_TEXT =
  '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n' +
  'Runbook: {{ .Annotations.runbook_url }}\n{{ end }}';

const severityIs = (severity: Severity): Matcher => ({ name: 'severity', matchType: '=', value: severity });

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
    ],
    // A P1 of an environment and namespace silences that namespace's P2s: the page already covers them.
    inhibitRules: [{ source: [severityIs('P1')], target: [severityIs('P2')], equal: ['environment', 'namespace'] }],
  };
}

/** Where Alertmanager finds a key of a Secret listed in its `spec.secrets`. */
export function secretFilePath(ref: SecretKeyRef): string {
  return `/etc/alertmanager/secrets/${ref.name}/${ref.key}`;
}
