/*
 * Who can make a request: every subject of every binding the authorizer would walk for it
 * (ClusterRoleBindings, and the RoleBindings of the request's namespace) whose role has a rule
 * that allows it. The system:masters group is allowed before RBAC is asked.
 */
import type { BindingEntry, KeyedPrincipal, RbacModel, RoleEntry } from './model.js';
import { type RequestAttributes, type ResourceAttributes, ruleAllows } from './matching.js';
import type { PolicyRule } from './rules.js';
import { type Principal, SUBJECT_KINDS, SYSTEM_MASTERS } from './subjects.js';
import { compareGo } from '../pss/go.js';

/** One way a subject gets the permission. */
export interface Via {
  readonly binding: BindingEntry;
  readonly subject: number;
  readonly role: RoleEntry;
  /** The first rule of the role that allows the request. */
  readonly rule: PolicyRule;
}

export interface AllowedSubject {
  readonly principal: Principal;
  readonly via: readonly Via[];
}

/** A way a subject gets the permission for some object names only. */
export interface NamedVia extends Via {
  /**
   * Every name it allows, from all the rules of the role, sorted; `rule` is the first rule that
   * allows one of them.
   */
  readonly names: readonly string[];
}

/** A subject allowed only for some object names (when the request names none). */
export interface RestrictedSubject extends AllowedSubject {
  readonly via: readonly NamedVia[];
  /** The names any of its grants allows. */
  readonly names: readonly string[];
}

export interface WhoCanAnswer {
  readonly allowed: readonly AllowedSubject[];
  /** Principals allowed without any binding: the system:masters group. */
  readonly bypass: readonly Principal[];
  /** For a request without a name: subjects whose rules allow it only for specific names. */
  readonly restricted: readonly RestrictedSubject[];
}

/** A request on Namespace objects (core `namespaces`, a subresource included). */
export function isNamespaceRequest(request: RequestAttributes): request is ResourceAttributes {
  return request.resourceRequest && request.apiGroup === '' && request.resource === 'namespaces';
}

/**
 * The namespace of a request on the Namespace `name` ('' for none): RequestInfo takes it from the
 * URL (`/api/v1/namespaces/NAME`, `/api/v1/watch/namespaces/NAME`), so a request that names the
 * Namespace is made in it, and a RoleBinding there can allow it. A list names it only through a
 * `metadata.name` field selector on the collection, which leaves the namespace unset.
 */
export function namespaceOfNamespaceRequest(verb: string, name: string): string {
  return name !== '' && verb !== 'list' ? name : '';
}

/** Verbs whose requests on Namespaces never name one: create and deletecollection go to the collection. */
const COLLECTION_VERBS = new Set(['create', 'deletecollection']);

/**
 * `namespaces`: which RoleBindings count. A request's own namespace ('' = cluster-scoped or
 * across all namespaces: ClusterRoleBindings only), or 'all' for "in at least one namespace".
 */
export type WhoCanScope = { readonly kind: 'request' } | { readonly kind: 'all-namespaces' };

/**
 * The roles that can matter, and which of their bindings the authorizer would walk: every
 * ClusterRole (through ClusterRoleBindings, and RoleBindings of the request's namespace) and the
 * Roles of that namespace. Asking each role once, then following its bindings, reads far less
 * than walking every binding.
 */
function candidateRoles(model: RbacModel, request: RequestAttributes, scope: WhoCanScope): { roles: readonly RoleEntry[]; counts: (b: BindingEntry) => boolean } {
  const namespace = request.resourceRequest ? request.namespace : '';
  if (scope.kind === 'all-namespaces' && request.resourceRequest) {
    return { roles: [...model.clusterRoles(), ...model.namespacedRoles()], counts: () => true };
  }
  return {
    roles: [...model.clusterRoles(), ...(namespace ? model.rolesIn(namespace) : [])],
    counts: (b) => b.kind === 'ClusterRoleBinding' || (namespace !== '' && b.namespace === namespace),
  };
}

