import { customRuleId, nonEmptyText } from './custom-rules.js';
import { record, stringList } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter's cel-expression template: a CEL expression on each object of the check's scope,
 * returning "" to pass or the text of a finding. It becomes a custom rule with `cel:`, which
 * Rampart evaluates as kube-linter does (src/custom-rules/cel). The scope's object kinds become the
 * rule's kinds.
 */

/**
 * kube-linter's object kinds (pkg/objectkinds), as custom rule kinds: DeploymentLike matches group
 * and kind in any version, every other name one apiVersion and kind.
 */
export const OBJECT_KINDS: Readonly<Record<string, readonly string[]>> = {
  Any: ['*'],
  DeploymentLike: ['apps/Deployment', 'apps/DaemonSet', 'apps/StatefulSet', 'apps/ReplicaSet', 'core/Pod', 'core/ReplicationController', 'batch/Job', 'batch/CronJob', 'apps.openshift.io/DeploymentConfig'],
  JobLike: ['batch/v1/Job', 'batch/v1/CronJob'],
  Service: ['v1/Service'],
  ServiceAccount: ['v1/ServiceAccount'],
  PersistentVolumeClaim: ['v1/PersistentVolumeClaim'],
  Ingress: ['networking.k8s.io/v1/Ingress'],
  NetworkPolicy: ['networking.k8s.io/v1/NetworkPolicy'],
  PodDisruptionBudget: ['policy/v1/PodDisruptionBudget'],
  HorizontalPodAutoscaler: ['autoscaling/v1/HorizontalPodAutoscaler', 'autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v2beta1/HorizontalPodAutoscaler', 'autoscaling/v2beta2/HorizontalPodAutoscaler'],
  ScaledObject: ['keda.sh/v1alpha1/ScaledObject'],
  Role: ['rbac.authorization.k8s.io/v1/Role'],
  RoleBinding: ['rbac.authorization.k8s.io/v1/RoleBinding'],
  ClusterRole: ['rbac.authorization.k8s.io/v1/ClusterRole'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1/ClusterRoleBinding'],
  SecurityContextConstraints: ['security.openshift.io/v1/SecurityContextConstraints'],
  ServiceMonitor: ['monitoring.coreos.com/v1/ServiceMonitor'],
  Central: ['platform.stackrox.io/v1alpha1/Central'],
  SecuredCluster: ['platform.stackrox.io/v1alpha1/SecuredCluster'],
};

/** A custom check of the cel-expression template: its custom rule, added; false for another template. */
export function readCelCheck(check: Record<string, unknown>, params: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  if (check.template !== 'cel-expression') return false;
  const name = typeof check.name === 'string' ? check.name : '';
  if (excluded.has(name)) return true;
  const setting = `${where}: ${name} (cel-expression)`;
  const expression = typeof params.check === 'string' ? params.check.trim() : '';
  if (expression === '') {
    into.notImported.push(`${setting}: not carried over: it has no check expression, which kube-linter refuses`);
    return true;
  }
  const scope = stringList(record(check.scope)?.objectKinds);
  const unknown = scope.filter((kind) => !Object.hasOwn(OBJECT_KINDS, kind));
  if (scope.length === 0 || unknown.length > 0) {
    const why = scope.length === 0 ? 'its scope names no object kinds' : `its scope names object kinds Rampart does not know (${unknown.join(', ')})`;
    into.notImported.push(`${setting}: not carried over: ${why}`);
    return true;
  }
  const rule = objectRule(check, name, 'cel-expression', scope, { cel: expression });
  // kube-linter declares a filter parameter but its template never reads it.
  const filter = nonEmptyText(params.filter) ? ' (its filter parameter is left out, as kube-linter itself ignores it)' : '';
  into.customRules.push({ rule, from: `${setting} (high: kube-linter fails on any finding)${filter}` });
  return true;
}

/**
 * The custom rule of target `object` a kube-linter custom check becomes, on the kinds its scope
 * names (kube-linter's object kinds), with `condition` (its cel or kubeLinter); high, as kube-linter
 * fails on any finding.
 */
export function objectRule(check: Record<string, unknown>, name: string, template: string, scope: readonly string[], condition: Record<string, unknown>): Record<string, unknown> {
  const kinds = [...new Set(scope.flatMap((kind) => OBJECT_KINDS[kind] ?? []))];
  return {
    id: customRuleId(name, 'kube-linter'),
    title: nonEmptyText(check.description) ?? `kube-linter check ${name}`,
    severity: 'high',
    target: 'object',
    kinds: kinds.includes('*') ? ['*'] : kinds,
    description: `Imported from the kube-linter custom check ${name} (template ${template}).`,
    ...(nonEmptyText(check.remediation) ? { remediation: nonEmptyText(check.remediation) } : {}),
    ...condition,
  };
}
