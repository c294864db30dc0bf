/* bc_jsonpath_ng's port (parser.ts): the API's types, and the Python values and built-ins its evaluation needs. */
import { compareStr, floatRepr, strRepr } from '../python.js';

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

export interface JsonPathMatch {
  readonly value: unknown;
  readonly path: ReadonlyArray<string | number>;
  readonly fullPath: string;
}

export interface JsonPath {
  find(data: unknown): JsonPathMatch[];
  /** Whether it can reach keys of the root without naming them (`..`, a `*` field on the root, ...). */
  readonly descends: boolean;
}

// ---------------------------------------------------------------------------------------------
// Python's values and built-ins
// ---------------------------------------------------------------------------------------------

export type PyErrorType = 'TypeError' | 'AttributeError' | 'ValueError' | 'IndexError' | 'KeyError' | 'ZeroDivisionError' | 'OverflowError';

/** An exception Python raises while evaluating; jsonpath-ng catches some of them by type. */
export class PythonError extends JsonPathError {
  constructor(
    readonly pyType: PyErrorType,
    message: string,
  ) {
    super(`${pyType}: ${message}`);
  }
}

export const raise = (pyType: PyErrorType, message: string): never => {
  throw new PythonError(pyType, message);
};
export const isTypeError = (e: unknown): boolean => e instanceof PythonError && e.pyType === 'TypeError';
export const unsupported = (what: string): never => {
  throw new JsonPathError(`${what} is not supported`);
};

/** A Python float whose value is a whole number (every other whole JS number stands for an int). */
export class PyFloat {
  constructor(readonly v: number) {}
}

export type Kind = 'NoneType' | 'bool' | 'int' | 'float' | 'str' | 'list' | 'dict';
export type PyDict = Record<string, unknown>;

export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'object':
      if (v === null) return 'NoneType';
      if (v instanceof PyFloat) return 'float';
      return Array.isArray(v) ? 'list' : 'dict';
    default:
      return 'NoneType';
  }
}

export const isDict = (v: unknown): v is PyDict => kindOf(v) === 'dict';
export const isNumeric = (v: unknown): boolean => ['bool', 'int', 'float'].includes(kindOf(v));
export const isIntLike = (v: unknown): boolean => ['bool', 'int'].includes(kindOf(v));
export const isFloat = (v: unknown): boolean => kindOf(v) === 'float';

export function toNumber(v: unknown): number {
  if (v instanceof PyFloat) return v.v;
  return Number(v);
}

export const codePoints = (s: string): string[] => Array.from(s);

export function truthy(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'NoneType':
      return false;
    case 'bool':
    case 'int':
    case 'float':
      return toNumber(v) !== 0;
    case 'str':
      return (v as string).length > 0;
    case 'list':
      return (v as unknown[]).length > 0;
    default:
      return Object.keys(v as PyDict).length > 0;
  }
}

/** Python's len(), or undefined where it raises TypeError. */
export function pyLen(v: unknown): number | undefined {
  switch (kindOf(v)) {
    case 'str':
      return codePoints(v as string).length;
    case 'list':
      return (v as unknown[]).length;
    case 'dict':
      return Object.keys(v as PyDict).length;
    default:
      return undefined;
  }
}

export function pyEq(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (isNumeric(a) && isNumeric(b)) return toNumber(a) === toNumber(b);
  if (ka !== kb) return false;
  switch (ka) {
    case 'NoneType':
      return true;
    case 'str':
      return a === b;
    case 'list': {
      const x = a as unknown[];
      const y = b as unknown[];
      return x.length === y.length && x.every((item, i) => pyEq(item, y[i]));
    }
    default: {
      const x = a as PyDict;
      const y = b as PyDict;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && pyEq(x[k], y[k]));
    }
  }
}

export type Ordering = '<' | '<=' | '>' | '>=';

export function compareNumbers(x: number | bigint, y: number | bigint, op: Ordering): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Python's `a < b` (and <=, >, >=): numbers, str with str, lists item by item; else TypeError. */
export function pyOrder(a: unknown, b: unknown, op: Ordering): boolean {
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(toNumber(a), toNumber(b), op);
  const ka = kindOf(a);
  if (ka === 'str' && kindOf(b) === 'str') return compareNumbers(compareStr(a as string, b as string), 0, op);
  if (ka === 'list' && kindOf(b) === 'list') {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!pyEq(x[i], y[i])) return pyOrder(x[i], y[i], op);
    }
    return compareNumbers(x.length, y.length, op);
  }
  return raise('TypeError', `'${op}' not supported between instances of '${ka}' and '${kindOf(b)}'`);
}

/** Python's `item in container` for a str item. */
export function pyContains(container: unknown, item: string): boolean {
  switch (kindOf(container)) {
    case 'str':
      return (container as string).includes(item);
    case 'list':
      return (container as unknown[]).some((x) => pyEq(x, item));
    case 'dict':
      return Object.hasOwn(container as PyDict, item);
    default:
      return raise('TypeError', `argument of type '${kindOf(container)}' is not iterable`);
  }
}

/** Python's str.isspace() characters. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** The white space int() strips: ASCII \x1c-\x1f are not among it. */
export const INT_SPACE = ' \\t\\n\\v\\f\\r\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export const INT_TEXT = new RegExp(`^[${INT_SPACE}]*([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)[${INT_SPACE}]*$`, 'u');
export const ND = /^\p{Nd}$/u;
export const MAX_STR_DIGITS = 4300;

/** The value of a Unicode decimal digit: Nd digits come in runs of ten starting at zero. */
export function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

export const asciiDigits = (s: string): string => codePoints(s).map((ch) => (ND.test(ch) ? String(digitValue(ch)) : ch)).join('');

/** Python's int() of a str, or undefined where it raises ValueError. */
export function intFromText(text: string): bigint | undefined {
  const m = INT_TEXT.exec(text);
  if (!m) return undefined;
  const digits = asciiDigits(m[2]!.replaceAll('_', ''));
  if (digits.length > MAX_STR_DIGITS) return undefined;
  return BigInt(`${m[1]}${digits}`);
}

/** Python's int() of a value, or undefined where it raises ValueError. */
export function pyInt(v: unknown): bigint | undefined {
  switch (kindOf(v)) {
    case 'bool':
      return v ? 1n : 0n;
    case 'int':
      return BigInt(v as number | bigint);
    case 'float': {
      const n = toNumber(v);
      if (Number.isNaN(n)) return undefined;
      if (!Number.isFinite(n)) return raise('OverflowError', 'cannot convert float infinity to integer');
      return BigInt(Math.trunc(n));
    }
    case 'str':
      return intFromText(v as string);
    default:
      return raise('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${kindOf(v)}'`);
  }
}

export const pyRepr = (v: unknown): string => (typeof v === 'string' ? strRepr(v) : pyStr(v));

/** Python's str(). */
export function pyStr(v: unknown): string {
  switch (kindOf(v)) {
    case 'NoneType':
      return 'None';
    case 'bool':
      return v ? 'True' : 'False';
    case 'int':
      return BigInt(v as number | bigint).toString();
    case 'float':
      return floatRepr(toNumber(v));
    case 'str':
      return v as string;
    case 'list':
      return `[${(v as unknown[]).map(pyRepr).join(', ')}]`;
    default:
      return `{${Object.entries(v as PyDict)
        .map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`)
        .join(', ')}}`;
  }
}
