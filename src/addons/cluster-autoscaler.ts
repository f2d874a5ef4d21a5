/**
 * Cluster Autoscaler, not Karpenter: infra runs one managed node group per zone and already creates the autoscaler's
 * role; `--balance-similar-node-groups` grows the surviving zones' groups when a zone is lost, which is what the
 * zone-loss simulation (src/dr-simulation) models. Karpenter would bypass the node groups and needs a node role, an
 * interruption queue and NodePools that nothing else here describes.
 * kubernetes/autoscaler@cluster-autoscaler-chart-9.59.0 charts/cluster-autoscaler/values.yaml: `autoDiscovery` finds
 * the groups by the `k8s.io/cluster-autoscaler/<cluster>` tag EKS puts on their Auto Scaling groups, the tag the
 * role's policy (infra/policies/cluster-autoscaler.ts) also conditions on.
 */
import { awsWorkloads } from '../config';
import { clusterOf, monitoringLabels, regionOf, workloadRoleArn, type AddOn } from './addon';

export const clusterAutoscaler: AddOn = {
  name: 'cluster-autoscaler',
  chart: { repoURL: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0' },
  wave: 3,
  namespace: () => 'kube-system',
  values: (ctx) => {
    const workload = awsWorkloads(ctx.platform)['cluster-autoscaler'];
    const { kubernetesVersion } = ctx.platform.environments[ctx.environment].cluster;
    return {
      cloudProvider: 'aws',
      awsRegion: regionOf(ctx),
      autoDiscovery: { clusterName: clusterOf(ctx) },
      // The autoscaler's minor version follows the cluster's (its README's version table).
      image: { tag: `v${kubernetesVersion}.0` },
      rbac: {
        serviceAccount: {
          create: true,
          name: workload.serviceAccount.name,
          annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(ctx, workload) },
        },
      },
      extraArgs: {
        'balance-similar-node-groups': true,
        expander: 'least-waste',
        'skip-nodes-with-system-pods': false,
      },
      serviceMonitor: { enabled: true, namespace: 'kube-system', selector: monitoringLabels(ctx.platform) },
    };
  },
};
