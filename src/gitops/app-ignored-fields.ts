import type { IgnoredField } from '../addons';

interface ObjectJson {
  readonly kind?: string;
  readonly spec?: {
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string };
    readonly strategy?: { readonly canary?: { readonly stableService?: string; readonly canaryService?: string } };
  };
}

/**
 * The fields of the app's objects that controllers own, read from the objects themselves:
 * - `spec.replicas` of every Rollout an HPA scales (the app no longer sets it; an object applied by an older
 *   release still has it in its last-applied state);
 * - the `rollouts-pod-template-hash` Argo Rollouts adds to the selectors of a canary's stable and canary Services
 *   (argoproj/argo-rollouts@v1.9.1 rollout/service.go, switchServiceSelector).
 */
export function appIgnoredFields(objects: readonly ObjectJson[]): IgnoredField[] {
  const fields: IgnoredField[] = [];
  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef;
    if (target?.kind !== 'Rollout' || !target.name) continue;
    fields.push({ group: 'argoproj.io', kind: 'Rollout', name: target.name, jsonPointers: ['/spec/replicas'] });
  }
  for (const rollout of objects.filter((o) => o.kind === 'Rollout')) {
    const canary = rollout.spec?.strategy?.canary;
    for (const service of [canary?.stableService, canary?.canaryService].filter((s): s is string => Boolean(s))) {
      fields.push({
        group: '',
        kind: 'Service',
        name: service,
        jsonPointers: ['/spec/selector/rollouts-pod-template-hash'],
      });
    }
  }
  return fields;
}
