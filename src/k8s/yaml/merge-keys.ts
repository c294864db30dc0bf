/*
 * YAML merge keys (`<<: *defaults`) as go-yaml v2 applies them, which is how kubectl and the API
 * server read a manifest (sigs.k8s.io/yaml). go-yaml decodes a mapping's pairs in the order
 * written into one map, so a merge overwrites the keys written before it and the keys written
 * after it overwrite the merge; of a sequence of merged mappings, the earlier ones win. js-yaml
 * follows the YAML merge spec instead, where explicit keys always win: the same manifest would read
 * `privileged: false` where kubectl deploys `privileged: true`.
 *
 * So the schema reads a `<<` key as a key of its own (MERGE_KEY_PREFIX and a counter, unique per
 * occurrence, which js-yaml keeps in written order and never merges), and `applyGoMerges` then
 * rewrites each mapping that holds one. JavaScript puts integer-like keys first in a mapping, so
 * such a key written after a merge that also sets it keeps the merged value: a documented
 * difference. A `<<` read as a value, not a key, is the string "<<", as go-yaml reads it.
 */

export const MERGE_KEY_PREFIX = '\u0000<<\u0000';

/** go-yaml v2's message for a merge of anything but a mapping or a list of mappings. */
export const MERGE_NEEDS_MAPPINGS = 'map merge requires map or sequence of maps as the value';

const isMergeKey = (key: string) => key.startsWith(MERGE_KEY_PREFIX);

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies the merge keys of a loaded document in place, collections shared through aliases once;
 * returns go-yaml's error when a merge names something other than mappings.
 */
export function applyGoMerges(root: unknown): string | undefined {
  const done = new Set<object>();
  let error: string | undefined;
  // Children first: a merged mapping may itself hold merges, which must be applied before it is copied.
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return isMergeKey(value) ? '<<' : value;
    if (typeof value !== 'object' || value === null || done.has(value)) return value;
    done.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = visit(value[i]);
      return value;
    }
    const mapping = value as Mapping;
    let merges = false;
    for (const key of Object.keys(mapping)) {
      mapping[key] = visit(mapping[key]);
      if (isMergeKey(key)) merges = true;
    }
    if (merges) error ??= merge(mapping);
    return mapping;
  };
  visit(root);
  return error;
}

/**
 * For each mapping that merges: the keys whose value a merge gave, to the ordinal of that `<<` key
 * among the mapping's `<<` keys, so that a finding on such a value points at the merge that wrote
 * it (TreeLocator), not at the key it overwrote.
 */
export const MERGED_VIA = new WeakMap<object, ReadonlyMap<string, number>>();

function merge(mapping: Mapping): string | undefined {
  const pairs = Object.entries(mapping);
  for (const key of Object.keys(mapping)) delete mapping[key];
  const via = new Map<string, number>();
  let ordinal = 0;
  for (const [key, value] of pairs) {
    if (!isMergeKey(key)) {
      mapping[key] = value;
      via.delete(key);
      continue;
    }
    const sources = Array.isArray(value) ? [...value].reverse() : [value];
    for (const source of sources) {
      if (!isMapping(source)) return MERGE_NEEDS_MAPPINGS;
      for (const k of Object.keys(source)) {
        mapping[k] = source[k];
        via.set(k, ordinal);
      }
    }
    ordinal++;
  }
  if (via.size > 0) MERGED_VIA.set(mapping, via);
  return undefined;
}
