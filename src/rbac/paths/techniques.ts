/*
 * How one set of permissions becomes another identity: each technique is a combination of
 * permissions (decided with the exact rule matcher) and where it leads. A scope is '' for
 * permissions held cluster-wide (ClusterRoleBindings), a namespace (its RoleBindings, plus the
 * cluster-wide ones, which apply there too), or '*' for a role held through RoleBindings in every
 * namespace (namespaced permissions everywhere, no cluster-scoped ones).
 */
import type { BindingEntry, RoleEntry } from '../model.js';
import { grantsEverything } from '../risks/account-powers.js';
import {
  ADMISSION_CONFIG_WRITE,
  type GrantScope,
  NODES_PROXY,
  type Power,
  type PowerGrant,
  powerGrant,
  CREATE_PODS,
  CSR_APPROVE,
  CSR_CREATE,
  SA_TOKEN_CREATE,
  SECRETS_CREATE,
  SECRETS_READ,
  SIGNER_APPROVE_CLIENT,
  podExecPower,
} from '../risks/powers.js';
import type { PolicyRule } from '../rules.js';

/** A rule held by an identity (through a binding) or by whoever holds a role. */
export interface HeldRule {
  readonly rule: PolicyRule;
  readonly role: RoleEntry;
  /** undefined for a rule held through a role node (whoever binds the role). */
  readonly binding: BindingEntry | undefined;
}

/** Where a technique leads. */
export type Destination =
  | { readonly kind: 'cluster-admin' }
  /** Run code as any ServiceAccount of a namespace ('*': of every namespace). */
  | { readonly kind: 'namespace'; readonly namespace: string }
  /** Run code in the existing pods of a namespace ('*': of every namespace). */
  | { readonly kind: 'pods'; readonly namespace: string }
  | { readonly kind: 'ServiceAccount'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'User'; readonly name: string }
  | { readonly kind: 'Group'; readonly name: string }
  /** Whoever holds a role at a scope. */
  | { readonly kind: 'role'; readonly role: RoleEntry; readonly namespace: string };

export const TECHNIQUES = [
  'holds-everything',
  'system-masters',
  'create-pods',
  'exec-pods',
  'nodes-proxy',
  'create-token',
  'read-token-secret',
  'create-token-secret',
  'impersonate',
  'escalate',
  'bind',
  'issue-certificate',
  'mutating-admission',
  'run-as',
  'exec-into',
] as const;
export type Technique = (typeof TECHNIQUES)[number];

export interface Hit {
  readonly technique: Technique;
  readonly to: Destination;
  /** What the holder does, e.g. `create pods in namespace shop`. */
  readonly action: string;
  readonly evidence: readonly HeldRule[];
}

/** Facts about the cluster the techniques need. */
export interface World {
  /** ServiceAccounts with a legacy token Secret in the input, by namespace: account name → Secret names. */
  readonly tokenSecrets: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Namespaces that hold a ServiceAccount of this name. */
  namespacesWithServiceAccount(name: string): readonly string[];
  /** The Roles of a namespace (of every namespace when undefined), for bind on roles. */
  roles(namespace: string | undefined): readonly RoleEntry[];
  clusterRole(name: string): RoleEntry | undefined;
  readonly getSufficesForExec: boolean;
}

const RBAC = 'rbac.authorization.k8s.io';
const verbOn = (verbs: readonly string[], resource: string, clusterScoped: boolean, subresource?: string): Power => ({
  verbs,
  targets: [{ group: RBAC, resource, clusterScoped, ...(subresource ? { subresource } : {}) }],
  focus: 'verbs',
});
const ESCALATE_CLUSTERROLES = verbOn(['escalate'], 'clusterroles', true);
const ESCALATE_ROLES = verbOn(['escalate'], 'roles', false);
const UPDATE_CLUSTERROLES: Power = { ...verbOn(['update', 'patch'], 'clusterroles', true), anyName: true };
const UPDATE_ROLES: Power = { ...verbOn(['update', 'patch'], 'roles', false), anyName: true };
const CREATE_CLUSTERROLEBINDINGS = verbOn(['create'], 'clusterrolebindings', true);
const CREATE_ROLEBINDINGS = verbOn(['create'], 'rolebindings', false);
const BIND_CLUSTERROLES: Power = { ...verbOn(['bind'], 'clusterroles', false), anyName: true };
const BIND_ROLES: Power = { ...verbOn(['bind'], 'roles', false), anyName: true };
const MUTATING_ADMISSION: Power = {
  verbs: ['create', 'update', 'patch'],
  targets: ADMISSION_CONFIG_WRITE.targets.filter((t) => t.resource.startsWith('mutating')),
  focus: 'resources',
};
const IMPERSONATE_USERS: Power = { verbs: ['impersonate'], targets: [{ group: '', resource: 'users', clusterScoped: true }], anyName: true, focus: 'verbs' };
const IMPERSONATE_GROUPS: Power = { verbs: ['impersonate'], targets: [{ group: '', resource: 'groups', clusterScoped: true }], anyName: true, focus: 'verbs' };
const IMPERSONATE_SAS: Power = { verbs: ['impersonate'], targets: [{ group: '', resource: 'serviceaccounts' }], anyName: true, focus: 'verbs' };
const TOKENS: Power = { ...SA_TOKEN_CREATE, anyName: true };
const GET_SECRETS: Power = { verbs: ['get'], targets: [{ group: '', resource: 'secrets' }], anyName: true, focus: 'resources' };
const LIST_SECRETS: Power = { verbs: ['list', 'watch'], targets: SECRETS_READ.targets, focus: 'resources' };

