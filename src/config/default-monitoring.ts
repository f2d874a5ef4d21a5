/** Defaults of the monitoring section of the built-in platform. */
import type { PlatformInput } from './schema';

export const defaultMonitoring: PlatformInput['monitoring'] = {
  namespace: 'monitoring',
  prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
  selectorLabels: { release: 'kube-prometheus-stack' },
};
