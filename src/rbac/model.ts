/*
 * The RBAC state of a cluster as the API server's authorizer sees it: Roles, ClusterRoles (with
 * aggregated ClusterRoles filled as the aggregation controller does), RoleBindings and
 * ClusterRoleBindings, from the input objects plus, by default, Kubernetes' bootstrap policy.
 * A cluster holds one object per kind, namespace and name: the first copy in the input wins, and
 * an input object replaces the bootstrap object of the same name. Objects the API server refuses
 * are left out, and kept apart with the reasons.
 */
import { asArray, asRecord, asString } from '../k8s/access.js';
import { isClusterScopedKind } from '../k8s/kind-groups.js';
import { amongNearest, fileOfObject, nearestCopy } from '../k8s/nearest-copy.js';
import { type K8sObject, namespaceOrDefault } from '../k8s/object.js';
import { type LabelSelector, matchesSelector, parseLabelSelector } from '../k8s/selectors.js';
import { compareGo } from '../pss/go.js';
import { bindingErrors, type FieldError } from './binding-validation.js';
import { bootstrapObjects } from './bootstrap.js';
import { roleErrors } from './role-validation.js';
import { type PolicyRule, parseRules, ruleKey, sameRule } from './rules.js';
import { type Principal, principalKey, principalOf, SUBJECT_KINDS, type Subject, serviceAccountUsername, subjectsOf, type UserInfo } from './subjects.js';

/** A principal with its map key and its sort key (users, then groups, then ServiceAccounts by namespace and name). */
export type KeyedPrincipal = Principal & { readonly key: string; readonly sortKey: string };

const KIND_RANK: Readonly<Record<string, string>> = Object.fromEntries(SUBJECT_KINDS.map((k, i) => [k, String(i)]));

export function keyed(p: Principal): KeyedPrincipal {
  const namespace = p.namespace ?? '';
  const key = principalKey(p);
  const sortKey = `${KIND_RANK[p.kind] ?? '9'}\u0000${namespace}\u0000${p.name}`;
  return p.kind === 'ServiceAccount' ? { kind: p.kind, name: p.name, namespace, key, sortKey } : { kind: p.kind, name: p.name, key, sortKey };
}

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface RbacOptions {
  /** Add Kubernetes' bootstrap roles and bindings (cluster-admin, admin, edit, view, system:*). */
  readonly defaults: boolean;
}

export interface RoleEntry {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  /** '' for a ClusterRole. */
  readonly namespace: string;
  readonly object: K8sObject;
  /** Read from the bootstrap policy data, not from the input. */
  readonly bootstrap: boolean;
  /** The rules written in the object. */
  readonly ownRules: readonly PolicyRule[];
  /** The aggregationRule's selectors, for an aggregated ClusterRole. */
  readonly aggregation: readonly LabelSelector[] | undefined;
  /** The rules the authorizer uses: the own rules, or for an aggregated ClusterRole the aggregated ones. */
  readonly rules: readonly PolicyRule[];
}

export interface RoleRef {
  readonly kind: string;
  readonly name: string;
}

export interface BindingEntry {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** '' for a ClusterRoleBinding. */
  readonly namespace: string;
  readonly object: K8sObject;
  /** Read from the bootstrap policy data, not from the input. */
  readonly bootstrap: boolean;
  /** The bootstrap policy's, from the data or from the input (a cluster dump holds them too). */
  readonly builtIn: boolean;
  /** undefined when the manifest has none the API server would accept. */
  readonly roleRef: RoleRef | undefined;
  readonly subjects: readonly Subject[];
  /** What each subject stands for (undefined: nobody), with its key: computed once, queries read them often. */
  readonly principals: readonly (KeyedPrincipal | undefined)[];
  /** Position in the model, for a stable order. */
  readonly order: number;
}

/** A role or binding of the input the API server refuses, and why: it never exists in a cluster. */
export interface RejectedObject {
  readonly object: K8sObject;
  readonly errors: readonly FieldError[];
}

/** A binding subject that names a requester: the binding, and which subject. */
export interface SubjectRef {
  readonly binding: BindingEntry;
  readonly subject: number;
}

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);

