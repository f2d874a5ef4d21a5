/**
 * Recording rules of the app's HTTP traffic: requests per second and the share of 5xx, per http service, over the
 * windows the P1 page and the burn-rate alerts read (HTTP_RATE_WINDOWS). Dashboards read the same series, so a
 * panel shows exactly the ratio an alert judged.
 */
import { namespaceOf, type AlertScope, type RecordingRule } from './alert-model';
import {
  HTTP_RATE_WINDOWS,
  HTTP_REQUEST_RATE_WINDOWS,
  HTTP_REQUESTS_TOTAL,
  httpErrorRatio,
  httpRequestRate,
  SCRAPE_LABELS,
  type HttpRateWindow,
} from './metrics-contract';
import { selector } from './promql';

/** The platform file's services of kind `http`, in declaration order. */
export function httpServices(scope: AlertScope): string[] {
  return Object.entries(scope.platform.services)
    .filter(([, definition]) => definition.kind === 'http')
    .map(([name]) => name);
}

export const BY_SERVICE = `${SCRAPE_LABELS.namespace}, ${SCRAPE_LABELS.serviceName}`;

function requests(scope: AlertScope, window: HttpRateWindow, extra: Record<string, string> = {}): string {
  const series = selector(HTTP_REQUESTS_TOTAL, {
    [SCRAPE_LABELS.namespace]: namespaceOf(scope),
    [SCRAPE_LABELS.serviceName]: `=~${httpServices(scope).join('|')}`,
    ...extra,
  });
  return `sum by (${BY_SERVICE}) (rate(${series}[${window}]))`;
}

/**
 * Per window the 5xx ratio, and the request rate where a floor reads it. A service without any 5xx series has a
 * ratio of 0 (`or 0 *` the request rate), not no ratio at all; a service without requests has none (0/0 is NaN,
 * which no alert fires on).
 */
export function httpRecordingRules(scope: AlertScope): RecordingRule[] {
  if (httpServices(scope).length === 0) return [];
  return HTTP_RATE_WINDOWS.flatMap((window) => {
    const all = requests(scope, window);
    const errors = requests(scope, window, { code: '=~5..' });
    return [
      ...(HTTP_REQUEST_RATE_WINDOWS.includes(window) ? [{ record: httpRequestRate(window), expr: all }] : []),
      { record: httpErrorRatio(window), expr: `(\n  ${errors}\n  or 0 * ${all}\n)\n/ ${all}` },
    ];
  });
}

/** A recorded HTTP series of the scope's namespace, optionally of one service. */
export function recorded(name: string, scope: AlertScope, service?: string): string {
  return selector(name, {
    [SCRAPE_LABELS.namespace]: namespaceOf(scope),
    ...(service && { [SCRAPE_LABELS.serviceName]: service }),
  });
}
