/*
 * The Go values a template meets, in the shape of reflect.Value: what encoding/json decodes into
 * interface{} (map[string]interface{}, []interface{}, string, bool, float64, or int64 for
 * Kubernetes' unstructured objects), the values of the template's own constants and functions
 * (int, uint8, float64, complex128, string, bool), an element of a map or slice of interface{}
 * (a value of kind Interface, nil or holding one of the others), and the invalid zero Value.
 */
import { byteLength, compareStrings, fromText } from './go-string.js';

export interface GoBool {
  readonly kind: 'bool';
  readonly value: boolean;
}
export interface GoString {
  readonly kind: 'string';
  readonly value: string;
}
/** int (constants, len, range indexes), int64 (JSON integers), uint8 (a byte of a string). */
export interface GoInteger {
  readonly kind: 'int' | 'int64' | 'uint8';
  readonly value: bigint;
}
export interface GoFloat {
  readonly kind: 'float64';
  readonly value: number;
}
export interface GoComplex {
  readonly kind: 'complex128';
  readonly re: number;
  readonly im: number;
}
/** A []interface{}: elements [offset, offset + length) of array, whose capacity may go further (nil elements past the array). */
export interface GoSlice {
  readonly kind: 'slice';
  readonly array: readonly GoInterface[];
  readonly offset: number;
  readonly length: number;
  readonly capacity: number;
}
export interface GoMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, GoInterface>;
}
/** A value with a concrete type. */
export type Concrete = GoBool | GoString | GoInteger | GoFloat | GoComplex | GoSlice | GoMap;
/** A value of type interface{}: nil, or holding a concrete value. */
export interface GoInterface {
  readonly kind: 'interface';
  readonly elem: Concrete | undefined;
}
/** The zero reflect.Value: no value at all (a missing map key, an untyped nil). */
export interface Invalid {
  readonly kind: 'invalid';
}
/** text/template's missingVal: "no final argument" in a pipeline. */
export interface Missing {
  readonly kind: 'missing';
}
export type Value = Concrete | GoInterface | Invalid | Missing;

export const INVALID: Invalid = { kind: 'invalid' };
export const MISSING: Missing = { kind: 'missing' };
export const NIL_INTERFACE: GoInterface = { kind: 'interface', elem: undefined };

export const bool = (value: boolean): GoBool => ({ kind: 'bool', value });
export const str = (value: string): GoString => ({ kind: 'string', value });
export const int = (value: number | bigint): GoInteger => ({ kind: 'int', value: BigInt(value) });

/** The name of the value's type, as reflect's Type.String() gives it. */
export function typeName(v: Concrete | GoInterface): string {
  switch (v.kind) {
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'interface':
      return 'interface {}';
    default:
      return v.kind;
  }
}

/** indirectInterface: the value inside an interface (invalid for nil). */
export function indirectInterface(v: Value): Value {
  if (v.kind !== 'interface') return v;
  return v.elem ?? INVALID;
}

/** template.IsTrue (after indirectInterface): false, 0, nil and empty strings, slices and maps are false. */
export function isTrue(v: Value): boolean {
  switch (v.kind) {
    case 'invalid':
    case 'missing':
      return false;
    case 'interface':
      return v.elem !== undefined;
    case 'bool':
      return v.value;
    case 'string':
      return v.value.length > 0;
    case 'int':
    case 'int64':
    case 'uint8':
      return v.value !== 0n;
    case 'float64':
      return v.value !== 0;
    case 'complex128':
      return v.re !== 0 || v.im !== 0;
    case 'slice':
      return v.length > 0;
    case 'map':
      return v.entries.size > 0;
  }
}

/** len() of a string, slice or map. */
export function lengthOf(v: GoString | GoSlice | GoMap): number {
  return v.kind === 'string' ? byteLength(v.value) : v.kind === 'slice' ? v.length : v.entries.size;
}

export function sliceElement(s: GoSlice, i: number): GoInterface {
  return s.array[s.offset + i] ?? NIL_INTERFACE;
}

/** The keys of a map in fmtsort's order (strings compare byte by byte). */
export function sortedKeys(m: GoMap): string[] {
  return [...m.entries.keys()].sort(compareStrings);
}

// ---------------------------------------------------------------------------------------------
// Data

/** A value as Go's encoding/json (or sigs.k8s.io/yaml) decodes into interface{}. */
export type GoValue = null | boolean | string | number | GoValue[] | { [key: string]: GoValue };

export type NumberTyping = 'float64' | 'int64' | 'int';

// Size classes of Go's memory allocator (runtime/sizeclasses.go), for the capacity of a slice
// that append grew.
const SIZE_CLASSES = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
  2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
  32768,
];

function roundUpSize(size: number): number {
  let request = size;
  if (request <= 32768 - 8) {
    // Objects with pointers past 512 bytes carry an 8-byte malloc header.
    if (request > 512) request += 8;
    return SIZE_CLASSES.find((c) => c >= request)! - (request - size);
  }
  return Math.ceil(request / 8192) * 8192;
}

function nextSliceCap(newLength: number, oldCap: number): number {
  const doubled = oldCap * 2;
  if (newLength > doubled) return newLength;
  if (oldCap < 256) return doubled;
  let capacity = oldCap;
  while (capacity < newLength) capacity += (capacity + 768) >> 2;
  return capacity;
}

/**
 * The capacity of a []interface{} of n elements that encoding/json built by appending one at a
 * time: `slice` may reach past the length into it (and finds nil elements there).
 */
export function appendedCapacity(n: number): number {
  let capacity = 0;
  while (capacity < n) capacity = Math.floor(roundUpSize(nextSliceCap(capacity + 1, capacity) * 16) / 16);
  return capacity;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function numberValue(n: number, numbers: NumberTyping): GoInteger | GoFloat {
  if (numbers !== 'float64' && Number.isInteger(n)) {
    // The JSON text of n, as apimachinery reads it: ParseInt first, float64 when that fails.
    // gopkg.in/yaml.v3 decodes a whole number into an int (64 bits here) the same way.
    const text = String(n);
    if (/^-?\d+$/.test(text)) {
      const i = BigInt(text);
      if (i >= INT64_MIN && i <= INT64_MAX) return { kind: numbers, value: i };
    }
  }
  return { kind: 'float64', value: n };
}

function wrap(v: Concrete | undefined): GoInterface {
  return v === undefined ? NIL_INTERFACE : { kind: 'interface', elem: v };
}

/** A decoded JSON value as a Go value: undefined for null (a nil interface{}). */
export function fromGoValue(v: GoValue, numbers: NumberTyping, float64Within?: { has(value: object): boolean }): Concrete | undefined {
  if (v === null) return undefined;
  switch (typeof v) {
    case 'boolean':
      return bool(v);
    case 'string':
      return str(fromText(v));
    case 'number':
      return numberValue(v, numbers);
  }
  const inner = float64Within?.has(v) ? 'float64' : numbers;
  if (Array.isArray(v)) {
    // As JSON.stringify would: an undefined element is null, an undefined property is left out.
    const array = v.map((e) => wrap(e === undefined ? undefined : fromGoValue(e, inner, float64Within)));
    return { kind: 'slice', array, offset: 0, length: array.length, capacity: appendedCapacity(array.length) };
  }
  const entries = new Map<string, GoInterface>();
  for (const [key, value] of Object.entries(v)) if (value !== undefined) entries.set(fromText(key), wrap(fromGoValue(value, inner, float64Within)));
  return { kind: 'map', entries };
}
