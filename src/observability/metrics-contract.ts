/**
 * The metrics contract: every metric name that dashboards, alerts and the canary analysis may query, its type,
 * its labels and who exports it (the app, or a standard exporter). docs/observability/metrics-contract.md is the
 * prose version; a test checks that every query in src/observability uses only names listed here.
 */

/** Who produces a metric. Only `app` metrics are the app team's responsibility. */
export type MetricSource =
  | 'app'
  | 'prometheus'
  | 'kube-state-metrics'
  | 'node-exporter'
  | 'cadvisor'
  | 'postgres_exporter'
  | 'redis_exporter'
  | 'argo-rollouts'
  | 'blackbox_exporter'
  | 'yace'
  | 'recording-rule';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly source: MetricSource;
  /** Labels the exporter itself sets (scrape target labels such as `namespace` and `pod` come on top). */
  readonly labels: readonly string[];
  readonly help: string;
}

/**
 * Labels every app series carries after the scrape, added by the ServiceMonitor (not by the app; an app label of
 * the same name would be renamed `exported_<name>`).
 */
export const SCRAPE_LABELS = {
  namespace: 'namespace',
  pod: 'pod',
  /** The service of the platform config (`api`, `worker`), copied from the Service's component label. */
  serviceName: 'service_name',
  /** The pod's Argo Rollouts template hash: tells canary from stable pods during a rollout. */
  podTemplateHash: 'rollouts_pod_template_hash',
} as const;

/** The pod label Argo Rollouts puts on every pod; the ServiceMonitor copies it into SCRAPE_LABELS.podTemplateHash. */
export const ROLLOUTS_POD_TEMPLATE_HASH_POD_LABEL = 'rollouts-pod-template-hash';

// App metrics. HTTP labels: `route` is the route template (`/tenants/{id}`), never the raw path (cardinality);
// it is not called `endpoint` because prometheus-operator already sets an `endpoint` target label.

/** Counter of finished HTTP requests. `code` is the numeric status code as a string ("200", "503"). */
export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
/** Histogram of HTTP request duration in seconds; query `_bucket`, `_sum`, `_count`. */
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
export const HTTP_LABELS = ['method', 'route', 'code'] as const;

export const DB_POOL_CONNECTIONS = 'db_pool_connections';
export const DB_POOL_MAX_CONNECTIONS = 'db_pool_max_connections';
export const DB_POOL_WAIT_DURATION_SECONDS = 'db_pool_wait_duration_seconds';
/** Per-tenant API calls; `tenant_id` is bounded by the tenant count, which the business dashboard needs. */
export const TENANT_API_REQUESTS_TOTAL = 'app_tenant_api_requests_total';
export const ACTIVE_TENANTS = 'app_active_tenants';
export const ACTIVE_USERS = 'app_active_users';
export const USERS = 'app_users';
export const MONTHLY_RECURRING_REVENUE = 'app_monthly_recurring_revenue';
export const USER_SIGNUPS_TOTAL = 'app_user_signups_total';
export const TENANT_SIGNUPS_TOTAL = 'app_tenant_signups_total';

export const APP_METRICS: readonly MetricDefinition[] = [
  { name: HTTP_REQUESTS_TOTAL, type: 'counter', source: 'app', labels: HTTP_LABELS, help: 'HTTP requests served.' },
  {
    name: HTTP_REQUEST_DURATION_SECONDS,
    type: 'histogram',
    source: 'app',
    labels: HTTP_LABELS,
    help: 'HTTP request duration in seconds, buckets covering 5ms..10s.',
  },
  {
    name: DB_POOL_CONNECTIONS,
    type: 'gauge',
    source: 'app',
    labels: ['state'],
    help: 'Connections of the database pool by state: "idle" or "in_use".',
  },
  {
    name: DB_POOL_MAX_CONNECTIONS,
    type: 'gauge',
    source: 'app',
    labels: [],
    help: 'Size limit of the database pool.',
  },
  {
    name: DB_POOL_WAIT_DURATION_SECONDS,
    type: 'histogram',
    source: 'app',
    labels: [],
    help: 'Time spent waiting for a free pool connection.',
  },
  {
    name: TENANT_API_REQUESTS_TOTAL,
    type: 'counter',
    source: 'app',
    labels: ['tenant_id'],
    help: 'API requests per tenant (api service only).',
  },
  {
    name: ACTIVE_TENANTS,
    type: 'gauge',
    source: 'app',
    labels: [],
    help: 'Tenants with activity in the last 30 days (worker only; dashboards take max across pods).',
  },
  {
    name: ACTIVE_USERS,
    type: 'gauge',
    source: 'app',
    labels: [],
    help: 'Users who signed in or called the API in the last 30 days (worker only; dashboards take max across pods).',
  },
  { name: USERS, type: 'gauge', source: 'app', labels: [], help: 'Registered users (worker only).' },
  {
    name: MONTHLY_RECURRING_REVENUE,
    type: 'gauge',
    source: 'app',
    labels: ['currency'],
    help: 'Monthly recurring revenue in the currency unit, e.g. currency="USD" (worker only).',
  },
  { name: USER_SIGNUPS_TOTAL, type: 'counter', source: 'app', labels: [], help: 'Users created.' },
  { name: TENANT_SIGNUPS_TOTAL, type: 'counter', source: 'app', labels: [], help: 'Tenants created.' },
];

