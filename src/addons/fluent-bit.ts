/**
 * Fluent Bit as a DaemonSet with this project's pipeline (src/observability/fluent-bit-config.ts), whose ConfigMap
 * ships with the add-on: the DaemonSet mounts it, so it must exist when the pods start.
 * fluent/helm-charts@fluent-bit-0.58.1 charts/fluent-bit values.yaml: `existingConfigMap` replaces the chart's
 * config (templates/configmap.yaml renders none then) and is mounted at /fluent-bit/etc/conf; `args` point at the
 * YAML file; `daemonSetVolumes` replace the defaults, so they list /var/log (containerd's /var/log/containers links
 * into /var/log/pods), /etc/machine-id and the node directory of the tail positions and the filesystem buffer.
 */
import { Construct } from 'constructs';
import { FLUENT_BIT_HTTP_PORT, FLUENT_BIT_STATE_DIR } from '../observability/fluent-bit-config';
import { FLUENT_BIT_CONFIG_KEY, fluentBitConfigMapName, LogShipping } from '../observability/log-shipping';
import { monitoringLabels, type AddOn } from './addon';

export const fluentBit: AddOn = {
  name: 'fluent-bit',
  chart: { repoURL: 'https://fluent.github.io/helm-charts', chart: 'fluent-bit', version: '0.58.1' },
  wave: 4,
  namespace: (platform) => platform.monitoring.logging.namespace,
  values: (ctx) => ({
    kind: 'DaemonSet',
    existingConfigMap: fluentBitConfigMapName(ctx.platform),
    args: ['--workdir=/fluent-bit/etc', `--config=/fluent-bit/etc/conf/${FLUENT_BIT_CONFIG_KEY}`],
    metricsPort: FLUENT_BIT_HTTP_PORT,
    daemonSetVolumes: [
      { name: 'varlog', hostPath: { path: '/var/log' } },
      { name: 'etcmachineid', hostPath: { path: '/etc/machine-id', type: 'File' } },
      { name: 'state', hostPath: { path: FLUENT_BIT_STATE_DIR, type: 'DirectoryOrCreate' } },
    ],
    daemonSetVolumeMounts: [
      { name: 'varlog', mountPath: '/var/log', readOnly: true },
      { name: 'etcmachineid', mountPath: '/etc/machine-id', readOnly: true },
      { name: 'state', mountPath: FLUENT_BIT_STATE_DIR },
    ],
    testFramework: { enabled: false },
    serviceMonitor: { enabled: true, selector: monitoringLabels(ctx.platform) },
  }),
  manifests: (scope: Construct, ctx) =>
    new LogShipping(scope, 'LogShipping', { platform: ctx.platform, environment: ctx.environment }),
};
