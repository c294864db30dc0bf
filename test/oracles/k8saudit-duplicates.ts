import fc from 'fast-check';

/*
 * JSON texts with a key given twice in one object, for the differential tests of the k8saudit
 * plugin, whose JSON parser (fastjson) reads the first value of such a key where JSON.parse keeps
 * the last.
 */

/** Where to give a key twice: which object (depth-first, the root first), which of its keys, and where the other member goes. */
export interface Duplicate {
  readonly object: number;
  readonly key: number;
  readonly position: number;
  readonly value: unknown;
}

const definedKeys = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);

/** The objects of `value` that have members, depth-first, `value` first. */
function objectsOf(value: unknown, out: object[] = []): object[] {
  if (Array.isArray(value)) for (const e of value) objectsOf(e, out);
  else if (typeof value === 'object' && value !== null) {
    if (definedKeys(value).length > 0) out.push(value);
    for (const e of Object.values(value)) objectsOf(e, out);
  }
  return out;
}

/**
 * `value` as compact JSON in which one object holds one of its keys twice: `dup.value` is written as
 * one more member of that key, anywhere among the object's members (before or after the one it
 * had). `value` as JSON.stringify writes it when it has no object with members.
 */
export function withDuplicateKey(value: unknown, dup: Duplicate): string {
  const objects = objectsOf(value);
  const target = objects[dup.object % Math.max(objects.length, 1)];
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map((e) => write(e === undefined ? null : e)).join(',')}]`;
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    const members = Object.entries(v)
      .filter(([, e]) => e !== undefined)
      .map(([k, e]) => `${JSON.stringify(k)}:${write(e)}`);
    if (v === target) {
      const keys = definedKeys(v);
      const key = keys[dup.key % keys.length] as string;
      members.splice(dup.position % (members.length + 1), 0, `${JSON.stringify(key)}:${JSON.stringify(dup.value)}`);
    }
    return `{${members.join(',')}}`;
  };
  return write(value);
}

/** A duplicate somewhere in a value: the root object, where the event's own keys are, half of the time. */
export const duplicate = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Duplicate> =>
  fc.record({ object: fc.oneof(fc.constant(0), fc.nat(40)), key: fc.nat(40), position: fc.nat(40), value });
