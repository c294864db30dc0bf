import { isDeepStrictEqual } from 'node:util';
import { rulesFor } from '../../checks/equivalents.js';
import { applyBuiltInParams } from './kube-linter-rule-params.js';
import { templateParams } from './kube-linter-templates.js';
import { record, stringList, turnOn } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * kube-linter's built-in checks of the templates that no custom rule says (kube-linter-templates.ts
 * has the others): their template, the
 * parameters they give it (Go's zero values left out) and the object kinds they run on, from
 * kube-linter's pkg/builtinchecks. A custom check that repeats one (the template with no
 * parameters, or host-mounts with the dirs of sensitive-host-mounts) is that check turned on.
 */
interface BuiltIn {
  readonly template: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly kinds: readonly string[];
}

const BUILT_INS: ReadonlyArray<readonly [string, BuiltIn]> = [
  ['access-to-create-pods', { template: 'access-to-resources', params: { resources: ['^pods$', '^deployments$', '^statefulsets$', '^replicasets$', '^cronjob$', '^jobs$', '^daemonsets$'], verbs: ['^create$'] }, kinds: ['ClusterRoleBinding', 'RoleBinding'] }],
  ['access-to-secrets', { template: 'access-to-resources', params: { resources: ['^secrets$'], verbs: ['^get$', '^list$', '^delete$', '^create$', '^watch$', '^*$'] }, kinds: ['ClusterRoleBinding', 'RoleBinding'] }],
  ['cluster-admin-role-binding', { template: 'cluster-admin-role-binding', kinds: ['ClusterRoleBinding'] }],
  ['dangling-horizontalpodautoscaler', { template: 'dangling-horizontalpodautoscaler', kinds: ['HorizontalPodAutoscaler'] }],
  ['dangling-ingress', { template: 'dangling-ingress', kinds: ['Ingress'] }],
  ['dangling-networkpolicy', { template: 'dangling-networkpolicy', kinds: ['NetworkPolicy'] }],
  ['dangling-networkpolicypeer-podselector', { template: 'dangling-networkpolicypeer-podselector', kinds: ['NetworkPolicy'] }],
  ['dangling-service', { template: 'dangling-service', kinds: ['Service'] }],
  ['dangling-servicemonitor', { template: 'dangling-servicemonitor', kinds: ['ServiceMonitor'] }],
  ['deprecated-service-account-field', { template: 'deprecated-service-account-field', kinds: ['DeploymentLike'] }],
  ['docker-sock', { template: 'host-mounts', params: { dirs: ['docker.sock$'] }, kinds: ['DeploymentLike'] }],
  ['duplicate-env-var', { template: 'duplicate-env-var', kinds: ['DeploymentLike'] }],
  ['env-value-from', { template: 'env-value-from', kinds: ['DeploymentLike'] }],
  ['host-ipc', { template: 'host-ipc', kinds: ['DeploymentLike'] }],
  ['host-network', { template: 'host-network', kinds: ['DeploymentLike'] }],
  ['host-pid', { template: 'host-pid', kinds: ['DeploymentLike'] }],
  ['invalid-target-ports', { template: 'target-port', params: { targetPort: true }, kinds: ['DeploymentLike', 'Service'] }],
  ['job-ttl-seconds-after-finished', { template: 'job-ttl-seconds-after-finished', kinds: ['JobLike'] }],
  ['liveness-port', { template: 'liveness-http-port', kinds: ['DeploymentLike'] }],
  ['mismatching-selector', { template: 'mismatching-selector', kinds: ['DeploymentLike'] }],
  ['no-anti-affinity', { template: 'anti-affinity', params: { minReplicas: 2 }, kinds: ['DeploymentLike'] }],
  ['no-liveness-probe', { template: 'liveness-probe', kinds: ['DeploymentLike'] }],
  ['no-node-affinity', { template: 'no-node-affinity', kinds: ['DeploymentLike'] }],
  ['no-read-only-root-fs', { template: 'read-only-root-fs', kinds: ['DeploymentLike'] }],
  ['no-readiness-probe', { template: 'readiness-probe', kinds: ['DeploymentLike'] }],
  ['no-rolling-update-strategy', { template: 'update-configuration', params: { strategyTypeRegex: '^(RollingUpdate|Rolling)$' }, kinds: ['DeploymentLike'] }],
  ['non-existent-service-account', { template: 'non-existent-service-account', kinds: ['DeploymentLike'] }],
  ['non-isolated-pod', { template: 'non-isolated-pod', kinds: ['DeploymentLike'] }],
  ['pdb-max-unavailable', { template: 'pdb-max-unavailable', kinds: ['PodDisruptionBudget'] }],
  ['pdb-min-available', { template: 'pdb-min-available', kinds: ['PodDisruptionBudget'] }],
  ['pdb-unhealthy-pod-eviction-policy', { template: 'pdb-unhealthy-pod-eviction-policy', kinds: ['PodDisruptionBudget'] }],
  ['privilege-escalation-container', { template: 'privilege-escalation-container', kinds: ['DeploymentLike'] }],
  ['privileged-container', { template: 'privileged', kinds: ['DeploymentLike'] }],
  ['privileged-ports', { template: 'privileged-ports', kinds: ['DeploymentLike'] }],
  ['read-secret-from-env-var', { template: 'read-secret-from-env-var', kinds: ['DeploymentLike'] }],
  ['readiness-port', { template: 'readiness-port', kinds: ['DeploymentLike'] }],
  ['restart-policy', { template: 'restart-policy', kinds: ['DeploymentLike'] }],
  ['run-as-non-root', { template: 'run-as-non-root', kinds: ['DeploymentLike'] }],
  ['scc-deny-privileged-container', { template: 'scc-deny-privileged-container', params: { AllowPrivilegedContainer: true }, kinds: ['SecurityContextConstraints'] }],
  ['schema-validation', { template: 'kubeconform', params: { strict: true, ignoreMissingSchemas: true }, kinds: ['Any'] }],
  ['sensitive-host-mounts', { template: 'host-mounts', params: { dirs: ['^/$', '^/boot$', '^/dev$', '^/etc$', '^/lib$', '^/proc$', '^/sys$', '^/usr$'] }, kinds: ['DeploymentLike'] }],
  ['sorted-keys', { template: 'sorted-keys', params: { recursive: true }, kinds: ['Any'] }],
  ['startup-port', { template: 'startup-port', kinds: ['DeploymentLike'] }],
  ['unsafe-proc-mount', { template: 'unsafe-proc-mount', kinds: ['DeploymentLike'] }],
  ['use-namespace', { template: 'use-namespace', kinds: ['DeploymentLike', 'Service'] }],
  ['wildcard-in-rules', { template: 'wildcard-in-rules', kinds: ['ClusterRole', 'Role'] }],
  ['writable-host-mount', { template: 'writable-host-mount', kinds: ['DeploymentLike'] }],
];