interface Found {
  readonly held: HeldRule[];
  /** Names the grants are limited to; empty = every object. */
  readonly names: readonly string[];
  readonly unrestricted: boolean;
}

function find(rules: readonly HeldRule[], power: Power, scope: GrantScope): Found | undefined {
  const held: HeldRule[] = [];
  const grants: PowerGrant[] = [];
  for (const h of rules) {
    const g = powerGrant(h.rule, power, scope);
    if (g) {
      held.push(h);
      grants.push(g);
    }
  }
  if (grants.length === 0) return undefined;
  const unrestricted = grants.some((g) => g.names.length === 0);
  return { held, names: unrestricted ? [] : [...new Set(grants.flatMap((g) => g.names))], unrestricted };
}

const everywhere = (scope: string) => scope === '' || scope === '*';
const where = (scope: string) => (everywhere(scope) ? 'in every namespace' : `in namespace ${scope}`);
const hub = (scope: string) => (everywhere(scope) ? '*' : scope);

/** Every technique the rules allow at `scope` ('' = cluster-wide, '*' = in every namespace). */
export function techniques(rules: readonly HeldRule[], scope: string, world: World): Hit[] {
  const s: GrantScope = scope === '' ? 'cluster' : 'namespace';
  const hits: Hit[] = [];
  const add = (technique: Technique, to: Destination, action: string, ...evidence: (Found | HeldRule[] | undefined)[]) => {
    const held = evidence.flatMap((e) => (e === undefined ? [] : Array.isArray(e) ? e : e.held));
    hits.push({ technique, to, action, evidence: [...new Set(held)] });
  };

  if (scope === '') {
    const everything = rules.filter((h) => grantsEverything(h.rule));
    if (everything.length > 0) add('holds-everything', { kind: 'cluster-admin' }, "holds every permission ('*' on '*') cluster-wide", everything);
  }

  const pods = find(rules, CREATE_PODS, s);
  if (pods) add('create-pods', { kind: 'namespace', namespace: hub(scope) }, `creates pods or pod controllers ${where(scope)}`, pods);

  const exec = find(rules, podExecPower(world.getSufficesForExec), s);
  if (exec) add('exec-pods', { kind: 'pods', namespace: hub(scope) }, `execs into pods ${where(scope)}`, exec);

  if (scope === '') {
    const proxy = find(rules, NODES_PROXY, 'cluster');
    if (proxy) add('nodes-proxy', { kind: 'pods', namespace: '*' }, "reaches every kubelet through nodes/proxy and runs commands in any pod", proxy);
  }

  const tokens = find(rules, TOKENS, s);
  if (tokens?.unrestricted) add('create-token', { kind: 'namespace', namespace: hub(scope) }, `creates tokens for any ServiceAccount ${where(scope)} (serviceaccounts/token)`, tokens);
  else if (tokens) {
    for (const name of tokens.names) {
      for (const namespace of everywhere(scope) ? world.namespacesWithServiceAccount(name) : [scope]) {
        add('create-token', { kind: 'ServiceAccount', namespace, name }, `creates tokens for ServiceAccount ${namespace}/${name}`, tokens);
      }
    }
  }

  secretTechniques(rules, scope, s, world, add);
  impersonation(rules, scope, s, world, add);
  escalation(rules, scope, s, world, add);

  if (scope === '') {
    const csr = find(rules, CSR_CREATE, 'cluster');
    const approve = find(rules, CSR_APPROVE, 'cluster');
    const signer = find(rules, SIGNER_APPROVE_CLIENT, 'cluster');
    if (csr && approve && signer) {
      add('issue-certificate', { kind: 'cluster-admin' }, 'creates and approves a client certificate request for the system:masters group (kubernetes.io/kube-apiserver-client signer)', csr, approve, signer);
    }
    const mutating = find(rules, MUTATING_ADMISSION, 'cluster');
    if (mutating) add('mutating-admission', { kind: 'namespace', namespace: '*' }, 'registers a mutating admission webhook or policy that rewrites new pods of any namespace', mutating);
  }
  return hits;
}

type Add = (technique: Technique, to: Destination, action: string, ...evidence: (Found | HeldRule[] | undefined)[]) => void;

