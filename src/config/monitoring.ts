/** Where the monitoring stack (kube-prometheus-stack) lives and how it discovers the app. */
import { z } from 'zod';
import { dnsLabel } from './primitives';

export const monitoringSchema = z.strictObject({
  /** Namespace of Prometheus, Alertmanager and Grafana; the only one allowed to scrape app metrics. */
  namespace: dnsLabel,
  /** Prometheus the canary analysis queries. */
  prometheusUrl: z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL'),
  /** Labels kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules by. */
  selectorLabels: z.record(z.string(), z.string()),
});

export type Monitoring = z.infer<typeof monitoringSchema>;
