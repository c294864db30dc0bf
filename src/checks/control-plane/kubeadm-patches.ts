import type { Path } from '../../core/path.js';
import { pointerTokens } from '../../core/json-pointer.js';
import { asArray, asRecord, asString, getIn, recordsWithIndex, setOwnField } from '../../k8s/access.js';
import { kubeadmPatchFile } from '../../k8s/kubeadm-patches.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import type { Component, Word } from './command-line.js';
import { decodedContent } from './config-file.js';
import { applyJsonPatch } from './kubeadm-json-patch.js';

/*
 * kubeadm applies the patches of its patches directory to the static pods it writes, after their
 * command lines are built from its arguments and extraArgs (cmd/kubeadm/app/util/patches): a JSON
 * patch that appends `--audit-log-path=...` to the API server's command changes what runs. Cluster
 * API machines get such patches as spec.files under the directory that initConfiguration or
 * joinConfiguration names in patches.directory; those are applied here to the command lines kubeadm
 * would write. A patch changes a command line through the containers' names, commands and args,
 * which are modelled; the rest of the pod (image, volumes, resources) is not, and an operation on it
 * is taken to succeed. Checked against kubeadm's patch libraries by test/oracles/kubeadm-patches.
 */

/** One patch file Cluster API writes for kubeadm: its documents, in order, and where its content is. */
export interface StaticPodPatch {
  readonly target: Component;
  readonly type: 'strategic' | 'merge' | 'json';
  /** The file's path on the machine, for messages. */
  readonly file: string;
  readonly documents: readonly unknown[];
  /** The field that holds the file's content: where an argument the patch adds is reported. */
  readonly at: Path;
}

const STATIC_POD_TARGETS: ReadonlySet<string> = new Set(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);

/**
 * The static pod patches among a Cluster API object's files (`spec` leads to its kubeadm config
 * spec), in the order kubeadm applies them: it walks the directory, subdirectories too, in lexical
 * order of the names at each level.
 */
export function capiStaticPodPatches(body: unknown, spec: Path): StaticPodPatch[] {
  const directories = ['initConfiguration', 'joinConfiguration']
    .map((section) => asString(getIn(body, ...spec.map(String), section, 'patches', 'directory')))
    .filter((dir): dir is string => dir !== undefined && dir !== '')
    .map((dir) => dir.replace(/\/+$/, ''));
  if (directories.length === 0) return [];
  const filesAt = [...spec, 'files'];
  const patches = recordsWithIndex(getIn(body, ...filesAt.map(String))).flatMap(({ record, index }) => {
    const file = asString(record.path) ?? '';
    const patch = kubeadmPatchFile(file);
    if (!patch || !STATIC_POD_TARGETS.has(patch.target) || !directories.some((dir) => file.startsWith(`${dir}/`))) return [];
    const text = decodedContent(record);
    if (text === undefined || text.trim() === '') return [];
    const parsed = parseManifests(text, file);
    // A patch kubeadm cannot read stops it before the pods are written: nothing of it is applied here.
    if (parsed.problems.length > 0) return [];
    const documents = parsed.documents.map((d) => d.value).filter((v) => v !== null && v !== undefined);
    return [{ target: patch.target as Component, type: patch.type, file, documents, at: [...filesAt, index, 'content'] }];
  });
  return patches.sort((a, b) => compareWalkOrder(a.file, b.file));
}

