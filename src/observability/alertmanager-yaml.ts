/**
 * The alertmanager.yaml prometheus-operator generates from the AlertmanagerConfig of the routing model, for the
 * tests' amtool and Alertmanager runs. It mirrors the operator's conversion (pkg/alertmanager/amcfg.go): every
 * receiver name becomes `<namespace>/<name>/<receiver>`, and each referenced Secret key is read and its value
 * written inline (`routing_key`, `api_url`, `auth_password`, `url`); the operator does not use `*_file` paths. The
 * values come from the caller, so tests render it with a fake Secret and never hold a real credential.
 */
import type { SecretKeyRef } from '../config';
import type { AlertRouting, Matcher, Receiver, Route } from './alert-routing';
import { PAGERDUTY_SEVERITY, SLACK_TEXT, SLACK_TITLE } from './alert-routing';

/** What the operator adds to the model: where the AlertmanagerConfig lives and the Secrets it can read. */
export interface OperatorContext {
  /** Namespace of the AlertmanagerConfig. */
  readonly namespace: string;
  /** Name of the AlertmanagerConfig. */
  readonly name: string;
  /** The value of a key of a Secret in that namespace; throws when there is none, as the operator fails then. */
  readonly secretValue: (ref: SecretKeyRef) => string;
}

/** A receiver's name in the generated configuration. */
export function operatorReceiverName(context: OperatorContext, receiver: string): string {
  return `${context.namespace}/${context.name}/${receiver}`;
}

const matcherText = (m: Matcher) => `${m.name}${m.matchType}${JSON.stringify(m.value)}`;

function timing(route: Partial<Route>): Record<string, string> {
  const out: Record<string, string> = {};
  if (route.groupWait) out.group_wait = route.groupWait;
  if (route.groupInterval) out.group_interval = route.groupInterval;
  if (route.repeatInterval) out.repeat_interval = route.repeatInterval;
  return out;
}

function receiver(r: Receiver, context: OperatorContext): Record<string, unknown> {
  const name = operatorReceiverName(context, r.name);
  const secret = context.secretValue;
  switch (r.kind) {
    case 'null':
      return { name };
    case 'webhook':
      return { name, webhook_configs: [{ url: secret(r.url), send_resolved: false }] };
    case 'pagerduty':
      return {
        name,
        pagerduty_configs: [{ routing_key: secret(r.routingKey), send_resolved: true, severity: PAGERDUTY_SEVERITY }],
      };
    case 'slack':
      return {
        name,
        slack_configs: [
          {
            api_url: secret(r.webhookUrl),
            channel: r.channel,
            send_resolved: true,
            title: SLACK_TITLE,
            text: SLACK_TEXT,
          },
        ],
      };
    case 'email':
      return {
        name,
        email_configs: [
          {
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            auth_username: r.username,
            auth_password: secret(r.password),
            send_resolved: false,
          },
        ],
      };
  }
}

export function alertmanagerYaml(routing: AlertRouting, context: OperatorContext): Record<string, unknown> {
  return {
    route: {
      receiver: operatorReceiverName(context, routing.root.receiver),
      group_by: [...routing.root.groupBy],
      ...timing(routing.root),
      routes: routing.routes.map((route) => ({
        receiver: operatorReceiverName(context, route.receiver),
        matchers: route.matchers.map(matcherText),
        ...timing(route),
      })),
    },
    inhibit_rules: routing.inhibitRules.map((rule) => ({
      source_matchers: rule.source.map(matcherText),
      target_matchers: rule.target.map(matcherText),
      equal: [...rule.equal],
    })),
    receivers: routing.receivers.map((r) => receiver(r, context)),
  };
}
