/**
 * The app namespace's NetworkPolicies, by what they let through (Kubernetes NetworkPolicy semantics,
 * test/helpers/network-policy.ts). The design (README "One platform file, every layer"; SOP-02 step 2): zero trust,
 * then DNS, and egress from the app's pods to each data store only at its tier's subnets and on its port. With the
 * database isolated (`dbIsolation`), the `<app>-allow-database` policy is gone, so no app pod reaches PostgreSQL
 * while DNS and Redis keep working.
 */
import { Testing } from 'cdk8s';
import { NamespaceNetworkPolicies } from '../../src/constructs/namespace-network-policies';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { allows, type PodEndpoint } from '../helpers/network-policy';

/** Two database subnets and two cache subnets (one per zone), PostgreSQL's and Redis's usual ports. */
const database = { subnets: ['10.1.32.0/24', '10.1.33.0/24'], port: 5432 };
const cache = { subnets: ['10.1.40.0/24', '10.1.41.0/24'], port: 6379 };

function policies(isolateDatabase?: boolean) {
  const chart = Testing.chart();
  new NamespaceNetworkPolicies(chart, 'policies', { identity, database, cache, isolateDatabase });
  return Testing.synth(chart);
}

/** A pod of the app (every app pod carries `app.kubernetes.io/name: <app>`) and a pod of something else. */
const appPod: PodEndpoint = {
  namespace: 'shop-prod',
  labels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/component': 'api' },
};
const otherPod: PodEndpoint = { namespace: 'shop-prod', labels: { 'app.kubernetes.io/name': 'debug-shell' } };
const coreDns: PodEndpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
/** An address in each data store subnet. */
const databaseHosts = ['10.1.32.10', '10.1.33.200'];
const cacheHosts = ['10.1.40.5', '10.1.41.77'];

const reaches = (objects: any[], pod: PodEndpoint, ip: string, port: number, protocol?: 'TCP' | 'UDP') =>
  allows(objects, { from: pod, to: { ip }, port, protocol });

describe('the namespace NetworkPolicies', () => {
  it('are valid NetworkPolicies in the app namespace, named after the app (the names SOP-02 deletes by)', () => {
    const objects = policies();
    expectValidManifests(objects);
    expect(objects.map((o) => o.metadata.name).sort()).toEqual([
      'shop-allow-cache',
      'shop-allow-database',
      'shop-allow-dns',
      'shop-default-deny',
    ]);
    for (const o of objects) {
      expect(o).toMatchObject({
        kind: 'NetworkPolicy',
        metadata: { namespace: 'shop-prod', labels: { 'app.kubernetes.io/component': 'network-policy' } },
      });
    }
  });

  it('let the app pods reach every database subnet on the database port, over TCP only', () => {
    const objects = policies();
    for (const ip of databaseHosts) {
      expect(reaches(objects, appPod, ip, 5432)).toBe(true);
      expect(reaches(objects, appPod, ip, 5432, 'UDP')).toBe(false);
      expect(reaches(objects, appPod, ip, 22)).toBe(false);
      expect(reaches(objects, appPod, ip, 6379)).toBe(false);
    }
  });

  it('let the app pods reach every cache subnet on the Redis port, and nothing else there', () => {
    const objects = policies();
    for (const ip of cacheHosts) {
      expect(reaches(objects, appPod, ip, 6379)).toBe(true);
      expect(reaches(objects, appPod, ip, 5432)).toBe(false);
      expect(reaches(objects, appPod, ip, 6380)).toBe(false);
    }
  });

  it.each([
    ['the database port in a subnet of no data store', '10.1.34.10', 5432],
    ['the Redis port in a subnet of no data store', '10.1.42.10', 6379],
    ['the internet over HTTPS', '93.184.216.34', 443],
  ])('deny the app pods %s', (_name, ip, port) => {
    expect(reaches(policies(), appPod, ip, port)).toBe(false);
  });

  it("admit only the app's pods to the data stores: another pod of the namespace gets DNS only", () => {
    const objects = policies();
    expect(reaches(objects, otherPod, databaseHosts[0], 5432)).toBe(false);
    expect(reaches(objects, otherPod, cacheHosts[0], 6379)).toBe(false);
    expect(allows(objects, { from: otherPod, to: coreDns, port: 53, protocol: 'UDP' })).toBe(true);
  });

  it('deny every ingress: the services admit their callers with their own policies', () => {
    expect(allows(policies(), { from: { ip: '10.1.0.10' }, to: appPod, port: 8080 })).toBe(false);
    expect(allows(policies(), { from: otherPod, to: appPod, port: 8080 })).toBe(false);
  });

  it('let the data store allowances open egress only: each alone leaves ingress to default-deny', () => {
    const objects = policies();
    for (const name of ['shop-allow-database', 'shop-allow-cache']) {
      const alone = objects.filter((o) => o.metadata.name === name);
      expect(alone).toHaveLength(1);
      expect(allows(alone, { from: otherPod, to: appPod, port: 8080 })).toBe(true);
    }
  });

  describe('with the database isolated (SOP-02 step 2)', () => {
    it('no longer has the allow-database policy, and keeps the others', () => {
      expect(
        policies(true)
          .map((o) => o.metadata.name)
          .sort(),
      ).toEqual(['shop-allow-cache', 'shop-allow-dns', 'shop-default-deny']);
    });

    it('cut every app pod off PostgreSQL, in every database subnet', () => {
      const objects = policies(true);
      for (const ip of databaseHosts) expect(reaches(objects, appPod, ip, 5432)).toBe(false);
    });

    it('keep DNS and Redis working', () => {
      const objects = policies(true);
      expect(allows(objects, { from: appPod, to: coreDns, port: 53, protocol: 'UDP' })).toBe(true);
      for (const ip of cacheHosts) expect(reaches(objects, appPod, ip, 6379)).toBe(true);
    });

    it('is off unless asked for: isolateDatabase false or left out keeps the database reachable', () => {
      expect(reaches(policies(false), appPod, databaseHosts[0], 5432)).toBe(true);
      expect(reaches(policies(undefined), appPod, databaseHosts[0], 5432)).toBe(true);
    });
  });
});
