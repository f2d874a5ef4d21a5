/**
 * The platform add-ons, composed from data: every add-on by its name in the platform file's `addons` switches.
 * The Record type makes the catalog complete: an add-on named in src/config/addons.ts has exactly one entry here.
 */
import type { AddonName, Platform } from '../config';
import type { AddOn } from './addon';
import { argoCd } from './argo-cd';
import { argoRollouts } from './argo-rollouts';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { clusterAutoscaler } from './cluster-autoscaler';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { fluentBit } from './fluent-bit';
import { kubePrometheusStack } from './kube-prometheus-stack';
import { loki } from './loki';
import { metricsServer } from './metrics-server';
import { postgresExporterPrimary, postgresExporterReplica } from './postgres-exporter';
import { prometheusBlackboxExporter } from './prometheus-blackbox-exporter';
import { redisExporter } from './redis-exporter';

export * from './addon';

export const ADDONS: Readonly<Record<AddonName, AddOn>> = {
  'argo-cd': argoCd,
  'kube-prometheus-stack': kubePrometheusStack,
  'external-secrets': externalSecrets,
  'aws-load-balancer-controller': awsLoadBalancerController,
  'metrics-server': metricsServer,
  'cluster-autoscaler': clusterAutoscaler,
  'external-dns': externalDns,
  'argo-rollouts': argoRollouts,
  loki,
  'prometheus-blackbox-exporter': prometheusBlackboxExporter,
  'fluent-bit': fluentBit,
  'postgres-exporter-primary': postgresExporterPrimary,
  'postgres-exporter-replica': postgresExporterReplica,
  'redis-exporter': redisExporter,
};

/** The add-ons an environment switches on, in the platform file's order. */
export function enabledAddons(platform: Platform, environment: string): AddOn[] {
  const switches = platform.environments[environment].addons;
  return Object.values(ADDONS).filter((addon) => switches[addon.name]);
}
