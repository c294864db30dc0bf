import { searchMatcher } from '../../core/full-match.js';
import { type IpNetwork, ipNetwork, isSubnetOf } from './ip-network.js';
import { compareStr, forceFloat, forceInt, isDict, pyEquals, pyIn, pyLen, pyStr, pyTruthy, PyTypeError, type PyValue } from './python.js';

/*
 * Checkov's attribute operators (checkov/common/checks_infra/solvers/attribute_solvers), each on
 * the value an attribute has in the object (undefined when it has none: Python's None) and the
 * policy's value. Where Python raises (`5 in "abc"`), PyTypeError is thrown, and Checkov gives
 * the object no verdict. Checkov's mappings also hold their line numbers (`__startline__`,
 * `__endline__`): a mapping of the object then counts those two keys (`contains` finds them, and
 * a mapping with no other key is empty), and never equals a mapping of the policy.
 */

export interface Operator {
  /** Whether every attribute a wildcard matches must pass (not_contains), rather than one. */
  readonly all?: boolean;
  readonly test: (attribute: PyValue, value: PyValue) => boolean;
}

const MARKERS = ['__startline__', '__endline__'];

/** Python's == between a value of the object and one of the policy: a mapping of the object, which holds its line numbers, equals none. */
function objectEquals(a: PyValue, b: PyValue): boolean {
  if (isDict(a)) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => objectEquals(item, b[i]));
  return pyEquals(a, b);
}

/** `item in container` where the container is a value of the object (its mappings' keys include the line markers). */
function inObject(item: PyValue, container: PyValue): boolean {
  if (isDict(container)) return pyIn(item, container) || (typeof item === 'string' && MARKERS.includes(item));
  if (Array.isArray(container)) return container.some((c) => objectEquals(c, item));
  return pyIn(item, container);
}

function equals(a: PyValue, v: PyValue): boolean {
  if (typeof a === 'boolean' || typeof v === 'boolean') return pyStr(a).toLowerCase() === pyStr(v).toLowerCase();
  if ((Array.isArray(a) && Array.isArray(v)) || (isDict(a) && isDict(v))) return objectEquals(a, v);
  return pyStr(a) === pyStr(v);
}

/** json.loads(text.replace("'", '"')), or the text where that fails (Python's json also reads NaN and Infinity). */
function loadsOrText(text: string): PyValue {
  const json = text.replace(/'/g, '"');
  try {
    return JSON.parse(json.replace(/(?<=^|[[,:]\s*)(-?Infinity|NaN)(?=\s*(?:[\],}]|$))/g, '"__py_$1"'), (_k, v: unknown) =>
      v === '__py_NaN' ? Number.NaN : v === '__py_Infinity' ? Infinity : v === '__py_-Infinity' ? -Infinity : v,
    ) as PyValue;
  } catch {
    return text;
  }
}

function contains(a: PyValue, v: PyValue): boolean {
  let att: PyValue = a ?? '{}';
  let fromObject = a !== undefined && a !== null;
  if (typeof att === 'string') {
    const loaded = loadsOrText(att);
    if (loaded !== att) fromObject = false;
    att = loaded;
  }
  if (isDict(att)) {
    if (fromObject ? inObject(v, att) : pyIn(v, att)) return true;
    return Object.values(att).some((val) => (typeof val === 'string' || Array.isArray(val) || isDict(val)) && (fromObject ? inObject(v, val) : pyIn(v, val)));
  }
  return fromObject ? inObject(v, att) : pyIn(v, att);
}

function startsOrEnds(a: PyValue, v: PyValue, end: boolean): boolean {
  if (typeof a !== 'string') return false;
  if (typeof v !== 'string') throw new PyTypeError('startswith first arg must be str');
  return end ? a.endsWith(v) : a.startsWith(v);
}

/** Checkov's comparison: as floats when both read as non-zero numbers, else as their text. */
function compare(a: PyValue, v: PyValue, op: (d: number) => boolean): boolean {
  const x = forceFloat(a);
  const y = forceFloat(v);
  if (x !== undefined && y !== undefined && pyTruthy(x) && pyTruthy(y)) return op(x === y ? 0 : x > y ? 1 : x < y ? -1 : Number.NaN);
  return op(compareStr(pyStr(a), pyStr(v)));
}

/** The length Checkov gives a value (a mapping counts as 1), or undefined for one without length. */
function lengthOf(a: PyValue): number | undefined {
  if (isDict(a)) return 1;
  if (typeof a === 'string' || Array.isArray(a)) return pyLen(a);
  return undefined;
}

function length(op: (len: number, n: number) => boolean): (a: PyValue, v: PyValue) => boolean {
  return (a, v) => {
    if (a === undefined || a === null) return false;
    const n = forceInt(v);
    const len = lengthOf(a);
    return n !== undefined && len !== undefined && op(len, n);
  };
}

