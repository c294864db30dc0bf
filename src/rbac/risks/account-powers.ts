/*
 * What an identity can do through the bindings of a model: which bindings name it, and the
 * dangerous permissions the roles they reference grant.
 */
import type { K8sObject } from '../../k8s/object.js';
import { type BindingEntry, nearestCopies, type RbacModel, type RoleEntry } from '../model.js';
import type { PlainRule, PolicyRule } from '../rules.js';
import type { UserInfo } from '../subjects.js';
import {
  ADMISSION_CONFIG_WRITE,
  BIND,
  CREATE_PODS,
  CSR_APPROVE,
  describeGrants,
  ESCALATE,
  type GrantScope,
  impersonatePower,
  NODES_PROXY,
  type Power,
  podExecPower,
  powerGrants,
  SA_TOKEN_CREATE,
  SECRETS_READ,
} from './powers.js';

interface DangerousPower {
  readonly power: Power;
  /** escalate, bind and impersonate lead straight to cluster-admin when granted cluster-wide. */
  readonly critical: boolean;
}

/** The permissions the RBAC rules treat as dangerous when an identity holds them. */
export function dangerousPowers(getSufficesForExec: boolean, constrainedImpersonation = true): DangerousPower[] {
  return [
    ...[ESCALATE, BIND, impersonatePower(constrainedImpersonation)].map((power) => ({ power, critical: true })),
    ...[SECRETS_READ, podExecPower(getSufficesForExec), CREATE_PODS, SA_TOKEN_CREATE, NODES_PROXY, ADMISSION_CONFIG_WRITE, CSR_APPROVE].map((power) => ({
      power,
      critical: false,
    })),
  ];
}

/** A rule with '*' verbs, resources and apiGroups and no resourceNames: every permission. */
export function grantsEverything(rule: PlainRule): boolean {
  return rule.verbs.includes('*') && rule.resources.includes('*') && rule.apiGroups.includes('*') && rule.resourceNames.length === 0;
}

export interface RolePowers {
  /** What the role grants, for messages: `every permission ('*' on '*')` or the dangerous grants. */
  readonly grants: readonly string[];
  readonly critical: boolean;
}

const rulePowers = new WeakMap<readonly PolicyRule[], Map<string, RolePowers | null>>();

/**
 * The dangerous grants of a role's rules at a scope, or undefined when there are none.
 * `constrainedImpersonation`: whether the API server has it (hasConstrainedImpersonation).
 */
export function powersOfRules(rules: readonly PolicyRule[], scope: GrantScope, getSufficesForExec: boolean, constrainedImpersonation = true): RolePowers | undefined {
  // Most bindings share a few roles (view, edit, a team's Roles): answer each rule list once.
  let byScope = rulePowers.get(rules);
  if (!byScope) rulePowers.set(rules, (byScope = new Map()));
  const key = `${scope}\u0000${getSufficesForExec}\u0000${constrainedImpersonation}`;
  let found = byScope.get(key);
  if (found === undefined) byScope.set(key, (found = computePowers(rules, scope, getSufficesForExec, constrainedImpersonation) ?? null));
  return found ?? undefined;
}

function computePowers(rules: readonly PolicyRule[], scope: GrantScope, getSufficesForExec: boolean, constrainedImpersonation: boolean): RolePowers | undefined {
  const clusterWide = scope === 'cluster';
  if (rules.some(grantsEverything)) return { grants: ["every permission ('*' on '*')"], critical: clusterWide };
  const found = dangerousPowers(getSufficesForExec, constrainedImpersonation).flatMap(({ power, critical }) => {
    const grants = powerGrants(rules, power, scope);
    return grants.length > 0 ? [{ text: describeGrants(grants), critical }] : [];
  });
  if (found.length === 0) return undefined;
  // Within one namespace, impersonating its ServiceAccounts is no worse than creating pods there.
  return { grants: found.map((f) => f.text), critical: clusterWide && found.some((f) => f.critical) };
}

export interface BindingPowers extends RolePowers {
  readonly binding: BindingEntry;
  readonly role: RoleEntry;
  /** A RoleBinding grants only within its namespace, even for a ClusterRole. */
  readonly scope: GrantScope;
}

export const scopeOfBinding = (binding: BindingEntry): GrantScope => (binding.kind === 'RoleBinding' ? 'namespace' : 'cluster');

const cache = new WeakMap<RbacModel, Map<string, BindingPowers[]>>();

/**
 * Every binding that gives the requester a dangerous permission in `namespace` (ClusterRoleBindings
 * and the namespace's RoleBindings), in the authorizer's order. Many workloads share a
 * ServiceAccount, so each answer is kept for the model's lifetime. With `near`, copies of a
 * binding in several files count once, the one in near's file first.
 */
export function identityPowers(model: RbacModel, user: UserInfo, namespace: string, getSufficesForExec: boolean, constrainedImpersonation = true, near?: K8sObject): BindingPowers[] {
  let byKey = cache.get(model);
  if (!byKey) cache.set(model, (byKey = new Map()));
  const key = `${user.name}\u0000${user.groups.join('\u0001')}\u0000${namespace}\u0000${getSufficesForExec}\u0000${constrainedImpersonation}\u0000${near?.source.file ?? ''}`;
  let found = byKey.get(key);
  if (!found) {
    const bindings = model.bindingsFor(user, namespace).map((ref) => ref.binding);
    found = (near ? nearestCopies(bindings, near) : bindings).flatMap((binding) => {
      const role = model.roleOf(binding);
      if (!role) return [];
      const scope = scopeOfBinding(binding);
      const powers = powersOfRules(role.rules, scope, getSufficesForExec, constrainedImpersonation);
      return powers ? [{ binding, role, scope, ...powers }] : [];
    });
    byKey.set(key, found);
  }
  return found;
}
