import type { Path } from '../core/path.js';
import { asArray, asRecord, asString } from '../k8s/access.js';
import { isKubeadmKubeletPatch, KUBELET_CONFIGURATION } from '../k8s/kubeadm-patches.js';
import { K8sObject } from '../k8s/object.js';
import type { ParsedDocument } from '../k8s/yaml/parse.js';

/** A document (or List item) that is not a Kubernetes object, and why. */
export interface SkippedDocument {
  readonly file: string;
  readonly line: number;
  readonly documentIndex: number;
  readonly reason: string;
}

export interface DocumentObjects {
  readonly objects: K8sObject[];
  readonly skipped: SkippedDocument[];
}

/** Lists inside Lists are expanded, as kubectl flattens them, down to this many Lists around them. */
const MAX_LIST_DEPTH = 8;

/**
 * Turns a parsed document into objects: one object, or the items of a `List`/`*List` (and of the Lists in it).
 * `releaseNamespace` is where the objects that name no namespace are installed, for a chart rendered with one.
 */
export function objectsOfDocument(document: ParsedDocument, file: string, releaseNamespace?: string): DocumentObjects {
  const objects: K8sObject[] = [];
  const skipped: SkippedDocument[] = [];
  const source = (basePath: Path) => ({
    file,
    documentIndex: document.index,
    basePath,
    locator: document.locator,
    ...(document.helmTemplate ? { helmTemplate: document.helmTemplate } : {}),
    ...(releaseNamespace !== undefined ? { releaseNamespace } : {}),
  });
  const skip = (basePath: Path, reason: string) =>
    skipped.push({ file, line: document.locator.locate(basePath).line, documentIndex: document.index, reason });

  const add = (value: unknown, basePath: Path, depth: number, itemType?: { apiVersion: string; kind: string }) => {
    const parsed = asRecord(value);
    // Items of a typed list (`PodList` from the API) may leave out apiVersion and kind: they are the
    // list's. So may a document whose file's name gives its type (a kubeadm patch of the kubelet's file).
    const type = itemType ?? (depth === 0 ? typeOfFile : undefined);
    const body = parsed && type && parsed.apiVersion === undefined && parsed.kind === undefined ? { apiVersion: type.apiVersion, kind: type.kind, ...parsed } : parsed;
    if (!body) {
      skip(basePath, `not a Kubernetes object (${describeValue(value)}, not a mapping)`);
      return;
    }
    const apiVersion = asString(body.apiVersion);
    const kind = asString(body.kind);
    if (!apiVersion || !kind) {
      const missing = [!apiVersion && 'apiVersion', !kind && 'kind'].filter(Boolean).join(' and ');
      skip(basePath, `not a Kubernetes object (no ${missing})`);
      return;
    }
    if (kind.endsWith('List') && Array.isArray(body.items)) {
      if (depth === MAX_LIST_DEPTH) {
        skip(basePath, `a ${kind} inside ${MAX_LIST_DEPTH} other Lists (its items are not read)`);
        return;
      }
      const itemType = kind.length > 'List'.length ? { apiVersion, kind: kind.slice(0, -'List'.length) } : undefined;
      asArray(body.items).forEach((item, i) => add(item, [...basePath, 'items', i], depth + 1, itemType));
      return;
    }
    objects.push(new K8sObject(body, source(basePath)));
  };
  const typeOfFile = isKubeadmKubeletPatch(file) ? KUBELET_CONFIGURATION : undefined;
  add(document.value, [], 0);
  return { objects, skipped };
}

/** What a document or List item that is not a mapping is: null, a list, a string, a number or a boolean. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
