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
  powerGrants,
  CREATE_POD_OR_CONTROLLER,
  RUN_PODS_AS_ANY_ACCOUNT,
  REPLACE_POD_IMAGES,
  CSR_APPROVE,
  CSR_CREATE,
  SA_TOKEN_CREATE,
  SECRETS_CREATE,
  SECRETS_READ,
  SIGNER_APPROVE_CLIENT,
  podExecPower,
  POD_CONTROLLERS,
  type Target,
} from '../risks/powers.js';
import type { PolicyRule } from '../rules.js';
import { SA_PREFIX, SYSTEM_MASTERS } from '../subjects.js';

/** A rule held by an identity (through a binding) or by whoever holds a role. */
export interface HeldRule {
  readonly rule: PolicyRule;
  readonly role: RoleEntry;
  /** undefined for a rule held through a role node (whoever binds the role). */
  readonly binding: BindingEntry | undefined;
}

/** A role held through a binding (or, for a role node, through none). */
export interface Holding {
  readonly role: RoleEntry;
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
  'replace-pod-images',
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
  /** Whether the API server has constrained impersonation (undefined: it does, as for an unknown version). */
  readonly constrainedImpersonation?: boolean;
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
// A binding, Secret or certificate request of any name serves (a named create is one the role can apply).
const CREATE_CLUSTERROLEBINDINGS: Power = { ...verbOn(['create'], 'clusterrolebindings', true), anyName: true };
const CREATE_ROLEBINDINGS: Power = { ...verbOn(['create'], 'rolebindings', false), anyName: true };
const CREATE_SECRETS: Power = { ...SECRETS_CREATE, anyName: true };
const CREATE_CSRS: Power = { ...CSR_CREATE, anyName: true };
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
const AUTHENTICATION = 'authentication.k8s.io';
// Constrained impersonation: the identity (impersonate:<mode> in authentication.k8s.io) ...
const IMPERSONATE_USERS_AS_USER_INFO: Power = { verbs: ['impersonate:user-info'], targets: [{ group: AUTHENTICATION, resource: 'users', clusterScoped: true }], anyName: true, focus: 'verbs' };
const IMPERSONATE_GROUPS_AS_USER_INFO: Power = { verbs: ['impersonate:user-info'], targets: [{ group: AUTHENTICATION, resource: 'groups', clusterScoped: true }], anyName: true, focus: 'verbs' };
const IMPERSONATE_SAS_AS_SERVICEACCOUNT: Power = { verbs: ['impersonate:serviceaccount'], targets: [{ group: AUTHENTICATION, resource: 'serviceaccounts' }], anyName: true, focus: 'verbs' };
/** ... and the request made as it (impersonate-on:<mode>:<verb>): here, the requests the techniques themselves make. */
const ESCALATION_REQUESTS: readonly Target[] = [
  { group: '', resource: 'pods', verbs: ['create', 'update', 'patch'] },
  ...POD_CONTROLLERS,
  { group: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
  { group: '', resource: 'pods', subresource: 'attach', verbs: ['create'] },
  { group: '', resource: 'serviceaccounts', subresource: 'token', verbs: ['create'] },
  { group: '', resource: 'secrets', verbs: ['get', 'list', 'watch', 'create'] },
  { group: '', resource: 'nodes', subresource: 'proxy', verbs: ['get', 'create'], clusterScoped: true },
  { group: RBAC, resource: 'clusterroles', verbs: ['escalate', 'bind', 'update', 'patch'] },
  { group: RBAC, resource: 'roles', verbs: ['escalate', 'bind', 'update', 'patch'] },
  { group: RBAC, resource: 'clusterrolebindings', verbs: ['create'], clusterScoped: true },
  { group: RBAC, resource: 'rolebindings', verbs: ['create'] },
  { group: 'certificates.k8s.io', resource: 'certificatesigningrequests', verbs: ['create'], clusterScoped: true },
  ...MUTATING_ADMISSION.targets.map((t) => ({ ...t, verbs: ['create', 'update', 'patch'] })),
  { group: '', resource: 'users', verbs: ['impersonate'], clusterScoped: true },
  { group: '', resource: 'groups', verbs: ['impersonate'], clusterScoped: true },
  { group: '', resource: 'serviceaccounts', verbs: ['impersonate'] },
];
const impersonateOn = (mode: string): Power => ({
  verbs: [],
  targets: ESCALATION_REQUESTS.map((t) => ({ ...t, verbs: (t.verbs ?? []).map((v) => `impersonate-on:${mode}:${v}`) })),
  anyName: true,
  focus: 'verbs',
});
const IMPERSONATE_ON_USER_INFO = impersonateOn('user-info');
const IMPERSONATE_ON_SERVICEACCOUNT = impersonateOn('serviceaccount');
const TOKENS: Power = { ...SA_TOKEN_CREATE, anyName: true };
const GET_SECRETS: Power = { verbs: ['get', 'patch'], targets: [{ group: '', resource: 'secrets' }], anyName: true, focus: 'resources' };
const LIST_SECRETS: Power = { verbs: ['list', 'watch', 'deletecollection'], targets: SECRETS_READ.targets, focus: 'resources' };

interface Found {
  readonly held: HeldRule[];
  /** Names the grants are limited to; empty = every object. */
  readonly names: readonly string[];
  readonly unrestricted: boolean;
}

interface RoleFound {
  readonly rules: readonly PolicyRule[];
  readonly names: readonly string[];
  readonly unrestricted: boolean;
}

// Many identities hold the same roles: what a role grants of a power is computed once per scope.
const roleFinds = new WeakMap<RoleEntry, Map<Power, Map<GrantScope, RoleFound | null>>>();

function findInRole(role: RoleEntry, power: Power, scope: GrantScope): RoleFound | null {
  let byPower = roleFinds.get(role);
  if (!byPower) roleFinds.set(role, (byPower = new Map()));
  let byScope = byPower.get(power);
  if (!byScope) byPower.set(power, (byScope = new Map()));
  let found = byScope.get(scope);
  if (found !== undefined) return found;
  const rules: PolicyRule[] = [];
  const grants: PowerGrant[] = [];
  for (const rule of role.rules) {
    const g = powerGrant(rule, power, scope, role.rules);
    if (g) {
      rules.push(rule);
      grants.push(g);
    }
  }
  const unrestricted = grants.some((g) => g.names.length === 0);
  found = grants.length === 0 ? null : { rules, names: unrestricted ? [] : [...new Set(grants.flatMap((g) => g.names))], unrestricted };
  byScope.set(scope, found);
  return found;
}

function find(holdings: readonly Holding[], power: Power, scope: GrantScope): Found | undefined {
  let held: HeldRule[] | undefined;
  let names: Set<string> | undefined;
  let unrestricted = false;
  for (const { role, binding } of holdings) {
    const found = findInRole(role, power, scope);
    if (!found) continue;
    held ??= [];
    for (const rule of found.rules) held.push({ rule, role, binding });
    if (found.unrestricted) unrestricted = true;
    else for (const n of found.names) (names ??= new Set()).add(n);
  }
  if (!held) return undefined;
  return { held, names: unrestricted || !names ? [] : [...names], unrestricted };
}

/** Every power a technique asks about. */
function techniquePowers(getSufficesForExec: boolean): readonly Power[] {
  return [
    RUN_PODS_AS_ANY_ACCOUNT, REPLACE_POD_IMAGES, podExecPower(getSufficesForExec), NODES_PROXY, TOKENS, LIST_SECRETS, GET_SECRETS, CREATE_SECRETS,
    IMPERSONATE_SAS, IMPERSONATE_USERS, IMPERSONATE_GROUPS, IMPERSONATE_SAS_AS_SERVICEACCOUNT, IMPERSONATE_USERS_AS_USER_INFO, IMPERSONATE_GROUPS_AS_USER_INFO,
    IMPERSONATE_ON_SERVICEACCOUNT, IMPERSONATE_ON_USER_INFO, ESCALATE_CLUSTERROLES, UPDATE_CLUSTERROLES, ESCALATE_ROLES, UPDATE_ROLES,
    BIND_CLUSTERROLES, BIND_ROLES, CREATE_CLUSTERROLEBINDINGS, CREATE_ROLEBINDINGS, CREATE_CSRS, CSR_APPROVE, SIGNER_APPROVE_CLIENT, MUTATING_ADMISSION,
  ];
}

const rolePowers = new WeakMap<RoleEntry, Map<string, ReadonlySet<Power>>>();

function powersOfRole(role: RoleEntry, scope: GrantScope, getSufficesForExec: boolean): ReadonlySet<Power> {
  const key = `${scope}\u0000${getSufficesForExec}`;
  let byScope = rolePowers.get(role);
  if (!byScope) rolePowers.set(role, (byScope = new Map()));
  let powers = byScope.get(key);
  if (!powers) byScope.set(key, (powers = new Set(techniquePowers(getSufficesForExec).filter((p) => findInRole(role, p, scope) !== null))));
  return powers;
}

/** The powers some held role grants at the scope: the techniques need look no further than these. */
export function grantedPowers(holdings: readonly Holding[], scope: GrantScope, getSufficesForExec: boolean): Set<Power> {
  const out = new Set<Power>();
  for (const { role } of holdings) for (const p of powersOfRole(role, scope, getSufficesForExec)) out.add(p);
  return out;
}

const everythingRules = new WeakMap<RoleEntry, readonly PolicyRule[]>();

function holdsEverything(holdings: readonly Holding[]): HeldRule[] {
  return holdings.flatMap(({ role, binding }) => {
    let rules = everythingRules.get(role);
    if (!rules) everythingRules.set(role, (rules = role.rules.filter(grantsEverything)));
    return rules.map((rule) => ({ rule, role, binding }));
  });
}

const everywhere = (scope: string) => scope === '' || scope === '*';
const where = (scope: string) => (everywhere(scope) ? 'in every namespace' : `in namespace ${scope}`);
const hub = (scope: string) => (everywhere(scope) ? '*' : scope);

const singleRoleHits = new WeakMap<World, WeakMap<RoleEntry, Map<string, Hit[]>>>();

/** The techniques of one role (the common case), computed once per role and scope, then given the holder's binding. */
function singleRole(holding: Holding, scope: string, world: World): Hit[] {
  let byRole = singleRoleHits.get(world);
  if (!byRole) singleRoleHits.set(world, (byRole = new WeakMap()));
  let byScope = byRole.get(holding.role);
  if (!byScope) byRole.set(holding.role, (byScope = new Map()));
  let hits = byScope.get(scope);
  if (!hits) byScope.set(scope, (hits = computeTechniques([{ role: holding.role, binding: undefined }], scope, world)));
  if (holding.binding === undefined) return hits;
  const binding = holding.binding;
  return hits.map((h) => ({ ...h, evidence: h.evidence.map((e) => ({ ...e, binding })) }));
}

/** Every technique the rules allow at `scope` ('' = cluster-wide, '*' = in every namespace). */
export function techniques(rules: readonly Holding[], scope: string, world: World): Hit[] {
  const s: GrantScope = scope === '' ? 'cluster' : 'namespace';
  const everything = scope === '' ? holdsEverything(rules) : [];
  // Roles that grant none of the techniques' powers cannot take part in any: leave them out.
  const relevant = rules.filter((h) => powersOfRole(h.role, s, world.getSufficesForExec).size > 0);
  if (relevant.length === 0 && everything.length === 0) return [];
  const [only] = relevant;
  if (only && relevant.length === 1 && everything.length === 0) return singleRole(only, scope, world);
  return computeTechniques(relevant, scope, world, everything);
}

function computeTechniques(relevant: readonly Holding[], scope: string, world: World, everything: HeldRule[] = []): Hit[] {
  const s: GrantScope = scope === '' ? 'cluster' : 'namespace';
  const hits: Hit[] = [];
  const available = grantedPowers(relevant, s, world.getSufficesForExec);
  const f: Finder = (power) => (available.has(power) ? find(relevant, power, s) : undefined);
  const add = (technique: Technique, to: Destination, action: string, ...evidence: (Found | HeldRule[] | undefined)[]) => {
    const held = evidence.flatMap((e) => (e === undefined ? [] : Array.isArray(e) ? e : e.held));
    // The same rule can serve several parts of a technique (bind and create in one rule): list it once.
    const unique = held.filter((h, i) => held.findIndex((o) => o.rule === h.rule && o.binding === h.binding) === i);
    hits.push({ technique, to, action, evidence: unique });
  };

  if (scope === '') {
    if (everything.length > 0) add('holds-everything', { kind: 'cluster-admin' }, "holds every permission ('*' on '*') cluster-wide", everything);
  }

  const pods = f(RUN_PODS_AS_ANY_ACCOUNT);
  if (pods) {
    const creates = pods.held.some((h) => powerGrants([h.rule], CREATE_POD_OR_CONTROLLER, s).length > 0);
    const action = creates ? 'creates pods or pod controllers' : 'rewrites the pod templates of existing pod controllers';
    add('create-pods', { kind: 'namespace', namespace: hub(scope) }, `${action} ${where(scope)}`, pods);
  }
  // Running pods as any account already covers the accounts of the pods that run.
  const images = pods ? undefined : f(REPLACE_POD_IMAGES);
  if (images) add('replace-pod-images', { kind: 'pods', namespace: hub(scope) }, `replaces the images of running pods ${where(scope)}`, images);

  const exec = f(podExecPower(world.getSufficesForExec));
  if (exec) add('exec-pods', { kind: 'pods', namespace: hub(scope) }, `execs into pods ${where(scope)}`, exec);

  if (scope === '') {
    const proxy = f(NODES_PROXY);
    if (proxy) add('nodes-proxy', { kind: 'pods', namespace: '*' }, "reaches every kubelet through nodes/proxy and runs commands in any pod", proxy);
  }

  const tokens = f(TOKENS);
  if (tokens?.unrestricted) add('create-token', { kind: 'namespace', namespace: hub(scope) }, `creates tokens for any ServiceAccount ${where(scope)} (serviceaccounts/token)`, tokens);
  else if (tokens) {
    for (const name of tokens.names) {
      for (const namespace of everywhere(scope) ? world.namespacesWithServiceAccount(name) : [scope]) {
        add('create-token', { kind: 'ServiceAccount', namespace, name }, `creates tokens for ServiceAccount ${namespace}/${name}`, tokens);
      }
    }
  }

  secretTechniques(f, scope, world, add);
  impersonation(f, scope, world, add);
  escalation(f, scope, world, add);

  if (scope === '') {
    const csr = f(CREATE_CSRS);
    const approve = f(CSR_APPROVE);
    const signer = f(SIGNER_APPROVE_CLIENT);
    if (csr && approve && signer) {
      add('issue-certificate', { kind: 'cluster-admin' }, 'creates and approves a client certificate request for the system:masters group (kubernetes.io/kube-apiserver-client signer)', csr, approve, signer);
    }
    const mutating = f(MUTATING_ADMISSION);
    if (mutating) add('mutating-admission', { kind: 'namespace', namespace: '*' }, 'registers or changes a mutating admission webhook or policy, which can rewrite new pods of any namespace', mutating);
  }
  return hits;
}

type Finder = (power: Power) => Found | undefined;

type Add = (technique: Technique, to: Destination, action: string, ...evidence: (Found | HeldRule[] | undefined)[]) => void;

function secretTechniques(f: Finder, scope: string, world: World, add: Add): void {
  const list = f(LIST_SECRETS);
  const get = f(GET_SECRETS);
  const create = f(CREATE_SECRETS);
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

function impersonation(f: Finder, scope: string, world: World, add: Add): void {
  if (world.constrainedImpersonation !== false) constrainedImpersonation(f, scope, world, add);
  const sas = f(IMPERSONATE_SAS);
  if (sas?.unrestricted) add('impersonate', { kind: 'namespace', namespace: hub(scope) }, `impersonates any ServiceAccount ${where(scope)}`, sas);
  else if (sas) {
    for (const name of sas.names) {
      for (const namespace of everywhere(scope) ? world.namespacesWithServiceAccount(name) : [scope]) {
        add('impersonate', { kind: 'ServiceAccount', namespace, name }, `impersonates ServiceAccount ${namespace}/${name}`, sas);
      }
    }
  }
  if (scope !== '') return;
  const users = f(IMPERSONATE_USERS);
  const groups = f(IMPERSONATE_GROUPS);
  // Impersonating a group needs a user to impersonate too (Impersonate-Group needs Impersonate-User).
  if (groups && (users || sas)) {
    const masters = groups.unrestricted || groups.names.includes('system:masters');
    if (masters) add('impersonate', { kind: 'cluster-admin' }, 'impersonates the system:masters group', users ?? sas, groups);
    else for (const name of groups.names) add('impersonate', { kind: 'Group', name }, `impersonates the group ${name}`, users ?? sas, groups);
  }
  if (users?.unrestricted) add('impersonate', { kind: 'User', name: '*' }, 'impersonates any user', users);
  else for (const name of users?.names ?? []) add('impersonate', { kind: 'User', name }, `impersonates user ${name}`, users);
}

/**
 * Constrained impersonation: the identity through impersonate:<mode>, the request through
 * impersonate-on:<mode>:<verb>. A step needs both; the holder then acts as the identity only for
 * the requests its impersonate-on rules allow, which the step counts when they include one of the
 * requests the techniques make (an upper bound: the next step is not checked against them).
 */
function constrainedImpersonation(f: Finder, scope: string, world: World, add: Add): void {
  const limited = (mode: string) => ` (constrained impersonation, for the requests its impersonate-on:${mode}:<verb> rules allow)`;
  const onSas = f(IMPERSONATE_ON_SERVICEACCOUNT);
  const sas = onSas && f(IMPERSONATE_SAS_AS_SERVICEACCOUNT);
  if (onSas && sas?.unrestricted) add('impersonate', { kind: 'namespace', namespace: hub(scope) }, `impersonates any ServiceAccount ${where(scope)}${limited('serviceaccount')}`, sas, onSas);
  else if (onSas && sas) {
    for (const name of sas.names) {
      for (const namespace of everywhere(scope) ? world.namespacesWithServiceAccount(name) : [scope]) {
        add('impersonate', { kind: 'ServiceAccount', namespace, name }, `impersonates ServiceAccount ${namespace}/${name}${limited('serviceaccount')}`, sas, onSas);
      }
    }
  }
  if (scope !== '') return;
  const on = f(IMPERSONATE_ON_USER_INFO);
  const users = on && f(IMPERSONATE_USERS_AS_USER_INFO);
  if (!on || !users) return;
  // The user-info mode cannot reach ServiceAccounts and nodes, nor the group system:masters.
  const userInfoUser = (name: string) => !name.startsWith(SA_PREFIX) && !name.startsWith('system:node:');
  if (users.unrestricted) add('impersonate', { kind: 'User', name: '*' }, `impersonates any user${limited('user-info')}`, users, on);
  else for (const name of users.names.filter(userInfoUser)) add('impersonate', { kind: 'User', name }, `impersonates user ${name}${limited('user-info')}`, users, on);
  const groups = f(IMPERSONATE_GROUPS_AS_USER_INFO);
  if (!groups || (!users.unrestricted && !users.names.some(userInfoUser))) return;
  if (groups.unrestricted) add('impersonate', { kind: 'Group', name: '*' }, `impersonates any group but system:masters${limited('user-info')}`, users, groups, on);
  else for (const name of groups.names.filter((n) => n !== SYSTEM_MASTERS)) add('impersonate', { kind: 'Group', name }, `impersonates the group ${name}${limited('user-info')}`, users, groups, on);
}

function escalation(f: Finder, scope: string, world: World, add: Add): void {
  if (scope === '') {
    const escalate = f(ESCALATE_CLUSTERROLES);
    const update = f(UPDATE_CLUSTERROLES);
    if (escalate && update) add('escalate', { kind: 'cluster-admin' }, 'escalates: adds any permission to a ClusterRole it can update (escalate and update on clusterroles)', escalate, update);
  }
  const escalateRoles = f(ESCALATE_ROLES);
  const updateRoles = f(UPDATE_ROLES);
  if (escalateRoles && updateRoles) add('escalate', { kind: 'namespace', namespace: hub(scope) }, `escalates: adds any permission to a Role it can update ${where(scope)}`, escalateRoles, updateRoles);

  const bindClusterRoles = f(BIND_CLUSTERROLES);
  const bindRoles = f(BIND_ROLES);
  const createCrb = scope === '' ? f(CREATE_CLUSTERROLEBINDINGS) : undefined;
  const createRb = f(CREATE_ROLEBINDINGS);
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