/**
 * A custom check with the template, parameters and kinds of a built-in check: the Rampart rules
 * of that check turned on, as its inclusion does; false for any other check. Parameter names are
 * compared in lower case (kube-linter decodes them with mapstructure, which ignores case) and a
 * parameter at Go's zero value counts as unset.
 */
export function readBuiltInCopy(check: Record<string, unknown>, params: Record<string, unknown>, where: string, excluded: ReadonlySet<string>, into: ImportedConfig): boolean {
  const set = setParams(params);
  const kinds = stringList(record(check.scope)?.objectKinds);
  const found = BUILT_INS.find(([, b]) => b.template === check.template && isDeepStrictEqual(setParams(templateParams({ params: b.params })), set) && (kinds.length === 0 || isDeepStrictEqual([...kinds].sort(), [...b.kinds].sort())));
  if (!found) return false;
  const name = String(check.name);
  if (excluded.has(name)) return true;
  const setting = `${where}: ${name} (${String(check.template)}, as kube-linter's built-in ${found[0]})`;
  // The custom check runs whatever checks.exclude says of the built-in one.
  for (const rule of rulesFor('kube-linter', found[0])) {
    if (into.off.delete(rule)) into.on.set(rule, setting);
  }
  turnOn(into, 'kube-linter', found[0], setting);
  applyBuiltInParams(found[0], setting, into);
  return true;
}

/**
 * The parameters that are set (Go's zero values, "", 0, false, empty lists and maps, null, are
 * what an unset parameter decodes to), lists sorted: every template here reads them as sets.
 */
function setParams(params: Record<string, unknown>): Record<string, unknown> {
  const zero = (v: unknown) => v === '' || v === 0 || v === false || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  return Object.fromEntries(Object.entries(params).filter(([, v]) => !zero(v)).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
}
