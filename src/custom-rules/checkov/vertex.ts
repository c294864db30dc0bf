import { isDict, type PyValue } from './python.js';

/**
 * A Kubernetes object as Checkov's graph holds it: its top-level fields, each mapping, and each list
 * whose first item is a mapping, flattened into dotted keys (`spec.containers.0.image`), every
 * level kept (`spec.containers` is the list itself). `resource_type` is the kind. Checkov also
 * writes each mapping's first and last line (`__startline__`, `__endline__`) into it; those are
 * left out here, and the operators that would see them say so (see operators.ts).
 */
export type Vertex = ReadonlyMap<string, PyValue>;

export function vertexOf(body: Record<string, unknown>, kind: string): Vertex {
  const vertex = new Map<string, PyValue>();
  for (const [key, value] of Object.entries(body)) {
    vertex.set(key, value);
    const flattened = isDict(value) || (Array.isArray(value) && value.length > 0 && isDict(value[0]));
    if (flattened) addInner(vertex, key, value);
  }
  vertex.set('resource_type', kind);
  return vertex;
}

/** Checkov's get_inner_attributes: every key below `key`, mappings and lists alike (an empty key is dropped, as Checkov deletes it). */
function addInner(vertex: Map<string, PyValue>, key: string, value: PyValue): void {
  vertex.set(key, value);
  if (Array.isArray(value)) value.forEach((item, i) => addInner(vertex, `${key}.${i}`, item));
  else if (isDict(value)) for (const [k, v] of Object.entries(value)) if (k !== '') addInner(vertex, `${key}.${k}`, v);
}
