/**
 * The one small interface every platform add-on implements (cdk-eks-blueprints' ClusterAddOn, the GitOps way): a
 * pinned upstream Helm chart, the values the platform file generates for one cluster, and the objects the add-on
 * needs beside its chart. src/gitops turns each enabled add-on into an Argo CD Application.
 */
import type { Construct } from 'constructs';
import type { WorkloadPods } from '../constructs/namespace-quota';
import {
  clusterName,
  siteRegion,
  siteResourceName,
  iamRoleArn,
  type AddonName,
  type AwsWorkload,
  type Platform,
  type RegionPlan,
  type Site,
} from '../config';

/** A chart of an upstream Helm repository, at one exact version (never a range, never `latest`). */
export interface ChartSource {
  /** The Helm repository (`https://...`), or an OCI registry without the `oci://` scheme. */
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

/** The cluster an add-on is configured for: one environment, in its primary or its DR region. */
export interface ClusterContext {
  readonly platform: Platform;
  readonly environment: string;
  readonly region: Site;
}

/** A field a controller owns, left out of Argo CD's diff (an Application's `ignoreDifferences` entry). */
export interface IgnoredField {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
  readonly jsonPointers?: readonly string[];
  readonly jqPathExpressions?: readonly string[];
}

export type Values = Record<string, unknown>;

export interface AddOn {
  readonly name: AddonName;
  readonly chart: ChartSource;
  /**
   * Sync wave of the add-on's Application in the root Application: Argo CD installs a wave only once every earlier
   * one is healthy, so an add-on comes after the add-ons whose CRDs and controllers it uses.
   */
  readonly wave: number;
  /** API groups of the CRDs the chart installs (and upgrades). @default none */
  readonly crdGroups?: readonly string[];
  /**
   * Apply with server-side apply: CRDs too large for `kubectl apply`'s last-applied annotation (256 KiB).
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * The pods the release runs at most where it shares the app namespace, whose ResourceQuota counts them.
   * @default none: the release runs in a namespace of its own
   */
  readonly appNamespacePods?: WorkloadPods;
  /** Fields the add-on's own controllers change after the sync. @default none */
  readonly ignoreDifferences?: readonly IgnoredField[];
  /** Namespace of the Helm release. */
  namespace(platform: Platform, environment: string): string;
  /** Helm values for one cluster, generated from the platform file and the names infra creates. */
  values(ctx: ClusterContext): Values;
  /**
   * Objects the add-on needs beside its chart (synced by the same Application, after the chart's resources).
   * @default none
   */
  manifests?(scope: Construct, ctx: ClusterContext): void;
}

/** The role ARN of a workload in this cluster: the role infra creates for it in the same region. */
export function workloadRoleArn(ctx: ClusterContext, workload: AwsWorkload): string {
  const { platform, environment, region } = ctx;
  return iamRoleArn(platform, environment, siteResourceName(platform, environment, region, workload.rolePurpose));
}

/** A chart's `serviceAccount` values for an IRSA workload: its name and the role it assumes. */
export function irsaServiceAccount(ctx: ClusterContext, workload: AwsWorkload): Values {
  return {
    create: true,
    name: workload.serviceAccount.name,
    annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(ctx, workload) },
  };
}

/** The region plan (zones, VPC, subnets) of the cluster's region. */
export function regionPlanOf(ctx: ClusterContext): RegionPlan {
  const { aws } = ctx.platform.environments[ctx.environment];
  if (ctx.region === 'primary') return aws;
  if (!aws.dr) throw new Error(`environments.${ctx.environment}.aws.dr: is required for a recovery cluster`);
  return aws.dr;
}

export function regionOf(ctx: ClusterContext): string {
  return siteRegion(ctx.platform, ctx.environment, ctx.region);
}

export function clusterOf(ctx: ClusterContext): string {
  return clusterName(ctx.platform, ctx.environment);
}

/** Labels kube-prometheus-stack's Prometheus selects ServiceMonitors, PrometheusRules and Probes by. */
export function monitoringLabels(platform: Platform): Record<string, string> {
  return { ...platform.monitoring.selectorLabels };
}

/**
 * Container security of the restricted Pod Security Standard: what the app namespace enforces, and what every
 * add-on container gets where its chart does not already set it.
 */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

export const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;

/** Labels of the objects the add-ons bring beside their charts. */
export function platformLabels(platform: Platform): Record<string, string> {
  return { 'app.kubernetes.io/part-of': platform.app.partOf, 'app.kubernetes.io/managed-by': 'cdk8s' };
}
