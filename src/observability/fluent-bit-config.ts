/**
 * Fluent Bit's pipeline (YAML config format, Fluent Bit 2.0+): tail every container log, attach Kubernetes
 * metadata, lift the JSON log contract's fields into the record and ship to Loki's tenant with few, low-cardinality
 * labels. Nothing is lost while Loki is down: chunks are buffered on the node's disk (`storage.type filesystem`,
 * under the hostPath the fluent-bit add-on mounts) and retried without limit; the tail position survives restarts
 * in the same directory.
 */
import { stringify } from 'yaml';
import { lokiTenant, type Platform } from '../config';
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

/** Node directory (a hostPath of the DaemonSet) holding the tail positions and the filesystem buffer. */
export const FLUENT_BIT_STATE_DIR = '/var/fluent-bit/state';

/** The HTTP server's port: metrics and the health endpoint the chart's probes call. */
export const FLUENT_BIT_HTTP_PORT = 2020;

export function fluentBitConfig(platform: Platform): Record<string, unknown> {
  const { loki } = platform.monitoring.logging;
  return {
    service: {
      flush: 1,
      log_level: 'info',
      http_server: 'on',
      http_listen: '0.0.0.0',
      http_port: FLUENT_BIT_HTTP_PORT,
      health_check: 'on',
      'storage.path': `${FLUENT_BIT_STATE_DIR}/flb-storage/`,
      'storage.sync': 'normal',
      'storage.backlog.mem_limit': '50M',
    },
    pipeline: {
      inputs: [
        {
          name: 'tail',
          tag: 'kube.*',
          path: '/var/log/containers/*.log',
          // containerd (EKS) writes CRI lines; the built-in parser also joins partial lines.
          'multiline.parser': 'cri',
          db: `${FLUENT_BIT_STATE_DIR}/flb_kube.db`,
          'storage.type': 'filesystem',
          // containerd splits lines over 16 KiB into partial lines, which the cri parser joins again; a line longer
          // than the buffer is skipped rather than stopping the file (Skip_Long_Lines off would stop tailing it).
          buffer_chunk_size: '64k',
          buffer_max_size: '1M',
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
          tenant_id: lokiTenant(platform),
          // Retry until Loki takes the chunk; the filesystem buffer holds them meanwhile, up to this size.
          retry_limit: 'no_limits',
          'storage.total_limit_size': '5G',
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
