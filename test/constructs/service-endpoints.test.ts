/**
 * The three Services in front of an HTTP service's pods, built with props. Argo Rollouts' ALB canary
 * (docs/features/traffic-management/alb.md, v1.9.1) needs a stable and a canary Service, whose selectors it
 * rewrites to each version's pods, and a root Service the Ingress targets; callers use the root. So: three
 * Services with names of their own, each selecting the service's pods, each listening on the port the Rollout's
 * `servicePort` names and forwarding to the pods' named `http` container port.
 */
import { Testing } from 'cdk8s';
import { recommendedLabels, selectorLabels } from '../../src/constructs/identity';
import { ServiceEndpoints } from '../../src/constructs/service-endpoints';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

function synth() {
  const chart = Testing.chart();
  const endpoints = new ServiceEndpoints(chart, 'endpoints', { identity, service: 'web' });
  return { endpoints, objects: Testing.synth(chart) };
}

const webPod = { ...recommendedLabels(identity, 'web'), ...selectorLabels(identity, 'web') };

describe("an HTTP service's Services", () => {
  it('are three valid Services: root, stable and canary, each with a name of its own', () => {
    const { endpoints, objects } = synth();
    expectValidManifests(objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/shop-web',
      'Service/shop-web-stable',
      'Service/shop-web-canary',
    ]);
    expect([endpoints.rootServiceName, endpoints.stableServiceName, endpoints.canaryServiceName]).toEqual([
      'shop-web',
      'shop-web-stable',
      'shop-web-canary',
    ]);
  });

  it("each select the service's pods (until Argo Rollouts narrows stable and canary to one version)", () => {
    for (const service of nonEmpty(synth().objects)) {
      expect({
        name: service.metadata.name,
        selects: selectorMatches({ matchLabels: service.spec.selector }, webPod),
      }).toEqual({ name: service.metadata.name, selects: true });
    }
  });

  it("listen on HTTP's port (TLS ends at the ALB) and forward to the pods' named http port", () => {
    for (const service of nonEmpty(synth().objects)) {
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    }
  });
});
