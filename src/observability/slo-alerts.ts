/**
 * Error-budget burn-rate alerts for each http service's availability objective (`services.<name>.slo`), as the SRE
 * workbook's "multiwindow, multi-burn-rate alerts" (chapter 5, Alerting on SLOs): a long window says enough budget
 * is gone, a short one (1/12 of it) says it is still going, so the alert resolves soon after the burn stops.
 */
import type { AlertDefinition, AlertScope } from './alert-model';
import { httpErrorRatio, httpRequestRate, type HttpRateWindow } from './metrics-contract';
import { httpServices, recorded } from './recording-rules';

/** Days the objective is measured over: the workbook's burn factors assume 30. */
export const SLO_PERIOD_DAYS = 30;

export interface BurnWindow {
  readonly long: HttpRateWindow;
  readonly short: HttpRateWindow;
  /** How many times faster than "exactly the budget in 30 days" the errors come. */
  readonly factor: number;
}

/** Page: 2% of the 30-day budget gone in 1 hour, or 5% in 6 hours. */
export const FAST_BURN: readonly BurnWindow[] = [
  { long: '1h', short: '5m', factor: 14.4 },
  { long: '6h', short: '30m', factor: 6 },
];
/** Ticket: 10% of the budget gone in 1 day, or in 3 days. */
export const SLOW_BURN: readonly BurnWindow[] = [
  { long: '1d', short: '2h', factor: 3 },
  { long: '3d', short: '6h', factor: 1 },
];

function availability(scope: AlertScope, service: string): number {
  const definition = scope.platform.services[service];
  if (definition?.kind !== 'http') throw new Error(`slo: "${service}" is not an http service`);
  return definition.slo.availability;
}

/**
 * Any window pair of any http service over its threshold. The objective stays literal in the expression
 * (`14.4 * (1 - 0.999)`), so the Helm chart's value lands in it unchanged. `minRequestsPerSecond` over the long
 * window keeps a quiet night's single failure from paging.
 */
function burning(scope: AlertScope, windows: readonly BurnWindow[], minRequestsPerSecond?: number): string {
  return httpServices(scope)
    .flatMap((service) =>
      windows.map(({ long, short, factor }) => {
        const threshold = `(${factor} * (1 - ${availability(scope, service)}))`;
        const conditions = [
          `${recorded(httpErrorRatio(long), scope, service)} > ${threshold}`,
          `${recorded(httpErrorRatio(short), scope, service)} > ${threshold}`,
          ...(minRequestsPerSecond === undefined
            ? []
            : [`${recorded(httpRequestRate(long), scope, service)} >= ${minRequestsPerSecond}`]),
        ];
        return `(\n  ${conditions.join('\n  and ')}\n)`;
      }),
    )
    .join('\nor\n');
}

export const SLO_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'HttpErrorBudgetFastBurn',
    for: '2m',
    expr: (scope) => burning(scope, FAST_BURN, scope.platform.monitoring.alerting.httpErrorRate.minRequestsPerSecond),
    appliesTo: (scope) => httpServices(scope).length > 0,
    summary: '{{ $labels.service_name }} burns its error budget fast: {{ $value | humanizePercentage }} 5xx',
    description:
      'The 5xx ratio of {{ $labels.service_name }} in {{ $labels.namespace }} is over 14.4 times its error budget ' +
      'for 1 hour (2% of the 30-day budget gone) or over 6 times for 6 hours (5% gone), and still is over the ' +
      'last 5 or 30 minutes. At this rate the availability objective is missed within days.',
  },
  {
    name: 'HttpErrorBudgetSlowBurn',
    for: '15m',
    expr: (scope) => burning(scope, SLOW_BURN),
    appliesTo: (scope) => httpServices(scope).length > 0,
    summary: '{{ $labels.service_name }} burns its error budget: {{ $value | humanizePercentage }} 5xx',
    description:
      'The 5xx ratio of {{ $labels.service_name }} in {{ $labels.namespace }} is over 3 times its error budget ' +
      'for 1 day or over the budget for 3 days (10% of the 30-day budget gone), and still is over the last 2 or 6 ' +
      'hours. Not urgent, but the objective will be missed if nothing changes.',
  },
];
