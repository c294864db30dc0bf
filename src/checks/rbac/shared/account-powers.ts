/*
 * What a ServiceAccount can do through the bindings of a scan: which bindings apply to it, and the
 * dangerous permissions the roles they reference grant.
 */
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { appliesTo, type BoundRole, boundRole, serviceAccountUser, subjectsOf } from './bindings.js';
import {
  ADMISSION_CONFIG_WRITE,
  BIND,
  CREATE_PODS,
  CSR_APPROVE,
  describeGrants,
  ESCALATE,
  IMPERSONATE,
  NODES_PROXY,
  type Power,
  podExecPower,
  powerGrants,
  SA_TOKEN_CREATE,
  SECRETS_READ,
} from './powers.js';
import type { PolicyRule } from './rules.js';

interface DangerousPower {
  readonly power: Power;
  /** escalate, bind and impersonate lead straight to cluster-admin when granted cluster-wide. */
  readonly critical: boolean;
}

/** The permissions the family's high and critical role checks report. */
function dangerousPowers(getSufficesForExec: boolean): DangerousPower[] {
  return [
    ...[ESCALATE, BIND, IMPERSONATE].map((power) => ({ power, critical: true })),
    ...[SECRETS_READ, podExecPower(getSufficesForExec), CREATE_PODS, SA_TOKEN_CREATE, NODES_PROXY, ADMISSION_CONFIG_WRITE, CSR_APPROVE].map((power) => ({
      power,
      critical: false,
    })),
  ];
}

const isStar = (values: readonly { value: string }[]) => values.some((v) => v.value === '*');

/** A rule with '*' verbs, resources and apiGroups and no resourceNames: every permission. */
function grantsEverything(rule: PolicyRule): boolean {
  return isStar(rule.verbs) && isStar(rule.resources) && isStar(rule.apiGroups) && rule.resourceNames.length === 0;
}

export interface AccountPower {
  readonly binding: K8sObject;
  readonly role: BoundRole;
  /** What the role grants, for the message: `everything ('*' on '*')` or the dangerous grants. */
  readonly grants: readonly string[];
  readonly critical: boolean;
}

const boundRoles = new WeakMap<K8sObject, BoundRole | null>();

function cachedBoundRole(index: ObjectIndex, binding: K8sObject): BoundRole | undefined {
  let role = boundRoles.get(binding);
  if (role === undefined) {
    role = boundRole(index, binding) ?? null;
    boundRoles.set(binding, role);
  }
  return role ?? undefined;
}

function powersOfRole(role: BoundRole, getSufficesForExec: boolean): Pick<AccountPower, 'grants' | 'critical'> | undefined {
  const clusterWide = role.scope === 'cluster';
  if (role.rules.some(grantsEverything)) return { grants: ["every permission ('*' on '*')"], critical: clusterWide };
  const found = dangerousPowers(getSufficesForExec).flatMap(({ power, critical }) => {
    const grants = powerGrants(role.rules, power, role.scope);
    return grants.length > 0 ? [{ text: describeGrants(grants), critical }] : [];
  });
  if (found.length === 0) return undefined;
  // Within one namespace, impersonating its ServiceAccounts is no worse than creating pods there.
  return { grants: found.map((f) => f.text), critical: clusterWide && found.some((f) => f.critical) };
}

/**
 * Bindings that can apply to an account of `namespace`: its namespace's RoleBindings and every
 * ClusterRoleBinding. A cluster holds one object per kind, namespace and name, so copies of a
 * binding in several scanned files count once.
 */
function candidateBindings(index: ObjectIndex, namespace: string): K8sObject[] {
  const all = [
    ...index.ofGroupInNamespace('rbac-binding', namespace).filter((b) => b.kind === 'RoleBinding'),
    ...index.ofGroup('rbac-binding').filter((b) => b.kind === 'ClusterRoleBinding'),
  ];
  const byIdentity = new Map<string, K8sObject>();
  for (const binding of all) {
    const key = `${binding.kind}/${index.namespaceOf(binding)}/${binding.name}`;
    if (!byIdentity.has(key)) byIdentity.set(key, binding);
  }
  return [...byIdentity.values()];
}

// Many workloads share a ServiceAccount (most run as `default`): answer each account once per scan.
const accountCache = new WeakMap<ObjectIndex, Map<string, AccountPower[]>>();

/** Every binding that gives the ServiceAccount `namespace/name` a dangerous permission. */
export function serviceAccountPowers(index: ObjectIndex, namespace: string, name: string, getSufficesForExec: boolean): AccountPower[] {
  let cache = accountCache.get(index);
  if (!cache) accountCache.set(index, (cache = new Map()));
  const key = `${namespace}\u0000${name}\u0000${getSufficesForExec}`;
  let powers = cache.get(key);
  if (!powers) cache.set(key, (powers = computeAccountPowers(index, namespace, name, getSufficesForExec)));
  return powers;
}

function computeAccountPowers(index: ObjectIndex, namespace: string, name: string, getSufficesForExec: boolean): AccountPower[] {
  const user = serviceAccountUser(namespace, name);
  return candidateBindings(index, namespace).flatMap((binding) => {
    const bindingNamespace = binding.kind === 'RoleBinding' ? namespace : '';
    if (!subjectsOf(binding).some((s) => appliesTo(s, user, bindingNamespace))) return [];
    const role = cachedBoundRole(index, binding);
    const powers = role && powersOfRole(role, getSufficesForExec);
    return role && powers ? [{ binding, role, ...powers }] : [];
  });
}
