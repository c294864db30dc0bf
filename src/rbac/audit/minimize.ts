/*
 * `rampart rbac minimize`: per requester of an audit log, the Role/ClusterRole and binding that
 * allow exactly what it did (audit2rbac's algorithm), and what its current grants allow that it
 * never used.
 */
import { bootstrapObjects } from '../bootstrap.js';
import { RbacModel, roleRefOf } from '../model.js';
import { type PlainRule, plainRule } from '../rules.js';
import { AUTHENTICATED, splitServiceAccountUsername, subjectsOf, UNAUTHENTICATED } from '../subjects.js';
import type { AuditRequest } from './events.js';
import { DEFAULT_GENERATE_OPTIONS, type GeneratedRoles, type GenerateOptions, generateRoles } from './generate.js';

/**
 * What every requester already has: the bootstrap bindings of system:authenticated and
 * system:unauthenticated (discovery, public info, self-reviews). audit2rbac assumes only
 * discovery; a real cluster always grants these.
 */
export function baselineModel(defaults: boolean): RbacModel {
  if (!defaults) return new RbacModel([], { defaults: false });
  const everyone = new Set([AUTHENTICATED, UNAUTHENTICATED]);
  const objects = bootstrapObjects();
  const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding' && subjectsOf(o).some((s) => s.kind === 'Group' && everyone.has(s.name)));
  const roles = new Set(bindings.map((b) => roleRefOf(b)?.name));
  return new RbacModel([...bindings, ...objects.filter((o) => o.kind === 'ClusterRole' && roles.has(o.name))], { defaults: false });
}

/** audit2rbac's sanitizeName and sanitizeLabel. */
export const sanitizeName = (s: string) => s.replace(/[^a-zA-Z0-9:]/g, '-').toLowerCase();
const sanitizeLabel = (s: string) =>
  s
    .replace(/[^a-zA-Z0-9]/g, '-')
    .toLowerCase()
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');

/** `rampart:alice`; a ServiceAccount by its own name unless that is `default` (as audit2rbac names them). */
export function defaultRoleName(user: string): string {
  const sa = splitServiceAccountUsername(user);
  return `rampart:${sanitizeName(sa && sa.name !== 'default' ? sa.name : user)}`;
}

export interface MinimizeResult {
  readonly user: string;
  readonly requests: number;
  readonly generated: GeneratedRoles;
  /** The manifests, in audit2rbac's order: ClusterRole, ClusterRoleBinding, Roles, RoleBindings. */
  readonly objects: readonly Record<string, unknown>[];
}

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/** The Kubernetes objects for generated rules. */
export function manifests(generated: GeneratedRoles, user: string, name: string): Record<string, unknown>[] {
  const subject = generated.subject;
  if (!subject) return [];
  const labels = { 'rampart.dev/generated-by': 'rbac-minimize', 'rampart.dev/user': sanitizeLabel(user) };
  const meta = (namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), labels });
  const subjects = [subject.kind === 'ServiceAccount' ? { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace } : { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: subject.name }];
  const rules = (list: readonly PlainRule[]) => list.map(plainRule);
  const out: Record<string, unknown>[] = [];
  if (generated.clusterRules) {
    out.push({ apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: meta(), rules: rules(generated.clusterRules) });
    out.push({ apiVersion: RBAC_V1, kind: 'ClusterRoleBinding', metadata: meta(), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects });
  }
  for (const [namespace, list] of generated.namespaceRules) out.push({ apiVersion: RBAC_V1, kind: 'Role', metadata: meta(namespace), rules: rules(list) });
  for (const namespace of generated.namespaceRules.keys()) {
    out.push({ apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: meta(namespace), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects });
  }
  return out;
}

export interface MinimizeOptions {
  /** Only this requester (a username); every requester of the log otherwise. */
  readonly user?: string;
  /** Only requests in this namespace. */
  readonly namespace?: string;
  /** The generated objects' name; `rampart:<user>` by default. */
  readonly name?: string;
  readonly defaults: boolean;
  readonly generate?: GenerateOptions;
}

/** Groups the log's requests by requester (in order of first appearance) and minimizes each. */
export function minimize(requests: readonly AuditRequest[], options: MinimizeOptions): MinimizeResult[] {
  const byUser = new Map<string, AuditRequest[]>();
  for (const r of requests) {
    if (options.user !== undefined && r.user.name !== options.user) continue;
    if (options.namespace !== undefined && !(r.request.resourceRequest && r.request.namespace === options.namespace)) continue;
    const list = byUser.get(r.user.name) ?? [];
    list.push(r);
    byUser.set(r.user.name, list);
  }
  const existing = baselineModel(options.defaults);
  return [...byUser].map(([user, list]) => {
    const generated = generateRoles(existing, list, options.generate ?? DEFAULT_GENERATE_OPTIONS);
    return { user, requests: list.length, generated, objects: manifests(generated, user, options.name ?? defaultRoleName(user)) };
  });
}
