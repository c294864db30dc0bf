import type { Path } from '../../core/path.js';
import { isDict, pyStr, pyTruthy, type PyValue } from './python.js';

/**
 * A Kubernetes object as Checkov's graph holds it: its fields flattened into dotted keys
 * (`spec.containers.0.image`), every level kept (`spec.containers` is the list itself). `resource_type` is the kind. Checkov also
 * writes each mapping's first and last line (`__startline__`, `__endline__`) into it; those are
 * left out here, and the operators that would see them say so (see operators.ts).
 */
export type Vertex = ReadonlyMap<string, PyValue>;

/** One resource Checkov makes of an object, with the way back from its fields to the object's. */
export interface CheckovResource {
  readonly kind: string;
  /** The resource's fields as Checkov holds them (for the place of a failed attribute). */
  readonly body: Record<string, PyValue>;
  readonly vertex: Vertex;
  /** Checkov's resource id (`Kind.namespace.name`; `Pod.namespace.parent.label-value` for a template's pod). */
  readonly id: string;
  /** Whether this is the pod of the object's pod template. */
  readonly templatePod: boolean;
  /** The object's path of a path in `body`. */
  objectPath(path: Path): Path;
}

/** The kinds whose pod template Checkov judges as a Pod of its own (kubernetes_utils.SUPPORTED_POD_CONTAINERS_TYPES). */
export const TEMPLATE_POD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'DeploymentConfig', 'DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

const PARENT_ID = '_parent_resource_id';
const PARENT_NAME = '_parent_resource';

/*
 * What Checkov's Kubernetes runner does to an object before its checks see it (kubernetes_utils
 * and graph_builder/local_graph.py, with complex vertices, its default):
 * - get_skipped_checks, run on every object with an id, turns `metadata.annotations` into a list
 *   of that one mapping, so an annotation is `metadata.annotations.0.<key>`;
 * - the pod template of a Deployment, DaemonSet, Job, ReplicaSet, ReplicationController,
 *   StatefulSet or DeploymentConfig becomes a resource of its own, of kind Pod, taking the
 *   workload's apiVersion, namespace and annotations where it has none, and the workload's own
 *   resource loses `spec.template`;
 * - an object gets no resource without a name (a Pod: without a spec, or without both name and
 *   labels), and then no verdict.
 */
export function resourcesOf(body: Record<string, unknown>): CheckovResource[] {
  const metadata = isDict(body.metadata) ? body.metadata : undefined;
  if (!metadata || typeof body.kind !== 'string' || !('apiVersion' in body)) return [];
  const wrapped = isDict(metadata.annotations) && resourceId(body) !== undefined;
  const ownMetadata = wrapped ? { ...metadata, annotations: [metadata.annotations] } : metadata;
  const spec = body.spec;
  const template = isDict(spec) ? spec.template : undefined;
  const split = TEMPLATE_POD_KINDS.has(body.kind) && isDict(spec) && isDict(template) && validPod(template);
  const own = { ...body, metadata: ownMetadata, ...(split ? { spec: withoutTemplate(spec) } : {}) };
  const resources: CheckovResource[] = [];
  const kind = body.kind;
  const ownValid = kind === 'Pod' ? validPod(own) : pyTruthy(metadata.name);
  const ownId = resourceId(own);
  if (ownValid && ownId !== undefined) resources.push(resource(own, kind, ownId, false, (path) => unwrapAnnotations(path, wrapped)));
  if (split) {
    const pod = templatePod(body, ownMetadata, template as Record<string, PyValue>);
    const podKind = typeof pod.body.kind === 'string' ? pod.body.kind : 'Pod';
    const podId = resourceId(pod.body);
    const valid = podKind === 'Pod' ? validPod(pod.body) : pyTruthy((pod.body.metadata as Record<string, PyValue>).name);
    if (valid && podId !== undefined) resources.push(resource(pod.body, podKind, podId, true, pod.objectPath));
  }
  return resources;
}

function resource(body: Record<string, PyValue>, kind: string, id: string, templatePod: boolean, objectPath: (path: Path) => Path): CheckovResource {
  return { kind, body, vertex: vertexOf(body, kind), id, templatePod, objectPath };
}

function withoutTemplate(spec: Record<string, PyValue>): Record<string, PyValue> {
  const { template: _template, ...rest } = spec;
  return rest;
}

/** An annotation's place in the object: Checkov's list of one mapping is the mapping itself. */
function unwrapAnnotations(path: Path, wrapped: boolean): Path {
  if (!wrapped || path[0] !== 'metadata' || path[1] !== 'annotations') return path;
  return path[2] === 0 ? ['metadata', 'annotations', ...path.slice(3)] : ['metadata', 'annotations'];
}

