/*
 * Who can make a request: every subject of every binding the authorizer would walk for it
 * (ClusterRoleBindings, and the RoleBindings of the request's namespace) whose role has a rule
 * that allows it. The system:masters group is allowed before RBAC is asked.
 */
import type { BindingEntry, RbacModel, RoleEntry } from './model.js';
import { type RequestAttributes, ruleAllows } from './matching.js';
import type { PolicyRule } from './rules.js';
import { type Principal, principalKey, principalOf, SUBJECT_KINDS, SYSTEM_MASTERS } from './subjects.js';
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

/** A subject allowed only for some object names (when the request names none). */
export interface RestrictedSubject extends AllowedSubject {
  readonly names: readonly string[];
}

export interface WhoCanAnswer {
  readonly allowed: readonly AllowedSubject[];
  /** Principals allowed without any binding: the system:masters group. */
  readonly bypass: readonly Principal[];
  /** For a request without a name: subjects whose rules allow it only for specific names. */
  readonly restricted: readonly RestrictedSubject[];
}

/**
 * `namespaces`: which RoleBindings count. A request's own namespace ('' = cluster-scoped or
 * across all namespaces: ClusterRoleBindings only), or 'all' for "in at least one namespace".
 */
export type WhoCanScope = { readonly kind: 'request' } | { readonly kind: 'all-namespaces' };

function candidateBindings(model: RbacModel, request: RequestAttributes, scope: WhoCanScope): BindingEntry[] {
  const namespace = request.resourceRequest ? request.namespace : '';
  if (scope.kind === 'all-namespaces' && request.resourceRequest) return [...model.clusterRoleBindings, ...[...model.roleBindings.values()].flat()];
  return [...model.clusterRoleBindings, ...(namespace ? model.roleBindingsIn(namespace) : [])];
}

export function whoCan(model: RbacModel, request: RequestAttributes, scope: WhoCanScope = { kind: 'request' }): WhoCanAnswer {
  const allowing = new Map<RoleEntry, PolicyRule | null>();
  const naming = new Map<RoleEntry, { rule: PolicyRule; names: string[] } | null>();
  const allowed = new Map<string, { principal: Principal; via: Via[] }>();
  const restricted = new Map<string, { principal: Principal; via: Via[]; names: Set<string> }>();
  const unnamed = request.resourceRequest && request.name === '';
  for (const binding of candidateBindings(model, request, scope)) {
    const role = model.roleOf(binding);
    if (!role) continue;
    let rule = allowing.get(role);
    if (rule === undefined) {
      rule = role.rules.find((r) => ruleAllows(request, r)) ?? null;
      allowing.set(role, rule);
    }
    let named: { rule: PolicyRule; names: string[] } | null = null;
    if (!rule && unnamed) {
      named = naming.get(role) ?? null;
      if (!naming.has(role)) {
        named = namedGrant(role, request);
        naming.set(role, named);
      }
    }
    if (!rule && !named) continue;
    binding.subjects.forEach((subject, i) => {
      const principal = principalOf(subject, binding.namespace);
      if (!principal) return;
      const key = principalKey(principal);
      if (rule) {
        const entry = allowed.get(key) ?? { principal, via: [] };
        entry.via.push({ binding, subject: i, role, rule });
        allowed.set(key, entry);
      } else if (named) {
        const entry = restricted.get(key) ?? { principal, via: [], names: new Set<string>() };
        entry.via.push({ binding, subject: i, role, rule: named.rule });
        for (const n of named.names) entry.names.add(n);
        restricted.set(key, entry);
      }
    });
  }
  const restrictedOnly = [...restricted].filter(([key]) => !allowed.has(key)).map(([, r]) => ({ principal: r.principal, via: r.via, names: [...r.names].sort(compareGo) }));
  return {
    allowed: [...allowed.values()].sort((a, b) => comparePrincipals(a.principal, b.principal)),
    bypass: [{ kind: 'Group', name: SYSTEM_MASTERS }],
    restricted: restrictedOnly.sort((a, b) => comparePrincipals(a.principal, b.principal)),
  };
}

/** The first rule that would allow the request for some of its resourceNames, and those names. */
function namedGrant(role: RoleEntry, request: RequestAttributes): { rule: PolicyRule; names: string[] } | null {
  if (!request.resourceRequest) return null;
  for (const rule of role.rules) {
    if (rule.resourceNames.length === 0) continue;
    const names = rule.resourceNames.filter((name) => ruleAllows({ ...request, name }, rule));
    if (names.length > 0) return { rule, names };
  }
  return null;
}

export function comparePrincipals(a: Principal, b: Principal): number {
  return (
    SUBJECT_KINDS.indexOf(a.kind) - SUBJECT_KINDS.indexOf(b.kind) || compareGo(a.namespace ?? '', b.namespace ?? '') || compareGo(a.name, b.name)
  );
}
