/**
 * The drill's objects on the environment's cluster (SOP-01's isolation and verification): a temporary namespace
 * isolated by NetworkPolicy, one instance of the app pointed at the restored database, and the Job that runs the
 * SQL checks and the read-only API calls. The command applies `setup`, waits for the app, then applies `job`;
 * deleting the namespace removes all of it.
 */
import { App, Chart } from 'cdk8s';
import {
  environmentDatabaseInstances,
  sopDrillNamespace,
  type HttpServiceDefinition,
  type Platform,
} from '../../config';
import { appIdentity, selectorLabels, type AppIdentity } from '../../constructs/identity';
import { jsonLoggingEnv } from '../../observability/logging-env';
import type { ApiRequest } from '../drill/api-checks';
import type { DrillChecks } from '../drill/drill-checks';
import { restoreDrillConfig } from '../drill/platform-checks';
import { snapshotSql } from '../drill/snapshot-sql';
import type { Endpoint } from '../local/cluster';
import { checkScript } from './check-script';
import { DRILL_APP_SERVICE_PORT, DrillApp } from './drill-app';
import { DrillCheckJob } from './drill-check-job';
import { DrillIsolation } from './drill-isolation';

export interface DrillClusterInput {
  readonly platform: Platform;
  readonly environment: string;
  /** The restored instance's endpoint (on the drill's port). */
  readonly restored: Endpoint;
  /** The master user, restored with the data (it is the source's). */
  readonly credentials: { readonly username: string; readonly password: string };
  readonly checks: DrillChecks;
  readonly requests: readonly ApiRequest[];
}

export interface DrillObjects {
  readonly namespace: string;
  /** Namespace, NetworkPolicies, the app and its Secret and ConfigMaps, the checks' ConfigMap. */
  readonly setup: readonly Record<string, unknown>[];
  /** The check Job, applied once the app is available. */
  readonly job: Record<string, unknown>;
  readonly jobName: string;
  /** The app's Deployment, whose rollout the command waits for. */
  readonly deploymentName: string;
}

/** The drill's identity: the app's, in the temporary namespace. */
export function drillIdentity(platform: Platform, environment: string): AppIdentity {
  return { ...appIdentity(platform, environment), namespace: sopDrillNamespace(platform) };
}

export function drillObjects(input: DrillClusterInput): DrillObjects {
  const { platform, environment } = input;
  const drill = restoreDrillConfig(platform);
  const env = platform.environments[environment];
  const definition = platform.services[drill.api.service] as HttpServiceDefinition;
  const identity = drillIdentity(platform, environment);
  // Created in the order `kubectl apply` needs them: the namespace first.
  const chart = new Chart(new App(), 'sop-drill');
  const checkPods = { 'app.kubernetes.io/name': identity.app, 'app.kubernetes.io/component': 'sop-drill-checks' };
  const source = { host: environmentDatabaseInstances(platform, environment).standby.host, port: env.database.port };
  new DrillIsolation(chart, 'Isolation', {
    identity,
    appPods: selectorLabels(identity, drill.api.service),
    checkPods,
    appPort: definition.port,
    restored: { subnets: env.aws.network.subnets.database, port: input.restored.port },
    source: { subnets: env.aws.network.subnets.database, port: source.port },
  });
  const app = new DrillApp(chart, 'App', {
    identity,
    environment,
    service: drill.api.service,
    definition,
    image: `${platform.image.repository}:${platform.image.tag}`,
    resources: env.services[drill.api.service].resources,
    env: jsonLoggingEnv(platform, environment, drill.api.service),
    database: { ...input.restored, name: env.database.name },
    credentials: input.credentials,
  });
  const job = new DrillCheckJob(chart, 'Checks', {
    identity,
    podLabels: checkPods,
    image: drill.image,
    script: checkScript(input.requests),
    snapshotSql: snapshotSql(input.checks),
    database: input.checks.database,
    source,
    restored: input.restored,
    appUrl: `http://${app.serviceName}.${identity.namespace}.svc:${DRILL_APP_SERVICE_PORT}`,
    credentialsSecret: `${identity.app}-database-credentials`,
  });
  const objects = chart.toJson() as Record<string, unknown>[];
  const isJob = (o: Record<string, unknown>) => o.kind === 'Job';
  return {
    namespace: identity.namespace,
    setup: objects.filter((o) => !isJob(o)),
    job: objects.find(isJob) as Record<string, unknown>,
    jobName: job.jobName,
    deploymentName: app.serviceName,
  };
}
