import type { JsonRecord } from '../../k8s/access.js';
import type { GroupVersionKind } from '../review.js';

/*
 * Which Go type upstream PSA's webhook decodes `request.object` into (k8s.io/pod-security-admission
 * api/attributes.go, `decode`): its scheme's UniversalDeserializer, given the request's kind as the
 * default. The deserializer reads the object's own apiVersion and kind (SimpleMetaFactory.Interpret),
 * fills what they leave out from the request's kind (gvkWithDefaults) and creates the type the
 * scheme registers for the result, with no conversion: an object of another kind than the request
 * says is decoded as the kind it claims, and a version the scheme does not hold is an error.
 */

/**
 * The kinds of the webhook's scheme (cmd/webhook/server/scheme.go: core v1, apps/v1, batch/v1 and
 * admission.k8s.io/v1, each with the meta kinds AddToGroupVersion adds), v0.37.2. Regenerate with
 * `cd test/oracles/pss && go run ./cmd/admission-decode -kinds`.
 */
const SCHEME_KINDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [
    ['admission.k8s.io/v1', 'AdmissionReview CreateOptions DeleteOptions GetOptions ListOptions PatchOptions UpdateOptions WatchEvent'],
    ['apps/v1', 'ControllerRevision ControllerRevisionList CreateOptions DaemonSet DaemonSetList DeleteOptions Deployment DeploymentList GetOptions ListOptions PatchOptions ReplicaSet ReplicaSetList StatefulSet StatefulSetList UpdateOptions WatchEvent'],
    ['batch/v1', 'CreateOptions CronJob CronJobList DeleteOptions GetOptions Job JobList ListOptions PatchOptions UpdateOptions WatchEvent'],
    [
      'v1',
      'APIGroup APIGroupList APIResourceList APIVersions Binding ComponentStatus ComponentStatusList ConfigMap ConfigMapList CreateOptions DeleteOptions Endpoints EndpointsList Event EventList GetOptions LimitRange LimitRangeList List ListOptions Namespace NamespaceList Node NodeList NodeProxyOptions PatchOptions PersistentVolume PersistentVolumeClaim PersistentVolumeClaimList PersistentVolumeList Pod PodAttachOptions PodExecOptions PodList PodLogOptions PodPortForwardOptions PodProxyOptions PodTemplate PodTemplateList RangeAllocation ReplicationController ReplicationControllerList ResourceQuota ResourceQuotaList Secret SecretList SerializedReference Service ServiceAccount ServiceAccountList ServiceList ServiceProxyOptions Status UpdateOptions WatchEvent',
    ],
  ].map(([groupVersion = '', kinds = '']) => [groupVersion, new Set(kinds.split(' '))]),
);

/** Kinds the scheme creates for any group and version (Scheme.New's unversionedKinds), as the meta types of v1. */
const UNVERSIONED_KINDS = new Set(['APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions', 'Status']);

/** runtime.APIVersionInternal: the scheme holds no internal types, and says so in its own words. */
const INTERNAL_VERSION = '__internal';

export type Decoded = { readonly kind: GroupVersionKind } | { readonly error: string };

/** `apps/v1` for group `apps`, `v1` for the core group (schema.GroupVersion.String). */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * The group, version and kind upstream's decoder creates the object as, or the decoder's error
 * (its text, less the scheme's name and the object's JSON).
 */
export function decodedKind(object: JsonRecord, requestKind: GroupVersionKind): Decoded {
  const apiVersion = interpretedMember(object, 'APIVERSION', 'apiVersion');
  if ('error' in apiVersion) return apiVersion;
  const kindMember = interpretedMember(object, 'KIND', 'kind');
  if ('error' in kindMember) return kindMember;
  const parsed = parseGroupVersion(apiVersion.value);
  if ('error' in parsed) return parsed;
  let { group, version } = parsed;
  const kind = kindMember.value || requestKind.kind;
  // gvkWithDefaults (runtime/serializer/json/json.go).
  if (version === '' && group === '') ({ group, version } = requestKind);
  if (version === '' && group === requestKind.group) version = requestKind.version;
  if (kind === '') return { error: "Object 'Kind' is missing" };
  if (version === '') return { error: "Object 'apiVersion' is missing" };
  if (SCHEME_KINDS.get(groupVersionString(group, version))?.has(kind) || UNVERSIONED_KINDS.has(kind)) return { kind: { group, version, kind } };
  if (version === INTERNAL_VERSION) return { error: `no kind ${JSON.stringify(kind)} is registered for the internal version of group ${JSON.stringify(group)}` };
  return { error: `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(groupVersionString(group, version))}` };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(text: string): { group: string; version: string } | { error: string } {
  if (text === '' || text === '/') return { group: '', version: '' };
  const slash = text.indexOf('/');
  if (slash === -1) return { group: '', version: text };
  if (text.indexOf('/', slash + 1) !== -1) return { error: `unexpected GroupVersion string: ${text}` };
  return { group: text.slice(0, slash), version: text.slice(slash + 1) };
}

/**
 * The string SimpleMetaFactory.Interpret reads into `apiVersion` or `kind` ('' when none): it
 * decodes with encoding/json, which matches a key case-insensitively (Unicode simple folding, in
 * which U+017F is an S and U+212A a K), keeps the last string of the keys that match, leaves the
 * field alone for a null and fails on any other type. `folded` is the name in upper case.
 */
function interpretedMember(object: JsonRecord, folded: string, field: string): { value: string } | { error: string } {
  let value = '';
  for (const key in object) {
    if (!foldsTo(key, folded)) continue;
    const member = object[key];
    if (typeof member === 'string') value = member;
    else if (member !== null) return { error: `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonType(member)} into Go struct field .${field} of type string` };
  }
  return { value };
}

/** How encoding/json's UnmarshalTypeError names a JSON value's type. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Whether `key` folds to `folded` (upper-case ASCII) as encoding/json's foldName folds. */
function foldsTo(key: string, folded: string): boolean {
  if (key.length !== folded.length) return false;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    else if (c === 0x17f) c = 0x53; // ſ folds to S
    else if (c === 0x212a) c = 0x4b; // the Kelvin sign folds to K
    if (c !== folded.charCodeAt(i)) return false;
  }
  return true;
}
