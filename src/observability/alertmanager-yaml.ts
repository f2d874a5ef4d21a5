/**
 * alertmanager.yaml of the routing model, in Alertmanager's own format. It is what the operator generates from
 * the AlertmanagerConfig (Secret references become files under /etc/alertmanager/secrets), so amtool's verdict
 * on it holds for the custom resource.
 */
import type { AlertRouting, Matcher, Receiver, Route } from './alert-routing';
import { SLACK_TEXT, SLACK_TITLE, secretFilePath } from './alert-routing';

const matcherText = (m: Matcher) => `${m.name}${m.matchType}${JSON.stringify(m.value)}`;

function timing(route: Partial<Route>): Record<string, string> {
  const out: Record<string, string> = {};
  if (route.groupWait) out.group_wait = route.groupWait;
  if (route.groupInterval) out.group_interval = route.groupInterval;
  if (route.repeatInterval) out.repeat_interval = route.repeatInterval;
  return out;
}

function receiver(r: Receiver): Record<string, unknown> {
  switch (r.kind) {
    case 'null':
      return { name: r.name };
    case 'pagerduty':
      return {
        name: r.name,
        pagerduty_configs: [{ routing_key_file: secretFilePath(r.routingKey), send_resolved: true }],
      };
    case 'slack':
      return {
        name: r.name,
        slack_configs: [
          {
            api_url_file: secretFilePath(r.webhookUrl),
            channel: r.channel,
            send_resolved: true,
            title: SLACK_TITLE,
            text: SLACK_TEXT,
          },
        ],
      };
    case 'email':
      return {
        name: r.name,
        email_configs: [
          {
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            auth_username: r.username,
            auth_password_file: secretFilePath(r.password),
            send_resolved: false,
          },
        ],
      };
  }
}

export function alertmanagerYaml(routing: AlertRouting): Record<string, unknown> {
  return {
    route: {
      receiver: routing.root.receiver,
      group_by: [...routing.root.groupBy],
      ...timing(routing.root),
      routes: routing.routes.map((route) => ({
        receiver: route.receiver,
        matchers: route.matchers.map(matcherText),
        ...timing(route),
      })),
    },
    inhibit_rules: routing.inhibitRules.map((rule) => ({
      source_matchers: rule.source.map(matcherText),
      target_matchers: rule.target.map(matcherText),
      equal: [...rule.equal],
    })),
    receivers: routing.receivers.map(receiver),
  };
}
