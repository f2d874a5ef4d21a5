/**
 * The RBAC port against the rules of the Kubernetes RBAC documentation (reference/access-authn-authz/rbac.md) and
 * of kubernetes/kubernetes pkg/registry/rbac/validation/rule.go: bindings by scope, subjects by kind, resourceNames.
 */
import { rbacAllows } from '../helpers/rbac';

const rbac = 'rbac.authorization.k8s.io';
const role = (kind: 'Role' | 'ClusterRole', name: string, rules: object[], namespace?: string) => ({
  apiVersion: `${rbac}/v1`,
  kind,
  metadata: { name, namespace },
  rules,
});
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  roleRef: object,
  subjects: object[],
  namespace?: string,
) => ({
  apiVersion: `${rbac}/v1`,
  kind,
  metadata: { name: 'b', namespace },
  roleRef: { apiGroup: rbac, ...roleRef },
  subjects,
});
const group = (name: string) => ({ kind: 'Group', apiGroup: rbac, name });
const readers = { groups: ['readers'] };
const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };

describe('rbacAllows', () => {
  const namespaced = [
    role('Role', 'pod-reader', [readPods], 'team'),
    binding('RoleBinding', { kind: 'Role', name: 'pod-reader' }, [group('readers')], 'team'),
  ];

  it("allows a RoleBinding's subjects its Role's verbs in its namespace", () => {
    expect(rbacAllows(namespaced, readers, { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'team' })).toBe(
      true,
    );
  });

  it.each([
    ['another verb', { verb: 'delete', apiGroup: '', resource: 'pods', namespace: 'team' }],
    ['another resource', { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'team' }],
    ['another group', { verb: 'get', apiGroup: 'apps', resource: 'pods', namespace: 'team' }],
    ['another namespace', { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'other' }],
    ['all namespaces', { verb: 'list', apiGroup: '', resource: 'pods' }],
  ])('denies %s', (_case, request) => {
    expect(rbacAllows(namespaced, readers, request)).toBe(false);
  });

  it('denies users outside the bound group, and bindings of an unknown kind or subject kind', () => {
    const request = { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'team' };
    expect(rbacAllows(namespaced, { groups: ['others'] }, request)).toBe(false);
    const badRef = [
      namespaced[0],
      binding('RoleBinding', { kind: '', name: 'pod-reader' }, [group('readers')], 'team'),
    ];
    expect(rbacAllows(badRef, readers, request)).toBe(false);
    const badSubject = [
      namespaced[0],
      binding('RoleBinding', { kind: 'Role', name: 'pod-reader' }, [{ kind: '', name: 'readers' }], 'team'),
    ];
    expect(rbacAllows(badSubject, readers, request)).toBe(false);
  });

  it('does not let a RoleBinding use a Role of another namespace', () => {
    const objects = [
      role('Role', 'pod-reader', [readPods], 'elsewhere'),
      binding('RoleBinding', { kind: 'Role', name: 'pod-reader' }, [group('readers')], 'team'),
    ];
    expect(rbacAllows(objects, readers, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'team' })).toBe(
      false,
    );
  });

  it('applies a ClusterRoleBinding everywhere, cluster scope included', () => {
    const objects = [
      role('ClusterRole', 'ns-reader', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['*'] }]),
      binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'ns-reader' }, [group('readers')]),
    ];
    expect(rbacAllows(objects, readers, { verb: 'list', apiGroup: '', resource: 'namespaces' })).toBe(true);
    expect(rbacAllows(objects, readers, { verb: 'delete', apiGroup: '', resource: 'namespaces', name: 'x' })).toBe(
      true,
    );
  });

  it('matches resourceNames only for a request that names the object; a create never does', () => {
    const objects = [
      role('ClusterRole', 'one', [
        { apiGroups: [''], resources: ['namespaces'], resourceNames: ['x'], verbs: ['get', 'list', 'create'] },
      ]),
      binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'one' }, [group('readers')]),
    ];
    const request = (verb: string, name?: string) => ({ verb, apiGroup: '', resource: 'namespaces', name });
    expect(rbacAllows(objects, readers, request('get', 'x'))).toBe(true);
    expect(rbacAllows(objects, readers, request('get', 'y'))).toBe(false);
    // `kubectl get namespaces --field-selector=metadata.name=x` (the RBAC docs' example) names the object; a plain list does not.
    expect(rbacAllows(objects, readers, request('list', 'x'))).toBe(true);
    expect(rbacAllows(objects, readers, request('list'))).toBe(false);
    expect(rbacAllows(objects, readers, request('create'))).toBe(false);
  });
});
