import { asArray, asRecord, asString, type JsonRecord } from '../../k8s/access.js';
import type { PodLike } from '../../pss/api.js';

/**
 * Where PSA finds the pod it judges: the resources that carry a pod spec (by API group and
 * resource, as the API server names them in the request) and the path to their pod template.
 */
const POD_SPEC_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '/pods': [],
  '/replicationcontrollers': ['spec', 'template'],
  '/podtemplates': ['template'],
  'apps/replicasets': ['spec', 'template'],
  'apps/deployments': ['spec', 'template'],
  'apps/statefulsets': ['spec', 'template'],
  'apps/daemonsets': ['spec', 'template'],
  'batch/jobs': ['spec', 'template'],
  'batch/cronjobs': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The path from the object to its pod template, or undefined when the resource has none. */
export function podTemplatePath(group: string, resource: string): readonly string[] | undefined {
  const key = `${group}/${resource}`;
  return Object.hasOwn(POD_SPEC_RESOURCES, key) ? POD_SPEC_RESOURCES[key] : undefined;
}

export function isPodControllerResource(group: string, resource: string): boolean {
  const path = podTemplatePath(group, resource);
  return path !== undefined && path.length > 0;
}

/**
 * Where upstream's DefaultPodSpecExtractor.ExtractPodSpec finds the pod of each Go type it knows,
 * by apiVersion and kind: PSA judges a pod controller by the type its object decodes into, which
 * is the kind the object claims, not the resource of the request (a Pod sent as a Deployment is
 * judged as a pod).
 */
const POD_SPEC_KINDS: Readonly<Record<string, readonly string[]>> = {
  'v1 Pod': [],
  'v1 PodTemplate': ['template'],
  'v1 ReplicationController': ['spec', 'template'],
  'apps/v1 ReplicaSet': ['spec', 'template'],
  'apps/v1 Deployment': ['spec', 'template'],
  'apps/v1 StatefulSet': ['spec', 'template'],
  'apps/v1 DaemonSet': ['spec', 'template'],
  'batch/v1 Job': ['spec', 'template'],
  'batch/v1 CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The path from an object of this apiVersion and kind to its pod, or undefined when ExtractPodSpec knows no such type. */
export function podTemplatePathOfKind(apiVersion: string, kind: string): readonly string[] | undefined {
  const key = `${apiVersion} ${kind}`;
  return Object.hasOwn(POD_SPEC_KINDS, key) ? POD_SPEC_KINDS[key] : undefined;
}

/** The pod metadata and spec at `path`, or undefined when the template is absent. */
export function extractPod(object: JsonRecord, path: readonly string[]): PodLike | undefined {
  let template: unknown = object;
  for (const key of path) template = asRecord(template)?.[key];
  const record = asRecord(template);
  if (!record) return undefined;
  if (record.metadata === undefined && record.spec === undefined) return undefined;
  return { metadata: record.metadata ?? {}, spec: record.spec ?? {} };
}

export function runtimeClassOf(pod: PodLike): string | undefined {
  return asString(asRecord(pod.spec)?.runtimeClassName) || undefined;
}

/**
 * Whether a pod update can change what PSA judges (upstream's isSignificantPodUpdate): only the
 * images of existing containers and added ephemeral containers can change on a pod update, so
 * anything else (labels, status, tolerations) is allowed without evaluation.
 */
export function isSignificantPodUpdate(pod: JsonRecord, oldPod: JsonRecord): boolean {
  const spec = asRecord(pod.spec) ?? {};
  const oldSpec = asRecord(oldPod.spec) ?? {};
  for (const field of ['containers', 'initContainers']) {
    const now = asArray(spec[field]);
    const before = asArray(oldSpec[field]);
    if (now.length !== before.length) return true;
    for (let i = 0; i < now.length; i++) if (imageOf(now[i]) !== imageOf(before[i])) return true;
  }
  const oldEphemeral = asArray(oldSpec.ephemeralContainers);
  for (const container of asArray(spec.ephemeralContainers)) {
    const name = asString(asRecord(container)?.name) ?? '';
    const old = oldEphemeral.find((c) => (asString(asRecord(c)?.name) ?? '') === name);
    if (old === undefined || imageOf(container) !== imageOf(old)) return true;
  }
  return false;
}

function imageOf(container: unknown): string {
  return asString(asRecord(container)?.image) ?? '';
}
