import type { ArgKind, EngineEvent, Extracted, Extractor, FieldInfo, FieldProvider, FieldRef, Scalar } from '../fields.js';
import { FieldCatalog } from '../fields.js';
import { genericFields, genericExtractor } from './generic.js';
import { type Json, asString, compactJson, fixedPath, getPath, isObject, jsonPointer, pointerKeys } from './json-value.js';

/**
 * The fields of Falco's k8saudit plugin (v0.18, all 100 `ka.*` fields) and of the json plugin
 * (`json.*` and the legacy `jevt.*` names), extracted from one `audit.k8s.io` Event with the
 * plugins' semantics: every value is a string, non-string JSON values are rendered as compact JSON,
 * list fields are lists of strings, and an event without `auditID` has no `ka.*` field at all.
 */

export interface K8sAuditOptions {
  readonly hostname: string;
}

type Payload = unknown;
type Extract = (event: Payload, arg: string | undefined, options: K8sAuditOptions) => Extracted;

interface Def {
  readonly name: string;
  readonly list?: boolean;
  readonly arg?: ArgKind;
  readonly desc: string;
  readonly extract: Extract;
  /** Specializes the extractor for a fixed argument, once, at compile time. */
  readonly compile?: (arg: string | undefined) => (e: Payload) => Extracted;
}

const NO_INDEX = -1;
const indexOf = (arg: string | undefined) => (arg === undefined ? NO_INDEX : Number(arg));

/** A non-list field read from a fixed path. */
const keys = (...path: string[]): Extract => {
  const get = fixedPath(path);
  return (e) => {
    const v = get(e);
    return v === undefined ? undefined : typeof v === 'string' ? v : asString(v);
  };
};

/** A list field read from a fixed path: the value must be an array. */
const listKeys =
  (...path: string[]): Extract =>
  (e) => {
    const v = getPath(e, path);
    if (!Array.isArray(v)) return undefined;
    return nonEmpty(v.map((x: Json) => asString(x)));
  };

const nonEmpty = (values: readonly Scalar[]): Extracted => (values.length > 0 ? values : undefined);

/**
 * The plugin's `getValuesRecursive`: walks `path`; every array met on the way fans out (no index),
 * or is narrowed to the indexed element. Elements missing the rest of the path give `null` slots.
 */
function valuesRecursive(value: unknown, index: number, path: readonly string[]): (Json | undefined)[] | undefined {
  let cur: unknown = value;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(cur)) {
      if (index === NO_INDEX) {
        const out: (Json | undefined)[] = [];
        for (const v of cur) out.push(...(valuesRecursive(v, index, path.slice(i)) ?? [undefined]));
        return out;
      }
      if (index >= cur.length) return undefined;
      cur = cur[index];
    }
    const k = path[i] ?? '';
    const next = isObject(cur) ? (Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined) : undefined;
    if (next === undefined) return undefined;
    cur = next;
  }
  return [cur as Json];
}

const stringsSkipMissing = (values: readonly (Json | undefined)[]): string[] => values.filter((v): v is Json => v !== undefined).map(asString);

/** The plugin's `arrayAsStrings`: undefined (an error upstream) as soon as one value is missing. */
const stringsStrict = (values: readonly (Json | undefined)[]): string[] | undefined => (values.some((v) => v === undefined) ? undefined : values.map((v) => asString(v ?? null)));

type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** `getContainerValues`: `requestObject.spec.<list>.<path>` through getValuesRecursive. */
const containerRaw = (e: Payload, kind: ContainerKind, index: number, path: readonly string[]) => valuesRecursive(e, index, ['requestObject', 'spec', kind, ...path]);

/** A per-container value as strings, containers without it skipped (`arrayAsStringsSkipNil`). */
const containerValues =
  (kind: ContainerKind, ...path: string[]): Extract =>
  (e, arg) => {
    const arr = containerRaw(e, kind, indexOf(arg), path);
    return arr === undefined ? undefined : nonEmpty(stringsSkipMissing(arr));
  };

