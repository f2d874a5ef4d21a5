import { Construct } from 'constructs';
import type { Platform } from '../config';
import { appIdentity } from '../constructs/identity';
import { ruleGroup } from './alert-model';
import { AlertRules } from './alert-rules';
import { GrafanaDashboards } from './grafana-dashboards';
import { PLATFORM_ALERTS } from './platform-alerts';

export interface PlatformObservabilityProps {
  readonly platform: Platform;
  readonly environment: string;
}

/** Name of the PrometheusRule with the cluster's node alerts: `your-app-platform-alerts`. */
export function platformAlertRulesName(platform: Platform): string {
  return `${platform.app.name}-platform-alerts`;
}

/**
 * The observability objects of the environment's cluster (dist/<env>/ only, never the app's Helm chart): the node
 * alerts and the Grafana dashboards. Alert routing and the log shipping config ship with the add-ons that read them
 * (kube-prometheus-stack, fluent-bit), so those come up configured.
 */
export class PlatformObservability extends Construct {
  constructor(scope: Construct, id: string, props: PlatformObservabilityProps) {
    super(scope, id);
    const { platform, environment } = props;
    new AlertRules(this, 'AlertRules', {
      identity: appIdentity(platform, environment),
      name: platformAlertRulesName(platform),
      namespace: platform.monitoring.namespace,
      selectorLabels: platform.monitoring.selectorLabels,
      groups: [ruleGroup(`${platform.app.name}.${environment}.platform`, PLATFORM_ALERTS, { platform, environment })],
    });
    new GrafanaDashboards(this, 'Dashboards', { platform, environment });
  }
}
