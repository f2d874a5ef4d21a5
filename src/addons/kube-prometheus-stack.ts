/**
 * kube-prometheus-stack: the Prometheus operator and its CRDs, Prometheus, Alertmanager, Grafana, node-exporter and
 * kube-state-metrics. prometheus-community/helm-charts@kube-prometheus-stack-88.3.0 (operator v0.93.0):
 * - Prometheus selects this project's ServiceMonitors, PodMonitors, PrometheusRules and Probes by
 *   `monitoring.selectorLabels`, in every namespace (templates/prometheus/prometheus.yaml; an explicit selector
 *   wins over the `*NilUsesHelmValues` defaults).
 * - Alertmanager runs on the routing of src/observability/alert-routing.ts: the global AlertmanagerConfig as its
 *   configuration, and one AlertmanagerConfig per receiver selected by label in its own namespace only, so no other
 *   namespace's AlertmanagerConfig can receive the alerts (templates/alertmanager/alertmanager.yaml renders both
 *   selectors as `{}` unless set). A receiver whose Secret is missing is rejected alone; the operator's rejection
 *   alerts then page as loud as the environment's loudest alert (`customRules`, read by the rule templates).
 * - The default alerts that state one of this project's alerts again are disabled (`defaultRules.disabled`), and the
 *   control-plane components EKS does not expose are not scraped (`kubeEtcd`, ... `.enabled`).
 * - Grafana loads the dashboards' ConfigMaps into the folder their annotation names: the sidecar needs
 *   `folderAnnotation` and the provider `foldersFromFilesStructure` (grafana-community/helm-charts@grafana-12.10.4
 *   templates/_pod.tpl, _config.tpl). Its data sources: Prometheus under `prometheusDatasourceUid`, and Loki
 *   (`additionalDataSources`, templates/grafana/configmaps-datasources.yaml) under `lokiDatasourceUid`, reading the
 *   logs' tenant, with a derived field that turns a line's `trace_id` into the query of that trace's logs.
 */
import {
  alertRoutingConfigName,
  lokiTenant,
  SEVERITIES,
  type AlertName,
  type Platform,
  type Severity,
} from '../config';
import { GRAFANA_FOLDER_ANNOTATION } from '../observability/grafana-dashboards';
import { LOG_FIELDS } from '../observability/log-contract';
import { alertRouting } from '../observability/alert-routing';
import { ALERT_ROUTING_LABEL, AlertRoutingConfig } from '../observability/alert-routing-config';
import { monitoringLabels, type AddOn, type ClusterContext } from './addon';

/**
 * kube-prometheus-stack's default alerts that say again what one of this project's alerts says, by the project's
 * alert: disabled, so nothing notifies twice.
 */
export const DUPLICATED_DEFAULT_ALERTS: Partial<Record<AlertName, readonly string[]>> = {
  NodeDiskFillingUp: ['NodeFilesystemSpaceFillingUp', 'NodeFilesystemAlmostOutOfSpace'],
  NodeNotReady: ['KubeNodeNotReady'],
  PodCrashLooping: ['KubePodCrashLooping'],
  // Every scrape target of the app and its data stores is watched by HttpServiceDown, PostgresPrimaryDown, ...
  HttpServiceDown: ['TargetDown'],
};

/** The operator's alerts that a receiver was rejected (a Secret missing) or that no configuration was applied. */
const ROUTING_FAILURE_ALERTS = ['PrometheusOperatorRejectedResources', 'PrometheusOperatorSyncFailed'];

/** The most severe severity any alert of the environment has: what a silenced receiver could be hiding. */
export function loudestSeverity(platform: Platform, environment: string): Severity {
  const used = new Set(Object.values(platform.environments[environment].alertSeverities));
  return SEVERITIES.find((severity) => used.has(severity)) ?? 'P3';
}

function lokiUrl(platform: Platform): string {
  const { loki } = platform.monitoring.logging;
  return `${loki.tls ? 'https' : 'http'}://${loki.host}:${loki.port}`;
}

