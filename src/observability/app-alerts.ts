/**
 * Alerts about the app of one environment: its services, their error budgets and public endpoints, its load
 * balancers, its data stores and its deployments. Every expression is scoped to the environment's namespace, so the
 * rules of qa, staging and production never see each other's series even when they share a Prometheus.
 */
import { ruleGroup, type AlertDefinition, type AlertScope, type RuleGroup } from './alert-model';
import { DATA_STORE_ALERTS } from './data-store-alerts';
import { ENDPOINT_ALERTS } from './endpoint-alerts';
import { LOAD_BALANCER_ALERTS } from './load-balancer-alerts';
import { httpRecordingRules } from './recording-rules';
import { ROLLOUT_ALERTS } from './rollout-alerts';
import { SERVICE_ALERTS } from './service-alerts';
import { SLO_ALERTS } from './slo-alerts';

export const APP_ALERTS: readonly AlertDefinition[] = [
  ...SERVICE_ALERTS,
  ...SLO_ALERTS,
  ...ENDPOINT_ALERTS,
  ...LOAD_BALANCER_ALERTS,
  ...DATA_STORE_ALERTS,
  ...ROLLOUT_ALERTS,
];

/**
 * The rule group of the app's PrometheusRule: the recording rules first, then the alerts that read them. One group,
 * because Prometheus evaluates a group's rules in order (and groups concurrently): every alert sees the ratios of
 * its own evaluation, so its `for` counts from the moment the ratio crossed, not one interval later.
 */
export function appRuleGroups(scope: AlertScope): RuleGroup[] {
  const alerts = ruleGroup(`${scope.platform.app.name}.${scope.environment}.app`, APP_ALERTS, scope);
  return [{ name: alerts.name, rules: [...httpRecordingRules(scope), ...alerts.rules] }];
}
