/** The built-in default platform: `your-app` with an HTTP `api` and a background `worker`. */
import { defaultMonitoring } from './default-monitoring';
import type { NetworkPlan } from './network';
import type { PlatformInput } from './schema';
import type { ServiceSizing } from './service';

/** The 10.<n>.0.0/16 plan every VPC of the default platform follows, one subnet per zone and tier. */
function networkPlan(secondOctet: number): NetworkPlan {
  const net = (third: number, prefix: number) => `10.${secondOctet}.${third}.0/${prefix}`;
  return {
    vpcCidr: `10.${secondOctet}.0.0/16`,
    subnets: {
      public: [net(0, 22), net(4, 22), net(8, 22)],
      private: [net(32, 19), net(64, 19), net(96, 19)],
      database: [net(128, 24), net(129, 24), net(130, 24)],
      cache: [net(136, 24), net(137, 24), net(138, 24)],
    },
  };
}

const zones = (region: string) => ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`);

/** Terraform state bucket of one environment's stack in one region (bootstrapped once, see docs/infrastructure.md). */
const stateBucket = (environment: string, accountId: string, region: string) =>
  `your-app-${environment}-tfstate-${accountId}-${region}`;

/** Egress of the operators' VPN and the CI runners: the only sources that reach the public EKS API endpoint. */
const OPERATOR_CIDRS = ['203.0.113.0/24'];

const PROGRESSIVE_STEPS: ServiceSizing['canary']['steps'] = [
  { setWeight: 10 },
  { pause: {} },
  { setWeight: 25 },
  { pause: { duration: '5m' } },
  { setWeight: 50 },
  { pause: { duration: '5m' } },
  { setWeight: 100 },
];

/** qa: half the pods, long enough for two analysis measurements (failureLimit 1) before the rest. */
const QUICK_STEPS: ServiceSizing['canary']['steps'] = [
  { setWeight: 50 },
  { pause: { duration: '3m' } },
  { setWeight: 100 },
];

const API_ANALYSIS = { maxErrorRatio: 0.05, maxP99LatencySeconds: 0.5, interval: '1m', failureLimit: 1 };

export const defaultPlatform: PlatformInput = {
  app: { name: 'your-app', partOf: 'your-saas', owner: 'platform-team' },
  image: { repository: '333333333333.dkr.ecr.eu-west-1.amazonaws.com/your-app', tag: '0.1.0' },
  services: {
    api: {
      kind: 'http',
      args: ['serve', 'api'],
      port: 8080,
      metrics: { port: 9090, path: '/metrics' },
      health: { livenessPath: '/livez', readinessPath: '/readyz' },
    },
    worker: {
      kind: 'worker',
      args: ['serve', 'worker'],
      metrics: { port: 9090, path: '/metrics' },
      health: { livenessPath: '/livez', readinessPath: '/readyz' },
    },
  },
  monitoring: defaultMonitoring,
  environments: {
    qa: {
      namespace: 'your-app-qa',
      domain: 'qa.your-app.example.com',
      logLevel: 'debug',
      dbIsolation: false,
      aws: {
        accountId: '111111111111',
        region: 'eu-west-1',
        zones: zones('eu-west-1'),
        network: networkPlan(10),
        stateBucket: stateBucket('qa', '111111111111', 'eu-west-1'),
      },
      cluster: {
        kubernetesVersion: '1.35',
        nodeInstanceTypes: ['m7g.large'],
        nodesPerZone: { min: 1, max: 3 },
        publicAccessCidrs: OPERATOR_CIDRS,
      },
      database: {
        host: 'postgres.qa.your-app.internal',
        port: 5432,
        name: 'your_app',
        credentialsSecret: 'your-app/qa/postgres',
        instanceClass: 'db.t4g.medium',
        allocatedStorageGiB: 20,
        engineVersion: '16',
        backupRetentionDays: 7,
      },
      redis: {
        host: 'redis.qa.your-app.internal',
        port: 6379,
        authSecret: 'your-app/qa/redis',
        nodeType: 'cache.t4g.small',
      },
      services: {
        api: {
          replicas: 1,
          autoscaling: { minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 70 },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          canary: { steps: QUICK_STEPS, analysis: API_ANALYSIS },
        },
        worker: {
          replicas: 1,
          autoscaling: { minReplicas: 1, maxReplicas: 2, targetCpuUtilizationPercent: 70 },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          canary: { steps: QUICK_STEPS },
        },
      },
    },
    staging: {
      namespace: 'your-app-staging',
      domain: 'staging.your-app.example.com',
      logLevel: 'info',
      dbIsolation: false,
      aws: {
        accountId: '222222222222',
        region: 'eu-west-1',
        zones: zones('eu-west-1'),
        network: networkPlan(20),
        stateBucket: stateBucket('staging', '222222222222', 'eu-west-1'),
      },
      cluster: {
        kubernetesVersion: '1.35',
        nodeInstanceTypes: ['m7g.large'],
        nodesPerZone: { min: 1, max: 4 },
        publicAccessCidrs: OPERATOR_CIDRS,
      },
      database: {
        host: 'postgres.staging.your-app.internal',
        port: 5432,
        name: 'your_app',
        credentialsSecret: 'your-app/staging/postgres',
        instanceClass: 'db.r6g.large',
        allocatedStorageGiB: 50,
        engineVersion: '16',
        backupRetentionDays: 7,
      },
      redis: {
        host: 'redis.staging.your-app.internal',
        port: 6379,
        authSecret: 'your-app/staging/redis',
        nodeType: 'cache.r7g.large',
      },
      services: {
        api: {
          replicas: 3,
          autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 70 },
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
          canary: { steps: PROGRESSIVE_STEPS, analysis: API_ANALYSIS },
        },
        worker: {
          replicas: 3,
          autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilizationPercent: 70 },
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
          canary: { steps: QUICK_STEPS },
        },
      },
    },
    production: {
      namespace: 'your-app-production',
      domain: 'your-app.example.com',
      logLevel: 'info',
      dbIsolation: false,
      aws: {
        accountId: '333333333333',
        region: 'eu-west-1',
        zones: zones('eu-west-1'),
        network: networkPlan(30),
        stateBucket: stateBucket('production', '333333333333', 'eu-west-1'),
        dr: {
          region: 'eu-central-1',
          zones: zones('eu-central-1'),
          network: networkPlan(40),
          stateBucket: stateBucket('production', '333333333333', 'eu-central-1'),
        },
      },
      cluster: {
        kubernetesVersion: '1.35',
        nodeInstanceTypes: ['m7g.xlarge'],
        nodesPerZone: { min: 2, max: 10 },
        publicAccessCidrs: OPERATOR_CIDRS,
      },
      database: {
        host: 'postgres.production.your-app.internal',
        port: 5432,
        name: 'your_app',
        credentialsSecret: 'your-app/production/postgres',
        instanceClass: 'db.r6g.xlarge',
        allocatedStorageGiB: 200,
        engineVersion: '16',
        backupRetentionDays: 14,
      },
      redis: {
        host: 'redis.production.your-app.internal',
        port: 6379,
        authSecret: 'your-app/production/redis',
        nodeType: 'cache.r7g.large',
      },
      services: {
        api: {
          replicas: 6,
          autoscaling: { minReplicas: 6, maxReplicas: 30, targetCpuUtilizationPercent: 65 },
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
          canary: { steps: PROGRESSIVE_STEPS, analysis: { ...API_ANALYSIS, failureLimit: 2 } },
        },
        worker: {
          replicas: 3,
          autoscaling: { minReplicas: 3, maxReplicas: 12, targetCpuUtilizationPercent: 70 },
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
          canary: { steps: PROGRESSIVE_STEPS },
        },
      },
    },
  },
};