/** ClusterRoles the API server creates and reconciles itself. */
export const BUILTIN_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * One of the API server's own default roles and bindings as it appears in a cluster dump (label
 * `kubernetes.io/bootstrapping: rbac-defaults` and a `system:` or built-in name). A custom name
 * with that label is not.
 */
export function isBootstrapPolicy(object: K8sObject): boolean {
  if (object.labels['kubernetes.io/bootstrapping'] !== 'rbac-defaults') return false;
  return object.name.startsWith('system:') || BUILTIN_CLUSTER_ROLES.has(object.name);
}

/**
 * The bootstrap binding the API server keeps in place of this one: the bootstrap policy's binding
 * of the same kind, namespace and name, with the same roleRef. The API server reconciles it at
 * start-up by adding the subjects it lacks and removing none, so subjects added to it stay; a
 * `system:` binding the policy does not define is not reconciled at all.
 */
export function bootstrapBindingFor(binding: K8sObject): K8sObject | undefined {
  const found = bootstrapBindingNamed(binding);
  const ref = roleRefOf(binding);
  const expected = found && roleRefOf(found);
  return ref && expected && ref.kind === expected.kind && ref.name === expected.name ? found : undefined;
}

/**
 * The bootstrap policy's binding of the same kind, namespace and name, whatever its roleRef. The
 * API server replaces such a binding with its own when the roleRef differs, unless the binding is
 * annotated `rbac.authorization.kubernetes.io/autoupdate: "false"`.
 */
export function bootstrapBindingNamed(binding: K8sObject): K8sObject | undefined {
  if (!BINDING_KINDS.has(binding.kind) || binding.group !== RBAC_GROUP) return undefined;
  bootstrapBindings ??= new Map(bootstrapObjects().filter((o) => isRbacObject(o) && BINDING_KINDS.has(o.kind)).map((o) => [bindingKey(o), o]));
  return bootstrapBindings.get(bindingKey(binding));
}

let bootstrapBindings: ReadonlyMap<string, K8sObject> | undefined;

const bindingKey = (o: K8sObject) => `${o.kind}\u0000${namespaceOf(o)}\u0000${o.name}`;

/**
 * Whether a binding's subject is one the API server puts there itself (its bootstrap binding of
 * that name has it): the binding rules judge every other subject, including those added to a
 * bootstrap binding.
 */
export function isDefaultSubject(binding: K8sObject, subject: Subject): boolean {
  const expected = bootstrapBindingFor(binding);
  if (!expected) return false;
  const namespace = namespaceOf(binding);
  const p = principalOf(subject, namespace);
  if (!p) return false;
  const k = principalKey(p);
  return subjectsOf(expected).some((s) => {
    const q = principalOf(s, namespace);
    return q !== undefined && principalKey(q) === k;
  });
}

export const isRbacObject = (o: K8sObject) => o.group === RBAC_GROUP && (ROLE_KINDS.has(o.kind) || BINDING_KINDS.has(o.kind));

/** The namespace an object lands in: its own, else its chart's release namespace, else `default`; '' for cluster-scoped kinds. */
function namespaceOf(o: K8sObject): string {
  return isClusterScopedKind(o.kind) ? '' : namespaceOrDefault(o);
}

