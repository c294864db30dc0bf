import { asRecord, asString, recordsWithIndex } from './access.js';
import type { ObjectIndex } from './object-index.js';
import type { K8sObject } from './object.js';
import type { ContainerView } from './workloads.js';

/** A variable a container takes from a ConfigMap or Secret of the input through envFrom. */
export interface EnvFromVariable {
  /** As the container sees it: the source's key with the entry's prefix. */
  readonly name: string;
  /** The index of the envFrom entry. */
  readonly entry: number;
  readonly source: { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string };
  /** The field of the entry that names the source. */
  readonly field: 'configMapRef' | 'secretRef';
  /** The value where the input gives it in clear (a ConfigMap's data, a Secret's stringData). */
  readonly value?: string;
}

/**
 * The variables a container's envFrom brings in from ConfigMaps and Secrets the input holds in
 * the workload's namespace (every same-named copy, as a base and its overlay may both be there).
 * Keys of a source missing from the input are unknown and not listed.
 */
export function envFromVariables(container: ContainerView, workload: K8sObject, index: ObjectIndex): EnvFromVariable[] {
  const namespace = index.namespaceOf(workload);
  const found: EnvFromVariable[] = [];
  for (const { record: entry, index: at } of recordsWithIndex(container.body.envFrom)) {
    const prefix = asString(entry.prefix) ?? '';
    for (const [field, kind, group] of [['configMapRef', 'ConfigMap', 'config-map'], ['secretRef', 'Secret', 'secret']] as const) {
      const name = asString(asRecord(entry[field])?.name);
      if (name === undefined) continue;
      for (const source of index.named(group, namespace, name)) {
        // The kubelet takes a ConfigMap's data (not binaryData) and a Secret's data, into which
        // the API server merges stringData.
        const clear = kind === 'ConfigMap' ? asRecord(source.body.data) : asRecord(source.body.stringData);
        const keys = new Set([...Object.keys(clear ?? {}), ...(kind === 'Secret' ? Object.keys(asRecord(source.body.data) ?? {}) : [])]);
        for (const key of keys) {
          const value = asString(clear?.[key]);
          found.push({ name: prefix + key, entry: at, source: { kind, name }, field, ...(value !== undefined ? { value } : {}) });
        }
      }
    }
  }
  return found;
}
