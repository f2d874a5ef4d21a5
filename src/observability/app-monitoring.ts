import { Construct } from 'constructs';
import type { Platform } from '../config';
import { ruleGroup } from './alert-model';
import { AlertRules } from './alert-rules';
import { APP_ALERTS } from './app-alerts';
import { AppServiceMonitor } from './app-service-monitor';

export interface AppMonitoringProps {
  readonly platform: Platform;
  readonly environment: string;
}

/** Name of the PrometheusRule with the app's alerts: `your-app-alerts`. */
export function appAlertRulesName(platform: Platform): string {
  return `${platform.app.name}-alerts`;
}

/**
 * The observability objects that belong to the app and ship with it (app namespace, Helm chart): a
 * ServiceMonitor per service and the PrometheusRule of the app's alerts for this environment.
 */
export class AppMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    const { platform, environment } = props;
    for (const service of Object.keys(platform.services).sort()) {
      new AppServiceMonitor(this, `ServiceMonitor-${service}`, { platform, environment, service });
    }
    new AlertRules(this, 'AlertRules', {
      platform,
      environment,
      name: appAlertRulesName(platform),
      namespace: platform.environments[environment].namespace,
      groups: [ruleGroup(`${platform.app.name}.${environment}.app`, APP_ALERTS, { platform, environment })],
    });
  }
}
