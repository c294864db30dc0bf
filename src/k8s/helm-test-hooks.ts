import type { K8sObject } from './object.js';

/** Helm's test hooks: `helm test` runs such a Pod (or Job) once, on demand; it is no long-running workload. */
const TEST_HOOKS = new Set(['test', 'test-success', 'test-failure']);

/** Whether the object is a Helm test hook (its `helm.sh/hook` annotation names one). */
export function isHelmTestHook(object: K8sObject): boolean {
  const hooks = object.annotations['helm.sh/hook'];
  return hooks !== undefined && hooks.split(',').some((h) => TEST_HOOKS.has(h.trim()));
}
