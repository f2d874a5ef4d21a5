/** The built-in profiles as data: `production` and `non-production`. A platform file may change any field. */
import { ALL_ADDONS } from './addons';
import { builtInSeverities } from './alert-severities';
import type { BuiltInProfileName, Profile } from './profile';
import type { CanaryStep } from './service';

/** Canary of customer-facing environments: a person promotes after 10%, then 25% and 50% for five minutes each. */
const PROGRESSIVE_STEPS: CanaryStep[] = [
  { setWeight: 10 },
  { pause: {} },
  { setWeight: 25 },
  { pause: { duration: '5m' } },
  { setWeight: 50 },
  { pause: { duration: '5m' } },
  { setWeight: 100 },
];

/** Half the pods, long enough for two analysis measurements (failureLimit 1) before the rest. */
const QUICK_STEPS: CanaryStep[] = [{ setWeight: 50 }, { pause: { duration: '3m' } }, { setWeight: 100 }];

/**
 * EKS managed add-on versions for Kubernetes 1.35, as an EKS 1.35 cluster configuration of November 2026 pins them
 * (public Terraform variables; `aws eks describe-addon-versions --kubernetes-version 1.35` lists the current ones).
 */
const EKS_ADDON_VERSIONS_1_35 = {
  vpcCni: 'v1.21.1-eksbuild.3',
  coredns: 'v1.13.2-eksbuild.1',
  kubeProxy: 'v1.35.0-eksbuild.2',
  podIdentityAgent: 'v1.3.10-eksbuild.3',
  ebsCsiDriver: 'v1.57.1-eksbuild.1',
};

/**
 * Fields both profiles default alike. Every environment survives the loss of one zone: a NAT gateway per zone
 * (the VPC endpoints keep the AWS APIs reachable either way), a Multi-AZ database with a read replica, a cache
 * with automatic failover to a replica in another zone.
 */
const COMMON = {
  dbIsolation: false,
  addons: ALL_ADDONS,
  dnsZone: 'create' as const,
  cluster: {
    kubernetesVersion: '1.35',
    nodeInstanceTypes: ['m7g.large'],
    publicAccessCidrs: [] as string[],
    breakGlassPrincipals: [] as string[],
    addonVersions: EKS_ADDON_VERSIONS_1_35,
  },
  database: { port: 5432, engineVersion: '16', multiAz: true, readReplica: true, promotedReplica: false },
  redis: { port: 6379, multiAz: true },
};

const ANALYSIS = { maxErrorRatio: 0.05, maxP99LatencySeconds: 0.5, interval: '1m', failureLimit: 1 };

export const BUILT_IN_PROFILES: Readonly<Record<BuiltInProfileName, Profile>> = {
  production: {
    minZones: 3,
    disasterRecovery: 'required',
    podsInEveryZone: true,
    scheduledRestoreDrill: true,
    environment: {
      ...COMMON,
      logLevel: 'info',
      approval: 'required-reviewers',
      requireZoneSpread: true,
      alertSeverities: builtInSeverities('production'),
      // A person syncs production in Argo CD; an ALB cannot be deleted by a stray change.
      sync: 'manual',
      edge: { deletionProtection: true, requestsPerIpPer5Minutes: 2000 },
      // A year of control-plane, flow and database logs: the look-back an incident or audit needs.
      aws: { natGatewayPerZone: true, logRetentionDays: 365 },
      cluster: { ...COMMON.cluster, nodesPerZone: { min: 2, max: 10 } },
      database: {
        ...COMMON.database,
        instanceClass: 'db.r6g.large',
        allocatedStorageGiB: 100,
        backupRetentionDays: 14,
      },
      redis: { ...COMMON.redis, nodeType: 'cache.r7g.large', nodeCount: 3 },
    },
    service: {
      autoscaling: { minReplicas: 3, maxReplicas: 12, targetCpuUtilizationPercent: 70 },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      canary: { steps: PROGRESSIVE_STEPS, analysis: { ...ANALYSIS, failureLimit: 2 } },
    },
  },
  'non-production': {
    minZones: 2,
    disasterRecovery: 'optional',
    podsInEveryZone: false,
    scheduledRestoreDrill: false,
    environment: {
      ...COMMON,
      logLevel: 'debug',
      approval: 'automatic',
      requireZoneSpread: false,
      alertSeverities: builtInSeverities('non-production'),
      sync: 'automated',
      edge: { deletionProtection: false, requestsPerIpPer5Minutes: 2000 },
      aws: { natGatewayPerZone: true, logRetentionDays: 90 },
      cluster: { ...COMMON.cluster, nodesPerZone: { min: 1, max: 3 } },
      database: { ...COMMON.database, instanceClass: 'db.t4g.medium', allocatedStorageGiB: 20, backupRetentionDays: 7 },
      redis: { ...COMMON.redis, nodeType: 'cache.t4g.small', nodeCount: 2 },
    },
    service: {
      autoscaling: { minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 70 },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      canary: { steps: QUICK_STEPS, analysis: ANALYSIS },
    },
  },
};
