/**
 * postgres_exporter, one release per server: the primary (through its stable name) and the read replica (replication
 * lag). Each runs in the app namespace, where the data-store alerts look for it: its Service's name is the scrape
 * job the alerts select (`monitoring.exporters.postgresPrimaryJob` / `postgresReplicaJob`), because the chart's
 * ServiceMonitor sets no `jobLabel` and prometheus-operator then names the job after the Service
 * (prometheus-community/helm-charts@prometheus-postgres-exporter-8.2.0 templates/servicemonitor.yaml;
 * prometheus-operator@v0.93.0 pkg/prometheus/promcfg.go).
 * `config.datasource.userSecret`/`passwordSecret` render DATA_SOURCE_USER/PASS from the synced Secret
 * (templates/deployment.yaml). TLS: `require` encrypts without naming the server, whose certificate names the RDS
 * endpoint rather than the stable CNAME.
 */
import { replicaHost, type AddonName, type Environment } from '../config';
import {
  monitoringLabels,
  regionPlanOf,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  type AddOn,
  type ClusterContext,
} from './addon';
import { EXPORTER_PLACEMENT, EXPORTER_RESOURCES, ExporterAccess } from './exporter-access';

const METRICS_PORT = 9187;

type Server = 'primary' | 'replica';

function postgresExporter(name: AddonName, server: Server): AddOn {
  const job = (ctx: ClusterContext) => {
    const { exporters } = ctx.platform.monitoring;
    return server === 'primary' ? exporters.postgresPrimaryJob : exporters.postgresReplicaJob;
  };
  const host = (database: Environment['database']) =>
    server === 'primary' ? database.host : replicaHost(database.host);
  return {
    name,
    chart: {
      repoURL: 'https://prometheus-community.github.io/helm-charts',
      chart: 'prometheus-postgres-exporter',
      version: '8.2.0',
    },
    ...EXPORTER_PLACEMENT,
    values: (ctx) => {
      const { database } = ctx.platform.environments[ctx.environment];
      const secret = `${name}-credentials`;
      return {
        fullnameOverride: job(ctx),
        config: {
          datasource: {
            host: host(database),
            port: String(database.port),
            database: database.name,
            sslmode: 'require',
            userSecret: { name: secret, key: 'username' },
            passwordSecret: { name: secret, key: 'password' },
          },
        },
        service: { targetPort: METRICS_PORT },
        serviceMonitor: { enabled: true, labels: monitoringLabels(ctx.platform) },
        podSecurityContext: RESTRICTED_POD,
        securityContext: RESTRICTED_CONTAINER,
        resources: EXPORTER_RESOURCES,
      };
    },
    manifests: (scope, ctx) => {
      const env = ctx.platform.environments[ctx.environment];
      new ExporterAccess(scope, 'Access', {
        ctx,
        release: name,
        metricsPort: METRICS_PORT,
        store: { subnets: regionPlanOf(ctx).network.subnets.database, port: env.database.port },
        credentials: { remoteKey: env.database.credentialsSecret, properties: ['username', 'password'] },
      });
    },
  };
}

export const postgresExporterPrimary = postgresExporter('postgres-exporter-primary', 'primary');
export const postgresExporterReplica = postgresExporter('postgres-exporter-replica', 'replica');
