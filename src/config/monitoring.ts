/** Where the monitoring stack (kube-prometheus-stack, Grafana, Fluent Bit, Loki) lives and how it discovers the app. */
import { z } from 'zod';
import { dnsLabel, duration, hostname, port } from './primitives';

const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL');

/** A key of a Kubernetes Secret in the monitoring namespace: receivers read credentials from it, never inline. */
const secretKeyRef = z.strictObject({
  name: dnsLabel,
  key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret data key (letters, digits, "-", "_", ".")'),
});

/** Amazon SES SMTP endpoints, and the form of the SMTP username SES generates (an IAM access key ID). */
const SES_SMARTHOST = /^email-smtp(-fips)?\.[a-z0-9-]+\.amazonaws\.com:[0-9]+$/;
const SES_SMTP_USERNAME = /^AKIA[A-Z0-9]{16}$/;

const emailAddress = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');

/** A Secret key with a default: `{ name, key }`. */
const secretKeyRefOr = (name: string, key: string) => secretKeyRef.default({ name, key });

export const alertReceiversSchema = z.strictObject({
  /**
   * P1: pages the on-call through the PagerDuty Events API v2 integration key in this Secret.
   * @default { routingKey: { name: alertmanager-pagerduty, key: routing-key } }
   */
  pagerduty: z
    .strictObject({ routingKey: secretKeyRefOr('alertmanager-pagerduty', 'routing-key') })
    .default({ routingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' } }),
  /** P2: posts to this channel through the incoming-webhook URL in this Secret. */
  slack: z.strictObject({
    channel: z.string().regex(/^#[a-z0-9_-]{1,80}$/, 'must be a Slack channel such as #alerts'),
    /** @default { name: alertmanager-slack, key: webhook-url } */
    webhookUrl: secretKeyRefOr('alertmanager-slack', 'webhook-url'),
  }),
  /** P3: mails this address through an authenticated SMTP relay. */
  email: z
    .strictObject({
      to: emailAddress,
      from: emailAddress,
      /** `host:port` of the SMTP relay. */
      smarthost: z.string().regex(/^[a-z0-9.-]+:[0-9]{1,5}$/, 'must be host:port such as smtp.example.com:587'),
      /**
       * SMTP username, required and deployment-specific. AlertmanagerConfig takes it as a plain string (only the
       * password can come from a Secret). For Amazon SES it is the generated SMTP username: the access key ID of the
       * IAM user the SMTP credentials belong to, not a mailbox name.
       */
      username: z.string().min(1, 'must not be empty'),
      /** @default { name: alertmanager-smtp, key: password } */
      password: secretKeyRefOr('alertmanager-smtp', 'password'),
    })
    .superRefine((email, ctx) => {
      if (SES_SMARTHOST.test(email.smarthost) && !SES_SMTP_USERNAME.test(email.username)) {
        ctx.addIssue({
          code: 'custom',
          path: ['username'],
          message:
            'must be the SES SMTP username (the 20-character access key ID, AKIA..., that SES generated the SMTP ' +
            'credentials from) when smarthost is an SES endpoint',
        });
      }
    }),
  /**
   * Dead man's switch: Alertmanager posts kube-prometheus-stack's always-firing Watchdog alert to this URL (kept in a
   * Secret: it carries the check's token); the heartbeat service pages when the posts stop.
   */
  heartbeat: z
    .strictObject({ url: secretKeyRefOr('alertmanager-heartbeat', 'url') })
    .default({ url: { name: 'alertmanager-heartbeat', key: 'url' } }),
});

export const monitoringSchema = z.strictObject({
  /**
   * Namespace of Prometheus, Alertmanager and Grafana; the only one allowed to scrape app metrics.
   * @default monitoring
   */
  namespace: dnsLabel.default('monitoring'),
  /**
   * Prometheus the canary analysis queries.
   * @default http://kube-prometheus-stack-prometheus.monitoring.svc:9090
   */
  prometheusUrl: httpUrl.default('http://kube-prometheus-stack-prometheus.monitoring.svc:9090'),
  /**
   * Labels kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules by.
   * @default { release: kube-prometheus-stack }
   */
  selectorLabels: z.record(z.string(), z.string()).default({ release: 'kube-prometheus-stack' }),
  /**
   * How often Prometheus scrapes the app's metrics endpoints.
   * @default 30s
   */
  scrapeInterval: duration.default('30s'),
  /** Folder of the runbooks in the repo's web view; an alert's runbook_url is `<base>/<alert-name>.md`. */
  runbookBaseUrl: httpUrl.refine((url) => !url.endsWith('/'), 'must not end with "/"'),
  alerting: z.strictObject({
    receivers: alertReceiversSchema,
    httpErrorRate: z
      .strictObject({
        /**
         * Requests per second (per service, over the alert's window) below which HttpHighErrorRate stays silent: at
         * night, 1 failure of 2 requests is a 50% error rate but no reason to page. 0.5 req/s is 150 requests in
         * the 5-minute window: a page needs at least 8 of them to fail.
         * @default 0.5
         */
        minRequestsPerSecond: z.number({ error: 'must be a number' }).positive('must be > 0').default(0.5),
      })
      .prefault({}),
  }),
  /** postgres_exporter and redis_exporter run in the app namespace; alerts find them by their scrape job. */
  exporters: z
    .strictObject({
      /**
       * Job of the postgres_exporter that queries the primary through its stable DNS name.
       * @default postgres-exporter-primary
       */
      postgresPrimaryJob: dnsLabel.default('postgres-exporter-primary'),
      /**
       * Job of the postgres_exporter that queries the read replica (replication lag).
       * @default postgres-exporter-replica
       */
      postgresReplicaJob: dnsLabel.default('postgres-exporter-replica'),
      /** @default redis-exporter */
      redisJob: dnsLabel.default('redis-exporter'),
      /**
       * Label that holds a Rollout's namespace on the Argo Rollouts controller's metrics. The argo-rollouts
       * chart's ServiceMonitor does not honor labels, so the target's `namespace` wins and the Rollout's
       * becomes `exported_namespace`.
       * @default exported_namespace
       */
      rolloutNamespaceLabel: z.enum(['exported_namespace', 'namespace']).default('exported_namespace'),
    })
    .prefault({}),
  grafana: z
    .strictObject({
      /**
       * Namespace the Grafana dashboard sidecar watches.
       * @default monitoring
       */
      namespace: dnsLabel.default('monitoring'),
      /**
       * Label (one key, one value) the sidecar loads dashboards from.
       * @default { grafana_dashboard: "1" }
       */
      dashboardLabel: z
        .record(z.string(), z.string())
        .refine((labels) => Object.keys(labels).length === 1, 'must have exactly one label')
        .default({ grafana_dashboard: '1' }),
      /**
       * uid of the Prometheus data source every panel queries.
       * @default prometheus
       */
      prometheusDatasourceUid: z.string().min(1, 'must not be empty').default('prometheus'),
      /**
       * uid of the Loki data source the logs panels query.
       * @default loki
       */
      lokiDatasourceUid: z.string().min(1, 'must not be empty').default('loki'),
    })
    .prefault({}),
  logging: z
    .strictObject({
      /**
       * Namespace of the Fluent Bit DaemonSet, which mounts the shipping config.
       * @default logging
       */
      namespace: dnsLabel.default('logging'),
      /** @default { host: loki-gateway.logging.svc.cluster.local, port: 80, tls: false } */
      loki: z
        .strictObject({ host: hostname, port, tls: z.boolean() })
        .default({ host: 'loki-gateway.logging.svc.cluster.local', port: 80, tls: false }),
    })
    .prefault({}),
});

export type Monitoring = z.infer<typeof monitoringSchema>;
export type AlertReceivers = z.infer<typeof alertReceiversSchema>;
export type SecretKeyRef = z.infer<typeof secretKeyRef>;
