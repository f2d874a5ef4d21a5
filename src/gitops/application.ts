import { Construct } from 'constructs';
import type { Platform } from '../config';
import {
  Application,
  type ApplicationSpecIgnoreDifferences,
  type ApplicationSpecSources,
  type ApplicationSpecSyncPolicy,
} from '../../imports/argo-application-argoproj.io';
import { ARGOCD_NAMESPACE } from '../addons/argo-cd';
import type { IgnoredField } from '../addons';

/** The cluster Argo CD runs in: every Application deploys there. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** Label of every Application with its sync wave, so a person can sync a production wave with `-l`. */
export const WAVE_LABEL = 'sync-wave';

export interface ArgoApplicationProps {
  readonly platform: Platform;
  readonly environment: string;
  readonly name: string;
  readonly project: string;
  /** Sync wave in the root Application. */
  readonly wave: number;
  /** Namespace of the objects that name none. */
  readonly namespace: string;
  readonly sources: readonly ApplicationSpecSources[];
  /** @default none */
  readonly ignoreDifferences?: readonly IgnoredField[];
  /** @default false */
  readonly serverSideApply?: boolean;
}

/**
 * The sync policy of the environment (`sync`): `automated` prunes what Git no longer has and undoes changes made
 * outside Git; `manual` leaves every sync to a person. Namespaces are created on the first sync; fields in
 * ignoreDifferences stay as their controllers set them, also during a sync.
 */
export function syncPolicy(
  platform: Platform,
  environment: string,
  props: ArgoApplicationProps,
): ApplicationSpecSyncPolicy {
  const automated = platform.environments[environment].sync === 'automated';
  const options = ['CreateNamespace=true'];
  if (props.serverSideApply) options.push('ServerSideApply=true');
  if (props.ignoreDifferences?.length) options.push('RespectIgnoreDifferences=true');
  return {
    ...(automated && { automated: { prune: true, selfHeal: true } }),
    syncOptions: options,
    // A wave that is not ready yet (a CRD still establishing, a webhook still starting) fails the first attempt.
    retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
  };
}

/**
 * An Argo CD Application in the argocd namespace, with the finalizer that deletes its resources when the
 * Application itself is deleted (an add-on switched off, then pruned from the root Application).
 */
export class ArgoApplication extends Construct {
  constructor(scope: Construct, id: string, props: ArgoApplicationProps) {
    super(scope, id);
    const { platform, environment } = props;
    const ignoreDifferences: ApplicationSpecIgnoreDifferences[] = (props.ignoreDifferences ?? []).map((field) => ({
      group: field.group,
      kind: field.kind,
      name: field.name,
      jsonPointers: field.jsonPointers && [...field.jsonPointers],
      jqPathExpressions: field.jqPathExpressions && [...field.jqPathExpressions],
    }));
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': platform.app.partOf, [WAVE_LABEL]: String(props.wave) },
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.wave) },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: props.project,
        destination: { server: IN_CLUSTER, namespace: props.namespace },
        sources: [...props.sources],
        ...(ignoreDifferences.length > 0 && { ignoreDifferences }),
        syncPolicy: syncPolicy(platform, environment, props),
      },
    });
  }
}
