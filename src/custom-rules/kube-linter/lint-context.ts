import path from 'node:path';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';

/**
 * kube-linter lints each directory of manifests, and each chart, as one context (its
 * CreateContexts): a rendered chart's objects share their source, a file's objects its directory.
 */
export function lintContextOf(object: K8sObject): string {
  return object.source.helmTemplate === undefined ? path.dirname(object.source.file) : object.source.file;
}

const contexts = new WeakMap<ObjectIndex, Map<string, K8sObject[]>>();

/** The objects kube-linter lints together with `object` (its lint context's Objects()), in input order. */
export function lintContextObjects(object: K8sObject, index: ObjectIndex): readonly K8sObject[] {
  let byContext = contexts.get(index);
  if (!byContext) {
    byContext = new Map();
    for (const o of index.objects) {
      const key = lintContextOf(o);
      const list = byContext.get(key);
      if (list) list.push(o);
      else byContext.set(key, [o]);
    }
    contexts.set(index, byContext);
  }
  return byContext.get(lintContextOf(object)) ?? [];
}
