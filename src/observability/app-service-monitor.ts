import { Construct } from 'constructs';
import { metricsServiceName, selectorLabels, serviceResourceName, type AppIdentity } from '../constructs/identity';
import {
  ServiceMonitor,
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/prometheus-service-monitor-monitoring.coreos.com';
import { monitoringMeta } from './labels';
import { ROLLOUTS_POD_TEMPLATE_HASH_POD_LABEL, SCRAPE_LABELS } from './metrics-contract';

/** Name of the metrics Service's port that ServiceMonitors scrape. */
export const METRICS_PORT_NAME = 'metrics';

export interface AppServiceMonitorProps {
  readonly identity: AppIdentity;
  readonly service: string;
  /** Path of the service's metrics endpoint. */
  readonly metricsPath: string;
  readonly scrapeInterval: string;
  /** Labels kube-prometheus-stack's Prometheus selects ServiceMonitors by. */
  readonly selectorLabels: Record<string, string>;
}

/**
 * Scrapes every pod (stable and canary) behind a service's metrics Service, adding the scrape labels of the
 * metrics contract: `service_name` and the Argo Rollouts pod-template hash that tells canary from stable.
 */
export class AppServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AppServiceMonitorProps) {
    super(scope, id);
    const { identity, service } = props;
    const { namespace } = identity;

    new ServiceMonitor(this, 'Resource', {
      metadata: monitoringMeta(identity, serviceResourceName(identity, service), namespace, props.selectorLabels),
      spec: {
        // The metrics Service is what both layers agree on: its name is checked here, its labels select it.
        selector: { matchLabels: selectorLabels(identity, service) },
        namespaceSelector: { matchNames: [namespace] },
        podTargetLabels: [ROLLOUTS_POD_TEMPLATE_HASH_POD_LABEL],
        endpoints: [
          {
            port: METRICS_PORT_NAME,
            path: props.metricsPath,
            interval: props.scrapeInterval,
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
