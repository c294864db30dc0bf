import type { Finding } from '../core/finding.js';
import { fingerprint, fingerprintOfNamed } from '../core/fingerprint.js';
import { formatPath, type Path } from '../core/path.js';
import { asArray, asRecord, asString, getIn } from '../k8s/access.js';
import { isOwnedByWorkload } from '../k8s/controllers.js';
import type { K8sObject } from '../k8s/object.js';
import { podViewOf } from '../k8s/workloads.js';

/**
 * Identifies a finding in baselines: its fingerprint, but of the path with containers, volumes
 * and environment variables keyed by name rather than list index, so that inserting or
 * reordering containers neither hides a new finding behind an old one nor makes old ones new.
 */
export function findingIdentity(finding: Finding, object: K8sObject, knownFingerprint?: string): string {
  const replica = replicaName(object);
  if (replica !== undefined) return fingerprint({ ruleId: finding.ruleId, object: { ...finding.object, name: replica }, path: nameKeyedPath(object, finding.path), location: finding.location });
  return podNamedIdentity(finding, object, knownFingerprint);
}

/** The identity by the object's own name: every identity before replicas were named by their controller (see replicaName). */
export function podNamedIdentity(finding: Finding, object: K8sObject, knownFingerprint?: string): string {
  const path = nameKeyedPath(object, finding.path);
  if (path === finding.path) return knownFingerprint ?? fingerprint(finding);
  return fingerprint({ ruleId: finding.ruleId, object: finding.object, path, location: finding.location });
}

/**
 * The name baselines know a Pod by when a controller made it from a name stem (`metadata.
 * generateName`: a ReplicaSet's, DaemonSet's or Job's Pods): that stem, without the
 * pod-template-hash a rollout changes, and a `*` no object name holds. Its findings (containers a
 * webhook injected, ephemeral containers, every finding when the dump holds Pods only) stay known
 * when the Pod is replaced under another name, and one entry covers every replica.
 */
export function replicaName(object: K8sObject): string | undefined {
  if (object.kind !== 'Pod' || object.apiVersion !== 'v1' || !isOwnedByWorkload(object)) return undefined;
  const stem = asString(getIn(object.body, 'metadata', 'generateName'));
  if (!stem) return undefined;
  const hash = asString(getIn(object.body, 'metadata', 'labels', 'pod-template-hash'));
  return `${hash && stem.endsWith(`-${hash}-`) ? stem.slice(0, stem.length - hash.length - 1) : stem}*`;
}

/** The identity baselines held for an object without a name before its file counted (see fingerprint). */
export function legacyFindingIdentity(finding: Finding, object: K8sObject): string {
  return fingerprintOfNamed({ ruleId: finding.ruleId, object: finding.object, path: nameKeyedPath(object, finding.path) });
}

// `.containers[0]`, `.volumes[2]`... right after the pod spec, and `.env[1]` right after a container.
const POD_SPEC_ITEM = /^\.(containers|initContainers|ephemeralContainers|volumes)\[(\d+)\]/;
const ENV_ITEM = /^\.env\[(\d+)\]/;

/**
 * `path` (as findings format it) with the index of each container, volume and container
 * environment variable it goes through replaced by the item's name:
 * `spec.containers[name="app"].env[name="TOKEN"].value`. An item without a name, or whose name
 * is repeated in its list, keeps its index.
 */
export function nameKeyedPath(object: K8sObject, path: string): string {
  const pod = podViewOf(object);
  if (!pod) return path;
  const spec = specPrefix(pod.specPath);
  if (!path.startsWith(spec)) return path;
  const item = POD_SPEC_ITEM.exec(path.slice(spec.length));
  if (!item) return path;
  const [matched, field = '', index = ''] = item;
  const list = asArray(pod.spec[field]);
  let keyed = `${spec}.${field}${itemKey(list, Number(index))}`;
  let rest = path.slice(spec.length + matched.length);
  const env = field === 'volumes' ? null : ENV_ITEM.exec(rest);
  if (env) {
    keyed += `.env${itemKey(asArray(asRecord(list[Number(index)])?.env), Number(env[1]))}`;
    rest = rest.slice(env[0].length);
  }
  return keyed + rest;
}

/** `[name="app"]` for an item with a name unique in its list, `[3]` otherwise. */
function itemKey(list: readonly unknown[], index: number): string {
  const name = asRecord(list[index])?.name;
  if (typeof name !== 'string' || name === '') return `[${index}]`;
  for (let i = 0; i < list.length; i++) if (i !== index && asRecord(list[i])?.name === name) return `[${index}]`;
  // formatPath never writes `[name=`: the two forms cannot be mistaken for each other.
  return `[name=${JSON.stringify(name)}]`;
}

// Pod views of a kind share their spec path.
const specPrefixes = new WeakMap<Path, string>();

function specPrefix(specPath: Path): string {
  let prefix = specPrefixes.get(specPath);
  if (prefix === undefined) specPrefixes.set(specPath, (prefix = formatPath(specPath)));
  return prefix;
}
