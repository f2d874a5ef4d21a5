/**
 * Kubernetes RBAC as the API server decides a request, for the Roles, ClusterRoles and bindings a test synthesized.
 * A port of kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go (`RuleAllows`) and
 * pkg/registry/rbac/validation/rule.go (`VisitRulesFor`, `GetRoleReferenceRules`, `appliesToUser`):
 * - ClusterRoleBindings apply in every namespace and at cluster scope; RoleBindings only to requests in their own
 *   namespace, and may refer to a Role of that namespace or to a ClusterRole;
 * - a rule allows a request when its verbs, apiGroups and resources each name the request's (or `*`), and its
 *   resourceNames are empty or name the request's object. A request without a name (a list, a watch, a create)
 *   passes a rule with resourceNames only when it has one: a list or watch with the field selector
 *   `metadata.name=<name>` carries that name (k8s.io/apiserver requestinfo.go), a create never does.
 * Subjects: Users and Groups (no ServiceAccounts are bound by the project's RBAC).
 */

type Obj = Record<string, any>;

/** The attributes the authorizer sees for a resource request (k8s.io/apiserver authorizer.Attributes). */
export interface ResourceRequest {
  readonly verb: string;
  /** `''` for the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  /** Empty or absent for a cluster-scoped resource or a request across all namespaces. For a Namespace object itself
   * (`/api/v1/namespaces/<name>`) the API server sets it to that name. */
  readonly namespace?: string;
  readonly name?: string;
}

export interface RequestUser {
  readonly name?: string;
  readonly groups: readonly string[];
}

const matches = (values: readonly string[] | undefined, value: string) =>
  (values ?? []).some((v) => v === '*' || v === value);

function ruleAllows(rule: Obj, request: ResourceRequest): boolean {
  const names: readonly string[] = rule.resourceNames ?? [];
  return (
    matches(rule.verbs, request.verb) &&
    matches(rule.apiGroups, request.apiGroup) &&
    matches(rule.resources, request.resource) &&
    (names.length === 0 || (request.name !== undefined && names.includes(request.name)))
  );
}

function appliesTo(subjects: readonly Obj[] | undefined, user: RequestUser): boolean {
  return (subjects ?? []).some((subject) => {
    if (subject.kind === 'User') return subject.name === user.name;
    if (subject.kind === 'Group') return user.groups.includes(subject.name);
    return false;
  });
}

/**
 * The rules a binding refers to: a ClusterRole by name, or (from a RoleBinding) a Role of the binding's namespace.
 * None for another kind or a missing role: the authorizer skips the binding.
 */
function referencedRules(objects: readonly Obj[], binding: Obj): Obj[] {
  const { kind, name } = binding.roleRef ?? {};
  const sameNamespace = (o: Obj) =>
    binding.kind === 'RoleBinding' && o.metadata?.namespace === binding.metadata?.namespace;
  const role = objects.find(
    (o) =>
      o.metadata?.name === name &&
      ((kind === 'ClusterRole' && o.kind === kind) || (kind === 'Role' && o.kind === kind && sameNamespace(o))),
  );
  return role?.rules ?? [];
}

/** Whether RBAC, given these objects, lets `user` make `request`. */
export function rbacAllows(objects: readonly Obj[], user: RequestUser, request: ResourceRequest): boolean {
  const namespace = request.namespace ?? '';
  const bindings = objects.filter(
    (o) =>
      o.kind === 'ClusterRoleBinding' ||
      (o.kind === 'RoleBinding' && namespace !== '' && o.metadata?.namespace === namespace),
  );
  return bindings
    .filter((binding) => appliesTo(binding.subjects, user))
    .some((binding) => referencedRules(objects, binding).some((rule) => ruleAllows(rule, request)));
}