export function whoCan(model: RbacModel, request: RequestAttributes, scope: WhoCanScope = { kind: 'request' }): WhoCanAnswer {
  const allowed = new Map<string, { principal: KeyedPrincipal; via: Via[] }>();
  const restricted = new Map<string, { principal: KeyedPrincipal; via: NamedVia[]; names: Set<string> }>();
  const unnamed = request.resourceRequest && request.name === '';
  const restrict = (principal: KeyedPrincipal, via: NamedVia) => {
    const entry = restricted.get(principal.key) ?? { principal, via: [], names: new Set<string>() };
    entry.via.push(via);
    for (const n of via.names) entry.names.add(n);
    restricted.set(principal.key, entry);
  };
  // A Namespace's own RoleBindings can allow a request on it, which is made in it (RequestInfo):
  // whatever the scope, only ClusterRoleBindings can allow the request without a name.
  const onNamespaces = isNamespaceRequest(request);
  const { roles, counts } = candidateRoles(model, request, onNamespaces ? { kind: 'request' } : scope);
  for (const role of roles) {
    const rule = role.rules.find((r) => ruleAllows(request, r));
    const named = !rule && unnamed ? namedGrant(role, request) : null;
    if (!rule && !named) continue;
    for (const binding of model.bindingsTo(role)) {
      if (!counts(binding) || model.roleOf(binding) !== role) continue;
      binding.principals.forEach((principal, i) => {
        if (!principal) return;
        const key = principal.key;
        if (rule) {
          const entry = allowed.get(key) ?? { principal, via: [] };
          entry.via.push({ binding, subject: i, role, rule });
          allowed.set(key, entry);
        } else if (named) restrict(principal, { binding, subject: i, role, rule: named.rule, names: named.names });
      });
    }
  }
  if (onNamespaces && unnamed && !COLLECTION_VERBS.has(request.verb)) {
    for (const binding of model.bindings) {
      if (binding.kind !== 'RoleBinding') continue;
      const name = binding.namespace;
      const asked = { ...request, name, namespace: namespaceOfNamespaceRequest(request.verb, name) };
      if (asked.namespace !== name) continue;
      const role = model.roleOf(binding);
      const rule = role?.rules.find((r) => ruleAllows(asked, r));
      if (!role || !rule) continue;
      binding.principals.forEach((principal, i) => {
        if (principal) restrict(principal, { binding, subject: i, role, rule, names: [name] });
      });
    }
  }
  const byOrder = (a: Via, b: Via) => a.binding.order - b.binding.order || a.subject - b.subject;
  const restrictedOnly = [...restricted].filter(([key]) => !allowed.has(key)).map(([, r]) => ({ principal: r.principal, via: r.via.sort(byOrder), names: [...r.names].sort(compareGo) }));
  return {
    allowed: [...allowed.values()].sort(bySortKey).map((a) => ({ principal: a.principal, via: a.via.sort(byOrder) })),
    bypass: [{ kind: 'Group', name: SYSTEM_MASTERS }],
    restricted: restrictedOnly.sort(bySortKey),
  };
}

/**
 * The names for which the role's rules would allow the request, and the first rule that allows it
 * for one: the authorizer allows when any rule does, so two rules for `tls-a` and `tls-b` give both.
 */
function namedGrant(role: RoleEntry, request: RequestAttributes): { rule: PolicyRule; names: string[] } | null {
  if (!request.resourceRequest) return null;
  let first: PolicyRule | undefined;
  const names = new Set<string>();
  for (const rule of role.rules) {
    if (rule.resourceNames.length === 0) continue;
    for (const name of rule.resourceNames) {
      if (names.has(name) || !ruleAllows({ ...request, name }, rule)) continue;
      names.add(name);
      first ??= rule;
    }
  }
  return first ? { rule: first, names: [...names].sort(compareGo) } : null;
}

const bySortKey = (a: { principal: KeyedPrincipal }, b: { principal: KeyedPrincipal }) => compareText(a.principal.sortKey, b.principal.sortKey);

export function comparePrincipals(a: Principal, b: Principal): number {
  return SUBJECT_KINDS.indexOf(a.kind) - SUBJECT_KINDS.indexOf(b.kind) || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name);
}

/** Plain code-unit order: an output order, not a Kubernetes semantic. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
