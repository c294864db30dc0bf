import { formatPath, isUnder, type Path } from '../../core/path.js';
import { asRecord, valueAtPath } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { normalizeCapability } from '../../k8s/security-context.js';
import { podVolumes, type VolumeView } from '../../k8s/volumes.js';
import type { ContainerView, PodView } from '../../k8s/workloads.js';
import {
  type CheckFailure,
  LATEST_PSS_MINOR,
  PSS_CHECKS,
  type PodLike,
  type PssEvaluation,
  type PssPolicy,
  evaluatePod,
  parsePssVersion,
  runPssCheck,
} from '../../pss/index.js';

/*
 * The Pod Security Standards engine (src/pss) decides the controls it defines; the rules of this
 * family that report a PSS control ask it, and only phrase the result, so the scanner, `--pss`,
 * `rampart pss check` and the admission webhook cannot disagree.
 */

const pods = new WeakMap<K8sObject, PodLike>();

/** The pod as pod-security-admission sees it: a Pod whole (its defaulting differs), a template's metadata and spec. */
export function pssPodOf(object: K8sObject, pod: PodView): PodLike {
  let found = pods.get(object);
  if (!found) {
    if (pod.specPath.length === 1) found = object.body;
    else {
      let metadata: unknown = object.body;
      for (const key of pod.metadataPath) metadata = asRecord(metadata)?.[key as string];
      found = { metadata, spec: pod.spec };
    }
    pods.set(object, found);
  }
  return found;
}

/** A path into the pod (`['spec', ...]`, `['metadata', ...]`) as a path into the object. */
export function objectPath(pod: PodView, path: Path): Path {
  const [head, ...rest] = path;
  if (head === 'spec') return [...pod.specPath, ...rest];
  if (head === 'metadata') return [...pod.metadataPath, ...rest];
  return path;
}

/** One PSS control on the workload's pod, with the offending fields as paths into the object. */
export function pssControl(object: K8sObject, pod: PodView, checkId: string, version: number | 'latest' = 'latest'): CheckFailure | undefined {
  const failure = runPssCheck(pssPodOf(object, pod), checkId, version);
  return failure && { ...failure, fields: failure.fields.map((f) => objectPath(pod, f)) };
}

const templates = new WeakMap<K8sObject, PodLike>();

/**
 * One PSS control on the workload's pod as written: a Pod is read as a pod template is, without
 * the API server's defaulting of its host ports from the container ports on hostNetwork.
 */
export function pssControlAsWritten(object: K8sObject, pod: PodView, checkId: string, version: number | 'latest' = 'latest'): CheckFailure | undefined {
  if (pod.specPath.length !== 1) return pssControl(object, pod, checkId, version);
  let template = templates.get(object);
  if (!template) templates.set(object, (template = { metadata: asRecord(object.body)?.metadata, spec: pod.spec }));
  const failure = runPssCheck(template, checkId, version);
  return failure && { ...failure, fields: failure.fields.map((f) => objectPath(pod, f)) };
}

/**
 * One PSS control on the workload's pod as if `container` were its only container (the pod-level
 * fields kept), with object paths. For the controls that report some offenders only once others
 * are fixed (seccompProfile_restricted names the containers without a profile only when no
 * forbidden type is set), asking about each container alone finds them all.
 */
export function pssControlForContainer(
  object: K8sObject,
  pod: PodView,
  container: ContainerView,
  checkId: string,
  version: number | 'latest' = 'latest',
): CheckFailure | undefined {
  const whole = pssPodOf(object, pod);
  const at = pod.specPath.length;
  const list = container.path[at] as string;
  const index = container.path[at + 1] as number;
  const spec = { ...asRecord(whole.spec), initContainers: undefined, containers: undefined, ephemeralContainers: undefined, [list]: [container.body] };
  const failure = runPssCheck({ ...whole, spec }, checkId, version);
  if (!failure) return undefined;
  // ['spec', list, 0, ...] is the container at its own index.
  const fields = failure.fields.map((f) => objectPath(pod, f[0] === 'spec' && f[1] === list && f[2] === 0 ? ['spec', list, index, ...f.slice(3)] : f));
  return { ...failure, fields };
}

/** A whole level and version on the workload's pod, with object paths. */
export function pssEvaluation(object: K8sObject, pod: PodView, policy: PssPolicy): PssEvaluation {
  const result = evaluatePod(pssPodOf(object, pod), policy);
  if (result.allowed) return result;
  return { allowed: false, violations: result.violations.map((v) => ({ ...v, fields: v.fields.map((f) => objectPath(pod, f)) })) };
}