function isEmpty(a: PyValue): boolean {
  if (typeof a === 'string' || Array.isArray(a)) return pyLen(a) === 0;
  // A mapping of the object holds its two line markers: with nothing else, it is empty.
  return isDict(a) && Object.keys(a).length === 0;
}

/** Python's set(): the items of a list, the keys of a mapping (with the markers), or the value itself. */
function toSet(a: PyValue): PyValue[] {
  if (Array.isArray(a)) {
    if (a.some((item) => Array.isArray(item) || isDict(item))) throw new PyTypeError('unhashable type');
    return a;
  }
  if (isDict(a)) return [...Object.keys(a), ...MARKERS];
  return [a];
}

function intersects(a: PyValue, v: PyValue): boolean {
  const iterable = typeof a === 'string' || Array.isArray(a) || isDict(a);
  if (typeof v === 'string' && iterable) return inObject(v, a);
  const collection = typeof v === 'string' || Array.isArray(v) || isDict(v);
  if (!collection || !iterable) return false;
  const items: PyValue[] = typeof a === 'string' ? [...a] : Array.isArray(a) ? a : [...Object.keys(a), ...MARKERS];
  return items.some((i) => pyIn(i, v));
}

const not = (op: Operator, all = op.all): Operator => ({ all, test: (a, v) => !op.test(a, v) });

const EQUALS: Operator = { test: equals };
const EXISTS: Operator = { test: (a) => a !== undefined && a !== null };
const CONTAINS: Operator = { test: contains };
const WITHIN: Operator = { test: (a, v) => (Array.isArray(v) ? v.some((item) => objectEquals(a ?? null, item)) : pyIn(a ?? null, v)) };
const STARTS: Operator = { test: (a, v) => startsOrEnds(a, v, false) };
const ENDS: Operator = { test: (a, v) => startsOrEnds(a, v, true) };
const GREATER: Operator = { test: (a, v) => a !== undefined && a !== null && compare(a, v, (d) => d > 0) };
const GREATER_OR_EQUAL: Operator = { test: (a, v) => a !== undefined && a !== null && compare(a, v, (d) => d >= 0) };
const IS_EMPTY: Operator = { test: isEmpty };
const IS_TRUE: Operator = { test: (a) => a === true };
const LENGTH_EQUALS: Operator = { test: length((len, n) => len === n) };
/** The items of set(v) for a policy's value (the characters of a str, the keys of a mapping); Python raises for anything else. */
function setOf(v: PyValue): PyValue[] {
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  if (Array.isArray(v)) return toSet(v);
  throw new PyTypeError('object is not iterable');
}
const SUBSET: Operator = {
  test: (a, v) => {
    const own = toSet(a ?? null);
    const items = setOf(v);
    return own.every((item) => items.some((x) => pyEquals(x, item)));
  },
};
const INTERSECTS: Operator = { test: intersects };
const EQUALS_IGNORE_CASE: Operator = { test: (a, v) => pyStr(a).toLowerCase() === pyStr(v).toLowerCase() };

/** Python's str.split() with no separator: runs of whitespace as str.isspace() defines it (\x1c-\x1f included). */
// eslint-disable-next-line no-control-regex
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const wordCount = (text: string): number => text.split(PY_WHITESPACE).filter((word) => word !== '').length;

/** number_of_words_*: the words of a text value against force_int(value); anything but a text fails. */
function words(op: (count: number, n: number) => boolean): Operator {
  return { test: (a, v) => typeof a === 'string' && forceInt(v) !== undefined && op(wordCount(a), forceInt(v)!) };
}

/** One item of range_includes' value after Checkov's reading of it: a value, or the whole numbers of `start-end`. */
type RangeItem = { readonly value: PyValue } | { readonly from: number; readonly to: number };

function rangeItems(v: PyValue): RangeItem[] {
  const items: RangeItem[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    if (typeof item === 'string' && item.includes('-')) {
      const bounds = item.split('-');
      if (bounds.length !== 2) throw new PyTypeError('too many values to unpack (expected 2)');
      const from = forceInt(bounds[0]);
      const to = forceInt(bounds[1]);
      if (from !== undefined && to !== undefined && from <= to) items.push({ from, to });
    } else items.push({ value: typeof item === 'string' ? (forceInt(item) ?? null) : (item ?? null) });
  }
  return items;
}

/** Python's `start <= value <= end` where a TypeError (a value that is no number) is false. */
const between = (value: PyValue, from: number, to: number): boolean => (typeof value === 'number' || typeof value === 'boolean') && from <= Number(value) && Number(value) <= to;

/** Checkov's _check_value: an attribute `*` takes any value, `a-b` a value in that range, anything else a value equal to force_int of it. */
function rangeIncludes(attribute: PyValue, item: RangeItem): boolean {
  if (attribute === '*') return true;
  if (typeof attribute === 'string' && attribute.split('-').length === 2) {
    const [from, to] = attribute.split('-').map((bound) => forceInt(bound));
    if (from === undefined || to === undefined) return false;
    return 'value' in item ? between(item.value, from, to) : Math.max(from, item.from) <= Math.min(to, item.to);
  }
  const own = forceInt(attribute) ?? null;
  return 'value' in item ? pyEquals(own, item.value) : own !== null && item.from <= own && own <= item.to;
}

