import { Chart } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import {
  appPriorityClassName,
  environmentRegions,
  externalSecretsRoleName,
  externalSecretsServiceAccountName,
  iamRoleArn,
  servingImageRepository,
  servingRegion,
  type Platform,
} from '../config';
import { AppService } from '../constructs/app-service';
import { DatabaseConnection } from '../constructs/database-connection';
import { appIdentity } from '../constructs/identity';
import { NamespaceNetworkPolicies } from '../constructs/namespace-network-policies';
import { AppMonitoring, appMonitoringProps } from '../observability/app-monitoring';
import { jsonLoggingEnv } from '../observability/logging-env';

export interface AppChartProps {
  readonly platform: Platform;
  /** The environment this chart builds. */
  readonly environment: string;
}

/**
 * Every Kubernetes object of the app in its namespace: what `dist/<env>/app.k8s.yaml` and the Helm chart hold. The
 * namespace itself is not among them: a Helm release must not own its namespace (see AppNamespace).
 * The one place that reads the platform: each construct gets the values it needs.
 */
export class AppChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id);
    const { platform, environment } = props;
    const env = platform.environments[environment];
    const identity = appIdentity(platform, environment);
    // The region that serves the environment: the primary, or the DR region after a failover (aws.dr.promoted).
    const region = servingRegion(env);
    const { subnets } = region.network;
    new NamespaceNetworkPolicies(this, 'NetworkPolicies', {
      identity,
      database: { subnets: subnets.database, port: env.database.port },
      cache: { subnets: subnets.cache, port: env.redis.port },
      isolateDatabase: env.dbIsolation,
    });
    const connection = new DatabaseConnection(this, 'DatabaseConnection', {
      identity,
      database: env.database,
      redis: env.redis,
      region: region.region,
      secretsServiceAccountName: externalSecretsServiceAccountName(platform),
      secretsRoleArn: iamRoleArn(platform, environment, externalSecretsRoleName(platform, environment)),
    });
    for (const [service, definition] of Object.entries(platform.services)) {
      const appEnv: k8s.EnvVar[] = [
        { name: 'APP_ENVIRONMENT', value: environment },
        ...jsonLoggingEnv(platform, environment, service),
      ];
      new AppService(this, service, {
        identity,
        service,
        definition,
        sizing: env.services[service],
        image: `${servingImageRepository(platform, environment)}:${platform.image.tag}`,
        domain: env.domain,
        regions: environmentRegions(platform, environment),
        prometheusUrl: platform.monitoring.prometheusUrl,
        loadBalancerSubnets: subnets.public,
        monitoringNamespace: platform.monitoring.namespace,
        zoneCount: region.zones.length,
        requireZoneSpread: env.requireZoneSpread,
        env: [...appEnv, ...connection.secretEnv()],
        configMaps: connection.configMapNames(),
        priorityClassName: appPriorityClassName(platform),
      });
    }
    new AppMonitoring(this, 'Monitoring', appMonitoringProps(platform, environment));
  }
}
