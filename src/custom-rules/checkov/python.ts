/*
 * Python's semantics for the values of a Kubernetes object (None, bool, int or float, str, list,
 * dict), as Checkov's policy operators apply them: str(), ==, `in`, float() and int() (Checkov's
 * force_float and force_int), and comparison of strings. Hand-written: Checkov's operators are
 * defined by these Python built-ins, and no library models them. A number is an int when it is a
 * whole number (the parser does not keep 1.0 apart from 1).
 */

export type PyValue = unknown;

export const isDict = (v: PyValue): v is Record<string, PyValue> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: PyValue): v is number => typeof v === 'number' && Number.isInteger(v);

/** Python's repr() of a float: the shortest digits that read back, in exponent form below 1e-4 and from 1e16 on. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exp = '0'] = Math.abs(n).toExponential().split('e');
  const sign = n < 0 ? '-' : '';
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Python's repr() of a str: single quotes unless the text holds one and no double quote. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f || ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

function repr(v: PyValue): string {
  return typeof v === 'string' ? strRepr(v) : pyStr(v);
}

/** Python's str(). */
export function pyStr(v: PyValue): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return isInt(v) ? String(BigInt(v)) : floatRepr(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${strRepr(k)}: ${repr(x)}`).join(', ')}}`;
  return String(v);
}

const numeric = (v: PyValue): number | undefined => (typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : undefined);

/** Python's ==: True == 1 == 1.0, lists and dicts by their items. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) return x !== undefined && y !== undefined && x === y;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Thrown where Python raises TypeError (`x in 5`, an unhashable item in a set). */
export class PyTypeError extends Error {}

/** Python's `item in container`: a substring of a str, an item of a list, a key of a dict. */
export function pyIn(item: PyValue, container: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyTypeError("'in <string>' requires string as left operand");
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((c) => pyEquals(c, item));
  if (isDict(container)) {
    if (Array.isArray(item) || isDict(item)) throw new PyTypeError('unhashable type');
    return Object.keys(container).some((k) => pyEquals(k, item));
  }
  throw new PyTypeError('argument is not iterable');
}

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

/** Python's float() of a value, or undefined where it raises (Checkov's force_float). */
export function forceFloat(v: PyValue): number | undefined {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (!FLOAT_TEXT.test(text)) return undefined;
  const plain = text.replace(/_/g, '').toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(plain)) return plain.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(plain)) return Number.NaN;
  return Number(plain);
}

/** Python's int() of a value, or undefined where it raises (Checkov's force_int): a float is truncated, a str must be a whole number. */
export function forceInt(v: PyValue): number | undefined {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  return /^[+-]?\d(?:_?\d)*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** Python's truth value. */
export function pyTruthy(v: PyValue): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (typeof v === 'number') return !Number.isNaN(v) ? v !== 0 : true;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python's comparison of two str by code point (`a > b` is compareStr(a, b) > 0). */
export function compareStr(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Python's len() of a str (code points) or list. */
export function pyLen(v: string | readonly PyValue[]): number {
  return typeof v === 'string' ? [...v].length : v.length;
}