/** filepath.Walk's order: the names of each directory level compared in turn. */
function compareWalkOrder(a: string, b: string): number {
  const [x, y] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The words of `component`'s command after the patches for it (`applied`: those that changed it),
 * each word an argument kubeadm wrote (with its path) or one a patch brought (at the patch's
 * content); undefined when the patches leave the container without a command line, as a patch that
 * removes the container or its command does. A patch that fails to apply stops kubeadm; the command
 * line is then kept as it was.
 */
export function patchedWords(component: Component, words: readonly Word[], patches: readonly StaticPodPatch[]): { words: readonly Word[] | undefined; applied: string[] } {
  const mine = patches.filter((p) => p.target === component);
  const pod = kubeadmPod(component, words.map((w) => w.text));
  let current: readonly Word[] | undefined = words;
  const applied: string[] = [];
  for (const patch of mine) {
    for (const document of patch.documents) {
      if (APPLY[patch.type](pod, document) === 'failed') return { words, applied: [] };
    }
    const texts = commandOf(pod.model, component);
    const same = texts !== undefined && current !== undefined && texts.length === current.length && texts.every((t, i) => t === current![i]!.text);
    if (same || (texts === undefined && current === undefined)) continue;
    applied.push(patch.file);
    current = texts === undefined ? undefined : attribute(texts, current ?? [], patch.at);
  }
  return { words: current, applied };
}

/**
 * The static pod as far as it is modelled: its containers, each with its name, command and args.
 * Objects kubeadm wrote (the pod, its spec, its container) hold more than the model knows (image,
 * volumes, probes), so an operation on one of their other fields is taken to succeed and changes
 * nothing here; what a patch writes is known whole.
 */
interface ModelledPod {
  model: unknown;
  /** kubeadm's objects, and the fields of each the model holds. */
  readonly partial: WeakMap<object, ReadonlySet<string>>;
}

function kubeadmPod(component: Component, command: readonly string[]): ModelledPod {
  const container = { name: component, command: [...command] };
  const spec = { containers: [container] };
  const model = { spec };
  const partial = new WeakMap<object, ReadonlySet<string>>([
    [model, new Set(['spec'])],
    [spec, new Set(['containers'])],
    [container, new Set(['name', 'command', 'args'])],
  ]);
  return { model, partial };
}

/** command then args, when every word is a string; a container that runs its image's entrypoint has none. */
function commandOf(model: unknown, component: Component): string[] | undefined {
  const containers = asRecord(asRecord(model)?.spec)?.containers;
  const container = Array.isArray(containers) ? containers.map(asRecord).find((c) => c?.name === component) : undefined;
  if (!container) return undefined;
  const words = [...asArray(container.command), ...asArray(container.args)];
  return words.length > 0 && words.every((w) => typeof w === 'string') ? (words as string[]) : undefined;
}

type Apply = (pod: ModelledPod, patch: unknown) => 'ok' | 'failed';

const APPLY: Readonly<Record<StaticPodPatch['type'], Apply>> = {
  /**
   * RFC 6902, as evanphx/json-patch v4 applies it (kubeadm-json-patch.ts). An operation on a field
   * of kubeadm's the model does not hold is taken to succeed and is left out; so is a test of a
   * value that holds such fields.
   */
  json(pod, patch) {
    if (!Array.isArray(patch)) return 'failed';
    try {
      pod.model = applyJsonPatch(pod.model, patch, {
        skip: (doc, kind, path, from) => outsideModel(pod, doc, path) || (from !== undefined && outsideModel(pod, doc, from)) || (kind === 'test' && holdsPartial(pod, valueAt(doc, path))),
        clone: (value) => cloneKeepingPartial(pod, value),
      });
      return 'ok';
    } catch {
      return 'failed';
    }
  },
  /** RFC 7386: objects merge, null removes, anything else (a list too) replaces. */
  merge(pod, patch) {
    pod.model = mergePatch(pod.model, patch, pod);
    return 'ok';
  },
  /** apimachinery's strategic merge on a v1.Pod: containers merge by name, command and args are replaced. */
  strategic(pod, patch) {
    if (!asRecord(patch)) return 'failed';
    const result = strategicMerge(pod.model, patch, pod, ['pod']);
    if (result === FAILED) return 'failed';
    pod.model = result;
    return 'ok';
  },
};

/** Whether a JSON pointer passes through a field of kubeadm's that the model does not hold. */
function outsideModel(pod: ModelledPod, doc: unknown, pointer: string): boolean {
  let current: unknown = doc;
  for (const token of pointerTokens(pointer)) {
    const known = typeof current === 'object' && current !== null ? pod.partial.get(current) : undefined;
    if (known && !known.has(token)) return true;
    current = step(current, token);
    if (current === undefined) return false;
  }
  return false;
}

function step(current: unknown, token: string): unknown {
  if (Array.isArray(current)) return /^\d+$/.test(token) ? current[Number(token)] : undefined;
  const record = asRecord(current);
  return record && Object.hasOwn(record, token) ? record[token] : undefined;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of pointerTokens(pointer)) current = step(current, token);
  return current;
}

/** Whether a value is or holds one of kubeadm's objects, whose other fields the model does not know. */
function holdsPartial(pod: ModelledPod, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return pod.partial.has(value) || Object.values(value).some((v) => holdsPartial(pod, v));
}

function cloneKeepingPartial(pod: ModelledPod, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const copy: unknown = Array.isArray(value) ? value.map((v) => cloneKeepingPartial(pod, v)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneKeepingPartial(pod, v)]));
  const known = pod.partial.get(value);
  if (known) pod.partial.set(copy as object, known);
  return copy;
}

function mergePatch(target: unknown, patch: unknown, pod: ModelledPod): unknown {
  const fields = asRecord(patch);
  if (!fields) return patch;
  const base = asRecord(target);
  const result: Record<string, unknown> = { ...(base ?? {}) };
  const known = base && pod.partial.get(base);
  if (known) pod.partial.set(result, known);
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) delete result[key];
    else setOwnField(result, key, mergePatch(result[key], value, pod));
  }
  return result;
}

const FAILED = Symbol('failed');
const STRATEGIES: Readonly<Record<string, string>> = { 'pod.spec.containers': 'name' };

