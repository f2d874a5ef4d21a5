import { Construct } from 'constructs';
import type { Platform } from '../config';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheus-rule-monitoring.coreos.com';
import type { RuleGroup } from './alert-model';
import { observabilityMeta } from './labels';

export interface AlertRulesProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly name: string;
  readonly namespace: string;
  readonly groups: readonly RuleGroup[];
}

/** A PrometheusRule labelled so kube-prometheus-stack's Prometheus loads it. */
export class AlertRules extends Construct {
  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const { platform, environment } = props;
    new PrometheusRule(this, 'Resource', {
      metadata: observabilityMeta(
        platform,
        environment,
        props.name,
        props.namespace,
        platform.monitoring.selectorLabels,
      ),
      spec: {
        groups: props.groups.map((group) => ({
          name: group.name,
          rules: group.rules.map((rule) => ({
            ...rule,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
          })),
        })),
      },
    });
  }
}
