/**
 * The JSON log contract: one JSON object per line on stdout. docs/observability/log-contract.schema.json is the
 * normative JSON Schema; these constants name its fields for the code that ships the logs.
 */
export const LOG_FIELDS = {
  timestamp: 'timestamp',
  level: 'level',
  message: 'message',
  serviceName: 'service_name',
  traceId: 'trace_id',
  /** Only on lines written while serving a tenant. */
  tenantId: 'tenant_id',
} as const;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;

/** Fields that become Loki labels: few values each, so the label index stays small. */
export const LOG_LABEL_FIELDS = [LOG_FIELDS.serviceName, LOG_FIELDS.level] as const;

/** Fields kept in the log line only: one value per tenant or request would explode Loki's streams. */
export const LOG_HIGH_CARDINALITY_FIELDS = [LOG_FIELDS.tenantId, LOG_FIELDS.traceId] as const;
