import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { Path } from '../../core/path.js';
import { asArray, asRecord, asString, getIn, recordsWithIndex } from '../../k8s/access.js';
import { kubeadmPatchFile } from '../../k8s/kubeadm-patches.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import type { Component, Word } from './command-line.js';
import { decodedContent } from './config-file.js';

/*
 * kubeadm applies the patches of its patches directory to the static pods it writes, after their
 * command lines are built from its arguments and extraArgs (cmd/kubeadm/app/util/patches): a JSON
 * patch that appends `--audit-log-path=...` to the API server's command changes what runs. Cluster
 * API machines get such patches as spec.files under the directory that initConfiguration or
 * joinConfiguration names in patches.directory; those are applied here to the command lines kubeadm
 * would write. A patch only changes a command line through the container's command and args; the
 * rest of the pod (volumes, resources) is not modelled, and operations on it are left out.
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
 * The words of `component`'s command after the patches for it (`applied`: those that changed it), each word an argument kubeadm wrote
 * (with its path) or one a patch brought (at the patch's content); undefined when the patches
 * leave the container without a command line, as a patch that removes the container or its
 * command does. A patch that fails to apply stops kubeadm; the command line is then kept as it was.
 */
export function patchedWords(component: Component, words: readonly Word[], patches: readonly StaticPodPatch[]): { words: readonly Word[] | undefined; applied: string[] } {
  let current: readonly Word[] | undefined = words;
  const applied: string[] = [];
  for (const patch of patches) {
    if (patch.target !== component || current === undefined) continue;
    const texts = applyPatch(patch, component, current.map((w) => w.text));
    if (texts === 'failed') return { words, applied: [] };
    if (texts !== undefined && texts.length === current.length && texts.every((t, i) => t === current![i]!.text)) continue;
    applied.push(patch.file);
    current = texts === undefined ? undefined : attribute(texts, current, patch.at);
  }
  return { words: current, applied };
}

type Outcome = readonly string[] | undefined | 'failed';

function applyPatch(patch: StaticPodPatch, component: Component, command: readonly string[]): Outcome {
  let container: Record<string, unknown> | undefined = { name: component, command: [...command] };
  for (const document of patch.documents) {
    if (container === undefined) return undefined;
    const next: Record<string, unknown> | undefined | 'failed' = APPLY[patch.type](document, container, component);
    if (next === 'failed') return 'failed';
    container = next;
  }
  return container === undefined ? undefined : commandOf(container);
}

/** command then args, when every word is a string; a container that runs its image's entrypoint has none. */
function commandOf(container: Record<string, unknown>): string[] | undefined {
  const words = [...asArray(container.command), ...asArray(container.args)];
  return words.length > 0 && words.every((w) => typeof w === 'string') ? (words as string[]) : undefined;
}

type Apply = (patch: unknown, container: Record<string, unknown>, component: Component) => Record<string, unknown> | undefined | 'failed';

const COMMAND_PATHS = ['/spec/containers/0/command', '/spec/containers/0/args'];

const APPLY: Readonly<Record<StaticPodPatch['type'], Apply>> = {
  /**
   * RFC 6902 operations, applied to the pod as far as it is modelled: an operation on the command or
   * args, or on a field that holds them (the container, the container list), is applied; others
   * (volumes, resources, a sidecar appended) cannot change the command line and are left out.
   */
  json(patch, container, component) {
    if (!Array.isArray(patch)) return 'failed';
    let pod: unknown = { spec: { containers: [container] } };
    for (const op of patch) {
      const operation = asRecord(op);
      if (!operation || typeof operation.op !== 'string' || typeof operation.path !== 'string') return 'failed';
      const touches = (pointer: unknown) => typeof pointer === 'string' && COMMAND_PATHS.some((p) => p === pointer || p.startsWith(`${pointer}/`) || pointer === '' || pointer.startsWith(`${p}/`));
      if (!touches(operation.path) && !touches(operation.from)) continue;
      try {
        pod = fastJsonPatch.applyOperation(pod, operation as unknown as Operation, true, true, true).newDocument;
      } catch {
        return 'failed';
      }
    }
    const containers = asArray(asRecord(asRecord(pod)?.spec)?.containers);
    return containers.map(asRecord).find((c) => c?.name === component);
  },
  /**
   * RFC 7386: a list is replaced whole, so a patch that writes the container list leaves the
   * containers it writes, with only the fields it gives them.
   */
  merge(patch, container, component) {
    // A patch that is no object replaces the whole pod.
    if (!asRecord(patch)) return undefined;
    const spec = asRecord(patch)?.spec;
    if (spec === undefined || (asRecord(spec) && !('containers' in asRecord(spec)!))) return container;
    const containers = asRecord(spec)?.containers;
    return Array.isArray(containers) ? containers.map(asRecord).find((c) => c?.name === component) : undefined;
  },
  /**
   * Strategic merge on a Pod: containers merge by name; command and args, lists without a patch
   * strategy, are replaced; `$patch: delete` removes a container, `$patch: replace` the list.
   */
  strategic(patch, container, component) {
    if (!asRecord(patch)) return 'failed';
    const spec = asRecord(patch)?.spec;
    if (spec === undefined) return container;
    const specRecord = asRecord(spec);
    if (!specRecord || specRecord.$patch === 'delete' || specRecord.containers === null) return undefined;
    const items = asArray(specRecord.containers).map(asRecord);
    const replaceList = specRecord.$patch === 'replace' || items.some((item) => item?.$patch === 'replace' && item.name === undefined);
    const mine = items.find((item) => item?.name === component);
    if (!mine) return replaceList ? undefined : container;
    if (mine.$patch === 'delete') return undefined;
    const base = replaceList || mine.$patch === 'replace' ? {} : container;
    const merged: Record<string, unknown> = { ...base, name: component };
    for (const field of ['command', 'args']) {
      if (!(field in mine)) continue;
      if (mine[field] === null) delete merged[field];
      else merged[field] = mine[field];
    }
    return merged;
  },
};

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
