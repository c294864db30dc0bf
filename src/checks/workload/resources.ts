import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { kubeMinorVersion } from '../../k8s/kube-version.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { type ContainerView, describeContainer, type PodView } from '../../k8s/workloads.js';
import type { WorkloadContext } from '../api.js';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';
export type ResourceField = 'requests' | 'limits';

const LABEL: Readonly<Record<ResourceName, string>> = { cpu: 'CPU', memory: 'memory', 'ephemeral-storage': 'ephemeral-storage' };
const FIELD_LABEL: Readonly<Record<ResourceField, string>> = { requests: 'request', limits: 'limit' };

/**
 * Whether a quantity is set to a non-zero amount. An empty string, zero and null count as unset; a
 * string that is not a quantity (the API server rejects it) counts as set, so it is not "missing".
 */
export function isNonZeroQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string' || value.trim() === '') return false;
  const number = /^[+-]?(\d+(?:\.\d*)?|\.\d+)/.exec(value.trim());
  return number === null || Number(number[1]) !== 0;
}

/**
 * Whether a LimitRange in the workload's namespace gives containers a default for `field` of
 * `resource`. As the API server defaults a Container item: the default limit falls back to `max`,
 * the default request to the default limit, then to `min`.
 */
function limitRangeDefaults(object: K8sObject, index: ObjectIndex, resource: ResourceName, field: ResourceField): boolean {
  for (const limitRange of index.ofGroupInNamespace('limit-range', index.namespaceOf(object))) {
    for (const { record: item } of recordsWithIndex(asRecord(limitRange.body.spec)?.limits)) {
      if (item.type !== 'Container') continue;
      const limit = [item.default, item.max];
      const candidates = field === 'limits' ? limit : [item.defaultRequest, ...limit, item.min];
      if (candidates.some((list) => isNonZeroQuantity(asRecord(list)?.[resource]))) return true;
    }
  }
  return false;
}

/** The first Kubernetes minor version that honours pod-level resources (spec.resources) by default. */
const POD_LEVEL_RESOURCES_SINCE = 34;

/** The resources a pod may set for itself (besides hugepages): not ephemeral-storage. */
const POD_LEVEL_RESOURCES: ReadonlySet<ResourceName> = new Set(['cpu', 'memory']);

/** Whether the target version (any, when unknown) honours pod-level resources. */
export function podLevelResourcesHonoured(kubeVersion: string | undefined): boolean {
  const minor = kubeMinorVersion(kubeVersion);
  return minor === undefined || minor >= POD_LEVEL_RESOURCES_SINCE;
}

/**
 * Whether the pod itself sets `field` of `resource` (spec.resources). A pod-level limit goes on the
 * pod cgroup, capping its containers together; a pod-level request (which a pod-level limit defaults)
 * is what the scheduler reserves. Before 1.34 the API server drops the field; ephemeral-storage cannot
 * be set for the pod.
 */
function podLevelCovers(pod: PodView, resource: ResourceName, field: ResourceField, kubeVersion: string | undefined): boolean {
  if (!podLevelResourcesHonoured(kubeVersion) || !POD_LEVEL_RESOURCES.has(resource)) return false;
  const resources = asRecord(pod.spec.resources);
  const fields: ResourceField[] = field === 'limits' ? ['limits'] : ['requests', 'limits'];
  return fields.some((f) => isNonZeroQuantity(asRecord(resources?.[f])?.[resource]));
}

/** Regular and init containers: ephemeral containers cannot set resources. */
function resourcedContainers(containers: readonly ContainerView[]): ContainerView[] {
  return containers.filter((c) => c.kind !== 'ephemeralContainer');
}

/** Reports each container that ends up without a `field` value for `resource` once Kubernetes applies its defaults. */
export function reportMissingResource(
  { pod, object, index, settings, report }: Pick<WorkloadContext<unknown>, 'pod' | 'object' | 'index' | 'settings' | 'report'>,
  resource: ResourceName,
  field: ResourceField,
): void {
  if (podLevelCovers(pod, resource, field, settings.kubeVersion)) return;
  const defaulted = limitRangeDefaults(object, index, resource, field);
  for (const c of resourcedContainers(pod.containers)) {
    const resources = asRecord(c.body.resources);
    const value = asRecord(resources?.[field])?.[resource];
    if (isNonZeroQuantity(value)) continue;
    // A container that sets only a limit gets a request equal to it.
    const limit = asRecord(resources?.limits)?.[resource];
    if (field === 'requests' && isNonZeroQuantity(limit)) continue;
    const unset = value === undefined || value === null;
    const limitUnset = limit === undefined || limit === null;
    // The LimitRange fills in only absent keys: a written zero (or a zero limit copied into the request) stays.
    if (defaulted && unset && (field === 'limits' || limitUnset)) continue;
    const what = `${LABEL[resource]} ${FIELD_LABEL[field]}`;
    let message = unset
      ? `${describeContainer(c)} has no ${what} (resources.${field}.${resource})`
      : `${describeContainer(c)} sets resources.${field}.${resource} to ${JSON.stringify(value)}, which is no ${what}`;
    if (defaulted) {
      message += unset
        ? `; its limit of ${JSON.stringify(limit)} becomes its request, so the namespace LimitRange default does not apply`
        : '; the namespace LimitRange default fills in only values that are not written';
    }
    report({ path: [...c.path, 'resources', field, resource], message });
  }
}

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([kMGTPE]i|[mkMGTPE])|[eE]([+-]?\d+))?$/;

/** The amount a quantity stands for (`"1Gi"`, `"500m"`, `2`), or undefined when it is none the API server reads. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  return match[3] !== undefined ? number * 10 ** Number(match[3]) : number * SUFFIX[match[2] ?? '']!;
}

/** Whether two quantities are the same amount ("1" and "1000m", "1Gi" and 1073741824). */
export function sameQuantity(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** What a namespace LimitRange fills into a container that leaves `resource` out, after the API server's own defaults of the LimitRange. */
export interface LimitRangeDefault {
  readonly limit?: unknown;
  readonly request?: unknown;
  /** The LimitRange's name, for messages. */
  readonly from: string;
}

/** The first Container default for `resource` that a LimitRange in the workload's namespace gives. */
export function limitRangeDefault(object: K8sObject, index: ObjectIndex, resource: ResourceName): LimitRangeDefault | undefined {
  for (const limitRange of index.ofGroupInNamespace('limit-range', index.namespaceOf(object))) {
    for (const { record: item } of recordsWithIndex(asRecord(limitRange.body.spec)?.limits)) {
      if (item.type !== 'Container') continue;
      const pick = (...lists: unknown[]) => lists.map((list) => asRecord(list)?.[resource]).find((v) => v !== undefined && v !== null);
      const limit = pick(item.default, item.max);
      const request = pick(item.defaultRequest, item.default, item.max, item.min);
      if (limit !== undefined || request !== undefined) return { limit, request, from: limitRange.name };
    }
  }
  return undefined;
}

/** Regular and init containers, the ones that can set resources. */
export function containersWithResources(pod: PodView): ContainerView[] {
  return resourcedContainers(pod.containers);
}
