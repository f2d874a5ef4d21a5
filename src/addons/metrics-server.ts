/**
 * metrics-server: the resource metrics API (metrics.k8s.io) the HorizontalPodAutoscalers read. EKS does not install
 * it, so without it no HPA of the app ever scales. kubernetes-sigs/metrics-server@metrics-server-helm-chart-3.13.1
 * charts/metrics-server/values.yaml: its default args already fit EKS (`--kubelet-preferred-address-types`,
 * `--kubelet-use-node-status-port`); `--kubelet-insecure-tls` stays off (the README calls it "for testing only").
 */
import { monitoringLabels, type AddOn } from './addon';

export const metricsServer: AddOn = {
  name: 'metrics-server',
  chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' },
  wave: 3,
  namespace: () => 'kube-system',
  values: (ctx) => ({
    // Two replicas and a budget: the HPAs keep working through a node drain.
    replicas: 2,
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    metrics: { enabled: true },
    serviceMonitor: { enabled: true, additionalLabels: monitoringLabels(ctx.platform) },
  }),
};
