/** Defaults of the monitoring section of the built-in platform. */
import type { PlatformInput } from './schema';

export const defaultMonitoring: PlatformInput['monitoring'] = {
  namespace: 'monitoring',
  prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
  selectorLabels: { release: 'kube-prometheus-stack' },
  scrapeInterval: '30s',
  runbookBaseUrl: 'https://github.com/your-org/your-app-platform/blob/main/docs/runbooks',
  alerting: {
    configName: 'your-app-alert-routing',
    receivers: {
      pagerduty: { routingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' } },
      slack: { channel: '#your-app-alerts', webhookUrl: { name: 'alertmanager-slack', key: 'webhook-url' } },
      email: {
        to: 'platform-team@your-app.example.com',
        from: 'alertmanager@your-app.example.com',
        smarthost: 'email-smtp.eu-west-1.amazonaws.com:587',
        // Placeholder like the account IDs: AWS's documented example key ID. Set the SES SMTP username (the
        // access key ID of the SMTP IAM user) of your deployment.
        username: 'AKIAIOSFODNN7EXAMPLE',
        password: { name: 'alertmanager-smtp', key: 'password' },
      },
      heartbeat: { url: { name: 'alertmanager-heartbeat', key: 'url' } },
    },
    // 0.5 req/s is 150 requests in the 5-minute window: a page needs at least 8 of them to fail.
    apiErrorRate: { minRequestsPerSecond: 0.5 },
  },
  exporters: {
    postgresPrimaryJob: 'postgres-exporter-primary',
    postgresReplicaJob: 'postgres-exporter-replica',
    redisJob: 'redis-exporter',
    rolloutNamespaceLabel: 'exported_namespace',
  },
  grafana: {
    namespace: 'monitoring',
    dashboardLabel: { grafana_dashboard: '1' },
    folder: 'your-app',
    prometheusDatasourceUid: 'prometheus',
  },
  logging: {
    namespace: 'logging',
    loki: { host: 'loki-gateway.logging.svc.cluster.local', port: 80, tls: false },
  },
};
