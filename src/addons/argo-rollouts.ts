/**
 * Argo Rollouts: the controller of the app's Rollouts and AnalysisRuns.
 * argoproj/argo-helm@argo-rollouts-2.41.0 charts/argo-rollouts/values.yaml:
 * - `controller.metrics` with its ServiceMonitor: the controller's metrics (`rollout_info`, ...) are off by default,
 *   and every deployment alert reads them.
 * - `controller.awsVerifyTargetGroup` renders `--aws-verify-target-group` (templates/controller/deployment.yaml): a
 *   canary step waits until the ALB has registered the new pods, so no traffic is weighted onto targets the load
 *   balancer does not have.
 * - No region flag exists in v1.9.1 (argoproj/argo-rollouts@v1.9.1 cmd/rollouts-controller/main.go); the AWS SDK
 *   reads AWS_REGION (utils/aws/aws.go, config.LoadDefaultConfig).
 * The chart ships controller v1.9.0; its CRDs equal v1.9.1's (manifests/crds), so the image is pinned to v1.9.1.
 */
import { awsWorkloads } from '../config';
import { irsaServiceAccount, monitoringLabels, regionOf, type AddOn } from './addon';

export const ROLLOUTS_CONTROLLER_VERSION = 'v1.9.1';

export const argoRollouts: AddOn = {
  name: 'argo-rollouts',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.41.0' },
  wave: 3,
  crdGroups: ['argoproj.io'],
  serverSideApply: true,
  namespace: () => 'argo-rollouts',
  values: (ctx) => ({
    installCRDs: true,
    controller: {
      image: { tag: ROLLOUTS_CONTROLLER_VERSION },
      awsVerifyTargetGroup: true,
      extraEnv: [{ name: 'AWS_REGION', value: regionOf(ctx) }],
      metrics: {
        enabled: true,
        serviceMonitor: { enabled: true, additionalLabels: monitoringLabels(ctx.platform) },
      },
      pdb: { enabled: true, maxUnavailable: 1 },
    },
    serviceAccount: irsaServiceAccount(ctx, awsWorkloads(ctx.platform)['argo-rollouts']),
  }),
};
