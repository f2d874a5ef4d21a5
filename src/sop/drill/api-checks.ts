/**
 * The drill's read-only API calls (SOP-01's verification through the app): each call of `sop.restoreDrill.api`, once
 * or once per sampled tenant, and the rule its answer must meet: a JSON number equal to the restored database's
 * row count of a table (the tenant's, for a call per tenant). The app and the SQL checks read the same restore,
 * which nothing writes to, so the numbers must agree exactly.
 */
import type { DrillApiCall } from '../../config';
import type { CheckResult } from './report';
import type { DatabaseSnapshot } from './source-record';

export const TENANT_PLACEHOLDER = '{tenant}';

export interface ApiRequest {
  /** Unique per request: the call's name, with the tenant for a call per tenant (`tenant-projects.tenant-0042`). */
  readonly id: string;
  readonly call: DrillApiCall;
  readonly tenant?: string;
  /** The request path with the tenant in place. */
  readonly path: string;
}

/** Every request the calls make: a call whose path names `{tenant}` once per sampled tenant. */
export function apiRequests(calls: readonly DrillApiCall[], sample: readonly string[]): ApiRequest[] {
  return calls.flatMap((call) =>
    call.path.includes(TENANT_PLACEHOLDER)
      ? sample.map((tenant) => ({
          id: `${call.name}.${tenant}`,
          call,
          tenant,
          path: call.path.split(TENANT_PLACEHOLDER).join(encodeURIComponent(tenant)),
        }))
      : [{ id: call.name, call, path: call.path }],
  );
}

/** What one request got: `ok` when the server answered 2xx (the body), else the client's error text. */
export interface ApiResponse {
  readonly ok: boolean;
  readonly text: string;
}

const checkName = (request: ApiRequest) =>
  request.tenant === undefined ? `api ${request.call.name}` : `api ${request.call.name} of tenant ${request.tenant}`;

function field(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }, value);
}

/** The count a request's answer must equal, from the restored snapshot; undefined when it was not counted. */
function expectedCount(request: ApiRequest, restored: DatabaseSnapshot): number | undefined {
  const { table } = request.call.count;
  return request.tenant === undefined ? restored.tableCounts[table] : restored.tenantCounts[request.tenant]?.[table];
}

/** One check per request, `not run` without a restored snapshot or a response. */
export function evaluateApiCalls(
  requests: readonly ApiRequest[],
  responses: ReadonlyMap<string, ApiResponse>,
  restored: DatabaseSnapshot | undefined,
): CheckResult[] {
  return requests.map((request): CheckResult => {
    const name = checkName(request);
    const { table } = request.call.count;
    const rows = request.tenant === undefined ? `rows ${table}` : `rows ${table} of tenant ${request.tenant}`;
    const expected = restored ? expectedCount(request, restored) : undefined;
    const rule = `GET ${request.path} answers 2xx with JSON ${request.call.count.field} = restored ${rows} (${expected ?? '?'})`;
    const response = responses.get(request.id);
    if (!restored || !response) return { name, status: 'not run', expected: rule, actual: '(not run)' };
    if (!response.ok)
      return { name, status: 'fail', expected: rule, actual: `request failed: ${response.text.trim()}` };
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return { name, status: 'fail', expected: rule, actual: `not JSON: ${response.text.slice(0, 200)}` };
    }
    const value = field(body, request.call.count.field);
    return {
      name,
      status: typeof value === 'number' && value === expected ? 'pass' : 'fail',
      expected: rule,
      actual: typeof value === 'number' ? String(value) : `${request.call.count.field} is ${JSON.stringify(value)}`,
    };
  });
}
