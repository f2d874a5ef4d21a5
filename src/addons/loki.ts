/**
 * Loki, storing chunks and index in the region's S3 bucket through its IRSA role (infra creates both), multi-tenant:
 * Fluent Bit writes to and Grafana reads from the tenant `lokiTenant` (`X-Scope-OrgID`), through the gateway that
 * `monitoring.logging.loki` names. grafana-community/helm-charts@loki-18.11.0 charts/loki values.yaml:
 * `loki.storage` (type s3, bucketNames, s3.region; no keys, so the AWS SDK takes IRSA's web identity),
 * `loki.schemaConfig` (required, templates/validate.yaml), `auth_enabled` (true: clients send X-Scope-OrgID).
 * Monolithic mode with three replicas (replication factor 3, one per zone); the memcached caches are left out: at
 * this volume they would cost more memory than the queries they save.
 */
import { awsWorkloads, lokiBucketName } from '../config';
import { irsaServiceAccount, monitoringLabels, regionOf, type AddOn } from './addon';

/** The day the schema below took effect; a schema change adds an entry from a later day, never edits this one. */
const SCHEMA_FROM = '2026-01-01';

export const loki: AddOn = {
  name: 'loki',
  chart: { repoURL: 'https://grafana-community.github.io/helm-charts', chart: 'loki', version: '18.11.0' },
  wave: 3,
  namespace: (platform) => platform.monitoring.logging.namespace,
  values: (ctx) => {
    const { platform, environment } = ctx;
    const region = regionOf(ctx);
    const bucket = lokiBucketName(platform, environment, region);
    return {
      deploymentMode: 'Monolithic',
      loki: {
        auth_enabled: true,
        commonConfig: { replication_factor: 3 },
        schemaConfig: {
          configs: [
            {
              from: SCHEMA_FROM,
              store: 'tsdb',
              object_store: 's3',
              schema: 'v13',
              index: { prefix: 'loki_index_', period: '24h' },
            },
          ],
        },
        storage: {
          type: 's3',
          bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
          s3: { region },
        },
      },
      singleBinary: { replicas: 3 },
      // The simple-scalable targets' defaults (3 each) would run beside the monolith (templates/validate.yaml).
      backend: { replicas: 0 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      serviceAccount: irsaServiceAccount(ctx, awsWorkloads(platform).loki),
      monitoring: { serviceMonitor: { enabled: true, labels: monitoringLabels(platform) } },
    };
  },
};
