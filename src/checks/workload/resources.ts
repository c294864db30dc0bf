import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { type ContainerView, describeContainer } from '../../k8s/workloads.js';
import type { WorkloadContext } from '../api.js';

export type ResourceName = 'cpu' | 'memory';
export type ResourceField = 'requests' | 'limits';

const LABEL: Readonly<Record<ResourceName, string>> = { cpu: 'CPU', memory: 'memory' };
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

/** Regular and init containers: ephemeral containers cannot set resources. */
function resourcedContainers(containers: readonly ContainerView[]): ContainerView[] {
  return containers.filter((c) => c.kind !== 'ephemeralContainer');
}

/** Reports each container that ends up without a `field` value for `resource` once Kubernetes applies its defaults. */
export function reportMissingResource(
  { pod, object, index, report }: Pick<WorkloadContext<unknown>, 'pod' | 'object' | 'index' | 'report'>,
  resource: ResourceName,
  field: ResourceField,
): void {
  if (limitRangeDefaults(object, index, resource, field)) return;
  for (const c of resourcedContainers(pod.containers)) {
    const resources = asRecord(c.body.resources);
    const value = asRecord(resources?.[field])?.[resource];
    if (isNonZeroQuantity(value)) continue;
    // A container that sets only a limit gets a request equal to it.
    if (field === 'requests' && isNonZeroQuantity(asRecord(resources?.limits)?.[resource])) continue;
    const what = `${LABEL[resource]} ${FIELD_LABEL[field]}`;
    const message =
      value === undefined || value === null
        ? `${describeContainer(c)} has no ${what} (resources.${field}.${resource})`
        : `${describeContainer(c)} sets resources.${field}.${resource} to ${JSON.stringify(value)}, which is no ${what}`;
    report({ path: [...c.path, 'resources', field, resource], message });
  }
}
