import { asRecord, recordsWithIndex } from '../../k8s/access.js';
import { kubeMinorVersion } from '../../k8s/kube-version.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { type ContainerView, describeContainer, type PodView } from '../../k8s/workloads.js';
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

/** The first Kubernetes minor version that honours pod-level resources (spec.resources) by default. */
const POD_LEVEL_RESOURCES_SINCE = 34;

/**
 * Whether the pod itself sets `field` of `resource` (spec.resources). A pod-level limit goes on the
 * pod cgroup, capping its containers together; a pod-level request (which a pod-level limit defaults)
 * is what the scheduler reserves. Before 1.34 the API server drops the field.
 */
function podLevelCovers(pod: PodView, resource: ResourceName, field: ResourceField, kubeVersion: string | undefined): boolean {
  const minor = kubeMinorVersion(kubeVersion);
  if (minor !== undefined && minor < POD_LEVEL_RESOURCES_SINCE) return false;
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