/** Prometheus' own series per scrape target: its labels are the target's (`namespace`, `job`, `service_name`, ...). */
export const UP = 'up';

/** postgres_exporter v0.20 `collector/pg_stat_activity.go`: one series per combination of these. */
const PG_STAT_ACTIVITY_LABELS = [
  'datname',
  'state',
  'usename',
  'application_name',
  'backend_type',
  'wait_event_type',
  'wait_event',
] as const;

export const ROLLOUT_EVENTS_TOTAL = 'rollout_events_total';

/**
 * Label YACE gives the ALB's (and its target groups') tag `ingress.k8s.aws/stack`, which the AWS Load Balancer
 * Controller sets to `<namespace>/<ingress name>` (pkg/deploy/tracking/provider.go): it ties CloudWatch's series to
 * one Ingress. YACE names a tag label `tag_` + the key with `.`, `/` and `-` replaced by `_` (pkg/promutil).
 */
export const ALB_STACK_LABEL = 'tag_ingress_k8s_aws_stack';

/**
 * YACE's name for a CloudWatch metric: `aws_applicationelb_` + the metric name in snake case + `_` + the
 * statistic (pkg/promutil/migrate.go BuildMetricName): HTTPCode_ELB_5XX_Count, Sum ->
 * aws_applicationelb_httpcode_elb_5_xx_count_sum.
 */
export const ALB = {
  requests: 'aws_applicationelb_request_count_sum',
  elb5xx: 'aws_applicationelb_httpcode_elb_5_xx_count_sum',
  target5xx: 'aws_applicationelb_httpcode_target_5_xx_count_sum',
  unhealthyTargets: 'aws_applicationelb_un_healthy_host_count_maximum',
  healthyTargets: 'aws_applicationelb_healthy_host_count_minimum',
} as const;

const ALB_METRICS = [
  { name: ALB.requests, help: 'Requests the ALB routed to a target in the period (RequestCount, Sum).' },
  {
    name: ALB.elb5xx,
    help: '5xx the ALB itself answered in the period (HTTPCode_ELB_5XX_Count, Sum): no healthy target, target reset or timeout.',
  },
  { name: ALB.target5xx, help: '5xx the targets answered in the period (HTTPCode_Target_5XX_Count, Sum).' },
  {
    name: ALB.unhealthyTargets,
    help: 'Targets failing the health check, per target group (UnHealthyHostCount, Maximum).',
  },
  { name: ALB.healthyTargets, help: 'Healthy targets, per target group (HealthyHostCount, Minimum).' },
] as const;

