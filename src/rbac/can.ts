/*
 * Everything a requester can do: the rules RulesFor returns for it (what `kubectl auth can-i
 * --list` shows through a SelfSubjectRulesReview), with the binding and role each comes from.
 */
import { type Grant, rulesFor } from './authorizer.js';
import type { RbacModel } from './model.js';
import { SYSTEM_MASTERS, type UserInfo } from './subjects.js';

export interface ScopedGrant extends Grant {
  /** '' for a ClusterRoleBinding's rule (everywhere), else the RoleBinding's namespace. */
  readonly namespace: string;
}

export interface CanAnswer {
  readonly grants: readonly ScopedGrant[];
  /** A member of system:masters is allowed everything before RBAC is asked. */
  readonly bypassesRbac: boolean;
}

/**
 * The rules that reach `user`: cluster-wide ones, plus those of `namespace` (a namespace name),
 * or of every namespace that has RoleBindings (`all`), or none ('').
 */
export function canList(model: RbacModel, user: UserInfo, namespace: string | { readonly all: true }): CanAnswer {
  const tag = (grants: readonly Grant[]): ScopedGrant[] => grants.map((g) => ({ ...g, namespace: g.binding.namespace }));
  const grants: ScopedGrant[] = [];
  if (typeof namespace === 'string') grants.push(...tag(rulesFor(model, user, namespace)));
  else {
    grants.push(...tag(rulesFor(model, user, '')));
    for (const ns of model.namespaces()) grants.push(...tag(rulesFor(model, user, ns).filter((g) => g.binding.kind === 'RoleBinding')));
  }
  return { grants, bypassesRbac: user.groups.includes(SYSTEM_MASTERS) };
}
