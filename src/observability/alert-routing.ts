/**
 * Alertmanager routing as one typed model, rendered two ways: the AlertmanagerConfig custom resources the cluster
 * runs (kube-prometheus-stack's Alertmanager takes the global one as its configuration and selects one per
 * receiver) and the alertmanager.yaml the operator generates from them, which `amtool check-config`, `amtool config
 * routes test` and a running Alertmanager verify in the tests.
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

/**
 * One AlertmanagerConfig of the routing: a top-level route to one receiver. The operator adds `continue: true` to
 * it and puts it before the global configuration's routes.
 */
export interface ReceiverRoute {
  /** The AlertmanagerConfig's name suffix: `<global name>-<id>`. */
  readonly id: string;
  readonly route: Route;
  readonly receiver: Receiver;
}

/**
 * The routing as prometheus-operator v0.93.0 assembles it (pkg/alertmanager/amcfg.go): a global AlertmanagerConfig
 * (`alertmanagerConfiguration`) that holds the root route, the `null` receiver and every inhibition and references no
 * Secret, plus one selected AlertmanagerConfig per receiver. The operator checks each selected one alone and drops
 * it when a Secret it references is missing (operator.go `selectAlertmanagerConfigs`), while a missing Secret in the
 * global one would stop the whole configuration. So a missing credential silences its own receiver, nothing else.
 */
export interface AlertRouting {
  readonly global: {
    readonly root: Timing & { readonly receiver: string; readonly groupBy: readonly string[] };
    readonly receivers: readonly Receiver[];
    readonly inhibitRules: readonly InhibitRule[];
  };
  readonly receiverRoutes: readonly ReceiverRoute[];
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

/**
 * kube-prometheus-stack's default inhibitions (kube-prometheus-stack-88.3.0 values.yaml `alertmanager.config`): with
 * `alertmanagerConfiguration` set the operator never reads the chart's configuration Secret, so they are restated
 * here. A critical alert silences the warning and info alerts of the same name; InfoInhibitor silences info alerts
 * and is itself silenced.
 */
const KUBE_PROMETHEUS_STACK_INHIBITIONS: readonly InhibitRule[] = [
  {
    source: [{ name: 'severity', matchType: '=', value: 'critical' }],
    target: [{ name: 'severity', matchType: '=~', value: 'warning|info' }],
    equal: ['namespace', 'alertname'],
  },
  {
    source: [{ name: 'severity', matchType: '=', value: 'warning' }],
    target: [{ name: 'severity', matchType: '=', value: 'info' }],
    equal: ['namespace', 'alertname'],
  },
  {
    source: [alertnameIs('InfoInhibitor')],
    target: [{ name: 'severity', matchType: '=', value: 'info' }],
    equal: ['namespace'],
  },
  { source: [], target: [alertnameIs('InfoInhibitor')], equal: [] },
];

export function alertRouting(platform: Platform): AlertRouting {
  const receivers = platform.monitoring.alerting.receivers;
  return {
    global: {
      // Alerts that no receiver route takes (InfoInhibitor, the `none` severity) end here, unnotified.
      root: {
        receiver: NULL_RECEIVER,
        groupBy: ['alertname', 'environment', 'namespace'],
        groupWait: '30s',
        groupInterval: '5m',
        repeatInterval: '12h',
      },
      receivers: [{ name: NULL_RECEIVER, kind: 'null' }],
      inhibitRules: [
        ...KUBE_PROMETHEUS_STACK_INHIBITIONS,
        ...INHIBITIONS.map(({ source, target, equal }) => ({
          source: [alertnameIs(source)],
          target: [alertnameIs(target)],
          equal,
        })),
      ],
    },
    receiverRoutes: [
      {
        id: SEVERITY_RECEIVERS.P1,
        route: {
          receiver: SEVERITY_RECEIVERS.P1,
          matchers: [severityIs('P1')],
          groupWait: '10s',
          repeatInterval: '1h',
        },
        receiver: { name: SEVERITY_RECEIVERS.P1, kind: 'pagerduty', routingKey: receivers.pagerduty.routingKey },
      },
      {
        // P2, every severity that is not the project's (kube-prometheus-stack's critical, warning, info), and a copy
        // of P1: if PagerDuty's key is missing, the page (and the alert about the rejected receiver) still shows.
        id: SEVERITY_RECEIVERS.P2,
        route: {
          receiver: SEVERITY_RECEIVERS.P2,
          matchers: [
            { name: 'severity', matchType: '!~', value: 'P3|none' },
            { name: 'alertname', matchType: '!~', value: [WATCHDOG_ALERT, ...DISCARDED_ALERTS].join('|') },
          ],
          repeatInterval: '4h',
        },
        receiver: {
          name: SEVERITY_RECEIVERS.P2,
          kind: 'slack',
          channel: receivers.slack.channel,
          webhookUrl: receivers.slack.webhookUrl,
        },
      },
      {
        id: SEVERITY_RECEIVERS.P3,
        route: {
          receiver: SEVERITY_RECEIVERS.P3,
          matchers: [severityIs('P3')],
          groupInterval: '30m',
          repeatInterval: '24h',
        },
        receiver: { name: SEVERITY_RECEIVERS.P3, kind: 'email', ...receivers.email },
      },
      {
        // Every minute, so the heartbeat service notices within minutes when Prometheus or Alertmanager stops.
        id: HEARTBEAT_RECEIVER,
        route: {
          receiver: HEARTBEAT_RECEIVER,
          matchers: [alertnameIs(WATCHDOG_ALERT)],
          groupWait: '0s',
          groupInterval: '1m',
          repeatInterval: '1m',
        },
        receiver: { name: HEARTBEAT_RECEIVER, kind: 'webhook', url: receivers.heartbeat.url },
      },
    ],
  };
}
