import { asString, getIn } from './access.js';
import type { K8sObject } from './object.js';
import type { ObjectIndex } from './object-index.js';

/** Built-in namespaced kinds by API group (served resources only, not client-side config kinds). */
const NAMESPACED_BUILT_IN: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  '': ['Pod', 'PodTemplate', 'ReplicationController', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota', 'Event', 'Binding'],
  apps: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  extensions: ['Deployment', 'ReplicaSet', 'DaemonSet', 'Ingress', 'NetworkPolicy'],
  batch: ['Job', 'CronJob'],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['PodDisruptionBudget'],
  'networking.k8s.io': ['Ingress', 'NetworkPolicy'],
  'rbac.authorization.k8s.io': ['Role', 'RoleBinding'],
  'coordination.k8s.io': ['Lease'],
  'discovery.k8s.io': ['EndpointSlice'],
  'events.k8s.io': ['Event'],
  'storage.k8s.io': ['CSIStorageCapacity'],
  'resource.k8s.io': ['ResourceClaim', 'ResourceClaimTemplate'],
}));

const namespacedCustomKinds = new WeakMap<ObjectIndex, ReadonlySet<string>>();

/** `group/kind` of every custom kind whose CustomResourceDefinition in the input is Namespaced. */
function customKindsDeclaredNamespaced(index: ObjectIndex): ReadonlySet<string> {
  let kinds = namespacedCustomKinds.get(index);
  if (!kinds) {
    const found = new Set<string>();
    for (const crd of index.objects) {
      if (crd.kind !== 'CustomResourceDefinition' || crd.group !== 'apiextensions.k8s.io') continue;
      const spec = getIn(crd.body, 'spec');
      const group = asString(getIn(spec, 'group'));
      const kind = asString(getIn(spec, 'names', 'kind'));
      if (getIn(spec, 'scope') === 'Namespaced' && group && kind) found.add(`${group}/${kind}`);
    }
    kinds = found;
    namespacedCustomKinds.set(index, kinds);
  }
  return kinds;
}

/**
 * Whether the object's kind is known to live in a namespace: a built-in namespaced kind, or a
 * custom kind whose CustomResourceDefinition in the input says so. Custom kinds without their
 * CRD in the input are unknown (they may be cluster-scoped, like many operator configurations).
 */
export function isKnownNamespacedKind(object: K8sObject, index: ObjectIndex): boolean {
  if (NAMESPACED_BUILT_IN.get(object.group)?.includes(object.kind)) return true;
  return customKindsDeclaredNamespaced(index).has(`${object.group}/${object.kind}`);
}

/**
 * Whether an object is namespaced: not cluster-scoped, and either written with a namespace
 * (its author treats it as namespaced) or of a kind known to be namespaced.
 */
export function isNamespacedObject(object: K8sObject, index: ObjectIndex): boolean {
  if (index.isClusterScoped(object)) return false;
  return object.namespace !== undefined || isKnownNamespacedKind(object, index);
}
