import type { K8sObject } from '../../src/k8s/object.js';

/*
 * What the scanner oracles' lists of expected differences ask about an object as Rampart read it:
 * its pod spec, whether it is a Windows pod, whether a controller in the same input created it.
 */

export type Json = Record<string, unknown>;
export const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The pod template of a workload object (a Pod is its own), or undefined. */
export function podTemplate(object: K8sObject | undefined): Json | undefined {
  const spec = record(object?.body.spec);
  if (!object) return undefined;
  if (object.kind === 'Pod') return object.body;
  if (object.kind === 'PodTemplate') return record(object.body.template);
  if (object.kind === 'CronJob') return record(record(record(spec?.jobTemplate)?.spec)?.template);
  return record(spec?.template);
}

/** The pod spec of a workload object (Pod, template, CronJob's job template). */
export function podSpec(object: K8sObject | undefined): Json | undefined {
  return record(podTemplate(object)?.spec);
}

/** Whether the object's pod runs on Windows (spec.os.name: windows). */
export const isWindowsPod = (object: K8sObject | undefined): boolean => record(podSpec(object)?.os)?.name === 'windows';

/** Whether a controller among `siblings` (its ownerReference with controller: true) created the object. */
export function createdByControllerAmong(object: K8sObject | undefined, siblings: readonly K8sObject[]): boolean {
  return list(record(object?.body.metadata)?.ownerReferences).some((ref) => {
    const r = record(ref);
    return r?.controller === true && siblings.some((o) => o.kind === r.kind && o.name === r.name && o.namespace === object?.namespace);
  });
}
