import { Construct } from 'constructs';
import { blackboxExporterAddress, type Platform } from '../config';
import { appIdentity, type AppIdentity } from '../constructs/identity';
import type { RuleGroup } from './alert-model';
import { appRuleGroups } from './app-alerts';
import { AlertRules } from './alert-rules';
import { AppServiceMonitor } from './app-service-monitor';
import { EndpointProbe } from './endpoint-probe';
import { publicEndpoints, type PublicEndpoint } from './public-endpoints';

export interface AppMonitoringProps {
  readonly identity: AppIdentity;
  /** Metrics path of every service, by service name. */
  readonly metricsPaths: Readonly<Record<string, string>>;
  readonly scrapeInterval: string;
  /** Labels kube-prometheus-stack's Prometheus selects ServiceMonitors, Probes and PrometheusRules by. */
  readonly selectorLabels: Record<string, string>;
  /** Name of the PrometheusRule. */
  readonly rulesName: string;
  readonly ruleGroups: readonly RuleGroup[];
  /** Public endpoints to probe from outside. */
  readonly endpoints: readonly PublicEndpoint[];
  /** `host:port` of the blackbox exporter the probes go through. */
  readonly blackboxExporterAddress: string;
}

/** Name of the PrometheusRule with the app's alerts: `your-app-alerts`. */
export function appAlertRulesName(platform: Platform): string {
  return `${platform.app.name}-alerts`;
}

/** What AppMonitoring needs of the platform for one environment. */
export function appMonitoringProps(platform: Platform, environment: string): AppMonitoringProps {
  return {
    identity: appIdentity(platform, environment),
    metricsPaths: Object.fromEntries(
      Object.entries(platform.services).map(([service, definition]) => [service, definition.metrics.path]),
    ),
    scrapeInterval: platform.monitoring.scrapeInterval,
    selectorLabels: platform.monitoring.selectorLabels,
    rulesName: appAlertRulesName(platform),
    ruleGroups: appRuleGroups({ platform, environment }),
    endpoints: publicEndpoints(platform, environment),
    blackboxExporterAddress: blackboxExporterAddress(platform),
  };
}

/**
 * The observability objects that belong to the app and ship with it (app namespace, Helm chart): a ServiceMonitor
 * per service, a Probe per public endpoint and the PrometheusRule of the app's recording rules and alerts.
 */
export class AppMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    const { identity, selectorLabels } = props;
    for (const service of Object.keys(props.metricsPaths).sort()) {
      new AppServiceMonitor(this, `ServiceMonitor-${service}`, {
        identity,
        service,
        metricsPath: props.metricsPaths[service],
        scrapeInterval: props.scrapeInterval,
        selectorLabels,
      });
    }
    for (const endpoint of props.endpoints) {
      new EndpointProbe(this, `Probe-${endpoint.service}`, {
        identity,
        endpoint,
        blackboxExporterAddress: props.blackboxExporterAddress,
        interval: props.scrapeInterval,
        selectorLabels,
      });
    }
    new AlertRules(this, 'AlertRules', {
      identity,
      name: props.rulesName,
      namespace: identity.namespace,
      selectorLabels,
      groups: props.ruleGroups,
    });
  }
}
