import { Construct } from 'constructs';
import type { Platform } from '../config';
import { appIdentity } from '../constructs/identity';
import { ruleGroup } from './alert-model';
import { alertRouting } from './alert-routing';
import { AlertRoutingConfig } from './alert-routing-config';
import { AlertRules } from './alert-rules';
import { GrafanaDashboards } from './grafana-dashboards';
import { LogShipping } from './log-shipping';
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
 * The observability objects of the environment's cluster (dist/<env>/ only, never the app's Helm chart): alert
 * routing, the node alerts, the Grafana dashboards and the log shipping config.
 */
export class PlatformObservability extends Construct {
  constructor(scope: Construct, id: string, props: PlatformObservabilityProps) {
    super(scope, id);
    const { platform, environment } = props;
    new AlertRoutingConfig(this, 'AlertRouting', { platform, environment, routing: alertRouting(platform) });
    new AlertRules(this, 'AlertRules', {
      identity: appIdentity(platform, environment),
      name: platformAlertRulesName(platform),
      namespace: platform.monitoring.namespace,
      selectorLabels: platform.monitoring.selectorLabels,
      groups: [ruleGroup(`${platform.app.name}.${environment}.platform`, PLATFORM_ALERTS, { platform, environment })],
    });
    new GrafanaDashboards(this, 'Dashboards', { platform, environment });
    new LogShipping(this, 'LogShipping', { platform, environment });
  }
}
