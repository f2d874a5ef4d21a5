import type { Platform } from '../config';
import { appIdentity, recommendedLabels, type AppIdentity } from '../constructs/identity';

/** Component label of every observability object. */
export const MONITORING_COMPONENT = 'monitoring';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Metadata with an explicit name and namespace, the `app.kubernetes.io/*` labels and any extra labels. */
export function monitoringMeta(
  identity: AppIdentity,
  name: string,
  namespace: string,
  extraLabels: Record<string, string> = {},
): ObjectMeta {
  return { name, namespace, labels: { ...recommendedLabels(identity, MONITORING_COMPONENT), ...extraLabels } };
}

/** {@link monitoringMeta} of the environment's identity. */
export function observabilityMeta(
  platform: Platform,
  environment: string,
  name: string,
  namespace: string,
  extraLabels: Record<string, string> = {},
): ObjectMeta {
  return monitoringMeta(appIdentity(platform, environment), name, namespace, extraLabels);
}