/** `readContainerCommands` / `readContainerArgs`: each container's list of strings joined with spaces. */
const containerJoined =
  (kind: ContainerKind, key: 'command' | 'args'): Extract =>
  (e, arg) => {
    const arr = containerRaw(e, kind, indexOf(arg), [key]);
    if (arr === undefined) return undefined;
    const out: string[] = [];
    for (const v of arr) {
      if (v === undefined) continue;
      if (!Array.isArray(v)) return undefined;
      const parts: string[] = [];
      for (const x of v) {
        if (typeof x !== 'string') return undefined;
        parts.push(x);
      }
      out.push(parts.join(' '));
    }
    return nonEmpty(out);
  };

function images(e: Payload, kind: ContainerKind, index: number): string[] | undefined {
  const arr = containerRaw(e, kind, index, ['image']);
  return arr === undefined ? undefined : stringsStrict(arr);
}

const repository = (image: string) => (image.split(':')[0] ?? '').split('@')[0] ?? '';

function hostPorts(e: Payload, kind: ContainerKind, index: number): Extracted {
  const arr = containerRaw(e, kind, index, ['ports']);
  if (arr === undefined) return undefined;
  const out: string[] = [];
  for (const ports of arr) {
    if (ports === undefined) continue;
    if (!Array.isArray(ports)) return undefined;
    for (const port of ports) {
      const host = getPath(port, ['hostPort']);
      const container = getPath(port, ['containerPort']);
      if (host !== undefined) out.push(asString(host));
      else if (container !== undefined) out.push(asString(container));
    }
  }
  return nonEmpty(out);
}

/**
 * `readFromContainerEffectively`, as upstream writes it: the pod default is `requestObject.spec.<key>`
 * (else "0") and each container's value is `<container>.<key>`, both outside the security contexts.
 */
function effective(e: Payload, kind: ContainerKind, index: number, key: 'runAsUser' | 'runAsGroup'): Extracted {
  const pod = getPath(e, ['requestObject', 'spec', key]);
  const fallback = pod === undefined ? '0' : asString(pod);
  const arr = containerRaw(e, kind, index, [key]);
  return arr === undefined ? undefined : nonEmpty(arr.map((v) => (v === undefined ? fallback : asString(v))));
}

function rulesField(e: Payload, arg: string | undefined, key: string): Extracted {
  const arr = valuesRecursive(e, indexOf(arg), ['requestObject', 'rules', key]);
  if (arr === undefined) return undefined;
  const out: string[] = [];
  for (const v of arr) if (Array.isArray(v)) out.push(...stringsSkipMissing(v));
  return nonEmpty(out);
}

/** `readSubjectNamesByKind`: subjects with both kind and name, of the given kind (`ns:name` for namespaced service accounts). */
function subjects(kind: 'User' | 'Group' | 'ServiceAccount', namespaced = false): Extract {
  return (e) => {
    const list = getPath(e, ['requestObject', 'subjects']);
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) return undefined;
    const out: string[] = [];
    for (const s of list) {
      const k = getPath(s, ['kind']);
      const n = getPath(s, ['name']);
      if (k === undefined || n === undefined || asString(k) !== kind) continue;
      if (!namespaced) {
        out.push(asString(n));
        continue;
      }
      const ns = getPath(s, ['namespace']);
      if (ns !== undefined) out.push(`${asString(ns)}:${asString(n)}`);
    }
    return nonEmpty(out);
  };
}

/** Go's url.ParseQuery: `&`-separated, `+` and %XX unescaped; a bad escape or a `;` is an error. */
function goQueryParam(rawQuery: string, key: string): string | undefined | null {
  let found: string | undefined;
  let failed = false;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      failed = true;
      continue;
    }
    const eq = part.indexOf('=');
    const k = unescapeQuery(eq === -1 ? part : part.slice(0, eq));
    const v = unescapeQuery(eq === -1 ? '' : part.slice(eq + 1));
    if (k === undefined || v === undefined) {
      failed = true;
      continue;
    }
    if (k === key && found === undefined) found = v;
  }
  return failed ? null : found;
}

