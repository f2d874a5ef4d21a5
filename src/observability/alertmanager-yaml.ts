/**
 * The alertmanager.yaml prometheus-operator v0.93.0 generates from the routing's AlertmanagerConfigs, for the tests'
 * amtool and Alertmanager runs. It mirrors the operator (pkg/alertmanager/amcfg.go, operator.go):
 * - the global AlertmanagerConfig is the base (`initializeFromAlertmanagerConfig`);
 * - each selected AlertmanagerConfig is checked alone and left out when a Secret it references is missing
 *   (`selectAlertmanagerConfigs`); the others' top-level routes get `continue: true` (`continueToNextRoute`) and go
 *   before the base routes, in the order of their `<namespace>/<name>` keys (`AddAlertmanagerConfigs`);
 * - no namespace matcher is added: they live in Alertmanager's own namespace and the matcher strategy is
 *   `OnNamespaceExceptForAlertmanagerNamespace` (`otherNamespaceEnforcer`);
 * - every receiver name becomes `<namespace>/<name>/<receiver>` (`makeNamespacedString`), and each referenced Secret
 *   key's value is written inline (`routing_key`, `api_url`, `auth_password`, `url`).
 * The values come from the caller, so tests render it with fake Secrets and never hold a real credential.
 */
import type { SecretKeyRef } from '../config';
import type { AlertRouting, Matcher, Receiver, ReceiverRoute, Route } from './alert-routing';
import { PAGERDUTY_SEVERITY, SLACK_TEXT, SLACK_TITLE } from './alert-routing';

/** What the operator adds to the model: where the AlertmanagerConfigs live and the Secrets it can read. */
export interface OperatorContext {
  /** Namespace of the AlertmanagerConfigs (Alertmanager's). */
  readonly namespace: string;
  /** Name of the global AlertmanagerConfig. */
  readonly globalName: string;
  /** Name of a receiver's AlertmanagerConfig. */
  readonly receiverConfigName: (route: ReceiverRoute) => string;
  /** The value of a key of a Secret in that namespace; throws when there is none, as the operator's check fails. */
  readonly secretValue: (ref: SecretKeyRef) => string;
}

/** The generated configuration, and the AlertmanagerConfigs the operator rejected (a missing Secret key). */
export interface GeneratedConfig {
  readonly config: Record<string, unknown>;
  readonly rejected: readonly string[];
}

/** A receiver's name in the generated configuration. */
export function operatorReceiverName(namespace: string, configName: string, receiver: string): string {
  return `${namespace}/${configName}/${receiver}`;
}

const matcherText = (m: Matcher) => `${m.name}${m.matchType}${JSON.stringify(m.value)}`;

function timing(route: Partial<Route>): Record<string, string> {
  const out: Record<string, string> = {};
  if (route.groupWait) out.group_wait = route.groupWait;
  if (route.groupInterval) out.group_interval = route.groupInterval;
  if (route.repeatInterval) out.repeat_interval = route.repeatInterval;
  return out;
}

function receiver(r: Receiver, name: string, secret: (ref: SecretKeyRef) => string): Record<string, unknown> {
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

export function alertmanagerYaml(routing: AlertRouting, context: OperatorContext): GeneratedConfig {
  const { namespace, globalName } = context;
  const { global } = routing;
  const rejected: string[] = [];
  const routes: Record<string, unknown>[] = [];
  const receivers = global.receivers.map((r) =>
    receiver(r, operatorReceiverName(namespace, globalName, r.name), context.secretValue),
  );
  const selected = routing.receiverRoutes
    .map((route) => ({ route, name: context.receiverConfigName(route) }))
    .sort((a, b) => (`${namespace}/${a.name}` < `${namespace}/${b.name}` ? -1 : 1));
  for (const { route, name } of selected) {
    let converted: Record<string, unknown>;
    try {
      converted = receiver(
        route.receiver,
        operatorReceiverName(namespace, name, route.receiver.name),
        context.secretValue,
      );
    } catch {
      rejected.push(name);
      continue;
    }
    receivers.push(converted);
    routes.push({
      receiver: operatorReceiverName(namespace, name, route.route.receiver),
      matchers: route.route.matchers.map(matcherText),
      ...timing(route.route),
      continue: true,
    });
  }
  return {
    config: {
      route: {
        receiver: operatorReceiverName(namespace, globalName, global.root.receiver),
        group_by: [...global.root.groupBy],
        ...timing(global.root),
        routes,
      },
      inhibit_rules: global.inhibitRules.map((rule) => ({
        ...(rule.source.length > 0 && { source_matchers: rule.source.map(matcherText) }),
        target_matchers: rule.target.map(matcherText),
        ...(rule.equal.length > 0 && { equal: [...rule.equal] }),
      })),
      receivers,
    },
    rejected,
  };
}
