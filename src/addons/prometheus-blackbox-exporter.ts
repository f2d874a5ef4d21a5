/**
 * The blackbox exporter the Probe objects probe the public endpoints through (issue 10 writes the Probes): its
 * Service is `blackboxExporterAddress` (src/config/names.ts), `<fullname>:9115` in the monitoring namespace
 * (prometheus-community/helm-charts@prometheus-blackbox-exporter-11.17.2 values.yaml `service.port`; the chart makes
 * no Probe objects itself). Modules: the chart's `http_2xx` (2xx over HTTP/1.1 or 2, IPv4, redirects followed), which
 * also reports the certificate's expiry (`probe_ssl_earliest_cert_expiry`).
 */
import { blackboxExporterAddress } from '../config';
import { monitoringLabels, type AddOn } from './addon';

export const prometheusBlackboxExporter: AddOn = {
  name: 'prometheus-blackbox-exporter',
  chart: {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'prometheus-blackbox-exporter',
    version: '11.17.2',
  },
  wave: 3,
  namespace: (platform) => platform.monitoring.namespace,
  values: (ctx) => {
    const [host, port] = blackboxExporterAddress(ctx.platform).split(':');
    return {
      fullnameOverride: host.split('.')[0],
      service: { port: Number(port) },
      replicas: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      serviceMonitor: { selfMonitor: { enabled: true, labels: monitoringLabels(ctx.platform) } },
    };
  },
};
