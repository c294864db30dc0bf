import type { JsonRecord } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import { goJsonForm } from './cel/go-json.js';
import type { GoTemplateOptions, GoValue } from './go-template/index.js';

/*
 * The data Polaris renders a check's schema templates with, and the documents it validates
 * additional objects as. Polaris reads manifest files with gopkg.in/yaml.v3 into plain maps, so
 * whole numbers are Go ints, except `kind: Pod` documents, which it decodes into the typed Pod and
 * back through encoding/json (every number float64, fields the type always writes added, unknown
 * ones dropped). For pod spec, pod template and container checks it also adds `.Polaris.PodSpec`
 * and `.Polaris.Container`, both through their types, and `.Polaris.PodTemplate` as written.
 */

/** What a pod-level or container-level check adds to the data under `.Polaris`. */
export interface PolarisExtras {
  readonly podSpec: JsonRecord;
  readonly podTemplate: unknown;
  /** For container checks: the container's index among the containers or init containers. */
  readonly container?: { readonly init: boolean; readonly index: number };
}

export interface TemplateData {
  readonly data: GoValue;
  readonly options: GoTemplateOptions;
}

/**
 * The object as Polaris holds it: a Pod through its type, anything else as written, except that
 * an object without a creation time (a manifest, not a dump of a cluster) loses its `status` and
 * the empty creationTimestamp (Polaris' NewGenericResourceFromUnstructured).
 */
export function polarisForm(object: K8sObject): JsonRecord {
  let form = forms.get(object);
  if (!form) forms.set(object, (form = formOf(object)));
  return form;
}

// Made once per object: an additional schema checks the same objects for every target.
const forms = new WeakMap<K8sObject, JsonRecord>();

function formOf(object: K8sObject): JsonRecord {
  if (object.kind === 'Pod' && object.group === '') return goJsonForm(object.body);
  const metadata = object.body.metadata;
  const created = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as JsonRecord).creationTimestamp : undefined;
  if (typeof created === 'string' && created !== '') return object.body;
  if (!('status' in object.body) && created === undefined) return object.body;
  const { status: _status, ...rest } = object.body;
  if (created === undefined || typeof metadata !== 'object' || metadata === null) return rest;
  const { creationTimestamp: _created, ...keptMetadata } = metadata as JsonRecord;
  return { ...rest, metadata: keptMetadata };
}

/** The data of a template for one object and, for pod and container checks, what they add. */
export function polarisTemplateData(object: K8sObject, extras?: PolarisExtras): TemplateData {
  const typed = new WeakSet<object>();
  const form = polarisForm(object);
  if (form !== object.body) markTree(form, typed);
  if (!extras) return { data: form as GoValue, options: { numbers: 'int', float64Within: typed } };
  const podSpec = typedPodSpec(extras.podSpec);
  markTree(podSpec, typed);
  const polaris: Record<string, unknown> = { PodSpec: podSpec, PodTemplate: extras.podTemplate ?? null };
  if (extras.container) {
    const list = podSpec[extras.container.init ? 'initContainers' : 'containers'];
    polaris.Container = Array.isArray(list) ? (list[extras.container.index] ?? null) : null;
  }
  return { data: { ...form, Polaris: polaris } as GoValue, options: { numbers: 'int', float64Within: typed } };
}

/** A pod spec as encoding/json writes the typed corev1.PodSpec (made once per spec: read only). */
export function typedPodSpec(spec: JsonRecord): JsonRecord {
  let made = typedSpecs.get(spec);
  if (!made) {
    const typed = goJsonForm({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec }).spec;
    made = typed !== null && typeof typed === 'object' && !Array.isArray(typed) ? (typed as JsonRecord) : {};
    typedSpecs.set(spec, made);
  }
  return made;
}

const typedSpecs = new WeakMap<JsonRecord, JsonRecord>();

/** Every map and list of a typed form: the numbers in them are float64. */
function markTree(value: unknown, into: WeakSet<object>): void {
  if (value === null || typeof value !== 'object') return;
  into.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) markTree(item, into);
}