function secretTechniques(rules: readonly HeldRule[], scope: string, s: GrantScope, world: World, add: Add): void {
  const list = find(rules, LIST_SECRETS, s);
  const get = find(rules, GET_SECRETS, s);
  const create = find(rules, SECRETS_CREATE, s);
  if (create && get?.unrestricted) {
    add('create-token-secret', { kind: 'namespace', namespace: hub(scope) }, `creates a kubernetes.io/service-account-token Secret for any ServiceAccount ${where(scope)} and reads its token`, create, get);
  }
  if (!list && !get) return;
  const namespaces = everywhere(scope) ? [...world.tokenSecrets.keys()] : [scope];
  for (const namespace of namespaces) {
    for (const [account, secrets] of world.tokenSecrets.get(namespace) ?? []) {
      const readable = list ? secrets : secrets.filter((secret) => get?.unrestricted || get?.names.includes(secret));
      const [secret] = readable;
      if (secret === undefined) continue;
      add('read-token-secret', { kind: 'ServiceAccount', namespace, name: account }, `reads the token Secret ${namespace}/${secret} of ServiceAccount ${namespace}/${account}`, list ?? get);
    }
  }
}

function impersonation(rules: readonly HeldRule[], scope: string, s: GrantScope, world: World, add: Add): void {
  const sas = find(rules, IMPERSONATE_SAS, s);
  if (sas?.unrestricted) add('impersonate', { kind: 'namespace', namespace: hub(scope) }, `impersonates any ServiceAccount ${where(scope)}`, sas);
  else if (sas) {
    for (const name of sas.names) {
      for (const namespace of everywhere(scope) ? world.namespacesWithServiceAccount(name) : [scope]) {
        add('impersonate', { kind: 'ServiceAccount', namespace, name }, `impersonates ServiceAccount ${namespace}/${name}`, sas);
      }
    }
  }
  if (scope !== '') return;
  const users = find(rules, IMPERSONATE_USERS, s);
  const groups = find(rules, IMPERSONATE_GROUPS, s);
  // Impersonating a group needs a user to impersonate too (Impersonate-Group needs Impersonate-User).
  if (groups && (users || sas)) {
    const masters = groups.unrestricted || groups.names.includes('system:masters');
    if (masters) add('impersonate', { kind: 'cluster-admin' }, 'impersonates the system:masters group', users ?? sas, groups);
    else for (const name of groups.names) add('impersonate', { kind: 'Group', name }, `impersonates the group ${name}`, users ?? sas, groups);
  }
  if (users?.unrestricted) add('impersonate', { kind: 'User', name: '*' }, 'impersonates any user', users);
  else for (const name of users?.names ?? []) add('impersonate', { kind: 'User', name }, `impersonates user ${name}`, users);
}

function escalation(rules: readonly HeldRule[], scope: string, s: GrantScope, world: World, add: Add): void {
  if (scope === '') {
    const escalate = find(rules, ESCALATE_CLUSTERROLES, s);
    const update = find(rules, UPDATE_CLUSTERROLES, s);
    if (escalate && update) add('escalate', { kind: 'cluster-admin' }, 'escalates: adds any permission to a ClusterRole it can update (escalate and update on clusterroles)', escalate, update);
  }
  const escalateRoles = find(rules, ESCALATE_ROLES, s);
  const updateRoles = find(rules, UPDATE_ROLES, s);
  if (escalateRoles && updateRoles) add('escalate', { kind: 'namespace', namespace: hub(scope) }, `escalates: adds any permission to a Role it can update ${where(scope)}`, escalateRoles, updateRoles);

  const bindClusterRoles = find(rules, BIND_CLUSTERROLES, s);
  const bindRoles = find(rules, BIND_ROLES, s);
  const createCrb = scope === '' ? find(rules, CREATE_CLUSTERROLEBINDINGS, s) : undefined;
  const createRb = find(rules, CREATE_ROLEBINDINGS, s);
  if (bindClusterRoles && createCrb) {
    if (bindClusterRoles.unrestricted || bindClusterRoles.names.includes('cluster-admin')) {
      add('bind', { kind: 'cluster-admin' }, 'binds itself to cluster-admin (bind on clusterroles, create on clusterrolebindings)', bindClusterRoles, createCrb);
    } else {
      for (const name of bindClusterRoles.names) {
        const role = world.clusterRole(name);
        if (role) add('bind', { kind: 'role', role, namespace: '' }, `binds itself to ClusterRole ${name} cluster-wide`, bindClusterRoles, createCrb);
      }
    }
  }
  if (bindClusterRoles && createRb) {
    if (bindClusterRoles.unrestricted || bindClusterRoles.names.includes('cluster-admin')) {
      add('bind', { kind: 'namespace', namespace: hub(scope) }, `binds itself to cluster-admin ${where(scope)} (a RoleBinding)`, bindClusterRoles, createRb);
    } else {
      for (const name of bindClusterRoles.names) {
        const role = world.clusterRole(name);
        if (role) add('bind', { kind: 'role', role, namespace: hub(scope) }, `binds itself to ClusterRole ${name} ${where(scope)} (RoleBindings)`, bindClusterRoles, createRb);
      }
    }
  }
  if (bindRoles && createRb) {
    for (const role of world.roles(everywhere(scope) ? undefined : scope)) {
      if (bindRoles.unrestricted || bindRoles.names.includes(role.name)) {
        add('bind', { kind: 'role', role, namespace: role.namespace }, `binds itself to Role ${role.namespace}/${role.name}`, bindRoles, createRb);
      }
    }
  }
}
