/*
 * Who a binding names, and whether it names a given requester, as the RBAC rule resolver decides
 * (pkg/registry/rbac/validation/rule.go#appliesToUser, v1.37).
 */
import type { Path } from '../core/path.js';
import { asString, recordsWithIndex } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';

export const SA_PREFIX = 'system:serviceaccount:';
export const SYSTEM_MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** A requester as the authorizer sees it (user.Info without extras). */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

export const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** A binding's subject as written. `namespace` is unset unless the manifest gives one. */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Path of the subject in its binding, e.g. `['subjects', 1]`. */
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

/** serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.SplitUsername: namespace and name of a ServiceAccount username, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (namespace === '' || name === '') return undefined;
  return { namespace, name };
}

/** The groups the ServiceAccount token authenticator adds (serviceaccount.MakeGroupNames + authenticated). */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`, AUTHENTICATED];
}

/** The identity a ServiceAccount token authenticates as. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { name: serviceAccountUsername(namespace, name), groups: serviceAccountGroups(namespace) };
}

/**
 * appliesToUser: a User subject by name, a Group by membership, a ServiceAccount by the username
 * its token carries (a ServiceAccount subject without a namespace takes the RoleBinding's;
 * `bindingNamespace` is '' for a ClusterRoleBinding, where such a subject matches nothing).
 * Unknown kinds match nothing.
 */
export function appliesToUser(user: UserInfo, subject: Pick<Subject, 'kind' | 'name' | 'namespace'>, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace ?? bindingNamespace;
      if (namespace === '') return false;
      return user.name === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** appliesTo: the index of the first subject that names the user, or -1. */
export function firstApplyingSubject(user: UserInfo, subjects: readonly Subject[], bindingNamespace: string): number {
  return subjects.findIndex((s) => appliesToUser(user, s, bindingNamespace));
}

/**
 * A subject with its ServiceAccount namespace resolved: what it stands for in a cluster. A
 * ServiceAccount subject of a ClusterRoleBinding without a namespace stands for nobody.
 */
export interface Principal {
  readonly kind: SubjectKind;
  readonly name: string;
  /** ServiceAccounts only. */
  readonly namespace?: string;
}

export function principalOf(subject: Pick<Subject, 'kind' | 'name' | 'namespace'>, bindingNamespace: string): Principal | undefined {
  if (subject.kind === 'User' || subject.kind === 'Group') return { kind: subject.kind, name: subject.name };
  if (subject.kind !== 'ServiceAccount') return undefined;
  const namespace = subject.namespace ?? bindingNamespace;
  return namespace === '' ? undefined : { kind: 'ServiceAccount', name: subject.name, namespace };
}

/**
 * The ServiceAccount a subject names: a ServiceAccount subject (its namespace resolved), or a User
 * subject named with a ServiceAccount's username (`system:serviceaccount:NS:NAME`), which is the
 * same requester since the account's token authenticates as that user (`viaUsername`).
 */
export function serviceAccountOfSubject(
  subject: Pick<Subject, 'kind' | 'name' | 'namespace'>,
  bindingNamespace: string,
): { readonly namespace: string; readonly name: string; readonly viaUsername: boolean } | undefined {
  if (subject.kind === 'User') {
    const account = splitServiceAccountUsername(subject.name);
    return account ? { ...account, viaUsername: true } : undefined;
  }
  const p = principalOf(subject, bindingNamespace);
  return p?.kind === 'ServiceAccount' ? { namespace: p.namespace ?? '', name: p.name, viaUsername: false } : undefined;
}

/** `User alice`, `Group devs`, `ServiceAccount shop/api`. */
export function describePrincipal(p: Principal): string {
  return p.kind === 'ServiceAccount' ? `ServiceAccount ${p.namespace}/${p.name}` : `${p.kind} ${p.name}`;
}

export function principalKey(p: Principal): string {
  return p.kind === 'ServiceAccount' ? `ServiceAccount\u0000${p.namespace}\u0000${p.name}` : `${p.kind}\u0000${p.name}`;
}

/**
 * The requester a principal stands for, with the groups every such requester carries: a
 * ServiceAccount's token groups; `system:authenticated` for a user (`system:anonymous` is
 * `system:unauthenticated` instead). A Group stands for a member of it who is authenticated
 * (unless it is `system:unauthenticated`); its user name is '', which no User subject has.
 */
export function userOfPrincipal(p: Principal, extraGroups: readonly string[] = []): UserInfo {
  const withExtra = (groups: string[]) => [...new Set([...groups, ...extraGroups])];
  if (p.kind === 'ServiceAccount') return { name: serviceAccountUsername(p.namespace ?? '', p.name), groups: withExtra(serviceAccountGroups(p.namespace ?? '')) };
  if (p.kind === 'User') {
    const sa = splitServiceAccountUsername(p.name);
    if (sa) return { name: p.name, groups: withExtra(serviceAccountGroups(sa.namespace)) };
    return { name: p.name, groups: withExtra(p.name === ANONYMOUS ? [UNAUTHENTICATED] : [AUTHENTICATED]) };
  }
  const implied = p.name === UNAUTHENTICATED || p.name === AUTHENTICATED ? [p.name] : [p.name, AUTHENTICATED];
  // No User subject can be named '' (the API server requires a name), so it matches none.
  return { name: '', groups: withExtra(implied) };
}

/**
 * Parses a subject given on the command line: `alice` or `User:alice`, `Group:devs`,
 * `system:serviceaccount:NS:NAME`, `ServiceAccount:NS/NAME` (or `NS:NAME`).
 */
export function parsePrincipal(text: string): Principal | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  const sa = splitServiceAccountUsername(value);
  if (sa) return { kind: 'ServiceAccount', ...sa };
  const colon = value.indexOf(':');
  const kind = colon === -1 ? '' : value.slice(0, colon);
  const rest = value.slice(colon + 1);
  const lower = kind.toLowerCase();
  if (lower === 'user') return rest ? { kind: 'User', name: rest } : undefined;
  if (lower === 'group') return rest ? { kind: 'Group', name: rest } : undefined;
  if (lower === 'serviceaccount' || lower === 'sa') {
    const separator = rest.includes('/') ? '/' : ':';
    const [namespace = '', name = '', ...more] = rest.split(separator);
    return namespace && name && more.length === 0 ? { kind: 'ServiceAccount', namespace, name } : undefined;
  }
  return { kind: 'User', name: value };
}