function grafana(ctx: ClusterContext) {
  const { platform } = ctx;
  const { grafana: config } = platform.monitoring;
  const [[label, labelValue]] = Object.entries(config.dashboardLabel);
  return {
    sidecar: {
      dashboards: {
        label,
        labelValue,
        searchNamespace: config.namespace,
        folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
        provider: { foldersFromFilesStructure: true },
      },
      datasources: { uid: config.prometheusDatasourceUid },
    },
    additionalDataSources: [
      {
        name: 'Loki',
        uid: config.lokiDatasourceUid,
        type: 'loki',
        access: 'proxy',
        url: lokiUrl(platform),
        jsonData: {
          httpHeaderName1: 'X-Scope-OrgID',
          derivedFields: [
            {
              name: 'TraceID',
              // The line is the record as JSON (Fluent Bit's `line_format json`).
              matcherRegex: `"${LOG_FIELDS.traceId}":"([0-9a-f]+)"`,
              datasourceUid: config.lokiDatasourceUid,
              // `$$` is a literal `$` in provisioning files, which expand environment variables.
              url: `{job="fluent-bit"} | json | ${LOG_FIELDS.traceId}="$\${__value.raw}"`,
              urlDisplayLabel: 'Logs of this trace',
            },
          ],
        },
        secureJsonData: { httpHeaderValue1: lokiTenant(platform) },
      },
    ],
  };
}

export const kubePrometheusStack: AddOn = {
  name: 'kube-prometheus-stack',
  chart: {
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.3.0',
  },
  wave: 1,
  crdGroups: ['monitoring.coreos.com'],
  serverSideApply: true,
  ignoreDifferences: [
    // Grafana's chart draws a random admin password on every render (no lookup under Argo CD): keep the first.
    { group: '', kind: 'Secret', name: 'kube-prometheus-stack-grafana', jsonPointers: ['/data/admin-password'] },
    {
      group: 'apps',
      kind: 'Deployment',
      name: 'kube-prometheus-stack-grafana',
      jsonPointers: ['/spec/template/metadata/annotations/checksum~1secret'],
    },
  ],
  namespace: (platform) => platform.monitoring.namespace,
  values: (ctx) => {
    const { platform, environment } = ctx;
    const selector = { matchLabels: monitoringLabels(platform) };
    const routing = alertRoutingConfigName(platform);
    const severity = loudestSeverity(platform, environment);
    const disabled = Object.values(DUPLICATED_DEFAULT_ALERTS).flat();
    return {
      crds: { enabled: true },
      prometheus: {
        prometheusSpec: {
          serviceMonitorSelector: selector,
          podMonitorSelector: selector,
          ruleSelector: selector,
          probeSelector: selector,
          scrapeInterval: platform.monitoring.scrapeInterval,
          retention: '15d',
          storageSpec: {
            volumeClaimTemplate: {
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
            },
          },
        },
      },
      alertmanager: {
        alertmanagerSpec: {
          alertmanagerConfiguration: { name: routing },
          alertmanagerConfigSelector: { matchLabels: { [ALERT_ROUTING_LABEL]: routing } },
          alertmanagerConfigNamespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': platform.monitoring.namespace },
          },
          alertmanagerConfigMatcherStrategy: { type: 'OnNamespaceExceptForAlertmanagerNamespace' },
          storage: {
            volumeClaimTemplate: {
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
            },
          },
        },
      },
      defaultRules: {
        rules: {
          etcd: false,
          kubeControllerManager: false,
          kubeSchedulerAlerting: false,
          kubeSchedulerRecording: false,
          kubeProxy: false,
          windows: false,
        },
        disabled: Object.fromEntries(disabled.map((alert) => [alert, true])),
      },
      customRules: Object.fromEntries(ROUTING_FAILURE_ALERTS.map((alert) => [alert, { severity }])),
      // Managed by EKS: not reachable from the cluster (kube-proxy serves its metrics on localhost only).
      kubeEtcd: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeProxy: { enabled: false },
      windowsMonitoring: { enabled: false },
      grafana: grafana(ctx),
    };
  },
  manifests: (scope, ctx) =>
    new AlertRoutingConfig(scope, 'AlertRouting', {
      platform: ctx.platform,
      environment: ctx.environment,
      routing: alertRouting(ctx.platform),
    }),
};
