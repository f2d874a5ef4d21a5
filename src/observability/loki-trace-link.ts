/**
 * The derived field that turns a log line's `trace_id` into a link: every line of the same trace, across services.
 * It belongs to the Loki data source (Grafana data source `jsonData.derivedFields`), which the monitoring stack's
 * chart values provision (`grafana.additionalDataSources` of kube-prometheus-stack): that side takes this object.
 */
import { LOKI_JOB } from './fluent-bit-config';
import { LOG_FIELDS } from './log-contract';

export interface DerivedField {
  readonly name: string;
  /** Its first capture group is the field's value; Grafana matches it against the whole log line. */
  readonly matcherRegex: string;
  /** With `datasourceUid`, the query the link runs in that data source; `${__value.raw}` is the captured value. */
  readonly url: string;
  readonly datasourceUid: string;
  readonly urlDisplayLabel: string;
}

/**
 * Fluent Bit ships each line as compact JSON (`line_format json`), so the field reads `"trace_id":"<id>"`. The link
 * searches the raw text first (cheap), then keeps the lines whose parsed trace_id is exactly the value.
 */
export function traceIdDerivedField(lokiDatasourceUid: string): DerivedField {
  const value = '${__value.raw}';
  return {
    name: LOG_FIELDS.traceId,
    matcherRegex: `"${LOG_FIELDS.traceId}":"([^"]+)"`,
    url: `{job="${LOKI_JOB}"} |= "${value}" | json | ${LOG_FIELDS.traceId}="${value}"`,
    datasourceUid: lokiDatasourceUid,
    urlDisplayLabel: 'All log lines of this trace',
  };
}

/**
 * The field as a provisioning file must carry it: Grafana expands `$NAME` and `${NAME}` from its environment in
 * provisioning files, and `$$` is a literal `$`.
 */
export function forProvisioning(field: DerivedField): DerivedField {
  return { ...field, url: field.url.replace(/\$/g, '$$$$') };
}
