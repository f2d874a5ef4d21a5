import { Chart } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { AppNamespace } from '../constructs/app-namespace';
import { AppService } from '../constructs/app-service';
import type { EnvironmentContext } from '../constructs/context';
import { DatabaseConnection } from '../constructs/database-connection';
import { NamespaceNetworkPolicies } from '../constructs/namespace-network-policies';
import { AppMonitoring } from '../observability/app-monitoring';
import { jsonLoggingEnv } from '../observability/logging-env';

export interface AppChartProps {
  readonly context: EnvironmentContext;
  /**
   * Emit the Namespace object. The Helm chart leaves it out: `helm -n` places the release in a namespace
   * that exists (or `--create-namespace`), and a release must not own its own namespace.
   * @default true
   */
  readonly includeNamespace?: boolean;
}

/** Every Kubernetes object of the app in one environment: what `dist/<env>/app.k8s.yaml` and the Helm chart hold. */
export class AppChart extends Chart {
  constructor(scope: Construct, id: string, props: AppChartProps) {
    super(scope, id);
    const ctx = props.context;
    if (props.includeNamespace ?? true) new AppNamespace(this, 'Namespace', { context: ctx });
    new NamespaceNetworkPolicies(this, 'NetworkPolicies', { context: ctx });
    const connection = new DatabaseConnection(this, 'DatabaseConnection', { context: ctx });
    for (const [service, definition] of Object.entries(ctx.platform.services)) {
      new AppService(this, service, {
        context: ctx,
        service,
        definition,
        sizing: ctx.env.services[service],
        env: [...appEnv(ctx, service), ...connection.secretEnv()],
        configMaps: connection.configMapNames(),
      });
    }
    new AppMonitoring(this, 'Monitoring', { platform: ctx.platform, environment: ctx.name });
  }
}

function appEnv(ctx: EnvironmentContext, service: string): k8s.EnvVar[] {
  return [{ name: 'APP_ENVIRONMENT', value: ctx.name }, ...jsonLoggingEnv(ctx.platform, ctx.name, service)];
}