function unescapeQuery(s: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(s)) return undefined;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return Buffer.from(s.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
}

function uriParam(e: Payload, arg: string | undefined): Extracted {
  const uri = getPath(e, ['requestURI']);
  if (uri === undefined || arg === undefined) return undefined;
  const text = asString(uri);
  const q = text.indexOf('?');
  const raw = q === -1 ? '' : text.slice(q + 1).split('#')[0] ?? '';
  const value = goQueryParam(raw, arg);
  return value === null ? undefined : value;
}

/** `ka.req.volume.hostpath[KEY]`: a key argument leaves the plugin's index at 0, so only the first volume is looked at. */
function volumeHostPath(e: Payload, arg: string | undefined): Extracted {
  const arr = valuesRecursive(e, 0, ['requestObject', 'spec', 'volumes', 'hostPath', 'path']);
  if (arr === undefined || arg === undefined) return undefined;
  const prefix = arg.endsWith('*') ? arg.slice(0, -1) : undefined;
  for (const v of stringsSkipMissing(arr)) if ((prefix !== undefined && v.startsWith(prefix)) || v === arg) return 'true';
  return 'false';
}

function volumeTypes(e: Payload, arg: string | undefined): Extracted {
  const volumes = getPath(e, ['requestObject', 'spec', 'volumes']);
  if (volumes === undefined) return undefined;
  const index = indexOf(arg);
  let items: readonly Json[];
  if (!Array.isArray(volumes)) items = [volumes];
  else if (index === NO_INDEX) items = volumes;
  else if (index < volumes.length) items = [volumes[index]];
  else return undefined;
  const out: string[] = [];
  for (const v of items) if (isObject(v)) for (const k of Object.keys(v)) if (k !== 'name') out.push(k);
  return nonEmpty(out);
}

function anyPrivileged(e: Payload): Extracted {
  const arr = containerRaw(e, 'containers', NO_INDEX, ['securityContext', 'privileged']);
  if (arr === undefined) return undefined;
  return arr.some((v) => v === true) ? 'true' : 'false';
}

/** The per-container fields, declared once and mirrored for init and ephemeral containers. */
function containerFields(kind: ContainerKind, label: string): Def[] {
  const p = `ka.req.pod.${kind}`;
  const idx = (name: string, desc: string, extract: Extract): Def => ({ name: `${p}.${name}`, list: true, arg: 'index', desc: `When the request object refers to a pod, ${desc.replace('{c}', label)}`, extract });
  return [
    idx('name', "the {c}'s names.", (e, arg) => {
      const arr = containerRaw(e, kind, indexOf(arg), ['name']);
      const v = arr === undefined ? undefined : stringsStrict(arr);
      return v === undefined ? undefined : nonEmpty(v);
    }),
    idx('image', "the {c}'s images.", (e, arg) => {
      const v = images(e, kind, indexOf(arg));
      return v === undefined ? undefined : nonEmpty(v);
    }),
    idx('image.repository', "the repository part of the {c}'s images (e.g. falcosecurity/falco).", (e, arg) => {
      const v = images(e, kind, indexOf(arg));
      return v === undefined ? undefined : nonEmpty(v.map(repository));
    }),
    idx('command', "the {c}'s command (one string per {c}, words joined by spaces).", containerJoined(kind, 'command')),
    idx('args', "the {c}'s args (one string per {c}, words joined by spaces).", containerJoined(kind, 'args')),
    idx('privileged', 'the value of the privileged flag for all {c}s.', containerValues(kind, 'securityContext', 'privileged')),
    idx('allow_privilege_escalation', 'the value of the allowPrivilegeEscalation flag for all {c}s.', containerValues(kind, 'securityContext', 'allowPrivilegeEscalation')),
    idx('read_only_fs', 'the value of the readOnlyRootFilesystem flag for all {c}s.', containerValues(kind, 'securityContext', 'readOnlyRootFilesystem')),
    idx('run_as_user', 'the runAsUser uid for all {c}s.', containerValues(kind, 'securityContext', 'runAsUser')),
    idx('eff_run_as_user', 'the initial uid that will be used for all {c}s (uses 0 when no uid is specified).', (e, arg) => effective(e, kind, indexOf(arg), 'runAsUser')),
    idx('run_as_group', 'the runAsGroup gid for all {c}s.', containerValues(kind, 'securityContext', 'runAsGroup')),
    idx('eff_run_as_group', 'the initial gid that will be used for all {c}s (uses 0 when no gid is specified).', (e, arg) => effective(e, kind, indexOf(arg), 'runAsGroup')),
    idx('proc_mount', 'the procMount types for all {c}s.', containerValues(kind, 'securityContext', 'procMount')),
    idx('add_capabilities', 'all capabilities to add when running the {c}s (one JSON list per {c}).', containerValues(kind, 'securityContext', 'capabilities', 'add')),
    idx('host_port', "all {c}'s hostPort values (the containerPort when no hostPort is set).", (e, arg) => hostPorts(e, kind, indexOf(arg))),
  ];
}

