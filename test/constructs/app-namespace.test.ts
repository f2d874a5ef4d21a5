/**
 * The app's namespace, by what its labels make the cluster do:
 * - Pod Security Admission (kubernetes/pod-security-admission, ported in test/helpers/pod-security.ts) accepts the
 *   namespace, enforces the restricted level at the latest version on its pods, and audits and warns at the same
 *   level, so a pod that is not restricted is refused, recorded and reported to whoever applied it;
 * - the AWS Load Balancer Controller's pod mutating webhook injects ALB readiness gates into the namespace's pods:
 *   its namespaceSelector (chart 3.5.0 templates/webhook.yaml, with no `webhookNamespaceSelectors` value) is
 *   `elbv2.k8s.aws/pod-readiness-gate-inject In [enabled]` (docs/deploy/pod_readiness_gate.md).
 */
import { Testing } from 'cdk8s';
import { AppNamespace, namespacePolicyLabels } from '../../src/constructs/app-namespace';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { SHOP_IDENTITY as identity, SHOP_OWNER_LABELS } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { namespacePodSecurity } from '../helpers/pod-security';

function appNamespace() {
  const chart = Testing.chart();
  new AppNamespace(chart, 'namespace', { identity });
  const objects = Testing.synth(chart);
  expectValidManifests(objects);
  return objects;
}

const READINESS_GATE_WEBHOOK = {
  matchExpressions: [{ key: 'elbv2.k8s.aws/pod-readiness-gate-inject', operator: 'In', values: ['enabled'] }],
};

describe("the app's namespace", () => {
  it('is the Namespace of the identity, labelled as part of the app', () => {
    const [namespace, ...others] = appNamespace();
    expect(others).toEqual([]);
    expect(namespace).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-prod' } });
    expect(namespace.metadata.labels).toMatchObject({
      ...SHOP_OWNER_LABELS,
      'app.kubernetes.io/component': expect.stringMatching(/./),
    });
  });

  it('is accepted by Pod Security Admission, and enforces, audits and warns at restricted, latest', () => {
    const [namespace] = appNamespace();
    expect(namespacePodSecurity(namespace.metadata.labels)).toEqual({
      admitted: true,
      enforce: { level: 'restricted', version: 'latest' },
      audit: { level: 'restricted', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    });
  });

  it("has its pods' ALB readiness gates injected by the load balancer controller", () => {
    const [namespace] = appNamespace();
    expect(selectorMatches(READINESS_GATE_WEBHOOK, namespace.metadata.labels)).toBe(true);
  });

  it('gives the same policy labels to any namespace that runs the app (the SOP-01 drill, the Helm chart)', () => {
    const labels = namespacePolicyLabels();
    expect(namespacePodSecurity(labels).enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(selectorMatches(READINESS_GATE_WEBHOOK, labels)).toBe(true);
  });
});
