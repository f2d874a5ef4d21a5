/**
 * The labels and names every object of the app carries. Expected values from Kubernetes' "Recommended Labels"
 * (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels): `name` the application, `instance` one
 * installation of it (here the app in one environment), `version`, `component`, `part-of` the higher-level
 * application, `managed-by` the tool that manages it (cdk8s writes every object). Names as the runbooks spell them:
 * `$APP-api`, `$APP-api-metrics` (docs/runbooks/http-service-down.md).
 */
import {
  appPodLabels,
  metricsServiceName,
  recommendedLabels,
  selectorLabels,
  serviceResourceName,
} from '../../src/constructs/identity';
import { selectorMatches } from '../../src/dr-simulation/labels';
import { SHOP_IDENTITY as identity } from '../helpers/identity';

/** A pod of one of the app's services, as the pod template labels it. */
const podOf = (service: string) => ({ ...recommendedLabels(identity, service), ...selectorLabels(identity, service) });

describe('the recommended labels', () => {
  it('name the app, its installation in one environment, the version, the component, the suite and the tool', () => {
    expect(recommendedLabels(identity, 'web')).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'shop-prod',
      'app.kubernetes.io/version': 'abc1234',
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'shop-suite',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  it('tell two environments of the same app apart by instance', () => {
    const staging = recommendedLabels({ ...identity, environment: 'staging' }, 'web');
    expect(staging['app.kubernetes.io/instance']).toBe('shop-staging');
  });
});

describe('the selector labels of a service', () => {
  it('select the pods of every version of that service, and no other service', () => {
    const selector = { matchLabels: selectorLabels(identity, 'web') };
    expect(selectorMatches(selector, podOf('web'))).toBe(true);
    // The next release's pods carry another version: a selector with the version would lose them.
    expect(selectorMatches(selector, { ...podOf('web'), 'app.kubernetes.io/version': 'def5678' })).toBe(true);
    expect(selectorMatches(selector, podOf('worker'))).toBe(false);
  });
});

describe("the app's pod labels", () => {
  it("select every service's pods of the app, and no other app's pods in the namespace", () => {
    const selector = { matchLabels: appPodLabels(identity) };
    expect(selectorMatches(selector, podOf('web'))).toBe(true);
    expect(selectorMatches(selector, podOf('worker'))).toBe(true);
    const otherApp = { ...identity, app: 'billing' };
    expect(
      selectorMatches(selector, { ...recommendedLabels(otherApp, 'web'), ...selectorLabels(otherApp, 'web') }),
    ).toBe(false);
  });
});

describe('the names of a service', () => {
  it('are readable, app then service then role, and the metrics Service has a name of its own', () => {
    expect(serviceResourceName(identity, 'web')).toBe('shop-web');
    expect(serviceResourceName(identity, 'web', 'canary')).toBe('shop-web-canary');
    expect(metricsServiceName(identity, 'web')).toBe('shop-web-metrics');
  });
});
