/**
 * Who an object belongs to: the app, the environment, the namespace and the version. Every construct of one
 * environment takes it, and nothing more of the platform than the values it needs.
 */
import type { Platform } from '../config';

export interface AppIdentity {
  /** `app.kubernetes.io/name`. */
  readonly app: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  readonly environment: string;
  /** The environment's app namespace. */
  readonly namespace: string;
  /** `app.kubernetes.io/version`: the image tag. */
  readonly version: string;
}

export function appIdentity(platform: Platform, environment: string): AppIdentity {
  return {
    app: platform.app.name,
    partOf: platform.app.partOf,
    environment,
    namespace: platform.environments[environment].namespace,
    version: platform.image.tag,
  };
}

/** `app.kubernetes.io/*` labels of every object; `component` says which part of the app it belongs to. */
export function recommendedLabels(identity: AppIdentity, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.app,
    'app.kubernetes.io/instance': `${identity.app}-${identity.environment}`,
    'app.kubernetes.io/version': identity.version,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': identity.partOf,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

/** Metadata of a namespaced object: explicit name (no generated suffix), namespace and labels. */
export function objectMeta(identity: AppIdentity, name: string, component: string) {
  return { name, namespace: identity.namespace, labels: recommendedLabels(identity, component) };
}

/** Labels that select a service's pods; never includes the version, which changes on every release. */
export function selectorLabels(identity: AppIdentity, service: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.app,
    'app.kubernetes.io/instance': `${identity.app}-${identity.environment}`,
    'app.kubernetes.io/component': service,
  };
}

/** Labels of every pod of the app: what the namespace's NetworkPolicies select. */
export function appPodLabels(identity: AppIdentity): Record<string, string> {
  return { 'app.kubernetes.io/name': identity.app };
}

/** Kubernetes name of a service's objects: `your-app-api`, `your-app-api-canary`. */
export function serviceResourceName(identity: AppIdentity, service: string, suffix?: string): string {
  return [identity.app, service, suffix].filter(Boolean).join('-');
}

/** The Service that ServiceMonitors scrape: every pod of the service, stable and canary. */
export function metricsServiceName(identity: AppIdentity, service: string): string {
  return serviceResourceName(identity, service, 'metrics');
}
