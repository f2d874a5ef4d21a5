/**
 * External Secrets Operator: syncs AWS Secrets Manager secrets into Kubernetes Secrets (the app's database and
 * Redis credentials, Alertmanager's receivers, the exporters' credentials).
 * external-secrets/external-secrets@helm-chart-2.9.0 deploy/charts/external-secrets: `installCRDs` installs and
 * upgrades its CRDs (the release job generates them into templates/crds from deploy/crds/bundle.yaml,
 * hack/helm.generate.sh); the cert controller writes the webhook's CA into the ValidatingWebhookConfigurations and
 * the CRDs' conversion webhooks at runtime, so those fields are the controller's.
 * Beside the chart: the platform's two ClusterSecretStores, each authenticated by its own ServiceAccount and IRSA
 * role and usable from one namespace only, and the Secrets of Alertmanager's receivers, which kube-prometheus-stack
 * (an earlier wave, before these CRDs exist) cannot bring itself.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { awsWorkloads, EXTERNAL_SECRETS_NAMESPACE, type AwsWorkload } from '../config';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
} from '../../imports/cluster-secret-store-external-secrets.io';
import { monitoringLabels, platformLabels, regionOf, workloadRoleArn, type AddOn, type ClusterContext } from './addon';
import { AlertReceiverSecrets } from './alert-receiver-secrets';

/** The ClusterSecretStore of Alertmanager's receiver credentials (monitoring namespace only). */
export const ALERTMANAGER_SECRET_STORE = 'alertmanager-receivers';
/** The ClusterSecretStore of the data-store exporters' credentials (app namespace only). */
export const EXPORTER_SECRET_STORE = 'data-store-exporters';

export const externalSecrets: AddOn = {
  name: 'external-secrets',
  chart: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
  wave: 2,
  crdGroups: ['external-secrets.io', 'generators.external-secrets.io'],
  serverSideApply: true,
  ignoreDifferences: [
    {
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingWebhookConfiguration',
      jqPathExpressions: ['.webhooks[].clientConfig.caBundle'],
    },
    {
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'],
    },
  ],
  namespace: () => EXTERNAL_SECRETS_NAMESPACE,
  values: (ctx) => ({
    installCRDs: true,
    // One switch: a ServiceMonitor (and metrics Service) each for the controller, the webhook and the cert controller.
    serviceMonitor: { enabled: true, additionalLabels: monitoringLabels(ctx.platform) },
  }),
  manifests: (scope, ctx) => {
    const workloads = awsWorkloads(ctx.platform);
    new PlatformSecretStore(scope, 'AlertmanagerStore', {
      ctx,
      name: ALERTMANAGER_SECRET_STORE,
      workload: workloads['alertmanager-secrets'],
      namespace: ctx.platform.monitoring.namespace,
    });
    new PlatformSecretStore(scope, 'ExporterStore', {
      ctx,
      name: EXPORTER_SECRET_STORE,
      workload: workloads['exporter-secrets'],
      namespace: ctx.platform.environments[ctx.environment].namespace,
    });
    new AlertReceiverSecrets(scope, 'AlertReceivers', { ctx, store: ALERTMANAGER_SECRET_STORE });
  },
};

interface PlatformSecretStoreProps {
  readonly ctx: ClusterContext;
  readonly name: string;
  readonly workload: AwsWorkload;
  /** The one namespace whose ExternalSecrets may use the store. */
  readonly namespace: string;
}

/**
 * A ClusterSecretStore for Secrets Manager in the cluster's region that authenticates as its own ServiceAccount
 * (IRSA: External Secrets requests a token for it) and serves one namespace only.
 */
class PlatformSecretStore extends Construct {
  constructor(scope: Construct, id: string, props: PlatformSecretStoreProps) {
    super(scope, id);
    const { ctx, workload } = props;
    const { serviceAccount } = workload;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: serviceAccount.name,
        namespace: serviceAccount.namespace,
        labels: platformLabels(ctx.platform),
        annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(ctx, workload) },
      },
      // External Secrets requests its own short-lived token for this account; no pod mounts it.
      automountServiceAccountToken: false,
    });
    new ClusterSecretStore(this, 'Resource', {
      metadata: { name: props.name, labels: platformLabels(ctx.platform) },
      spec: {
        conditions: [{ namespaces: [props.namespace] }],
        provider: {
          aws: {
            service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: regionOf(ctx),
            auth: { jwt: { serviceAccountRef: { name: serviceAccount.name, namespace: serviceAccount.namespace } } },
          },
        },
      },
    });
  }
}