/** Whether two paths are the same. */
export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && isUnder(a, b);
}

/** The value at a path of the object (mapping keys and list indexes), undefined where it stops. */
export function valueAt(object: K8sObject, path: Path): unknown {
  return valueAtPath(object.body, path);
}

/**
 * The container an offending field belongs to, or undefined for a pod-level field. The engine
 * reads a list entry that is not a mapping as an empty container; Rampart's pod view (and so no
 * rule) has no such container, so its fields are left unreported, as the API server rejects it.
 */
export function containerOf(pod: PodView, field: Path): ContainerView | undefined {
  return itemOf(pod, field, containersByPlace, () => pod.containers);
}

/** The volume an offending field belongs to (`spec.volumes[2].nfs`). */
export function volumeOf(pod: PodView, field: Path): VolumeView | undefined {
  return itemOf(pod, field, volumesByPlace, () => podVolumes(pod));
}

// Per pod view, its containers and volumes by where they are written (`containers 2`,
// `volumes 0`): a pod with thousands of them is not searched once per offending field.
const containersByPlace = new WeakMap<PodView, Map<string, ContainerView>>();
const volumesByPlace = new WeakMap<PodView, Map<string, VolumeView>>();

/** The item of a pod-spec list (`spec.<list>[i]`) that `field` lies in. */
function itemOf<T extends { readonly path: Path }>(pod: PodView, field: Path, cache: WeakMap<PodView, Map<string, T>>, items: () => readonly T[]): T | undefined {
  const at = pod.specPath.length;
  if (field.length < at + 2 || !isUnder(field, pod.specPath)) return undefined;
  let byPlace = cache.get(pod);
  if (!byPlace) {
    byPlace = new Map();
    for (const item of items()) {
      const place = `${String(item.path[at])}\u0000${String(item.path[at + 1])}`;
      if (!byPlace.has(place)) byPlace.set(place, item);
    }
    cache.set(pod, byPlace);
  }
  const item = byPlace.get(`${String(field[at])}\u0000${String(field[at + 1])}`);
  return item && isUnder(field, item.path) ? item : undefined;
}

/**
 * The first policy version (the minor of v1.x) from which a PSS control accepts `pod`, a small
 * pod holding only the value in question (`{ spec: { securityContext: { sysctls: [{ name }] } } }`),
 * or undefined when even the latest rejects it: for messages such as "allowed from Kubernetes 1.29".
 */
export function pssAllowedSince(checkId: string, pod: PodLike): number | undefined {
  const first = PSS_CHECKS.find((c) => c.id === checkId)?.versions[0];
  const parsed = first === undefined ? undefined : parsePssVersion(first);
  const from = parsed?.ok && typeof parsed.value === 'number' ? parsed.value : 0;
  for (let minor = from; minor <= LATEST_PSS_MINOR; minor++) if (!runPssCheck(pod, checkId, minor)) return minor;
  return undefined;
}

/**
 * Whether the baseline Capabilities control lets a container add `name`, spelled exactly so
 * (upstream matches names exactly: `CHOWN` is allowed, `chown` and `CAP_CHOWN` are not).
 */
export function baselineAllowsCapability(name: string): boolean {
  return !runPssCheck({ spec: { containers: [{ securityContext: { capabilities: { add: [name] } } }] } }, 'capabilities_baseline');
}

/** An added capability an engine control found, with its container and names. */
export interface AddedCapability {
  readonly container: ContainerView;
  /** As the runtime reads it: `cap_net_raw` is NET_RAW. */
  readonly name: string;
  /** As written (not a string when the manifest gives something else). */
  readonly written: unknown;
  readonly path: Path;
}

/**
 * The capabilities.add entries among a control's offending fields, each normalized name once per
 * container (at its first entry), as the capability rules report them.
 */
export function addedCapabilities(object: K8sObject, pod: PodView, fields: readonly Path[]): AddedCapability[] {
  const seen = new Set<string>();
  const out: AddedCapability[] = [];
  for (const path of fields) {
    const container = containerOf(pod, path);
    if (!container || path.at(-2) !== 'add') continue;
    const written = valueAt(object, path);
    const name = typeof written === 'string' ? normalizeCapability(written) : JSON.stringify(written) ?? '';
    const key = `${formatPath(container.path)}\0${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ container, name, written, path });
  }
  return out;
}