export const EXPORTER_METRICS: readonly MetricDefinition[] = [
  {
    name: UP,
    type: 'gauge',
    source: 'prometheus',
    labels: [],
    help: '1 when the last scrape of the target succeeded, 0 when it failed; no series once the target is gone.',
  },
  // kube-state-metrics: `namespace`/`pod` are the object's (kube-prometheus-stack scrapes it with honorLabels).
  {
    name: 'kube_pod_container_status_restarts_total',
    type: 'counter',
    source: 'kube-state-metrics',
    labels: ['namespace', 'pod', 'container'],
    help: 'Container restarts.',
  },
  {
    name: 'kube_pod_container_status_waiting_reason',
    type: 'gauge',
    source: 'kube-state-metrics',
    labels: ['namespace', 'pod', 'container', 'reason'],
    help: '1 while the container waits for `reason` (CrashLoopBackOff, ImagePullBackOff, ...).',
  },
  {
    name: 'kube_pod_status_phase',
    type: 'gauge',
    source: 'kube-state-metrics',
    labels: ['namespace', 'pod', 'phase'],
    help: '1 for the pod phase the pod is in.',
  },
  {
    name: 'kube_node_status_condition',
    type: 'gauge',
    source: 'kube-state-metrics',
    labels: ['node', 'condition', 'status'],
    help: 'Node conditions (Ready, MemoryPressure, DiskPressure, ...).',
  },
  // cAdvisor (the kubelet), scraped by kube-prometheus-stack.
  {
    name: 'container_cpu_usage_seconds_total',
    type: 'counter',
    source: 'cadvisor',
    labels: ['namespace', 'pod', 'container'],
    help: 'Container CPU time.',
  },
  {
    name: 'container_memory_working_set_bytes',
    type: 'gauge',
    source: 'cadvisor',
    labels: ['namespace', 'pod', 'container'],
    help: 'Container working set memory.',
  },
  // node-exporter: `instance` is the node.
  {
    name: 'node_cpu_seconds_total',
    type: 'counter',
    source: 'node-exporter',
    labels: ['instance', 'cpu', 'mode'],
    help: 'CPU time by mode.',
  },
  {
    name: 'node_memory_MemAvailable_bytes',
    type: 'gauge',
    source: 'node-exporter',
    labels: ['instance'],
    help: 'Memory available.',
  },
  {
    name: 'node_memory_MemTotal_bytes',
    type: 'gauge',
    source: 'node-exporter',
    labels: ['instance'],
    help: 'Memory installed.',
  },
  {
    name: 'node_network_receive_bytes_total',
    type: 'counter',
    source: 'node-exporter',
    labels: ['instance', 'device'],
    help: 'Bytes received per network interface.',
  },
  {
    name: 'node_network_transmit_bytes_total',
    type: 'counter',
    source: 'node-exporter',
    labels: ['instance', 'device'],
    help: 'Bytes sent per network interface.',
  },
  {
    name: 'node_filesystem_avail_bytes',
    type: 'gauge',
    source: 'node-exporter',
    labels: ['instance', 'device', 'fstype', 'mountpoint'],
    help: 'Filesystem space available to non-root users.',
  },
  {
    name: 'node_filesystem_size_bytes',
    type: 'gauge',
    source: 'node-exporter',
    labels: ['instance', 'device', 'fstype', 'mountpoint'],
    help: 'Filesystem size.',
  },
  {
    name: 'node_filesystem_readonly',
    type: 'gauge',
    source: 'node-exporter',
    labels: ['instance', 'device', 'fstype', 'mountpoint'],
    help: '1 when the filesystem is mounted read-only.',
  },
  // postgres_exporter: one per environment, in the app namespace, pointed at the primary's stable DNS name.
  { name: 'pg_up', type: 'gauge', source: 'postgres_exporter', labels: [], help: '1 when the exporter can query.' },
  {
    name: 'pg_stat_activity_count',
    type: 'gauge',
    source: 'postgres_exporter',
    labels: PG_STAT_ACTIVITY_LABELS,
    help: 'Client connections by database and state (active, idle, idle in transaction, ...).',
  },
  {
    name: 'pg_stat_activity_max_tx_duration',
    type: 'gauge',
    source: 'postgres_exporter',
    labels: PG_STAT_ACTIVITY_LABELS,
    help: 'Age in seconds of the oldest running transaction: slow queries.',
  },
  {
    name: 'pg_settings_max_connections',
    type: 'gauge',
    source: 'postgres_exporter',
    labels: [],
    help: 'max_connections of the server.',
  },
  {
    name: 'pg_settings_superuser_reserved_connections',
    type: 'gauge',
    source: 'postgres_exporter',
    labels: [],
    help: 'Connection slots of max_connections only superusers may use.',
  },
  {
    name: 'pg_replication_lag_seconds',
    type: 'gauge',
    source: 'postgres_exporter',
    labels: [],
    help: 'Replication lag of a replica, in seconds.',
  },
  // redis_exporter: one per environment, in the app namespace.
  { name: 'redis_up', type: 'gauge', source: 'redis_exporter', labels: [], help: '1 when Redis answers.' },
  {
    name: 'redis_memory_used_bytes',
    type: 'gauge',
    source: 'redis_exporter',
    labels: [],
    help: 'Memory used by Redis.',
  },
  {
    name: 'redis_memory_max_bytes',
    type: 'gauge',
    source: 'redis_exporter',
    labels: [],
    help: 'maxmemory of Redis (0: unlimited).',
  },
  {
    name: 'redis_keyspace_hits_total',
    type: 'counter',
    source: 'redis_exporter',
    labels: [],
    help: 'Successful key lookups.',
  },
  {
    name: 'redis_keyspace_misses_total',
    type: 'counter',
    source: 'redis_exporter',
    labels: [],
    help: 'Failed key lookups.',
  },
  {
    name: 'redis_connected_clients',
    type: 'gauge',
    source: 'redis_exporter',
    labels: [],
    help: 'Client connections.',
  },
  // Argo Rollouts controller (the leader only; a standby serves no rollout_* series).
  {
    name: 'rollout_info',
    type: 'gauge',
    source: 'argo-rollouts',
    labels: ['namespace', 'name', 'strategy', 'traffic_router', 'phase'],
    help: '1 per Rollout, labelled with its phase (ROLLOUT_PHASES).',
  },
  {
    name: ROLLOUT_EVENTS_TOTAL,
    type: 'counter',
    source: 'argo-rollouts',
    labels: ['namespace', 'name', 'type', 'reason'],
    help:
      'Kubernetes events the controller emitted for a Rollout, by reason; in process memory, so a new controller ' +
      'pod starts a new series at its first event.',
  },
  // blackbox_exporter, through the Probe objects: `instance` is the probed URL.
  {
    name: 'probe_success',
    type: 'gauge',
    source: 'blackbox_exporter',
    labels: [],
    help: '1 when the probe succeeded (DNS, TCP, TLS and a 2xx answer within the timeout), else 0.',
  },
  {
    name: 'probe_duration_seconds',
    type: 'gauge',
    source: 'blackbox_exporter',
    labels: [],
    help: 'How long the whole probe took.',
  },
  {
    name: 'probe_ssl_earliest_cert_expiry',
    type: 'gauge',
    source: 'blackbox_exporter',
    labels: [],
    help: 'Unix time at which the first certificate of the served chain expires.',
  },
  // CloudWatch's AWS/ApplicationELB metrics through YACE (docs/observability/README.md has the job it needs):
  // one gauge per period (60s), the ALB's tag ingress.k8s.aws/stack as a label.
  ...ALB_METRICS.map(({ name, help }): MetricDefinition => ({
    name,
    type: 'gauge',
    source: 'yace',
    labels: [ALB_STACK_LABEL, 'dimension_LoadBalancer', 'dimension_TargetGroup'],
    help,
  })),
];