/** The pod Checkov makes of a workload's template (_extract_nested_resources_recursive), with the way back to the workload's fields. */
function templatePod(parent: Record<string, unknown>, parentMetadata: Record<string, PyValue>, template: Record<string, PyValue>): { body: Record<string, PyValue>; objectPath: (path: Path) => Path } {
  const parentName = parentMetadata.name ?? '';
  const body: Record<string, PyValue> = { ...template, [PARENT_ID]: resourceId({ ...parent, metadata: parentMetadata }) ?? null, [PARENT_NAME]: parentName };
  if (!pyTruthy(body.kind)) body.kind = 'Pod';
  if (!pyTruthy(body.apiVersion)) body.apiVersion = parent.apiVersion as PyValue;
  const own = template.metadata as Record<string, PyValue>;
  const metadata: Record<string, PyValue> = { ...own };
  const inheritedNamespace = (own.namespace === undefined || own.namespace === null) && parentMetadata.namespace !== undefined && parentMetadata.namespace !== null;
  if (inheritedNamespace) metadata.namespace = parentMetadata.namespace;
  const annotations = parentMetadata.annotations;
  const inheritedAnnotations = annotations !== undefined && annotations !== null && !Object.hasOwn(own, 'annotations');
  if (inheritedAnnotations) {
    metadata.annotations = annotations;
    metadata[PARENT_ID] = parentName;
  }
  body.metadata = metadata;
  const wrappedParent = Array.isArray(annotations);
  const objectPath = (path: Path): Path => {
    const [first, second] = path;
    if (first === PARENT_ID || first === PARENT_NAME) return ['metadata', 'name'];
    if ((first === 'kind' || first === 'apiVersion') && !Object.hasOwn(template, first)) return [first];
    if (first === 'metadata' && second === PARENT_ID && inheritedAnnotations) return ['metadata', 'name'];
    if (first === 'metadata' && second === 'namespace' && inheritedNamespace) return ['metadata', 'namespace'];
    if (first === 'metadata' && second === 'annotations' && inheritedAnnotations) return unwrapAnnotations(path, wrappedParent);
    return ['spec', 'template', ...path];
  };
  return { body, objectPath };
}

/** kubernetes_utils.is_invalid_k8_pod_definition, negated. */
function validPod(pod: Record<string, PyValue>): boolean {
  const metadata = pod.metadata;
  if (!isDict(metadata)) return false;
  if (!isDict(pod.spec) && !Array.isArray(pod.spec)) return false;
  return !(isNone(metadata.labels) && isNone(metadata.name));
}

const isNone = (v: PyValue) => v === undefined || v === null;

/** kubernetes_utils.get_resource_id: `Kind.namespace.name`, or from the labels (a mapping always counts: Checkov's hold their line numbers). */
function resourceId(body: Record<string, PyValue>): string | undefined {
  const kind = typeof body.kind === 'string' ? body.kind : 'Pod';
  const metadata = isDict(body.metadata) ? body.metadata : {};
  const namespace = Object.hasOwn(metadata, 'namespace') ? pyStr(metadata.namespace ?? null) : 'default';
  if (pyTruthy(metadata.name)) return `${kind}.${namespace}.${pyStr(metadata.name)}`;
  const labels = metadata.labels;
  if (!isDict(labels) && !pyTruthy(labels)) return undefined;
  const pairs = isDict(labels) ? Object.entries(labels).map(([k, v]) => `${k}-${pyStr(v ?? null)}`) : [];
  const text = pairs.length > 0 ? pairs.join('.') : 'default';
  const parent = body[PARENT_NAME];
  return pyTruthy(parent) ? `${kind}.${namespace}.${pyStr(parent)}.${text}` : `${kind}.${namespace}.${text}`;
}

export function vertexOf(body: Record<string, unknown>, kind: string): Vertex {
  const vertex = new Map<string, PyValue>();
  const indexed: Array<[string, PyValue]> = [];
  for (const [key, value] of Object.entries(body)) {
    // Block.get_attribute_dict, which the graph's checks read: a top-level list of one item is
    // that item (`rules.resources` for the only rule of a Role), its indexed keys (`rules.0.resources`)
    // kept after every other field when the item is a mapping.
    const single = Array.isArray(value) && value.length === 1;
    const shown: PyValue = single ? value[0] : value;
    if (isDict(shown) || Array.isArray(shown)) addInner(vertex, key, shown);
    else vertex.set(key, shown);
    if (single && isDict(value[0])) indexed.push([`${key}.0`, value[0]]);
  }
  vertex.set('resource_type', kind);
  for (const [key, item] of indexed) addInner(vertex, key, item);
  return vertex;
}

/**
 * The attributes of Checkov's KubernetesBlock, which its edge builders read: top-level mappings,
 * and lists whose first item is a mapping, flattened, with no list unwrapped (`subjects.0.name`).
 */
export function blockAttributesOf(body: Record<string, unknown>): Vertex {
  const attributes = new Map<string, PyValue>();
  for (const [key, value] of Object.entries(body)) {
    if (isDict(value) || (Array.isArray(value) && value.length > 0 && isDict(value[0]))) addInner(attributes, key, value);
    else attributes.set(key, value);
  }
  return attributes;
}

/**
 * The value blockAttributesOf(body) holds for one key, found without flattening the rest: the last
 * value written for it, as addInner writes them (each key, then every key below it, in order),
 * reading only the keys the one asked for begins with.
 */
export function blockAttribute(body: Record<string, unknown>, key: string): PyValue {
  let found: PyValue;
  for (const [k, value] of Object.entries(body)) {
    if (isDict(value) || (Array.isArray(value) && value.length > 0 && isDict(value[0]))) found = innerAttribute(k, value, key, found);
    else if (k === key) found = value;
  }
  return found;
}

function innerAttribute(at: string, value: PyValue, key: string, found: PyValue): PyValue {
  // Every key below this one is longer than the key asked for.
  if (at === key) return value;
  if (!key.startsWith(`${at}.`)) return found;
  let last = found;
  if (Array.isArray(value)) value.forEach((item, i) => (last = innerAttribute(`${at}.${i}`, item, key, last)));
  else if (isDict(value)) for (const [k, v] of Object.entries(value)) if (k !== '') last = innerAttribute(`${at}.${k}`, v, key, last);
  return last;
}

/** Checkov's get_inner_attributes: every key below `key`, mappings and lists alike (an empty key is dropped, as Checkov deletes it). */
function addInner(vertex: Map<string, PyValue>, key: string, value: PyValue): void {
  vertex.set(key, value);
  if (Array.isArray(value)) value.forEach((item, i) => addInner(vertex, `${key}.${i}`, item));
  else if (isDict(value)) for (const [k, v] of Object.entries(value)) if (k !== '') addInner(vertex, `${key}.${k}`, v);
}
