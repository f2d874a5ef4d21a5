/**
 * The platform add-ons as data both layers read: their names (the keys of an environment's `addons` switches, the
 * names of their Argo CD Applications and Helm releases) and, for those that call AWS, the ServiceAccount their
 * chart runs as and the purpose their IAM role is named after. The cluster layer (src/addons) installs them; the
 * cloud layer (infra/) creates their roles and trusts exactly these ServiceAccounts.
 */
import { z } from 'zod';
import { EXTERNAL_SECRETS_ROLE_PURPOSE, externalSecretsServiceAccountName } from './names';
import type { Platform } from './schema';

/** Every add-on, in the order their Applications are listed (sync waves order their installation). */
export const ADDON_NAMES = [
  'argo-cd',
  'kube-prometheus-stack',
  'external-secrets',
  'aws-load-balancer-controller',
  'metrics-server',
  'cluster-autoscaler',
  'external-dns',
  'argo-rollouts',
  'loki',
  'prometheus-blackbox-exporter',
  'fluent-bit',
  'postgres-exporter-primary',
  'postgres-exporter-replica',
  'redis-exporter',
] as const;
export type AddonName = (typeof ADDON_NAMES)[number];

/** On/off per add-on: an environment installs exactly the add-ons switched on. */
export const addonSwitchesSchema = z.strictObject(
  Object.fromEntries(ADDON_NAMES.map((name) => [name, z.boolean()])) as Record<AddonName, z.ZodBoolean>,
);
export type AddonSwitches = z.infer<typeof addonSwitchesSchema>;

/** Every add-on on: what both built-in profiles install. */
export const ALL_ADDONS: AddonSwitches = Object.fromEntries(ADDON_NAMES.map((name) => [name, true])) as AddonSwitches;

/** A Kubernetes ServiceAccount an IAM role trusts (IRSA). */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The identity of a workload that calls AWS: its ServiceAccount, and the purpose in its role's name
 * (`<app>-<environment>[-dr]-<purpose>`, see `siteResourceName`).
 */
export interface AwsWorkload {
  readonly serviceAccount: ServiceAccountRef;
  readonly rolePurpose: string;
}

/** Namespace of External Secrets: its ServiceAccounts authenticate the platform's ClusterSecretStores. */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';

/**
 * The workloads of the add-ons that call AWS, each with its own least-privilege role. The ClusterSecretStores are
 * External Secrets' stores of the platform's own secrets: one for Alertmanager's receivers (monitoring namespace),
 * one for the data-store exporters' credentials (app namespace).
 */
export function awsWorkloads(platform: Platform) {
  const { monitoring } = platform;
  const workload = (namespace: string, name: string, rolePurpose = name): AwsWorkload => ({
    serviceAccount: { namespace, name },
    rolePurpose,
  });
  return {
    'aws-load-balancer-controller': workload('kube-system', 'aws-load-balancer-controller'),
    'cluster-autoscaler': workload('kube-system', 'cluster-autoscaler'),
    'external-dns': workload('kube-system', 'external-dns'),
    'argo-rollouts': workload('argo-rollouts', 'argo-rollouts'),
    loki: workload(monitoring.logging.namespace, 'loki'),
    'alertmanager-secrets': workload(EXTERNAL_SECRETS_NAMESPACE, 'alertmanager-secrets'),
    'exporter-secrets': workload(EXTERNAL_SECRETS_NAMESPACE, 'exporter-secrets'),
    // EKS managed add-ons: the ServiceAccounts their manifests (EKS-owned) run as.
    'vpc-cni': workload('kube-system', 'aws-node', 'vpc-cni'),
    'ebs-csi-driver': workload('kube-system', 'ebs-csi-controller-sa', 'ebs-csi-driver'),
  } as const satisfies Record<string, AwsWorkload>;
}
export type AwsWorkloadName = keyof ReturnType<typeof awsWorkloads>;

/** The app's own SecretStore: External Secrets authenticates as this ServiceAccount in the environment's namespace. */
export function appSecretsWorkload(platform: Platform, environment: string): AwsWorkload {
  return {
    serviceAccount: {
      namespace: platform.environments[environment].namespace,
      name: externalSecretsServiceAccountName(platform),
    },
    rolePurpose: EXTERNAL_SECRETS_ROLE_PURPOSE,
  };
}