export function roleRefOf(binding: K8sObject): RoleRef | undefined {
  const ref = asRecord(binding.body.roleRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  const group = asString(ref?.apiGroup);
  // The API server defaults an empty group to rbac.authorization.k8s.io and refuses any other group
  // (or a roleRef without kind and name): such a binding never exists.
  if (!kind || !name || (group !== undefined && group !== '' && group !== RBAC_GROUP)) return undefined;
  return { kind, name };
}

function aggregationOf(role: K8sObject): LabelSelector[] | undefined {
  if (role.kind !== 'ClusterRole') return undefined;
  const rule = asRecord(role.body.aggregationRule);
  if (!rule) return undefined;
  return asArray(rule.clusterRoleSelectors).map(parseLabelSelector);
}

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;

export class RbacModel {
  readonly roles = new Map<string, RoleEntry>();
  private readonly clusterRoleMap = new Map<string, RoleEntry>();
  readonly clusterRoleBindings: BindingEntry[] = [];
  readonly roleBindings = new Map<string, BindingEntry[]>();
  /** Every binding, input and bootstrap, in order. */
  readonly bindings: BindingEntry[] = [];
  /**
   * The input's roles and bindings the API server refuses, in input order: they are in none of the
   * lists above and grant nothing (a binding to a refused role refers to a missing role).
   */
  readonly rejected: RejectedObject[] = [];
  private readonly byUserName = new Map<string, SubjectRef[]>();
  private readonly byGroup = new Map<string, SubjectRef[]>();
  /** Aggregated ClusterRoles need a fixed point over all ClusterRoles; computed on first use. */
  private aggregated = false;
  private readonly aggregatedRoles: RoleEntry[] = [];

  constructor(
    readonly objects: readonly K8sObject[],
    readonly options: RbacOptions,
  ) {
    const add = (o: K8sObject, bootstrap: boolean) => {
      if (!isRbacObject(o)) return;
      if (o.kind === 'Role' || o.kind === 'ClusterRole') this.addRole(o, bootstrap);
      else this.addBinding(o, bootstrap);
    };
    for (const o of objects) add(o, false);
    if (options.defaults) for (const o of bootstrapObjects()) add(o, true);
  }

  private addRole(object: K8sObject, bootstrap: boolean): void {
    const kind = object.kind === 'Role' ? 'Role' : 'ClusterRole';
    const namespace = kind === 'Role' ? namespaceOf(object) : '';
    const map = kind === 'Role' ? this.roles : this.clusterRoleMap;
    const k = key(namespace, object.name);
    if (object.name === '') return;
    // A role the API server refuses (one invalid rule is enough) never exists: it grants nothing
    // and does not replace the bootstrap role of its name.
    const errors = bootstrap ? [] : roleErrors(object);
    if (errors.length > 0) {
      this.rejected.push({ object, errors });
      return;
    }
    const first = map.get(k);
    // An input role replaces the bootstrap one; a second copy in the same file is ignored.
    if (first && (bootstrap || first.object.source.file === object.source.file)) return;
    const ownRules = parseRules(object.body.rules, object);
    const entry: RoleEntry = { kind, name: object.name, namespace, object, bootstrap, ownRules, aggregation: aggregationOf(object), rules: ownRules };
    if (!first) map.set(k, entry);
    else this.otherCopies.set(object, entry);
    push(this.copiesByKey, `${kind}\u0000${k}`, object);
  }

  /**
   * Copies of a role in other files than its first (alternative installs kept side by side in a
   * repository). Authorization goes through `roleOf`, which takes the copy written nearest to the
   * binding (`nearestCopy`); the maps above keep the first copy.
   */
  private readonly otherCopies = new Map<K8sObject, RoleEntry>();
  private readonly copiesByKey = new Map<string, K8sObject[]>();

  private readonly bindingKeys = new Set<string>();
  private readonly bindingFileKeys = new Set<string>();

  private addBinding(object: K8sObject, bootstrap: boolean): void {
    const kind = object.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
    const namespace = kind === 'RoleBinding' ? namespaceOf(object) : '';
    const k = `${kind}\u0000${key(namespace, object.name)}`;
    if (object.name === '') return;
    // A binding the API server refuses (one invalid subject is enough) never exists: it neither
    // grants anything nor replaces the bootstrap binding of its name.
    const errors = bootstrap ? [] : bindingErrors(object);
    if (errors.length > 0) {
      this.rejected.push({ object, errors });
      return;
    }
    // An input binding replaces the bootstrap one. Copies in several files are alternatives the
    // scan cannot choose between, so each counts; a second copy in the same file does not.
    if (bootstrap ? this.bindingKeys.has(k) : this.bindingFileKeys.has(`${k}\u0000${object.source.file}`)) return;
    this.bindingKeys.add(k);
    if (!bootstrap) this.bindingFileKeys.add(`${k}\u0000${object.source.file}`);
    const subjects = subjectsOf(object);
    const principals = subjects.map((s) => {
      const p = s.name === '' ? undefined : principalOf(s, namespace);
      return p ? keyed(p) : undefined;
    });
    const builtIn = bootstrap || isBootstrapPolicy(object);
    const binding: BindingEntry = { kind, name: object.name, namespace, object, bootstrap, builtIn, roleRef: roleRefOf(object), subjects, principals, order: this.bindings.length };
    this.bindings.push(binding);
    if (kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(binding);
    else {
      const list = this.roleBindings.get(namespace);
      if (list) list.push(binding);
      else this.roleBindings.set(namespace, [binding]);
    }
    binding.subjects.forEach((subject, i) => {
      // The API server requires a subject's name; an unnamed one names nobody.
      if (subject.name === '') return;
      const ref = { binding, subject: i };
      if (subject.kind === 'User') push(this.byUserName, subject.name, ref);
      else if (subject.kind === 'Group') push(this.byGroup, subject.name, ref);
      else if (subject.kind === 'ServiceAccount') {
        const ns = subject.namespace ?? namespace;
        if (ns !== '') push(this.byUserName, serviceAccountUsername(ns, subject.name), ref);
      }
    });
  }

  /** The input's bindings the API server refuses. */
  get rejectedBindings(): RejectedObject[] {
    return this.rejected.filter((r) => BINDING_KINDS.has(r.object.kind));
  }

  /** The input's roles the API server refuses. */
  get rejectedRoles(): RejectedObject[] {
    return this.rejected.filter((r) => ROLE_KINDS.has(r.object.kind));
  }

  /**
   * The first refused copy of the role `ref` names for a binding in `namespace` ('' for a
   * ClusterRoleBinding), for saying why a binding refers to a missing role.
   */
  rejectedRole(ref: RoleRef, namespace: string): RejectedObject | undefined {
    if (ref.kind === 'Role' && namespace === '') return undefined;
    return this.rejected.find((r) => r.object.kind === ref.kind && r.object.name === ref.name && (ref.kind === 'ClusterRole' || namespaceOf(r.object) === namespace));
  }

  role(namespace: string, name: string): RoleEntry | undefined {
    return this.roles.get(key(namespace, name));
  }

  clusterRole(name: string): RoleEntry | undefined {
    this.aggregate();
    return this.clusterRoleMap.get(key('', name));
  }

  /** Every ClusterRole, aggregated ones filled, with the copies of other files. */
  clusterRoles(): RoleEntry[] {
    this.aggregate();
    return [...this.clusterRoleMap.values(), ...this.copiesOfKind('ClusterRole')];
  }

  /** Every Role, with the copies of other files. */
  namespacedRoles(): RoleEntry[] {
    return [...this.roles.values(), ...this.copiesOfKind('Role')];
  }

  private copiesOfKind(kind: RoleEntry['kind']): RoleEntry[] {
    return [...this.otherCopies.values()].filter((e) => e.kind === kind);
  }

  /**
   * GetRoleReferenceRules' lookup: a Role in the binding's namespace or a ClusterRole; of several
   * copies in the input, the one written nearest to the binding.
   */
  roleOf(binding: BindingEntry): RoleEntry | undefined {
    return binding.roleRef ? this.roleReferenced(binding.roleRef, binding.namespace, binding.object) : undefined;
  }

  /** The role that a binding in `namespace` ('' for a ClusterRoleBinding), the object `near`, refers to. */
  roleReferenced(ref: RoleRef, namespace: string, near: K8sObject): RoleEntry | undefined {
    if (ref.kind === 'Role') return namespace === '' ? undefined : this.copyNear(this.role(namespace, ref.name), near);
    if (ref.kind === 'ClusterRole') return this.copyNear(this.clusterRole(ref.name), near);
    return undefined;
  }

  /** The model's entry for this role object: its own when it is a copy in another file than the first. */
  entryOf(role: K8sObject): RoleEntry | undefined {
    if (role.kind === 'ClusterRole') this.aggregate();
    const own = this.otherCopies.get(role);
    if (own) return own;
    return role.kind === 'Role' ? this.role(namespaceOf(role), role.name) : role.kind === 'ClusterRole' ? this.clusterRole(role.name) : undefined;
  }

  private copyNear(first: RoleEntry | undefined, near: K8sObject): RoleEntry | undefined {
    if (!first || first.object.source.file === near.source.file) return first;
    const copies = this.copiesByKey.get(`${first.kind}\u0000${key(first.namespace, first.name)}`);
    const copy = copies && copies.length > 1 ? nearestCopy(copies, near.source.file, fileOfObject) : undefined;
    return (copy && this.otherCopies.get(copy)) ?? first;
  }

  /**
   * Whether this copy of a role is, of the role's copies in the input, one written nearest to the
   * file `near` (equally near ones all are): what an object of that file's install sees.
   */
  private nearestFor(role: RoleEntry, near: string): boolean {
    const copies = this.copiesByKey.get(`${role.kind}\u0000${key(role.namespace, role.name)}`);
    return !copies || copies.length < 2 || amongNearest(role.object.source.file, copies.map(fileOfObject), near);
  }

  private rolesByNamespace: Map<string, RoleEntry[]> | undefined;

  /** The Roles of a namespace. */
  rolesIn(namespace: string): readonly RoleEntry[] {
    if (!this.rolesByNamespace) {
      this.rolesByNamespace = new Map();
      for (const role of this.namespacedRoles()) push(this.rolesByNamespace, role.namespace, role);
    }
    return this.rolesByNamespace.get(namespace) ?? [];
  }

  roleBindingsIn(namespace: string): readonly BindingEntry[] {
    return this.roleBindings.get(namespace) ?? [];
  }

  /** Namespaces that hold a Role or RoleBinding. */
  namespaces(): string[] {
    const out = new Set<string>(this.roleBindings.keys());
    for (const role of this.roles.values()) out.add(role.namespace);
    return [...out].sort(compareGo);
  }

  /**
   * The binding subjects that name the requester, ClusterRoleBindings first and then the
   * RoleBindings of `namespace` (none when it is '', all of them when it is null), each in model
   * order: VisitRulesFor's walk.
   */
  bindingsFor(user: UserInfo, namespace: string | null): SubjectRef[] {
    const found = new Map<BindingEntry, number>();
    const consider = (refs: readonly SubjectRef[] | undefined) => {
      for (const ref of refs ?? []) {
        const b = ref.binding;
        if (b.kind === 'RoleBinding' && namespace !== null && b.namespace !== namespace) continue;
        const seen = found.get(b);
        // appliesTo reports the first subject that names the user.
        if (seen === undefined || ref.subject < seen) found.set(b, ref.subject);
      }
    };
    consider(this.byUserName.get(user.name));
    for (const group of user.groups) consider(this.byGroup.get(group));
    const refs = [...found].map(([binding, subject]) => ({ binding, subject }));
    const rank = (b: BindingEntry) => (b.kind === 'ClusterRoleBinding' ? 0 : 1);
    return refs.sort((a, b) => rank(a.binding) - rank(b.binding) || a.binding.order - b.binding.order);
  }

  /** Every binding subject that names this user name (User or ServiceAccount subjects) or group. */
  subjectsNamed(kind: 'user' | 'group', name: string): readonly SubjectRef[] {
    return (kind === 'user' ? this.byUserName : this.byGroup).get(name) ?? [];
  }

  private bindingsByRole: Map<string, BindingEntry[]> | undefined;

  /** The bindings whose roleRef names this role (for a Role, only RoleBindings of its namespace). */
  bindingsTo(role: RoleEntry): readonly BindingEntry[] {
    if (!this.bindingsByRole) {
      this.bindingsByRole = new Map();
      for (const b of this.bindings) {
        const ref = b.roleRef;
        if (!ref || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) continue;
        if (ref.kind === 'Role' && b.kind !== 'RoleBinding') continue;
        push(this.bindingsByRole, `${ref.kind}\u0000${ref.kind === 'Role' ? b.namespace : ''}\u0000${ref.name}`, b);
      }
    }
    const named = this.bindingsByRole.get(`${role.kind}\u0000${role.namespace}\u0000${role.name}`) ?? [];
    const copies = this.copiesByKey.get(`${role.kind}\u0000${key(role.namespace, role.name)}`);
    return copies && copies.length > 1 ? named.filter((b) => this.roleOf(b)?.object === role.object) : named;
  }

  /** The aggregated ClusterRoles this ClusterRole's rules flow into, directly or through others. */
  aggregatedInto(role: RoleEntry): RoleEntry[] {
    if (role.kind !== 'ClusterRole') return [];
    this.aggregate();
    const targets = this.aggregatedRoles;
    if (targets.length === 0) return [];
    const out: RoleEntry[] = [];
    const queue = [role];
    for (let current = queue.shift(); current; current = queue.shift()) {
      const labels = current.object.labels;
      for (const target of targets) {
        if (target.name === role.name || out.includes(target) || target.name === current.name) continue;
        if (!target.bootstrap && !this.nearestFor(current, target.object.source.file)) continue;
        if (target.aggregation?.some((selector) => matchesSelector(selector, labels))) {
          out.push(target);
          queue.push(target);
        }
      }
    }
    return out;
  }

  /**
   * Fills aggregated ClusterRoles as the clusterrole-aggregation controller does: for each
   * selector in order, the ClusterRoles it matches sorted by name (the role itself excluded),
   * their rules appended unless an equal rule is already there. The controller re-syncs whenever
   * a ClusterRole changes, so aggregated roles that aggregate each other settle at a fixed point;
   * it is computed from aggregated roles starting empty (what a fresh cluster converges to).
   * Each copy of an aggregated role (alternative installs side by side) is filled on its own, from
   * the copies of the matching roles written nearest to it.
   */
  private aggregate(): void {
    if (this.aggregated) return;
    this.aggregated = true;
    const all = [...this.clusterRoleMap.values(), ...this.copiesOfKind('ClusterRole')].sort((a, b) => compareGo(a.name, b.name));
    const targets = all.filter((r) => r.aggregation !== undefined);
    if (targets.length === 0) return;
    const rules = new Map<RoleEntry, readonly PolicyRule[]>(all.map((r) => [r, r.aggregation ? [] : r.ownRules]));
    for (let round = 0; round <= targets.length + 1; round++) {
      let changed = false;
      for (const target of targets) {
        const next: PolicyRule[] = [];
        const seen = new Set<string>();
        for (const selector of target.aggregation ?? []) {
          for (const source of all) {
            if (source.name === target.name || !matchesSelector(selector, source.object.labels)) continue;
            // The built-in roles are one for every install: each copy feeds them.
            if (!target.bootstrap && !this.nearestFor(source, target.object.source.file)) continue;
            for (const rule of rules.get(source) ?? []) {
              const k = ruleKey(rule);
              if (seen.has(k)) continue;
              seen.add(k);
              next.push(rule);
            }
          }
        }
        if (!sameRules(next, rules.get(target) ?? [])) {
          rules.set(target, next);
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (const target of targets) {
      const filled = { ...target, rules: rules.get(target) ?? [] };
      if (this.otherCopies.has(target.object)) this.otherCopies.set(target.object, filled);
      else this.clusterRoleMap.set(key('', target.name), filled);
      this.aggregatedRoles.push(filled);
    }
  }
}

/**
 * The bindings with each binding's copies in other files (alternative installs side by side)
 * reduced to one, the copy written nearest to `near` (`nearestCopy`). For what is said of one
 * object, so that a binding copied into three files is not counted three times.
 */
export function nearestCopies(bindings: readonly BindingEntry[], near: K8sObject): BindingEntry[] {
  const byIdentity = new Map<string, BindingEntry[]>();
  for (const b of bindings) push(byIdentity, `${b.kind}\u0000${b.namespace}\u0000${b.name}`, b);
  if (byIdentity.size === bindings.length) return [...bindings];
  const chosen = new Set([...byIdentity.values()].map((copies) => nearestCopy(copies, near.source.file, (b) => b.object.source.file)));
  return bindings.filter((b) => chosen.has(b));
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((rule, i) => {
    const other = b[i];
    return other !== undefined && sameRule(rule, other);
  });
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
