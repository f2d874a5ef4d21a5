import { Construct } from 'constructs';
import { alertRoutingConfigName, type Platform } from '../config';
import {
  AlertmanagerConfig,
  AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType as SourceMatchType,
  AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType as TargetMatchType,
  AlertmanagerConfigSpecRouteMatchersMatchType as RouteMatchType,
  type AlertmanagerConfigSpecReceivers,
} from '../../imports/alertmanager-config-monitoring.coreos.com';
import type { AlertRouting, Matcher, Receiver, Route } from './alert-routing';
import { PAGERDUTY_SEVERITY, SLACK_TEXT, SLACK_TITLE } from './alert-routing';
import { observabilityMeta } from './labels';

export interface AlertRoutingConfigProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly routing: AlertRouting;
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
 * The AlertmanagerConfig kube-prometheus-stack's Alertmanager takes as its whole configuration
 * (`alertmanagerSpec.alertmanagerConfiguration.name`): no namespace matcher is injected, so it routes the alerts
 * of every namespace. Receivers reference Secrets of the monitoring namespace; nothing secret is in the resource
 * (the operator reads the values into the Alertmanager configuration it generates, see alertmanager-yaml.ts).
 */
export class AlertRoutingConfig extends Construct {
  constructor(scope: Construct, id: string, props: AlertRoutingConfigProps) {
    super(scope, id);
    const { platform, environment, routing } = props;
    const routeMatchers = (matchers: readonly Matcher[]) =>
      matchers.map((m) => ({ name: m.name, value: m.value, matchType: ROUTE[m.matchType] }));

    new AlertmanagerConfig(this, 'Resource', {
      metadata: observabilityMeta(
        platform,
        environment,
        alertRoutingConfigName(platform),
        platform.monitoring.namespace,
      ),
      spec: {
        route: {
          receiver: routing.root.receiver,
          groupBy: [...routing.root.groupBy],
          ...timing(routing.root),
          // Sub-routes are schemaless in the CRD (recursive type): same field names as the top-level route.
          routes: routing.routes.map((route) => ({
            receiver: route.receiver,
            matchers: routeMatchers(route.matchers),
            ...timing(route),
          })),
        },
        receivers: routing.receivers.map(receiver),
        inhibitRules: routing.inhibitRules.map((rule) => ({
          sourceMatch: rule.source.map((m) => ({ name: m.name, value: m.value, matchType: SOURCE[m.matchType] })),
          targetMatch: rule.target.map((m) => ({ name: m.name, value: m.value, matchType: TARGET[m.matchType] })),
          equal: [...rule.equal],
        })),
      },
    });
  }
}
