/** What every construct of one environment needs to know: the platform and which environment it builds. */
import type { Environment, EnvironmentName, Platform } from '../config';

export interface EnvironmentContext {
  readonly platform: Platform;
  readonly name: EnvironmentName;
  readonly env: Environment;
}

export function environmentContext(platform: Platform, name: EnvironmentName): EnvironmentContext {
  return { platform, name, env: platform.environments[name] };
}

/** `app.kubernetes.io/*` labels of every object; `component` says which part of the app it belongs to. */
export function recommendedLabels(ctx: EnvironmentContext, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': ctx.platform.app.name,
    'app.kubernetes.io/instance': `${ctx.platform.app.name}-${ctx.name}`,
    'app.kubernetes.io/version': ctx.platform.image.tag,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': ctx.platform.app.partOf,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

/** Metadata of a namespaced object: explicit name (no generated suffix), namespace and labels. */
export function objectMeta(ctx: EnvironmentContext, name: string, component: string) {
  return { name, namespace: ctx.env.namespace, labels: recommendedLabels(ctx, component) };
}
