/**
 * Fluent Bit's pipeline (YAML config format, Fluent Bit 2.0+): tail every container log, attach Kubernetes
 * metadata, lift the JSON log contract's fields into the record and ship to Loki with few, low-cardinality labels.
 */
import { stringify } from 'yaml';
import type { Platform } from '../config';
import { LOG_LABEL_FIELDS } from './log-contract';

/** Record-accessor path of the pod's namespace, which the kubernetes filter adds. */
const NAMESPACE_ACCESSOR = "$kubernetes['namespace_name']";

/** The Loki label `job` of every line Fluent Bit ships. */
export const LOKI_JOB = 'fluent-bit';

/** The Loki label that holds the pod's namespace. */
export const LOKI_NAMESPACE_LABEL = 'namespace';

/** Loki labels: `name=$record_accessor`. tenant_id and trace_id stay in the JSON line (one stream per value otherwise). */
export function lokiLabels(): Record<string, string> {
  const labels: Record<string, string> = { job: LOKI_JOB, [LOKI_NAMESPACE_LABEL]: NAMESPACE_ACCESSOR };
  for (const field of LOG_LABEL_FIELDS) labels[field] = `$${field}`;
  return labels;
}

export function fluentBitConfig(platform: Platform): Record<string, unknown> {
  const { loki } = platform.monitoring.logging;
  return {
    service: { flush: 1, log_level: 'info', http_server: 'on', http_listen: '0.0.0.0', http_port: 2020 },
    pipeline: {
      inputs: [
        {
          name: 'tail',
          tag: 'kube.*',
          path: '/var/log/containers/*.log',
          // containerd (EKS) writes CRI lines; the built-in parser also joins partial lines.
          'multiline.parser': 'cri',
          db: '/var/fluent-bit/state/flb_kube.db',
          mem_buf_limit: '50MB',
          skip_long_lines: 'on',
        },
      ],
      filters: [
        {
          name: 'kubernetes',
          match: 'kube.*',
          // Parse the JSON log line and put its fields (level, service_name, trace_id, ...) at the record root.
          merge_log: 'on',
          keep_log: 'off',
          labels: 'off',
          annotations: 'off',
        },
      ],
      outputs: [
        {
          name: 'loki',
          match: 'kube.*',
          host: loki.host,
          port: loki.port,
          tls: loki.tls ? 'on' : 'off',
          labels: Object.entries(lokiLabels())
            .map(([name, accessor]) => `${name}=${accessor}`)
            .join(', '),
          line_format: 'json',
        },
      ],
    },
  };
}

export function fluentBitYaml(platform: Platform): string {
  return stringify(fluentBitConfig(platform), { lineWidth: 0 });
}