const NUMBER_OF_WORDS_EQUALS = words((count, n) => count === n);

const RANGE_INCLUDES: Operator = {
  test: (a, v) => {
    if (a === undefined || a === null) return false;
    const items = rangeItems(v);
    const attributes = Array.isArray(a) ? a : [a];
    return attributes.some((attribute) => items.some((item) => rangeIncludes(attribute ?? null, item)));
  },
};

/** Checkov's _to_cidr_sets: a text, or a list of values, each read by ip_network. */
function networks(v: PyValue): IpNetwork[] {
  if (typeof v === 'string') return [ipNetwork(v)];
  if (Array.isArray(v)) return v.map(ipNetwork);
  throw new PyTypeError(`Unsupported type for CIDR conversion: ${typeof v}`);
}

/** cidr_range_subset: every network of the value lies within one allowed network of its IP version. */
const CIDR_RANGE_SUBSET: Operator = {
  test: (a, v) => {
    // A mapping of the object is never empty (it holds its line markers), so it reaches ip_network.
    if (!isDict(a) && !pyTruthy(a)) return false;
    const allowed = networks(v);
    return networks(a).every((n) => allowed.some((range) => isSubnetOf(n, range)));
  },
};

/** regex_match: Python's re.match (anchored at the start) of the value's text; the pattern runs on RE2. */
function regexMatch(pattern: string): Operator {
  const matcher = searchMatcher(`^(?:${pythonDollar(pattern)})`);
  return { test: (a) => matcher(pyStr(a ?? null)) };
}

/**
 * Python's `$` (outside a class, unescaped) also matches before a newline that ends the text; RE2's
 * only at the end. Rewritten as an optional newline and the end.
 */
function pythonDollar(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
    } else out += ch === '$' ? '(?:\\n?$)' : ch;
  }
  return out;
}

/** The operators by name; regex_match and not_regex_match are built per pattern (the policy's value). */
export const OPERATORS: Readonly<Record<string, Operator>> = {
  equals: EQUALS,
  not_equals: not(EQUALS),
  exists: EXISTS,
  not_exists: not(EXISTS),
  contains: CONTAINS,
  not_contains: not(CONTAINS, true),
  within: WITHIN,
  not_within: not(WITHIN),
  starting_with: STARTS,
  not_starting_with: not(STARTS),
  ending_with: ENDS,
  not_ending_with: not(ENDS),
  greater_than: GREATER,
  greater_than_or_equal: GREATER_OR_EQUAL,
  less_than: { test: (a, v) => a !== undefined && a !== null && !GREATER_OR_EQUAL.test(a, v) },
  less_than_or_equal: { test: (a, v) => a !== undefined && a !== null && !GREATER.test(a, v) },
  is_empty: IS_EMPTY,
  is_not_empty: not(IS_EMPTY),
  is_true: IS_TRUE,
  is_false: not(IS_TRUE),
  length_equals: LENGTH_EQUALS,
  length_not_equals: not(LENGTH_EQUALS),
  length_greater_than: { test: length((len, n) => len > n) },
  length_greater_than_or_equal: { test: length((len, n) => len >= n) },
  length_less_than: { test: length((len, n) => len < n) },
  length_less_than_or_equal: { test: length((len, n) => len <= n) },
  subset: SUBSET,
  not_subset: not(SUBSET),
  intersects: INTERSECTS,
  not_intersects: not(INTERSECTS),
  equals_ignore_case: EQUALS_IGNORE_CASE,
  not_equals_ignore_case: not(EQUALS_IGNORE_CASE),
  number_of_words_equals: NUMBER_OF_WORDS_EQUALS,
  number_of_words_not_equals: not(NUMBER_OF_WORDS_EQUALS),
  number_of_words_greater_than: words((count, n) => count > n),
  number_of_words_greater_than_or_equal: words((count, n) => count >= n),
  number_of_words_less_than: words((count, n) => count < n),
  number_of_words_less_than_or_equal: words((count, n) => count <= n),
  range_includes: RANGE_INCLUDES,
  range_not_includes: not(RANGE_INCLUDES),
  cidr_range_subset: CIDR_RANGE_SUBSET,
  cidr_range_not_subset: not(CIDR_RANGE_SUBSET),
};

/** The operator of a condition: regex_match and not_regex_match compile the policy's value (throws where RE2 refuses it). */
export function operatorFor(name: string, value: PyValue): Operator | undefined {
  if (name === 'regex_match') return regexMatch(pyStr(value));
  if (name === 'not_regex_match') return not(regexMatch(pyStr(value)));
  return Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
}
