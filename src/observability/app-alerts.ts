/**
 * Alerts about the app of one environment: its services, its data stores and its deployments. Every expression is
 * scoped to the environment's namespace, so the rules of qa, staging and production never see each other's
 * series even when they share a Prometheus.
 */
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { DATA_STORE_ALERTS } from './data-store-alerts';
import { HTTP_REQUESTS_TOTAL, SCRAPE_LABELS, UP } from './metrics-contract';
import { selector } from './promql';
import { ROLLOUT_ALERTS } from './rollout-alerts';

/** The manual's P1 threshold: 5xx over all requests. */
export const API_ERROR_RATIO_THRESHOLD = 0.05;
/**
 * The manual's "5 minutes" is the window of the ratio: more than 5% of the last 5 minutes' requests failed. The
 * short `for` only asks that two evaluations in a row agree; a longer one would add to the window's own delay.
 */
export const API_ERROR_RATE_WINDOW = '5m';

function httpServices(scope: AlertScope): string[] {
  return Object.entries(scope.platform.services)
    .filter(([, definition]) => definition.kind === 'http')
    .map(([name]) => name);
}

function httpRequests(scope: AlertScope, extra: Record<string, string> = {}): string {
  return selector(HTTP_REQUESTS_TOTAL, {
    [SCRAPE_LABELS.namespace]: namespaceOf(scope),
    [SCRAPE_LABELS.serviceName]: `=~${httpServices(scope).join('|')}`,
    ...extra,
  });
}

const by = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.serviceName}`;
const requestRate = (scope: AlertScope, extra: Record<string, string> = {}) =>
  `sum by (${by}) (rate(${httpRequests(scope, extra)}[${API_ERROR_RATE_WINDOW}]))`;

/** The `up` series of a service's scrape targets: the ServiceMonitor labels them with namespace and service_name. */
const serviceTargets = (scope: AlertScope, service: string) =>
  selector(UP, { [SCRAPE_LABELS.namespace]: namespaceOf(scope), [SCRAPE_LABELS.serviceName]: service });

const SERVICE_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'HttpHighErrorRate',
    for: '1m',
    // The request-rate guard keeps a handful of requests at night (1 failed of 2 is 50%) from paging.
    expr: (scope) =>
      `(\n  ${requestRate(scope, { code: '=~5..' })}\n  / ${requestRate(scope)}\n  > ${API_ERROR_RATIO_THRESHOLD}\n)\n` +
      `and ${requestRate(scope)} >= ${scope.platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond}`,
    summary: '{{ $labels.service_name }} answers {{ $value | humanizePercentage }} of requests with 5xx',
    description:
      `More than ${API_ERROR_RATIO_THRESHOLD * 100}% of the HTTP requests of {{ $labels.service_name }} in ` +
      `{{ $labels.namespace }} failed with a 5xx status over the last 5 minutes. Customers see errors.`,
  },
  {
    name: 'HttpServiceDown',
    for: '2m',
    // All targets failing, or none left at all (no pod, no endpoint): then no request series exists to alert on.
    expr: (scope) =>
      httpServices(scope)
        .map(
          (service) =>
            `max by (${by}) (${serviceTargets(scope, service)}) == 0\n  or absent(${serviceTargets(scope, service)})`,
        )
        .join('\n  or '),
    summary: '{{ $labels.service_name }} is down in {{ $labels.namespace }}',
    description:
      'For 2 minutes no pod of {{ $labels.service_name }} in {{ $labels.namespace }} has answered its metrics ' +
      'scrape, or there is no pod to scrape at all. The service is most likely not serving customers.',
  },
  {
    name: 'PodCrashLooping',
    for: '10m',
    expr: (scope) =>
      `max by (namespace, pod, container) (max_over_time(${selector('kube_pod_container_status_waiting_reason', {
        namespace: namespaceOf(scope),
        reason: 'CrashLoopBackOff',
      })}[5m])) >= 1`,
    summary: 'Container {{ $labels.container }} of pod {{ $labels.pod }} is crash-looping',
    description:
      'The container has been in CrashLoopBackOff for 10 minutes in {{ $labels.namespace }}: it starts and ' +
      'dies again.',
  },
];

export const APP_ALERTS: readonly AlertDefinition[] = [...SERVICE_ALERTS, ...DATA_STORE_ALERTS, ...ROLLOUT_ALERTS];