const CLASSIC_CONTAINER_ORDER = ['args', 'command', 'name', 'image'];

function definitions(): Def[] {
  const containers = containerFields('containers', 'container');
  const pick = (name: string): Def => {
    const d = containers.find((c) => c.name === `ka.req.pod.containers.${name}`);
    if (!d) throw new Error(name);
    return d;
  };
  const defs: Def[] = [
    { name: 'ka.auditid', desc: 'The unique id of the audit event', extract: keys('auditID') },
    { name: 'ka.stage', desc: 'Stage of the request (e.g. RequestReceived, ResponseComplete, etc.)', extract: keys('stage') },
    { name: 'ka.auth.decision', desc: 'The authorization decision', extract: keys('annotations', 'authorization.k8s.io/decision') },
    { name: 'ka.auth.reason', desc: 'The authorization reason', extract: keys('annotations', 'authorization.k8s.io/reason') },
    { name: 'ka.auth.openshift.decision', desc: 'The authentication decision of the openshift apiserver extension. Only available on openshift clusters', extract: keys('annotations', 'authentication.openshift.io/decision') },
    { name: 'ka.validations.admission.policy.failure', desc: 'The validation failure reason from a Validation Admission Policy', extract: keys('annotations', 'validation.policy.admission.k8s.io/validation_failure') },
    { name: 'ka.security.pod.violations', desc: 'The violation reason for pod security policy', extract: keys('annotations', 'pod-security.kubernetes.io/audit-violations') },
    { name: 'ka.auth.openshift.username', desc: 'The user name performing the openshift authentication operation. Only available on openshift clusters', extract: keys('annotations', 'authentication.openshift.io/username') },
    { name: 'ka.user.name', desc: 'The user name performing the request', extract: keys('user', 'username') },
    { name: 'ka.user.groups', list: true, desc: 'The groups to which the user belongs', extract: listKeys('user', 'groups') },
    { name: 'ka.impuser.name', desc: 'The impersonated user name', extract: keys('impersonatedUser', 'username') },
    { name: 'ka.verb', desc: 'The action being performed', extract: keys('verb') },
    { name: 'ka.uri', desc: 'The request URI as sent from client to server', extract: keys('requestURI') },
    { name: 'ka.uri.param', arg: 'required-key', desc: 'The value of a given query parameter in the uri (e.g. when uri=/foo?key=val, ka.uri.param[key] is val).', extract: uriParam },
    { name: 'ka.target.name', desc: 'The target object name', extract: keys('objectRef', 'name') },
    { name: 'ka.target.namespace', desc: 'The target object namespace', extract: keys('objectRef', 'namespace') },
    { name: 'ka.target.resource', desc: 'The target object resource', extract: keys('objectRef', 'resource') },
    { name: 'ka.target.subresource', desc: 'The target object subresource', extract: keys('objectRef', 'subresource') },
    {
      name: 'ka.target.pod.name',
      desc: 'The target pod name',
      extract: (e) => {
        const sub = getPath(e, ['objectRef', 'subresource']);
        if (getPath(e, ['objectRef', 'resource']) !== 'pods' || (typeof sub === 'string' && sub !== '')) return undefined;
        const name = getPath(e, ['responseObject', 'metadata', 'name']);
        return name === undefined ? undefined : asString(name);
      },
    },
    { name: 'ka.req.binding.subjects', list: true, desc: 'When the request object refers to a cluster role binding, the subject (e.g. account/users) being linked by the binding', extract: listKeys('requestObject', 'subjects') },
    { name: 'ka.req.binding.subjects.user_names', list: true, desc: 'When the request object refers to a cluster role binding, the subject user names being linked by the binding', extract: subjects('User') },
    { name: 'ka.req.binding.subjects.serviceaccount_names', list: true, desc: 'When the request object refers to a cluster role binding, the subject service account names being linked by the binding', extract: subjects('ServiceAccount') },
    {
      name: 'ka.req.binding.subjects.serviceaccount_ns_names',
      list: true,
      desc: 'When the request object refers to a cluster role binding, the subject serviceaccount namespaced names being linked by the binding, e.g. a list containing: mynamespace:myserviceaccount',
      extract: subjects('ServiceAccount', true),
    },
    { name: 'ka.req.binding.subjects.group_names', list: true, desc: 'When the request object refers to a cluster role binding, the subject group names being linked by the binding', extract: subjects('Group') },
    { name: 'ka.req.binding.role', desc: 'When the request object refers to a cluster role binding, the role being linked by the binding', extract: keys('requestObject', 'roleRef', 'name') },
    { name: 'ka.req.binding.subject.has_name', arg: 'required-key', desc: 'Deprecated, always returns "N/A". Only provided for backwards compatibility', extract: () => 'true' },
    { name: 'ka.req.configmap.name', desc: 'If the request object refers to a configmap, the configmap name', extract: keys('objectRef', 'name') },
    { name: 'ka.req.configmap.obj', desc: 'If the request object refers to a configmap, the entire configmap object', extract: keys('requestObject', 'data') },
    ...CLASSIC_CONTAINER_ORDER.map(pick),
    {
      name: 'ka.req.container.image',
      desc: 'Deprecated by ka.req.pod.containers.image. Returns the image of the first container only',
      extract: (e) => images(e, 'containers', 0)?.[0],
    },
    pick('image.repository'),
    {
      name: 'ka.req.container.image.repository',
      desc: 'Deprecated by ka.req.pod.containers.image.repository. Returns the repository of the first container only',
      extract: (e) => {
        const i = images(e, 'containers', 0)?.[0];
        return i === undefined ? undefined : repository(i);
      },
    },
    { name: 'ka.req.pod.host_ipc', desc: 'When the request object refers to a pod, the value of the hostIPC flag.', extract: keys('requestObject', 'spec', 'hostIPC') },
    { name: 'ka.req.pod.host_network', desc: 'When the request object refers to a pod, the value of the hostNetwork flag.', extract: keys('requestObject', 'spec', 'hostNetwork') },
    { name: 'ka.req.container.host_network', desc: 'Deprecated alias for ka.req.pod.host_network', extract: keys('requestObject', 'spec', 'hostNetwork') },
    { name: 'ka.req.pod.host_pid', desc: 'When the request object refers to a pod, the value of the hostPID flag.', extract: keys('requestObject', 'spec', 'hostPID') },
    pick('host_port'),
    pick('privileged'),
    { name: 'ka.req.container.privileged', desc: 'Deprecated by ka.req.pod.containers.privileged. Returns true if any container has privileged=true', extract: anyPrivileged },
    pick('allow_privilege_escalation'),
    pick('read_only_fs'),
    { name: 'ka.req.pod.run_as_user', desc: 'When the request object refers to a pod, the runAsUser uid specified in the security context for the pod. See ....containers.run_as_user for the runAsUser for individual containers', extract: keys('requestObject', 'spec', 'securityContext', 'runAsUser') },
    pick('run_as_user'),
    pick('eff_run_as_user'),
    { name: 'ka.req.pod.run_as_group', desc: 'When the request object refers to a pod, the runAsGroup gid specified in the security context for the pod. See ....containers.run_as_group for the runAsGroup for individual containers', extract: keys('requestObject', 'spec', 'securityContext', 'runAsGroup') },
    pick('run_as_group'),
    pick('eff_run_as_group'),
    pick('proc_mount'),
    { name: 'ka.req.role.rules', list: true, desc: 'When the request object refers to a role/cluster role, the rules associated with the role', extract: listKeys('requestObject', 'rules') },
    ...(['apiGroups', 'nonResourceURLs', 'verbs', 'resources'] as const).map(
      (k): Def => ({ name: `ka.req.role.rules.${k}`, list: true, arg: 'index', desc: `When the request object refers to a role/cluster role, the ${k} associated with the role's rules`, extract: (e, arg) => rulesField(e, arg, k) }),
    ),
    { name: 'ka.req.pod.fs_group', desc: 'When the request object refers to a pod, the fsGroup gid specified by the security context.', extract: keys('requestObject', 'spec', 'securityContext', 'fsGroup') },
    { name: 'ka.req.pod.supplemental_groups', list: true, desc: 'When the request object refers to a pod, the supplementalGroup gids specified by the security context.', extract: listKeys('requestObject', 'spec', 'securityContext', 'supplementalGroups') },
    pick('add_capabilities'),
    { name: 'ka.req.service.type', desc: 'When the request object refers to a service, the service type', extract: keys('requestObject', 'spec', 'type') },
    {
      name: 'ka.req.service.ports',
      list: true,
      arg: 'index',
      desc: "When the request object refers to a service, the service's ports",
      // The ports list is the end of the path, so the plugin returns it whole, as one JSON text.
      extract: (e, arg) => {
        const arr = valuesRecursive(e, indexOf(arg), ['requestObject', 'spec', 'ports']);
        return arr === undefined ? undefined : nonEmpty(stringsSkipMissing(arr));
      },
    },
    {
      name: 'ka.req.pod.volumes.hostpath',
      list: true,
      arg: 'index',
      desc: 'When the request object refers to a pod, all hostPath paths specified for all volumes',
      extract: (e, arg) => {
        const arr = valuesRecursive(e, indexOf(arg), ['requestObject', 'spec', 'volumes', 'hostPath', 'path']);
        return arr === undefined ? undefined : nonEmpty(stringsSkipMissing(arr));
      },
    },
    { name: 'ka.req.volume.hostpath', arg: 'required-key', desc: 'Deprecated by ka.req.pod.volumes.hostpath. Return true if the provided (host) path prefix is used by any volume', extract: volumeHostPath },
    {
      name: 'ka.req.pod.volumes.flexvolume_driver',
      list: true,
      arg: 'index',
      desc: 'When the request object refers to a pod, all flexvolume drivers specified for all volumes',
      extract: (e, arg) => {
        const arr = valuesRecursive(e, indexOf(arg), ['requestObject', 'spec', 'volumes', 'flexVolume', 'driver']);
        return arr === undefined ? undefined : nonEmpty(stringsSkipMissing(arr));
      },
    },
    { name: 'ka.req.pod.volumes.volume_type', list: true, arg: 'index', desc: 'When the request object refers to a pod, all volume types for all volumes', extract: volumeTypes },
    { name: 'ka.resp.name', desc: 'The response object name', extract: keys('responseObject', 'metadata', 'name') },
    { name: 'ka.response.code', desc: 'The response code', extract: keys('responseStatus', 'code') },
    { name: 'ka.response.reason', desc: 'The response reason (usually present only for failures)', extract: keys('responseStatus', 'reason') },
    { name: 'ka.useragent', desc: 'The useragent of the client who made the request to the apiserver', extract: keys('userAgent') },
    {
      name: 'ka.sourceips',
      list: true,
      arg: 'index',
      desc: 'The IP addresses of the client who made the request to the apiserver',
      // As in the plugin (v0.18.0), which reads it through its role-rules helper: requestObject.rules[].sourceIPs.
      extract: (e, arg) => rulesField(e, arg, 'sourceIPs'),
    },
    { name: 'ka.cluster.name', desc: 'The name of the k8s cluster (the event\'s cluster_name annotation)', extract: keys('annotations', 'cluster_name') },
  ];
  // Ephemeral containers cannot declare ports, so upstream has no host_port mirror for them.
  const ephemeral = containerFields('ephemeralContainers', 'ephemeral container').filter((d) => !d.name.endsWith('.host_port'));
  return [...defs, ...containerFields('initContainers', 'init container'), ...ephemeral];
}

