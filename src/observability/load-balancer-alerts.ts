/**
 * Alerts on what the ALB of each public service sees, from CloudWatch through YACE (the series and the job YACE
 * needs are in docs/observability/README.md): errors the ALB answers itself (no healthy target, a target that reset
 * or timed out) never reach `http_requests_total`, and neither do targets the ALB took out of service.
 */
import type { AlertDefinition, AlertScope } from './alert-model';
import { ALB, ALB_STACK_LABEL, SCRAPE_LABELS } from './metrics-contract';
import { selector } from './promql';
import { publicEndpoints } from './public-endpoints';
import { API_ERROR_RATIO_THRESHOLD } from './service-alerts';

/** YACE's period for AWS/ApplicationELB: each sample is the sum (or max) over the last 60 seconds. */
export const ALB_PERIOD_SECONDS = 60;

const hasPublicEndpoints = (scope: AlertScope) => publicEndpoints(scope.platform, scope.environment).length > 0;

/** Per public service: `expr(stack)` with the service and its namespace as labels, like every app alert. */
function perLoadBalancer(scope: AlertScope, expr: (stack: Record<string, string>) => string): string {
  return publicEndpoints(scope.platform, scope.environment)
    .map(({ service, albStack }) => {
      const labelled = `label_replace(\n  ${expr({ [ALB_STACK_LABEL]: albStack })},\n  "${SCRAPE_LABELS.namespace}", "$1", "${ALB_STACK_LABEL}", "([^/]+)/.*"\n)`;
      return `label_replace(\n  ${labelled},\n  "${SCRAPE_LABELS.serviceName}", "${service}", "${ALB_STACK_LABEL}", ".*"\n)`;
    })
    .join('\nor\n');
}

/** Per-period count averaged over 5 minutes, summed over the ALB's target groups. */
const perPeriod = (metric: string, stack: Record<string, string>) =>
  `sum by (${ALB_STACK_LABEL}) (avg_over_time(${selector(metric, stack)}[5m]))`;

export const LOAD_BALANCER_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'LoadBalancerHighErrorRate',
    for: '5m',
    // Over the requests the ALB routed; with no healthy target it routes none and the ratio is +Inf. The floor is
    // the HTTP page's, per period: a quiet night's single 502 does not page.
    expr: (scope) =>
      perLoadBalancer(
        scope,
        (stack) =>
          `${perPeriod(ALB.elb5xx, stack)}\n  / ${perPeriod(ALB.requests, stack)}\n  > ${API_ERROR_RATIO_THRESHOLD}\n` +
          `  and (${perPeriod(ALB.requests, stack)} + ${perPeriod(ALB.elb5xx, stack)}) >= ` +
          `${scope.platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond * ALB_PERIOD_SECONDS}`,
      ),
    appliesTo: hasPublicEndpoints,
    summary:
      'The ALB of {{ $labels.service_name }} answers {{ $value | humanizePercentage }} of requests with its own 5xx',
    description:
      `For 5 minutes the load balancer of {{ $labels.service_name }} in {{ $labels.namespace }} has itself answered ` +
      `more than ${API_ERROR_RATIO_THRESHOLD * 100}% of requests with 502, 503 or 504: no healthy target, targets ` +
      'closing connections or timing out. The app never sees these requests; customers do.',
  },
  {
    name: 'LoadBalancerUnhealthyTargets',
    for: '10m',
    expr: (scope) =>
      perLoadBalancer(
        scope,
        (stack) => `max by (${ALB_STACK_LABEL}, dimension_TargetGroup) (${selector(ALB.unhealthyTargets, stack)}) > 0`,
      ),
    appliesTo: hasPublicEndpoints,
    summary: '{{ $value }} targets of {{ $labels.service_name }} fail the ALB health check',
    description:
      'For 10 minutes targets of the target group {{ $labels.dimension_TargetGroup }} of {{ $labels.service_name }} ' +
      'in {{ $labels.namespace }} have failed the ALB health check: the ALB sends them no traffic, so the service ' +
      'runs on less capacity than Kubernetes reports, or pods are ready for Kubernetes but unreachable for the ALB.',
  },
];
