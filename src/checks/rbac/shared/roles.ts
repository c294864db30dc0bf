import type { Severity } from '../../../core/severity.js';
import { asRecord } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { isBootstrapPolicy, type RoleEntry } from '../../../rbac/model.js';
import { describeGrant, type GrantScope, type Power, type PowerGrant, powerGrants } from '../../../rbac/risks/powers.js';
import { roleErrors } from '../../../rbac/role-validation.js';
import { type PolicyRule, parseRules } from '../../../rbac/rules.js';
import type { CheckContext } from '../../api.js';
import { holdersNote, modelOf } from './model.js';

export { isBootstrapPolicy } from '../../../rbac/model.js';

/** A ClusterRole whose rules the aggregation controller fills from other ClusterRoles. */
export function isAggregated(role: K8sObject): boolean {
  return role.kind === 'ClusterRole' && asRecord(role.body.aggregationRule) !== undefined;
}

/** `ClusterRole "foo"`, `RoleBinding "bar"` for messages. */
export function describeObject(object: Pick<K8sObject, 'kind' | 'name'>): string {
  return `${object.kind} "${object.name}"`;
}

/** A Role grants only within its namespace; a ClusterRole may be bound cluster-wide. */
export function scopeOfRole(role: K8sObject): GrantScope {
  return role.kind === 'Role' ? 'namespace' : 'cluster';
}

/**
 * The rules a role's own manifest grants, or undefined when they are not its own to judge: the
 * API server's bootstrap roles, aggregated ClusterRoles (the controller overwrites their rules;
 * the ClusterRoles they aggregate are checked instead), and roles the API server refuses, which
 * never exist (rbac-binding-missing-role reports the bindings that refer to them).
 */
export function ownRules(role: K8sObject): readonly PolicyRule[] | undefined {
  if (isBootstrapPolicy(role) || isAggregated(role) || roleErrors(role).length > 0) return undefined;
  // Every RBAC rule of the scan reads the same role: parse it once.
  let rules = parsedRules.get(role);
  if (!rules) parsedRules.set(role, (rules = parseRules(role.body.rules, role)));
  return rules;
}

const parsedRules = new WeakMap<K8sObject, readonly PolicyRule[]>();

/** The model's entry for the role in `ctx.object` (its own copy when other files hold others). */
export function roleEntryOf<P>(ctx: CheckContext<P>): RoleEntry | undefined {
  return modelOf(ctx).entryOf(ctx.object);
}

export interface GrantReportOptions {
  /** Appended to the message, e.g. why the grant matters. */
  note?(grant: PowerGrant, rules: readonly PolicyRule[]): string | undefined;
  /** A worse variant of the problem in this role. */
  severity?(grant: PowerGrant, rules: readonly PolicyRule[]): Severity | undefined;
  /** Which grants to report (all of them by default). */
  keep?(grant: PowerGrant): boolean;
}

/**
 * Reports every rule of the role in `ctx.object` that grants `power`, one finding per rule, and
 * says who holds the role (its bindings, and the aggregated ClusterRoles its rules flow into).
 */
export function reportRoleGrants<P>(ctx: CheckContext<P>, power: Power, options: GrantReportOptions = {}): void {
  const role = ctx.object;
  const rules = ownRules(role);
  if (!rules) return;
  const grants = powerGrants(rules, power, scopeOfRole(role)).filter((grant) => options.keep?.(grant) ?? true);
  if (grants.length === 0) return;
  const entry = roleEntryOf(ctx);
  const holders = entry ? holdersNote(modelOf(ctx), entry) : '';
  for (const grant of grants) {
    const note = options.note?.(grant, rules);
    const severity = options.severity?.(grant, rules);
    ctx.report({
      path: grant.path,
      message: `${describeObject(role)} rules[${grant.rule.index}] grants ${describeGrant(grant)}${note ? `: ${note}` : ''}${holders}`,
      ...(severity ? { severity } : {}),
    });
  }
}
