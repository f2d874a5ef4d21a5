import { Construct } from 'constructs';
import { serviceResourceName, type AppIdentity } from '../constructs/identity';
import { Probe, ProbeSpecProberScheme } from '../../imports/prometheus-probe-monitoring.coreos.com';
import { monitoringMeta } from './labels';
import { SCRAPE_LABELS } from './metrics-contract';
import { BLACKBOX_HTTP_MODULE, type PublicEndpoint } from './public-endpoints';

export interface EndpointProbeProps {
  readonly identity: AppIdentity;
  readonly endpoint: PublicEndpoint;
  /** `host:port` of the blackbox exporter's Service. */
  readonly blackboxExporterAddress: string;
  readonly interval: string;
  /** Labels kube-prometheus-stack's Prometheus selects Probes by. */
  readonly selectorLabels: Record<string, string>;
}

/**
 * A prometheus-operator Probe: Prometheus asks the blackbox exporter to GET a public URL and records the outcome
 * (`probe_success`, `probe_ssl_earliest_cert_expiry`, ...). The operator labels the series with the Probe's
 * namespace, `instance` = the URL and `job` = `jobName` (pkg/prometheus/promcfg.go generateProbeConfig), and adds the
 * static labels: `service_name`, like every app series.
 */
export class EndpointProbe extends Construct {
  constructor(scope: Construct, id: string, props: EndpointProbeProps) {
    super(scope, id);
    const { identity, endpoint } = props;
    new Probe(this, 'Resource', {
      metadata: monitoringMeta(
        identity,
        serviceResourceName(identity, endpoint.service),
        identity.namespace,
        props.selectorLabels,
      ),
      spec: {
        jobName: endpoint.job,
        interval: props.interval,
        module: BLACKBOX_HTTP_MODULE,
        prober: { url: props.blackboxExporterAddress, scheme: ProbeSpecProberScheme.HTTP, path: '/probe' },
        targets: {
          staticConfig: { static: [endpoint.url], labels: { [SCRAPE_LABELS.serviceName]: endpoint.service } },
        },
      },
    });
  }
}
