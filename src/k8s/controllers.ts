import type { Path } from '../core/path.js';
import { asNumber, asRecord, asString, getIn, type JsonRecord, recordsWithIndex } from './access.js';
import type { K8sObject } from './object.js';
import type { ObjectIndex } from './object-index.js';
import { fileOfObject, nearestCopy } from './nearest-copy.js';
import { type LabelSelector, mapSelector, parseLabelSelector } from './selectors.js';
import { isWorkloadKind, workloadKindOf } from './workloads.js';

/** The API group of an apiVersion: `apps` for `apps/v1`, '' for `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether a workload controller created this object from its own template (a Deployment's
 * ReplicaSet, a ReplicaSet's Pod, a CronJob's Job), as found in a dump of a live cluster. Checks
 * judge the owner, which is what a user edits, rather than report the same problem twice.
 */
export function isOwnedByWorkload(object: K8sObject): boolean {
  return recordsWithIndex(getIn(object.body, 'metadata', 'ownerReferences')).some(({ record }) => {
    const kind = asString(record.kind);
    const apiVersion = asString(record.apiVersion);
    return record.controller === true && kind !== undefined && apiVersion !== undefined && isWorkloadKind(kind, groupOf(apiVersion));
  });
}

/**
 * Which controllers create objects of a kind from their template. An owner reference that says
 * otherwise (a Pod naming a Deployment) was not written by a controller, and hides nothing.
 */
const CREATED_BY: Readonly<Record<string, readonly string[]>> = {
  Pod: ['ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'Sandbox'],
  ReplicaSet: ['Deployment', 'Rollout'],
  ReplicationController: ['DeploymentConfig'],
  Job: ['CronJob'],
};

/**
 * The workload controller in the scanned input that created this object (its controller owner
 * reference names a workload of the same namespace that is also being scanned). Such objects, as
 * found in `kubectl get -o yaml` dumps, repeat their owner's template: the owner is what is checked.
 */
export function scannedControllerOf(object: K8sObject, index: ObjectIndex): K8sObject | undefined {
  for (const { record } of recordsWithIndex(getIn(object.body, 'metadata', 'ownerReferences'))) {
    const kind = asString(record.kind);
    const name = asString(record.name);
    const apiVersion = asString(record.apiVersion);
    if (record.controller !== true || !kind || !name || apiVersion === undefined || !isWorkloadKind(kind, groupOf(apiVersion))) continue;
    if (!Object.hasOwn(CREATED_BY, object.kind) || !CREATED_BY[object.kind]?.includes(kind)) continue;
    // Of that kind: a Sandbox's pod has the Sandbox's own name.
    const owners = index.named('workload', index.namespaceOf(object), name).filter((o) => o.kind === kind && o !== object);
    const owner = owners.length < 2 ? owners[0] : nearestCopy(owners, object.source.file, fileOfObject);
    if (owner) return owner;
  }
  return undefined;
}

/** A replica count as written, or the default the API server fills in. */
export interface Count {
  readonly count: number;
  readonly defaulted: boolean;
}

function nonNegativeInteger(value: unknown): number | undefined {
  const n = asNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function countOr(value: unknown, fallback: number): Count | undefined {
  if (value === undefined || value === null) return { count: fallback, defaulted: true };
  const count = nonNegativeInteger(value);
  return count === undefined ? undefined : { count, defaulted: false };
}

/**
 * `spec.replicas` of a replicated controller, defaulted as the API server does (1); undefined
 * for other kinds or a value that is not a count. OpenShift's DeploymentConfig declares replicas
 * as a plain int32 without defaulting, so an unset value there means 0.
 */
export function desiredReplicas(object: K8sObject): Count | undefined {
  if (workloadKindOf(object)?.controller !== 'replicated') return undefined;
  return countOr(getIn(object.body, 'spec', 'replicas'), object.kind === 'DeploymentConfig' ? 0 : 1);
}

/** `spec.minReplicas` of a HorizontalPodAutoscaler (default 1). */
export function hpaMinReplicas(hpa: K8sObject): Count | undefined {
  return countOr(getIn(hpa.body, 'spec', 'minReplicas'), 1);
}

/** What an autoscaler's `spec.scaleTargetRef` names; the group only when apiVersion is given. */
export interface ScaleTarget {
  /** The API group the autoscaler looks in: that of scaleTargetRef.apiVersion, '' (core) when it has none. */
  readonly group: string;
  /** Whether scaleTargetRef sets an apiVersion. */
  readonly hasApiVersion: boolean;
  readonly kind: string;
  readonly name: string;
}

/**
 * What an autoscaler scales. The HPA controller takes the group of the target from
 * scaleTargetRef.apiVersion, which nothing defaults: without one it looks for the kind in the
 * core group, where there is no Deployment or StatefulSet, and scales nothing.
 */
export function scaleTargetOf(autoscaler: K8sObject): ScaleTarget | undefined {
  const ref = asRecord(getIn(autoscaler.body, 'spec', 'scaleTargetRef'));
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!kind || !name) return undefined;
  const apiVersion = asString(ref?.apiVersion);
  return { group: groupOf(apiVersion ?? ''), hasApiVersion: !!apiVersion, kind, name };
}

/** Whether `target` names `object` (the caller checks that both are in the same namespace). */
export function namesObject(target: ScaleTarget, object: K8sObject): boolean {
  return target.kind === object.kind && target.name === object.name && target.group === object.group;
}

/** HorizontalPodAutoscalers in the object's namespace that scale it. */
export function autoscalersOf(index: ObjectIndex, object: K8sObject): K8sObject[] {
  const namespace = index.namespaceOf(object);
  // The namespace's autoscalers by the name of what they scale.
  const byName = index.perNamespace(autoscalersOf, namespace, () => {
    const targets = new Map<string, Array<{ readonly hpa: K8sObject; readonly target: ScaleTarget }>>();
    for (const hpa of index.ofGroupInNamespace('horizontal-pod-autoscaler', namespace)) {
      const target = scaleTargetOf(hpa);
      if (!target) continue;
      const list = targets.get(target.name);
      if (list) list.push({ hpa, target });
      else targets.set(target.name, [{ hpa, target }]);
    }
    return targets;
  });
  return (byName.get(object.name) ?? []).filter(({ target }) => namesObject(target, object)).map(({ hpa }) => hpa);
}

/** How many replicas a controller runs: fixed by spec.replicas, or the bounds of its autoscaler. */
export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
  /** The HorizontalPodAutoscaler that owns the replica count, if any. */
  readonly autoscaler?: K8sObject;
}

