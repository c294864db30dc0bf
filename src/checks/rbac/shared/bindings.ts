import type { Path } from '../../../core/path.js';
import { asArray, asRecord, asString, recordsWithIndex } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { ObjectIndex } from '../../../k8s/object-index.js';
import { matchesSelector, parseLabelSelector } from '../../../k8s/selectors.js';
import { BUILTIN_ROLES } from './builtin-roles.js';
import type { GrantScope } from './powers.js';
import { isAggregated } from './roles.js';
import { type PolicyRule, parseRules } from './rules.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly path: Path;
}

export function subjectsOf(binding: K8sObject): Subject[] {
  return recordsWithIndex(binding.body.subjects).map(({ record, index }) => ({
    kind: asString(record.kind) ?? '',
    name: asString(record.name) ?? '',
    namespace: asString(record.namespace) || undefined,
    path: ['subjects', index],
  }));
}

/** `ServiceAccount monitoring/prometheus`, `Group system:authenticated`. */
export function describeSubject(subject: Subject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

export interface RoleRef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
}

export function roleRefOf(binding: K8sObject): RoleRef | undefined {
  const ref = asRecord(binding.body.roleRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  const group = asString(ref?.apiGroup);
  if (!name || (group !== undefined && group !== RBAC_GROUP)) return undefined;
  // A ClusterRoleBinding cannot reference a Role; the API server rejects it.
  if (kind === 'ClusterRole' || (kind === 'Role' && binding.kind === 'RoleBinding')) return { kind, name };
  return undefined;
}

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

/** The identity a ServiceAccount token authenticates as. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/**
 * Whether a binding subject applies to a user, as the RBAC authorizer decides: a ServiceAccount
 * subject without a namespace takes the RoleBinding's (`bindingNamespace`, '' for a
 * ClusterRoleBinding, where it matches nothing).
 */
export function appliesTo(subject: Pick<Subject, 'kind' | 'name' | 'namespace'>, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      return namespace !== '' && user.name === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

/** The role a binding grants, with the rules it ends up holding in a cluster. */
export interface BoundRole {
  readonly ref: RoleRef;
  readonly rules: readonly PolicyRule[];
  /** A RoleBinding grants only within its namespace, even for a ClusterRole. */
  readonly scope: GrantScope;
}

function clusterRoles(index: ObjectIndex): K8sObject[] {
  return index.ofGroupInNamespace('rbac-role', '').filter((r) => r.kind === 'ClusterRole');
}

function rulesAggregatedBy(index: ObjectIndex, matches: (labels: Readonly<Record<string, string>>) => boolean, seen: Set<string>): PolicyRule[] {
  return clusterRoles(index)
    .filter((r) => matches(r.labels))
    .flatMap((r) => clusterRoleRules(index, r.name, seen) ?? []);
}

/** The rules a ClusterRole holds: built-in, aggregated, or its own; undefined when unknown. */
function clusterRoleRules(index: ObjectIndex, name: string, seen: Set<string>): PolicyRule[] | undefined {
  if (seen.has(name)) return [];
  seen.add(name);
  const builtin = BUILTIN_ROLES[name];
  if (builtin) {
    const label = builtin.aggregationLabel;
    return [
      ...builtin.rules,
      ...builtin.includes.flatMap((n) => clusterRoleRules(index, n, seen) ?? []),
      ...(label ? rulesAggregatedBy(index, (labels) => labels[label] === 'true', seen) : []),
    ];
  }
  const role = clusterRoles(index).find((r) => r.name === name);
  if (!role) return undefined;
  if (!isAggregated(role)) return parseRules(role.body.rules);
  const selectors = asArray(asRecord(role.body.aggregationRule)?.clusterRoleSelectors).map(parseLabelSelector);
  return rulesAggregatedBy(index, (labels) => selectors.some((s) => matchesSelector(s, labels)), seen);
}

/** What a binding grants, or undefined when its role is neither in the input nor built in. */
export function boundRole(index: ObjectIndex, binding: K8sObject): BoundRole | undefined {
  const ref = roleRefOf(binding);
  if (!ref) return undefined;
  const scope: GrantScope = binding.kind === 'RoleBinding' ? 'namespace' : 'cluster';
  if (ref.kind === 'ClusterRole') {
    const rules = clusterRoleRules(index, ref.name, new Set());
    return rules ? { ref, rules, scope } : undefined;
  }
  const role = index.find('rbac-role', index.namespaceOf(binding), ref.name);
  if (role?.kind !== 'Role') return undefined;
  return { ref, rules: parseRules(role.body.rules), scope };
}
