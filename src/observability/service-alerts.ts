/**
 * Alerts about the app's services themselves: HTTP errors as the app counts them, and services with no pod left to
 * answer. Every expression is scoped to the environment's app namespace.
 */
import { namespaceOf, type AlertDefinition, type AlertScope } from './alert-model';
import { httpErrorRatio, httpRequestRate, SCRAPE_LABELS, UP } from './metrics-contract';
import { selector } from './promql';
import { BY_SERVICE, httpServices, recorded } from './recording-rules';

/** The manual's P1 threshold: 5xx over all requests. */
export const API_ERROR_RATIO_THRESHOLD = 0.05;

/**
 * The manual's "above 5% for 5 minutes", read literally: the ratio over a short window (2m, 4 scrapes) stays above
 * 5% at every evaluation for 3 minutes, so the windows judged cover the last 5 minutes. A 90-second burst keeps the
 * 2m ratio up for at most 2.5 minutes and stays silent; a steady 6% crosses 5% once a whole window holds errors
 * (2 minutes in) and pages at most 6 minutes after it started.
 */
export const API_ERROR_RATE_WINDOW = '2m';
export const API_ERROR_RATE_FOR = '3m';

function workerServices(scope: AlertScope): string[] {
  return Object.entries(scope.platform.services)
    .filter(([, definition]) => definition.kind === 'worker')
    .map(([name]) => name);
}

/** The `up` series of a service's scrape targets: the ServiceMonitor labels them with namespace and service_name. */
const serviceTargets = (scope: AlertScope, service: string) =>
  selector(UP, { [SCRAPE_LABELS.namespace]: namespaceOf(scope), [SCRAPE_LABELS.serviceName]: service });

/**
 * Every target of each service down, or none left (no ready pod behind its metrics Service): then the service has
 * no request series at all to alert on.
 */
const servicesDown = (scope: AlertScope, services: readonly string[]) =>
  services
    .map(
      (service) =>
        `max by (${BY_SERVICE}) (${serviceTargets(scope, service)}) == 0\n  or absent(${serviceTargets(scope, service)})`,
    )
    .join('\n  or ');

export const SERVICE_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'HttpHighErrorRate',
    for: API_ERROR_RATE_FOR,
    // The request-rate guard keeps a handful of requests at night (1 failed of 2 is 50%) from paging.
    expr: (scope) =>
      `${recorded(httpErrorRatio(API_ERROR_RATE_WINDOW), scope)} > ${API_ERROR_RATIO_THRESHOLD}\n` +
      `and ${recorded(httpRequestRate(API_ERROR_RATE_WINDOW), scope)} >= ` +
      `${scope.platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond}`,
    appliesTo: (scope) => httpServices(scope).length > 0,
    summary: '{{ $labels.service_name }} answers {{ $value | humanizePercentage }} of requests with 5xx',
    description:
      `More than ${API_ERROR_RATIO_THRESHOLD * 100}% of the HTTP requests of {{ $labels.service_name }} in ` +
      `{{ $labels.namespace }} have failed with a 5xx status for 5 minutes. Customers see errors.`,
  },
  {
    name: 'HttpServiceDown',
    for: '2m',
    expr: (scope) => servicesDown(scope, httpServices(scope)),
    appliesTo: (scope) => httpServices(scope).length > 0,
    summary: '{{ $labels.service_name }} is down in {{ $labels.namespace }}',
    description:
      'For 2 minutes no pod of {{ $labels.service_name }} in {{ $labels.namespace }} has answered its metrics ' +
      'scrape, or there is no pod to scrape at all. The service is most likely not serving customers.',
  },
  {
    name: 'WorkerDown',
    for: '5m',
    expr: (scope) => servicesDown(scope, workerServices(scope)),
    appliesTo: (scope) => workerServices(scope).length > 0,
    summary: 'Worker {{ $labels.service_name }} has no running pod in {{ $labels.namespace }}',
    description:
      'For 5 minutes no pod of {{ $labels.service_name }} in {{ $labels.namespace }} has answered its metrics ' +
      'scrape, or there is no ready pod at all: background jobs are not being processed and queue up.',
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