export function replicaRange(index: ObjectIndex, object: K8sObject): ReplicaRange | undefined {
  const replicas = desiredReplicas(object);
  const autoscaler = autoscalersOf(index, object)[0];
  if (autoscaler && !(replicas?.count === 0 && !replicas.defaulted && !scaledToZeroBy(autoscaler))) {
    const min = hpaMinReplicas(autoscaler);
    const max = nonNegativeInteger(getIn(autoscaler.body, 'spec', 'maxReplicas'));
    return min === undefined || max === undefined ? undefined : { min: min.count, max: Math.max(min.count, max), autoscaler };
  }
  return replicas === undefined ? undefined : { min: replicas.count, max: replicas.count };
}

/**
 * Whether the autoscaler itself scaled its target to zero (its ScaledToZero condition). Otherwise the
 * HorizontalPodAutoscaler disables itself for a target at zero replicas ("ScalingDisabled"): it stays at zero.
 */
function scaledToZeroBy(autoscaler: K8sObject): boolean {
  const condition = recordsWithIndex(getIn(autoscaler.body, 'status', 'conditions')).find(({ record }) => record.type === 'ScaledToZero');
  return condition?.record.status === 'True';
}

/** `3 replicas`, or `1 to 5 replicas via HorizontalPodAutoscaler "web"`, for messages. */
export function describeReplicaRange(range: ReplicaRange): string {
  const count = range.min === range.max ? `${range.min}` : `${range.min} to ${range.max}`;
  const via = range.autoscaler ? ` via HorizontalPodAutoscaler "${range.autoscaler.name}"` : '';
  return `${count} replica${range.max === 1 ? '' : 's'}${via}`;
}

/** Kinds whose `spec.selector` is a plain label map rather than a metav1.LabelSelector. */
const MAP_SELECTOR_KINDS = new Set(['ReplicationController', 'DeploymentConfig']);

/** The selector a controller uses to count its pods, as written. */
export interface ControllerSelector {
  readonly path: Path;
  readonly raw: JsonRecord;
  readonly form: 'map' | 'label-selector';
  readonly selector: LabelSelector;
}

/**
 * The selector of a controller, which sits next to its pod template (`spec.selector`, or
 * `spec.jobTemplate.spec.selector` for a CronJob). Undefined when the object is not a controller
 * or omits the selector (then it is defaulted or generated from the template labels).
 */
export function controllerSelector(object: K8sObject): ControllerSelector | undefined {
  const workloadKind = workloadKindOf(object);
  if (!workloadKind || workloadKind.controller === 'none') return undefined;
  const path = [...workloadKind.templatePath.slice(0, -1), 'selector'];
  const raw = asRecord(getIn(object.body, ...path.map(String)));
  if (!raw) return undefined;
  const form = MAP_SELECTOR_KINDS.has(object.kind) ? 'map' : 'label-selector';
  return { path, raw, form, selector: form === 'map' ? mapSelector(raw) : parseLabelSelector(raw) };
}