/** The json plugin's fields, under `json.` and the legacy `jevt.` prefix. */
function jsonDefs(prefix: 'json' | 'jevt'): Def[] {
  return [
    { name: `${prefix}.value`, arg: 'required-key', desc: 'Extracts a value from the JSON event with a JSON Pointer (RFC 6901), e.g. /user/username', extract: (e, arg) => {
      const v = arg === undefined ? undefined : jsonPointer(e, arg);
      return v === undefined ? undefined : asString(v);
    }, compile: (arg) => {
      const keys = arg === undefined ? undefined : pointerKeys(arg);
      if (keys === undefined) return () => undefined;
      const read = fixedPath(keys);
      return (e) => {
        const v = read(e);
        return v === undefined ? undefined : asString(v);
      };
    } },
    { name: `${prefix}.obj`, desc: 'The full JSON event, as compact JSON', extract: (e) => compactJson(e) },
    { name: `${prefix}.rawtime`, desc: 'The time of the event, in nanoseconds since the epoch', extract: () => undefined },
  ];
}

const K8S_DEFS = definitions();
const JSON_DEFS = [...jsonDefs('json'), ...jsonDefs('jevt')];

const toInfo = (d: Def): FieldInfo => ({ name: d.name, type: 'string', list: d.list ?? false, arg: d.arg ?? 'none', desc: d.desc });

