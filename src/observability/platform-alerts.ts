/** Alerts about the environment's cluster itself (its nodes), independent of any app namespace. */
import type { AlertDefinition } from './alert-model';
import { selector } from './promql';

/** Real disks only: the container runtime's overlays and memory-backed filesystems are not worth an alert. */
export const NODE_FILESYSTEMS = { fstype: '!~tmpfs|overlay|squashfs|nsfs', mountpoint: '!~/run.*' };

const filesystem = (metric: string) => selector(metric, NODE_FILESYSTEMS);

export const PLATFORM_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'NodeDiskFillingUp',
    for: '1h',
    // The 40% guard keeps a nearly empty disk with a steep but short burst from alerting.
    expr: () =>
      `(${filesystem('node_filesystem_avail_bytes')} / ${filesystem('node_filesystem_size_bytes')} < 0.4)\n` +
      `  and predict_linear(${filesystem('node_filesystem_avail_bytes')}[6h], 24 * 3600) < 0\n` +
      `  and ${filesystem('node_filesystem_readonly')} == 0`,
    summary: 'Disk {{ $labels.mountpoint }} of node {{ $labels.instance }} will be full within 24 hours',
    description:
      'At the growth rate of the last 6 hours, {{ $labels.mountpoint }} ({{ $labels.device }}) on ' +
      '{{ $labels.instance }} runs out of space within 24 hours; it is already more than 60% full.',
  },
  {
    name: 'NodeNotReady',
    for: '15m',
    expr: () => `${selector('kube_node_status_condition', { condition: 'Ready', status: 'true' })} == 0`,
    summary: 'Node {{ $labels.node }} has not been Ready for 15 minutes',
    description: 'The kubelet of {{ $labels.node }} reports NotReady or Unknown: its pods are being evicted.',
  },
];
