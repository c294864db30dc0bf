/*
 * How RBAC objects, grants and principals appear in the output of the rbac commands: one shape
 * for JSON, one phrasing for text.
 */
import type { SourceLocation } from '../core/location.js';
import type { K8sObject } from '../k8s/object.js';
import { isBootstrapFile } from './bootstrap.js';
import type { BindingEntry, RoleEntry } from './model.js';
import type { PolicyRule } from './rules.js';
import type { Principal } from './subjects.js';

/** `{ kind, name, namespace? }` with ServiceAccounts by their own name and namespace. */
export function principalJson(p: Principal): { kind: string; name: string; namespace?: string } {
  return { kind: p.kind, name: p.name, ...(p.kind === 'ServiceAccount' ? { namespace: p.namespace ?? '' } : {}) };
}

export function locationOf(object: K8sObject, path: readonly (string | number)[] = []): SourceLocation {
  const { line, column } = object.locate(path);
  return { file: object.source.file, line, column };
}

/** Where a rule is written (its role, or for aggregated rules the role that contributed it). */
export function ruleLocation(rule: PolicyRule, fallback: K8sObject): SourceLocation {
  return locationOf(rule.role ?? fallback, rule.path);
}

/** A grant's binding and role, as the who-can JSON contract names them, plus where they are. */
export function grantJson(binding: BindingEntry, role: RoleEntry, rule: PolicyRule) {
  const ruleAt = ruleLocation(rule, role.object);
  return {
    binding: binding.name,
    bindingKind: binding.kind,
    ...(binding.namespace ? { bindingNamespace: binding.namespace } : {}),
    role: role.name,
    roleKind: role.kind,
    ...(binding.builtIn ? { builtIn: true } : {}),
    rule: { index: rule.index, ...(rule.role && rule.role !== role.object ? { aggregatedFrom: rule.role.name } : {}), file: ruleAt.file, line: ruleAt.line },
    bindingLocation: { file: binding.object.source.file, line: binding.object.locate([]).line },
  };
}

/** `rules[2]`, or `rules[0] of ClusterRole debug-exec` for a rule an aggregated role took from another. */
export function ruleLabel(rule: PolicyRule, role: RoleEntry): string {
  const from = rule.role && rule.role !== role.object ? ` of ${rule.role.kind} ${rule.role.name}` : '';
  return `rules[${rule.index}]${from}`;
}

/** `RoleBinding shop/web → ClusterRole edit`. */
export function describeGrantPath(binding: BindingEntry, role: RoleEntry): string {
  const where = binding.namespace ? `${binding.namespace}/` : '';
  return `${binding.kind} ${where}${binding.name} → ${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}`;
}

/** `manifests/rbac.yaml:12`, or `built-in` for the bootstrap policy. */
export function shortLocation(location: SourceLocation): string {
  if (isBootstrapFile(location.file)) return 'built-in';
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}
