/** Helpers over parsed JSON, with fastjson's semantics as the k8saudit and json plugins use them. */

export type Json = null | boolean | number | bigint | string | RawNumber | readonly Json[] | { readonly [key: string]: Json };

/**
 * A number of an audit event that JavaScript would write back otherwise (`1.0`, `-0`, `1e3`) or
 * cannot hold (`NaN`, `1.2.3`, which the plugin's parser reads): the plugins read a number as the
 * text it came as, and so do asString and compactJson.
 */
export class RawNumber {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  /** JSON.stringify cannot write a number's text as it is: it throws, and compactJson writes the value itself. */
  toJSON(): never {
    throw new TypeError('a raw number is written by compactJson');
  }
}

export function isObject(v: unknown): v is { readonly [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);
}

/** fastjson's `Get(keys...)`: object members by name, array elements by decimal index; undefined when absent. */
export function getPath(value: unknown, keys: readonly string[]): Json | undefined {
  let cur: unknown = value;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(k)) return undefined;
      cur = cur[Number(k)];
    } else if (isObject(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur as Json;
}

/**
 * A reader for a fixed path of member names (the plugin's own field paths, never user input):
 * plain property reads, specialized for short paths.
 */
export function fixedPath(keys: readonly string[]): (value: unknown) => Json | undefined {
  // Plain reads would see inherited members (`constructor`, `__proto__`, ...): those keys take the checked path.
  if (keys.some((k) => k in Object.prototype || /^\d+$/.test(k))) return (v) => getPath(v, keys);
  const read = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined);
  const [a, b, c] = keys;
  if (keys.length === 1 && a !== undefined) return (v) => read(v, a) as Json | undefined;
  if (keys.length === 2 && a !== undefined && b !== undefined) return (v) => read(read(v, a), b) as Json | undefined;
  if (keys.length === 3 && a !== undefined && b !== undefined && c !== undefined) return (v) => read(read(read(v, a), b), c) as Json | undefined;
  return (v) => getPath(v, keys);
}

/** Compact JSON, with big integers and numbers kept as text (RawNumber) written exactly. */
export function compactJson(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof RawNumber) return v.text;
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    // Big integers (from JSON field events) and numbers kept as text (RawNumber) are written exactly.
    return writeExact(v);
  }
}

/** JSON.stringify's compact JSON, but for big integers and RawNumbers, written as their digits and text. */
function writeExact(v: unknown): string {
  if (v instanceof RawNumber || typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((e: unknown) => (e === undefined || typeof e === 'function' ? 'null' : writeExact(e))).join(',')}]`;
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  const members: string[] = [];
  for (const [k, e] of Object.entries(v)) if (e !== undefined && typeof e !== 'function') members.push(`${JSON.stringify(k)}:${writeExact(e)}`);
  return `{${members.join(',')}}`;
}

/** The plugins' `jsonValueAsString`: a string as is, anything else (including null) as compact JSON. */
export function asString(v: Json): string {
  return typeof v === 'string' ? v : compactJson(v);
}

/** RFC 6901 JSON Pointer lookup (`/a/b~1c/0`); undefined when it does not resolve. */
export function jsonPointer(value: unknown, pointer: string): Json | undefined {
  const keys = pointerKeys(pointer);
  return keys === undefined ? undefined : getPath(value, keys);
}

/** The reference tokens of a JSON Pointer; undefined when it is not one. */
export function pointerKeys(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}
