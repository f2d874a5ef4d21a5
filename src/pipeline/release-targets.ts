/**
 * What a release of one environment must bring about, read from the manifests it commits (dist/<env>/app.k8s.yaml
 * rendered with the release's image tag): each Rollout with its images, and each public host with the readiness
 * path of the service behind it.
 */
import { parseAllDocuments } from 'yaml';
import type { Platform } from '../config';
import { renderManifests } from '../synth/render';

export interface ExpectedRollout {
  readonly name: string;
  /** The images of the pod template, in container order. */
  readonly images: readonly string[];
}

export interface Endpoint {
  readonly service: string;
  readonly url: string;
}

export interface ReleaseTargets {
  readonly namespace: string;
  readonly rollouts: readonly ExpectedRollout[];
  readonly endpoints: readonly Endpoint[];
}

const COMPONENT = 'app.kubernetes.io/component';

export function releaseTargets(platform: Platform, environment: string): ReleaseTargets {
  const file = `dist/${environment}/app.k8s.yaml`;
  const text = renderManifests(platform, [environment]).get(file);
  if (text === undefined) throw new Error(`${file}: not rendered`);
  const objects = parseAllDocuments(text).map((doc) => doc.toJS());
  const rollouts = objects
    .filter((o) => o?.kind === 'Rollout')
    .map((o) => ({
      name: o.metadata.name as string,
      images: (o.spec.template.spec.containers as { image: string }[]).map((c) => c.image),
    }));
  const endpoints = objects
    .filter((o) => o?.kind === 'Ingress')
    .flatMap((o) => {
      const service = o.metadata.labels[COMPONENT] as string;
      const { readinessPath } = platform.services[service].health;
      return (o.spec.rules as { host: string }[]).map((rule) => ({
        service,
        url: `https://${rule.host}${readinessPath}`,
      }));
    });
  return { namespace: platform.environments[environment].namespace, rollouts, endpoints };
}
