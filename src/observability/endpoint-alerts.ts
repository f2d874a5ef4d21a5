/**
 * Alerts on the probes of the public endpoints (public-endpoints.ts): what customers reach from outside, which
 * neither the app's own metrics nor the ALB's see (DNS, the certificate, the listener).
 */
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { SCRAPE_LABELS, UP } from './metrics-contract';
import { selector } from './promql';
import { publicEndpoints } from './public-endpoints';

/** A certificate closer than this to its expiry alerts: ACM renews 60 days ahead, so this means renewal failed. */
export const CERTIFICATE_EXPIRY_DAYS = 14;

const BY_PROBE = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.serviceName}, job`;

const probeSeries = (scope: AlertScope, metric: string) =>
  publicEndpoints(scope.platform, scope.environment).map(({ service, job }) =>
    selector(metric, { [SCRAPE_LABELS.namespace]: namespaceOf(scope), [SCRAPE_LABELS.serviceName]: service, job }),
  );

const hasPublicEndpoints = (scope: AlertScope) => publicEndpoints(scope.platform, scope.environment).length > 0;

export const ENDPOINT_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'PublicEndpointDown',
    for: '5m',
    // The probe fails, or the exporter does not answer Prometheus, or there is no probe target at all (exporter
    // not installed, Probe not selected): each branch yields {namespace, service_name, job}, so it stays one alert.
    expr: (scope) => {
      const success = probeSeries(scope, 'probe_success');
      const up = probeSeries(scope, UP);
      return success
        .map(
          (series, i) =>
            `max by (${BY_PROBE}) (${series}) == 0\n  or max by (${BY_PROBE}) (${up[i]}) == 0\n  or absent(${up[i]})`,
        )
        .join('\n  or ');
    },
    appliesTo: hasPublicEndpoints,
    summary: 'The public endpoint of {{ $labels.service_name }} fails from outside, or is not probed',
    description:
      'For 5 minutes the blackbox exporter has failed to get a 2xx from the public URL of {{ $labels.service_name }} ' +
      'in {{ $labels.namespace }} (DNS, TLS, the ALB or the app), or the probe itself has not run. The runbook ' +
      'tells which.',
  },
  {
    name: 'TlsCertificateExpiringSoon',
    for: '10m',
    expr: (scope) =>
      probeSeries(scope, 'probe_ssl_earliest_cert_expiry')
        .map((series) => `min by (${BY_PROBE}, instance) (${series}) - time() < ${CERTIFICATE_EXPIRY_DAYS} * 86400`)
        .join('\n  or '),
    appliesTo: hasPublicEndpoints,
    summary: 'The certificate of {{ $labels.instance }} expires in {{ $value | humanizeDuration }}',
    description:
      `The TLS certificate served for {{ $labels.service_name }} in {{ $labels.namespace }} expires within ` +
      `${CERTIFICATE_EXPIRY_DAYS} days. ACM renews 60 days ahead, so its renewal has failed: once it expires ` +
      'every client refuses the connection.',
  },
];
