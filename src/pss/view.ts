import type { Path } from '../core/path.js';
import type { JsonRecord } from '../k8s/access.js';
import { wellFormed } from './go.js';

/*
 * Reading an untrusted pod the way the API server's typed decoding (sigs.k8s.io/json, a
 * case-sensitive fork of encoding/json) would see it, so verdicts match pod-security-admission
 * even for a field of the wrong type:
 *
 * - A type mismatch does not stop decoding; the field keeps its zero value.
 * - A pointer field (`*bool`, `*int64`, `*SecurityContext`, ...) given any non-null value is
 *   allocated before the value is decoded, so a mismatch leaves it non-nil and zero:
 *   `runAsUser: "1000"` is runAsUser=0, `privileged: "true"` is false, `seccompProfile: "x"` is a
 *   profile with type "". `null` (or no value) leaves it nil.
 * - A list element of the wrong type is a zero element (a container with name ""); a list of the
 *   wrong type is an empty list.
 * - A map[string]string entry whose value is not a string is present with value "".
 * - A number that is not an integer in the field's range decodes to 0.
 *
 * Fields whose Go type has its own decoder (IntOrString ports, Quantity, Time) are never read:
 * a bad value there makes the API server reject the object outright, which no verdict expresses.
 *
 * Admission also runs after the API server's defaulting, and two defaults change what
 * pod-security-admission sees (k8s.io/kubernetes pkg/apis/core/v1/defaults.go):
 * - SetDefaults_Volume: a volume without any source is an emptyDir (`isSourcelessVolume`).
 * - SetDefaults_Pod, for Pods only (not pod templates, since Kubernetes 1.28): with hostNetwork,
 *   a port of a container or init container without hostPort gets hostPort = containerPort
 *   (`hostPortOf`).
 */

const EMPTY_RECORD: JsonRecord = Object.freeze(Object.create(null) as JsonRecord);
const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

function isObject(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a pointer field is non-nil: any value but null (and absence). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A `*Struct` field: undefined when nil, an empty struct when the value has the wrong type. */
export function ptrStruct(value: unknown): JsonRecord | undefined {
  if (value === undefined || value === null) return undefined;
  return isObject(value) ? value : EMPTY_RECORD;
}

/** A `Struct` field or list element: the zero struct when absent or of the wrong type. */
export function struct(value: unknown): JsonRecord {
  return isObject(value) ? value : EMPTY_RECORD;
}

/** A `*bool` field: undefined when nil; only JSON `true` is true. */
export function ptrBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true;
}

/** A `bool` field. */
export function bool(value: unknown): boolean {
  return value === true;
}

/** A `string` field or list element ("" when of the wrong type). */
export function str(value: unknown): string {
  return typeof value === 'string' ? wellFormed(value) : '';
}

/** A `*string` field (`*ProcMountType`): undefined when nil, "" when of the wrong type. */
export function ptrStr(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? wellFormed(value) : '';
}

const INT64_LIMIT = 2 ** 63;

/**
 * A `*int64` field: undefined when nil, 0 when not an integer in range. Beyond 2^53 a JavaScript
 * number no longer tells which integer was written: ±2^63 is taken as the int64 limits that round
 * to it (9223372036854775807 in a manifest or an AdmissionReview), not as an overflow.
 */
export function ptrInt64(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= -INT64_LIMIT && value <= INT64_LIMIT ? value : 0;
}

/** An `int32` field: 0 when absent, not an integer, or out of range. */
export function int32(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff ? value + 0 : 0;
}

/** A list field: empty unless the value is an array. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY_LIST;
}

/** One container of any kind, as the checks see it. */
export interface ContainerView {
  readonly name: string;
  /** `['spec', 'containers', 0]`. */
  readonly path: Path;
  readonly record: JsonRecord;
  readonly securityContext: JsonRecord | undefined;
}

/** The pod as pod-security-admission reads it. */
export interface PodView {
  /** metadata.annotations (a map; read it with `annotation` and `forEachAnnotation`). */
  readonly annotations: JsonRecord | undefined;
  readonly spec: JsonRecord;
  readonly securityContext: JsonRecord | undefined;
  /** Init containers, then containers, then ephemeral containers (upstream's visitContainers). */
  readonly containers: readonly ContainerView[];
  /** spec.os.name is "windows". */
  readonly isWindows: boolean;
  /** spec.hostUsers is set and false (the pod runs in a user namespace). */
  readonly inUserNamespace: boolean;
  /** A Pod object (kind: Pod) with hostNetwork: true, whose ports default hostPort to containerPort. */
  readonly defaultsHostPorts: boolean;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** `object` is a Pod (kind: Pod) or a pod template (metadata and spec). */
export function podView(object: JsonRecord | undefined): PodView {
  const metadata = object?.metadata;
  const specValue = object?.spec;
  const spec = struct(specValue);
  const containers: ContainerView[] = [];
  for (const kind of CONTAINER_LISTS) {
    const items = list(spec[kind]);
    for (let i = 0; i < items.length; i++) {
      const record = struct(items[i]);
      containers.push({ name: str(record.name), path: ['spec', kind, i], record, securityContext: ptrStruct(record.securityContext) });
    }
  }
  const annotations = isObject(metadata) && isObject(metadata.annotations) ? metadata.annotations : undefined;
  const os = ptrStruct(spec.os);
  const hostUsers = ptrBool(spec.hostUsers);
  return {
    annotations,
    spec,
    securityContext: ptrStruct(spec.securityContext),
    containers,
    isWindows: os !== undefined && os.name === 'windows',
    inUserNamespace: hostUsers === false,
    defaultsHostPorts: object?.kind === 'Pod' && bool(spec.hostNetwork),
  };
}

/** The value of an annotation as Go's map[string]string holds it, or undefined when absent. */
export function annotation(pod: PodView, key: string): string | undefined {
  const annotations = pod.annotations;
  if (!annotations || !Object.hasOwn(annotations, key)) return undefined;
  const value = annotations[key];
  return value === undefined ? undefined : str(value);
}

/**
 * Visits every annotation whose key starts with `prefix`: its key and value as Go holds them, and
 * the key as written (for the path).
 */
export function forEachAnnotation(pod: PodView, prefix: string, visit: (key: string, value: string, rawKey: string) => void): void {
  const annotations = pod.annotations;
  if (!annotations) return;
  for (const rawKey of Object.keys(annotations)) {
    if (!rawKey.startsWith(prefix)) continue;
    const value = annotations[rawKey];
    if (value !== undefined) visit(wellFormed(rawKey), str(value), rawKey);
  }
}

/** Every volume source of VolumeSource, by JSON name. */
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

/** Whether a volume sets no source at all, and so is defaulted to an emptyDir. */
export function isSourcelessVolume(volume: JsonRecord): boolean {
  for (const source of VOLUME_SOURCES) if (isSet(volume[source])) return false;
  return true;
}

/** A port's hostPort after defaulting (see `PodView.defaultsHostPorts`). */
export function hostPortOf(pod: PodView, container: ContainerView, port: JsonRecord): number {
  const hostPort = int32(port.hostPort);
  if (hostPort !== 0 || !pod.defaultsHostPorts || container.path[1] === 'ephemeralContainers') return hostPort;
  return int32(port.containerPort);
}