/**
 * `phase` values of `rollout_info`, as the controller computes them from the Rollout's Progressing condition
 * (argo-rollouts controller/metrics/rollouts.go, calculatePhase).
 */
export const ROLLOUT_PHASES = {
  completed: 'Completed',
  progressing: 'Progressing',
  paused: 'Paused',
  timeout: 'Timeout',
  error: 'Error',
  abort: 'Abort',
  invalidSpec: 'InvalidSpec',
} as const;

/**
 * Windows of the HTTP recording rules: the P1 page's (2m), and the SRE workbook's multi-window burn-rate windows
 * (5m/1h, 30m/6h for pages; 2h/1d, 6h/3d for tickets).
 */
export const HTTP_RATE_WINDOWS = ['2m', '5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type HttpRateWindow = (typeof HTTP_RATE_WINDOWS)[number];
/** Windows whose request rate is recorded too: the request floors of the page (2m) and of the fast burn (1h, 6h). */
export const HTTP_REQUEST_RATE_WINDOWS: readonly HttpRateWindow[] = ['2m', '1h', '6h'];

/** Recorded requests per second of each http service over `window`: `namespace_service_name:http_requests:rate5m`. */
export const httpRequestRate = (window: HttpRateWindow) => `namespace_service_name:http_requests:rate${window}`;
/** Recorded share of 5xx among the requests over `window` (0 when there are requests and no 5xx). */
export const httpErrorRatio = (window: HttpRateWindow) =>
  `namespace_service_name:http_request_errors:ratio_rate${window}`;

/** Series the app's recording rules (recording-rules.ts) write, per http service. */
export const RECORDED_METRICS: readonly MetricDefinition[] = HTTP_RATE_WINDOWS.flatMap((window) => [
  ...(HTTP_REQUEST_RATE_WINDOWS.includes(window)
    ? [
        {
          name: httpRequestRate(window),
          type: 'gauge' as const,
          source: 'recording-rule' as const,
          labels: [SCRAPE_LABELS.namespace, SCRAPE_LABELS.serviceName],
          help: `HTTP requests per second over ${window}.`,
        },
      ]
    : []),
  {
    name: httpErrorRatio(window),
    type: 'gauge' as const,
    source: 'recording-rule' as const,
    labels: [SCRAPE_LABELS.namespace, SCRAPE_LABELS.serviceName],
    help: `Share of HTTP requests answered with a 5xx over ${window}.`,
  },
]);

/** Every metric a query in this repo may use. */
export const METRICS_CONTRACT: readonly MetricDefinition[] = [...APP_METRICS, ...EXPORTER_METRICS, ...RECORDED_METRICS];
