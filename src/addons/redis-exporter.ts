/**
 * redis_exporter in the app namespace, scraped as job `monitoring.exporters.redisJob`: the chart's ServiceMonitor
 * names a `jobLabel` the Service does not carry, so prometheus-operator keeps the Service's name as the job
 * (prometheus-community/helm-charts@prometheus-redis-exporter-6.29.0 templates/servicemonitor.yaml;
 * prometheus-operator@v0.93.0 pkg/prometheus/promcfg.go: the jobLabel relabeling only matches a non-empty value).
 * ElastiCache requires TLS and AUTH: `rediss://` with the AUTH token from the synced Secret (`auth.secret`,
 * REDIS_PASSWORD). The server's certificate names the ElastiCache endpoint, not the stable CNAME the exporter
 * connects to, so the name is not verified (REDIS_EXPORTER_SKIP_TLS_VERIFICATION); the connection stays encrypted
 * inside the VPC and the egress policy admits only the cache subnets.
 */
import { monitoringLabels, regionPlanOf, RESTRICTED_CONTAINER, RESTRICTED_POD, type AddOn } from './addon';
import { EXPORTER_PLACEMENT, EXPORTER_RESOURCES, ExporterAccess } from './exporter-access';

const METRICS_PORT = 9121;
const NAME = 'redis-exporter';

export const redisExporter: AddOn = {
  name: NAME,
  chart: {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'prometheus-redis-exporter',
    version: '6.29.0',
  },
  ...EXPORTER_PLACEMENT,
  values: (ctx) => {
    const { redis } = ctx.platform.environments[ctx.environment];
    return {
      fullnameOverride: ctx.platform.monitoring.exporters.redisJob,
      redisAddress: `rediss://${redis.host}:${redis.port}`,
      redisTlsConfig: { enabled: true, skipTlsVerification: true },
      auth: { enabled: true, secret: { name: `${NAME}-credentials`, key: 'token' } },
      service: { port: METRICS_PORT },
      serviceMonitor: { enabled: true, labels: monitoringLabels(ctx.platform) },
      podSecurityContext: RESTRICTED_POD,
      securityContext: RESTRICTED_CONTAINER,
      resources: EXPORTER_RESOURCES,
    };
  },
  manifests: (scope, ctx) => {
    const { redis } = ctx.platform.environments[ctx.environment];
    new ExporterAccess(scope, 'Access', {
      ctx,
      release: NAME,
      metricsPort: METRICS_PORT,
      store: { subnets: regionPlanOf(ctx).network.subnets.cache, port: redis.port },
      credentials: { remoteKey: redis.authSecret, properties: ['token'] },
    });
  },
};