/** The 100 `ka.*` fields, in the plugin's order (for docs and the field-count test). */
export const K8SAUDIT_FIELDS: readonly FieldInfo[] = K8S_DEFS.map(toInfo);

export class K8sAuditProvider implements FieldProvider {
  private readonly catalog: FieldCatalog;
  private readonly extracts = new Map<string, Extract>();
  private readonly compilers = new Map<string, NonNullable<Def['compile']>>();

  constructor(private readonly options: K8sAuditOptions) {
    const all = [...K8S_DEFS, ...JSON_DEFS];
    for (const d of all) {
      this.extracts.set(d.name, d.extract);
      if (d.compile) this.compilers.set(d.name, d.compile);
    }
    this.catalog = new FieldCatalog([...genericFields(), ...all.map(toInfo)]);
  }

  get fields(): readonly FieldInfo[] {
    return this.catalog.fields;
  }

  resolve(name: string, arg: string | undefined): FieldRef | undefined {
    return this.catalog.resolve(name, arg);
  }

  extractor(ref: FieldRef): Extractor | string {
    const generic = genericExtractor(ref, this.options.hostname, 'k8saudit');
    if (generic) return generic;
    const extract = this.extracts.get(ref.info.name);
    if (!extract) return `filter_check called with nonexistent field ${ref.info.name}`;
    const { arg } = ref;
    const options = this.options;
    if (ref.info.name.endsWith('.rawtime')) return (e: EngineEvent) => e.ts.toString();
    if (ref.info.name.startsWith('ka.')) {
      return (e: EngineEvent) => {
        const p = e.payload;
        return typeof p === 'object' && p !== null && (p as { auditID?: unknown }).auditID !== undefined ? extract(p, arg, options) : undefined;
      };
    }
    const compiled = this.compilers.get(ref.info.name)?.(arg);
    if (compiled) return (e: EngineEvent) => compiled(e.payload);
    return (e: EngineEvent) => extract(e.payload, arg, options);
  }
}
