import { Construct } from 'constructs';
import { alertRoutingConfigName, type Platform } from '../config';
import {
  AlertmanagerConfig,
  AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType as SourceMatchType,
  AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType as TargetMatchType,
  AlertmanagerConfigSpecRouteMatchersMatchType as RouteMatchType,
  type AlertmanagerConfigSpecReceivers,
} from '../../imports/alertmanager-config-monitoring.coreos.com';
import type { AlertRouting, Matcher, Receiver, ReceiverRoute, Route } from './alert-routing';
import { PAGERDUTY_SEVERITY, SLACK_TEXT, SLACK_TITLE } from './alert-routing';
import { observabilityMeta } from './labels';

export interface AlertRoutingConfigProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly routing: AlertRouting;
}

/** Label of the receivers' AlertmanagerConfigs, which kube-prometheus-stack's Alertmanager selects them by. */
export const ALERT_ROUTING_LABEL = 'alert-routing';

/** Name of a receiver's AlertmanagerConfig: `your-app-alert-routing-pagerduty-p1`. */
export function receiverConfigName(platform: Platform, route: ReceiverRoute): string {
  return `${alertRoutingConfigName(platform)}-${route.id}`;
}

// The generated enums all carry the operator's four match types; map the model's operator onto each.
const matchTypes = <T>(equals: T, notEquals: T, regex: T, notRegex: T) => ({
  '=': equals,
  '!=': notEquals,
  '=~': regex,
  '!~': notRegex,
});
const ROUTE = matchTypes(
  RouteMatchType.VALUE_EQUALS,
  RouteMatchType.VALUE_NOT_EQUALS_TO,
  RouteMatchType.VALUE_EQUAL_TILDE,
  RouteMatchType.VALUE_NEGATION_TILDE,
);
const SOURCE = matchTypes(
  SourceMatchType.VALUE_EQUALS,
  SourceMatchType.VALUE_NOT_EQUALS_TO,
  SourceMatchType.VALUE_EQUAL_TILDE,
  SourceMatchType.VALUE_NEGATION_TILDE,
);
const TARGET = matchTypes(
  TargetMatchType.VALUE_EQUALS,
  TargetMatchType.VALUE_NOT_EQUALS_TO,
  TargetMatchType.VALUE_EQUAL_TILDE,
  TargetMatchType.VALUE_NEGATION_TILDE,
);

function timing(route: Partial<Route>) {
  return { groupWait: route.groupWait, groupInterval: route.groupInterval, repeatInterval: route.repeatInterval };
}

const routeMatchers = (matchers: readonly Matcher[]) =>
  matchers.map((m) => ({ name: m.name, value: m.value, matchType: ROUTE[m.matchType] }));

function receiver(r: Receiver): AlertmanagerConfigSpecReceivers {
  switch (r.kind) {
    case 'null':
      return { name: r.name };
    case 'webhook':
      return { name: r.name, webhookConfigs: [{ urlSecret: r.url, sendResolved: false }] };
    case 'pagerduty':
      return {
        name: r.name,
        pagerdutyConfigs: [{ routingKey: r.routingKey, sendResolved: true, severity: PAGERDUTY_SEVERITY }],
      };
    case 'slack':
      return {
        name: r.name,
        slackConfigs: [
          { apiUrl: r.webhookUrl, channel: r.channel, sendResolved: true, title: SLACK_TITLE, text: SLACK_TEXT },
        ],
      };
    case 'email':
      return {
        name: r.name,
        emailConfigs: [
          {
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            authUsername: r.username,
            authPassword: r.password,
            sendResolved: false,
          },
        ],
      };
  }
}

/**
 * The AlertmanagerConfigs of kube-prometheus-stack's Alertmanager, all in the monitoring namespace:
 * - the global one (`alertmanagerSpec.alertmanagerConfiguration.name`): the root route to `null`, the `null`
 *   receiver and every inhibition, no Secret reference;
 * - one per receiver, labelled for `alertmanagerConfigSelector`: its route and its receiver, whose credential is a
 *   Secret reference (the operator reads the value into the configuration it generates, see alertmanager-yaml.ts).
 */
export class AlertRoutingConfig extends Construct {
  constructor(scope: Construct, id: string, props: AlertRoutingConfigProps) {
    super(scope, id);
    const { platform, environment, routing } = props;
    const globalName = alertRoutingConfigName(platform);
    const meta = (name: string, labels: Record<string, string> = {}) =>
      observabilityMeta(platform, environment, name, platform.monitoring.namespace, labels);

    const { global } = routing;
    new AlertmanagerConfig(this, 'Global', {
      metadata: meta(globalName),
      spec: {
        route: { receiver: global.root.receiver, groupBy: [...global.root.groupBy], ...timing(global.root) },
        receivers: global.receivers.map(receiver),
        inhibitRules: global.inhibitRules.map((rule) => ({
          sourceMatch: rule.source.map((m) => ({ name: m.name, value: m.value, matchType: SOURCE[m.matchType] })),
          targetMatch: rule.target.map((m) => ({ name: m.name, value: m.value, matchType: TARGET[m.matchType] })),
          equal: [...rule.equal],
        })),
      },
    });
    for (const route of routing.receiverRoutes) {
      new AlertmanagerConfig(this, route.id, {
        metadata: meta(receiverConfigName(platform, route), { [ALERT_ROUTING_LABEL]: globalName }),
        spec: {
          route: {
            receiver: route.route.receiver,
            matchers: routeMatchers(route.route.matchers),
            ...timing(route.route),
          },
          receivers: [receiver(route.receiver)],
        },
      });
    }
  }
}