/**
 * Strategic merge as apimachinery's strategicpatch does it, for the fields that lead to a command
 * line: maps merge (null removes a field; `$patch: replace` and `$patch: delete` replace or empty
 * one), the containers list merges by name with its `$patch` elements, other lists are replaced.
 */
function strategicMerge(original: unknown, patch: unknown, pod: ModelledPod, at: readonly string[]): unknown {
  const fields = asRecord(patch);
  const base = asRecord(original);
  if (!fields || !base) return patch;
  if ('$patch' in fields) {
    if (fields.$patch === 'delete') return {};
    if (fields.$patch !== 'replace') return FAILED;
    const { $patch: _directive, ...rest } = fields;
    return rest;
  }
  const result: Record<string, unknown> = { ...base };
  const known = pod.partial.get(base);
  if (known) pod.partial.set(result, known);
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = Object.hasOwn(result, key) ? result[key] : undefined;
    // A field the original lacks, or holds with another type, takes the patch's value without its
    // nulls and without every map that carries a directive (removeDirectives).
    if (current === undefined || current === null || typeOf(current) !== typeOf(value)) {
      const cleaned = withoutDirectives(withoutNulls(value));
      if (cleaned === DROPPED) delete result[key];
      else setOwnField(result, key, cleaned);
      continue;
    }
    const path = [...at, key];
    const mergeKey = STRATEGIES[path.join('.')];
    // Lists without a merge key (command, args) are replaced.
    const merged = Array.isArray(value) ? (mergeKey ? mergeList(current as unknown[], value, mergeKey, pod, path) : value) : strategicMerge(current, value, pod, path);
    if (merged === FAILED) return FAILED;
    setOwnField(result, key, merged);
  }
  return result;
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

const DROPPED = Symbol('dropped');

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  const record = asRecord(value);
  return record ? Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) : value;
}

function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives).filter((v) => v !== DROPPED);
  const record = asRecord(value);
  if (!record) return value;
  if ('$patch' in record) return DROPPED;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withoutDirectives(v)] as const).filter(([, v]) => v !== DROPPED));
}

/** A list merged by its merge key, in the order apimachinery gives it (normalizeElementOrder). */
function mergeList(original: readonly unknown[], patch: readonly unknown[], mergeKey: string, pod: ModelledPod, at: readonly string[]): unknown[] | typeof FAILED {
  if (patch.length === 0) return [...original];
  if (![...original, ...patch].every((item) => asRecord(item))) return FAILED;
  let server = original as Array<Record<string, unknown>>;
  const items: Array<Record<string, unknown>> = [];
  let replace = false;
  for (const item of patch as Array<Record<string, unknown>>) {
    if (!('$patch' in item)) items.push(item);
    else if (item.$patch === 'delete') {
      if (!(mergeKey in item)) return FAILED;
      server = server.filter((s) => s[mergeKey] !== item[mergeKey]);
    } else if (item.$patch === 'replace') replace = true;
    else return FAILED;
  }
  if (!items.every((item) => mergeKey in item)) return FAILED;
  if (replace) return items;
  if (!server.every((item) => mergeKey in item)) return FAILED;
  const merged = [...server];
  for (const item of items) {
    const i = merged.findIndex((s) => s[mergeKey] === item[mergeKey]);
    if (i === -1) {
      merged.push(item);
      continue;
    }
    const result = strategicMerge(merged[i], item, pod, at);
    if (result === FAILED) return FAILED;
    merged[i] = result as Record<string, unknown>;
  }
  // Patch items in the patch's order, server-only items in the server's; a server-only item goes
  // before a patch item only when both were on the server and it came first there.
  const key = (item: Record<string, unknown>) => item[mergeKey];
  const patchKeys = items.map(key);
  const serverKeys = server.map(key);
  const right = merged.filter((m) => patchKeys.includes(key(m))).sort((a, b) => patchKeys.indexOf(key(a)) - patchKeys.indexOf(key(b)));
  const left = merged.filter((m) => !patchKeys.includes(key(m)));
  const out: Array<Record<string, unknown>> = [];
  let [i, j] = [0, 0];
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]!);
    else if (i >= left.length) out.push(right[j++]!);
    else {
      const [li, ri] = [serverKeys.indexOf(key(left[i]!)), serverKeys.indexOf(key(right[j]!))];
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++]! : right[j++]!);
    }
  }
  return out;
}

/**
 * Which words of the patched command kubeadm wrote and which the patch brought: the patched words
 * are matched in order against the words before it; one not found there is the patch's.
 */
function attribute(texts: readonly string[], before: readonly Word[], at: Path): Word[] {
  let from = 0;
  return texts.map((text) => {
    const found = before.findIndex((w, i) => i >= from && w.text === text);
    if (found === -1) return { text, path: at };
    from = found + 1;
    return before[found]!;
  });
}
