/**
 * The SOP-01 drill role's cluster RBAC, by the requests the drill's kubectl makes (docs/sop/sop-01-database-restore-
 * drill.md: "the cluster RBAC lets its group create that namespace and read and delete only it"; src/sop/cluster/
 * kubectl.ts runs plain kubectl). Its EKS access policy (edit) covers what happens inside the drill's namespace; the
 * Namespace object itself is cluster-scoped, so this ClusterRole must allow:
 * - `kubectl apply` of the Namespace: GET namespaces/<drill>, then CREATE (a create carries no name, so it cannot be
 *   limited to the drill's: Kubernetes RBAC docs, "Referring to resources");
 * - `kubectl delete namespace <drill> --wait=true`: DELETE, then kubectl's wait (kubernetes/kubectl pkg/cmd/wait/
 *   delete.go `IsDeleted`) GETs the namespace and LISTs and WATCHes namespaces with the field selector
 *   `metadata.name=<drill>`, which names the object for RBAC (k8s.io/apiserver requestinfo.go; RBAC docs: "If you
 *   restrict list or watch by resourceName, clients must include a metadata.name field selector").
 * Nothing of any other namespace, and no change to the drill's namespace labels (they set its Pod Security level).
 */
import { Testing } from 'cdk8s';
import { SopDrillAccess } from '../../src/constructs/sop-drill-access';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity, SHOP_OWNER_LABELS } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { rbacAllows, type ResourceRequest } from '../helpers/rbac';

const DRILL = 'shop-sop-drill';
const GROUP = 'shop-sop-drill-role';

function drillAccess() {
  const chart = Testing.chart();
  new SopDrillAccess(chart, 'drill', { identity, namespace: DRILL, group: GROUP });
  return Testing.synth(chart);
}

/** A request on the Namespace object `name` (for a named one the API server sets the request's namespace to it). */
const onNamespace = (verb: string, name?: string): ResourceRequest => ({
  verb,
  apiGroup: '',
  resource: 'namespaces',
  namespace: verb === 'list' || verb === 'watch' || name === undefined ? '' : name,
  name,
});

describe("the SOP-01 drill role's cluster RBAC", () => {
  it('is a valid ClusterRole and ClusterRoleBinding, labelled as part of the app', () => {
    const objects = drillAccess();
    expectValidManifests(objects);
    expect(objects.map((o) => o.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
    for (const o of nonEmpty(objects)) {
      expect(o.metadata.labels).toMatchObject({
        ...SHOP_OWNER_LABELS,
        'app.kubernetes.io/component': expect.stringMatching(/./),
      });
    }
  });

  it.each<[string, ResourceRequest[]]>([
    ['apply the Namespace (read it, then create it)', [onNamespace('get', DRILL), onNamespace('create')]],
    [
      'delete it and wait until it is gone',
      [
        onNamespace('delete', DRILL),
        onNamespace('get', DRILL),
        onNamespace('list', DRILL),
        onNamespace('watch', DRILL),
      ],
    ],
  ])("lets the drill's group %s", (_step, requests) => {
    const objects = drillAccess();
    for (const request of requests)
      expect([request, rbacAllows(objects, { groups: [GROUP] }, request)]).toEqual([request, true]);
  });

  it.each<[string, ResourceRequest]>([
    ["read production's namespace", onNamespace('get', 'shop-prod')],
    ["delete production's namespace", onNamespace('delete', 'shop-prod')],
    ['list every namespace', onNamespace('list')],
    ["relabel the drill's namespace (its Pod Security level)", onNamespace('patch', DRILL)],
    ['replace it', onNamespace('update', DRILL)],
    ['read Secrets anywhere', { verb: 'list', apiGroup: '', resource: 'secrets' }],
    ['grant itself more', { verb: 'create', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }],
  ])('does not let it %s', (_what, request) => {
    expect(rbacAllows(drillAccess(), { groups: [GROUP] }, request)).toBe(false);
  });

  it('grants nothing to anyone outside the group', () => {
    expect(rbacAllows(drillAccess(), { groups: ['system:authenticated'] }, onNamespace('create'))).toBe(false);
  });
});
