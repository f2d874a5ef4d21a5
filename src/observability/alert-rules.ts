import { Construct } from 'constructs';
import type { AppIdentity } from '../constructs/identity';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheus-rule-monitoring.coreos.com';
import { isAlertRule, type RuleGroup } from './alert-model';
import { monitoringMeta } from './labels';

export interface AlertRulesProps {
  readonly identity: AppIdentity;
  readonly name: string;
  readonly namespace: string;
  /** Labels kube-prometheus-stack's Prometheus selects PrometheusRules by. */
  readonly selectorLabels: Record<string, string>;
  readonly groups: readonly RuleGroup[];
}

/** A PrometheusRule labelled so kube-prometheus-stack's Prometheus loads it: recording and alerting rules. */
export class AlertRules extends Construct {
  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    new PrometheusRule(this, 'Resource', {
      metadata: monitoringMeta(props.identity, props.name, props.namespace, props.selectorLabels),
      spec: {
        groups: props.groups.map((group) => ({
          name: group.name,
          rules: group.rules.map((rule) =>
            isAlertRule(rule)
              ? {
                  alert: rule.alert,
                  expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
                  for: rule.for,
                  keepFiringFor: rule.keep_firing_for,
                  labels: rule.labels,
                  annotations: rule.annotations,
                }
              : { record: rule.record, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) },
          ),
        })),
      },
    });
  }
}
