import { Construct } from 'constructs';
import type { Platform } from '../config';
import { appIdentity, metricsServiceName, selectorLabels, serviceResourceName } from '../constructs/identity';
import {
  ServiceMonitor,
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/prometheus-service-monitor-monitoring.coreos.com';
import { observabilityMeta } from './labels';
import { ROLLOUTS_POD_TEMPLATE_HASH_POD_LABEL, SCRAPE_LABELS } from './metrics-contract';

/** Name of the metrics Service's port that ServiceMonitors scrape. */
export const METRICS_PORT_NAME = 'metrics';

export interface AppServiceMonitorProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly service: string;
}

/**
 * Scrapes every pod (stable and canary) behind a service's metrics Service, adding the scrape labels of the
 * metrics contract: `service_name` and the Argo Rollouts pod-template hash that tells canary from stable.
 */
export class AppServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceMonitorProps) {
    super(scope, id);
    const { platform, environment, service } = props;
    const definition = platform.services[service];
    if (!definition) throw new Error(`AppServiceMonitor: "${service}" is not a service declared in services`);
    const namespace = platform.environments[environment].namespace;
    const identity = appIdentity(platform, environment);

    new ServiceMonitor(this, 'Resource', {
      metadata: observabilityMeta(
        platform,
        environment,
        serviceResourceName(identity, service),
        namespace,
        platform.monitoring.selectorLabels,
      ),
      spec: {
        // The metrics Service is what both layers agree on: its name is checked here, its labels select it.
        selector: { matchLabels: selectorLabels(identity, service) },
        namespaceSelector: { matchNames: [namespace] },
        podTargetLabels: [ROLLOUTS_POD_TEMPLATE_HASH_POD_LABEL],
        endpoints: [
          {
            port: METRICS_PORT_NAME,
            path: definition.metrics.path,
            interval: platform.monitoring.scrapeInterval,
            relabelings: [
              {
                action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE,
                targetLabel: SCRAPE_LABELS.serviceName,
                replacement: service,
              },
              {
                // Only the metrics Service, not any other Service that happens to carry the same labels.
                action: ServiceMonitorSpecEndpointsRelabelingsAction.KEEP,
                sourceLabels: ['__meta_kubernetes_service_name'],
                regex: metricsServiceName(identity, service),
              },
            ],
          },
        ],
      },
    });
  }
}
