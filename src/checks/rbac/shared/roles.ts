import type { Severity } from '../../../core/severity.js';
import { asRecord } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import type { CheckContext } from '../../api.js';
import { describeGrant, type GrantScope, type Power, type PowerGrant, powerGrants } from './powers.js';
import { type PolicyRule, parseRules } from './rules.js';

/** ClusterRoles the API server creates and reconciles itself. */
export const BUILTIN_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * The API server's own default roles and bindings (label `kubernetes.io/bootstrapping:
 * rbac-defaults`). They are reconciled at every start, so a manifest cannot change them and
 * reporting them only adds noise. A custom name with that label is still checked.
 */
export function isBootstrapPolicy(object: K8sObject): boolean {
  if (object.labels['kubernetes.io/bootstrapping'] !== 'rbac-defaults') return false;
  return object.name.startsWith('system:') || BUILTIN_CLUSTER_ROLES.has(object.name);
}

/** A ClusterRole whose rules the aggregation controller fills from other ClusterRoles. */
export function isAggregated(role: K8sObject): boolean {
  return role.kind === 'ClusterRole' && asRecord(role.body.aggregationRule) !== undefined;
}

/** `ClusterRole "foo"`, `RoleBinding "bar"` for messages. */
export function describeObject(object: K8sObject): string {
  return `${object.kind} "${object.name}"`;
}

/** A Role grants only within its namespace; a ClusterRole may be bound cluster-wide. */
export function scopeOfRole(role: K8sObject): GrantScope {
  return role.kind === 'Role' ? 'namespace' : 'cluster';
}

/**
 * The rules a role's own manifest grants, or undefined when they are not its own to judge: the
 * API server's bootstrap roles, and aggregated ClusterRoles (the controller overwrites their
 * rules; the ClusterRoles they aggregate are checked instead).
 */
export function ownRules(role: K8sObject): PolicyRule[] | undefined {
  if (isBootstrapPolicy(role) || isAggregated(role)) return undefined;
  return parseRules(role.body.rules);
}

export interface GrantReportOptions {
  /** Appended to the message, e.g. why the grant matters. */
  note?(grant: PowerGrant, rules: readonly PolicyRule[]): string | undefined;
  /** A worse variant of the problem in this role. */
  severity?(grant: PowerGrant, rules: readonly PolicyRule[]): Severity | undefined;
}

/** Reports every rule of the role in `ctx.object` that grants `power`, one finding per rule. */
export function reportRoleGrants<P>(ctx: CheckContext<P>, power: Power, options: GrantReportOptions = {}): void {
  const role = ctx.object;
  const rules = ownRules(role);
  if (!rules) return;
  for (const grant of powerGrants(rules, power, scopeOfRole(role))) {
    const note = options.note?.(grant, rules);
    const severity = options.severity?.(grant, rules);
    ctx.report({
      path: grant.path,
      message: `${describeObject(role)} rules[${grant.rule.index}] grants ${describeGrant(grant)}${note ? `: ${note}` : ''}`,
      ...(severity ? { severity } : {}),
    });
  }
}
