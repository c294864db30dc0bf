import { isObject } from '../sources/json-value.js';
import { FastjsonReader, FastjsonSyntaxError, MAX_DEPTH, TOO_DEEP } from './fastjson-reader.js';
import { jsonErrorMessage } from './json-error.js';

export { MAX_DEPTH } from './fastjson-reader.js';

/*
 * Audit payloads are JSON read the way the k8saudit plugin's parser (its fork of valyala/fastjson)
 * reads them, where that differs from JSON.parse in what rules see:
 *
 * - a key given twice in an object: fastjson keeps both and its lookups find the first; JSON.parse
 *   keeps the last value;
 * - nesting: fastjson refuses a document with a value more than 300 levels deep (MaxDepth);
 * - fastjson takes texts JSON.parse refuses (`NaN`, `1.2.3`, `\x`, control characters in strings)
 *   and decodes a UTF-16 surrogate escape otherwise (fastjson-reader.ts): such a text is read
 *   again by FastjsonReader, which reads it as fastjson does or refuses it as fastjson does.
 *
 * JSON.parse does the parsing. A walk over its result then proves, in the common case, that the
 * text held no key twice: it adds up the length of the value written back as compact JSON and
 * compares it with the length of the text less what its escapes add. A key given twice makes the
 * value shorter than the text (the first member is missing from it), and so do whitespace between
 * tokens and numbers written longer than JavaScript writes them; a number that could have been
 * written shorter (`1e3`) proves nothing. When the lengths differ, the text is read again here,
 * value by value, keeping the first value of each key: that costs more, and only such texts pay
 * it (the API server writes compact JSON with no key twice).
 *
 * The plugin also drops an event larger than its maxEventSize, measuring the event as fastjson
 * writes it back (MarshalTo): the text as it came, without the whitespace between tokens, in bytes.
 * Only a payload over the limit can hold such an event; for each of its events the walk gives a
 * size in a range (its compact length, plus at most what the whole text's escapes, whitespace and
 * multi-byte characters add), and only when a range reaches past the limit is the text read again
 * to measure each event exactly.
 */

export type AuditJson =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** The size of each object of `value` as the plugin measures an event, when one of them may be over the limit. */
      readonly sizes?: ReadonlyMap<object, number>;
    }
  | { readonly ok: false; readonly message: string };

/**
 * The JSON value of `text` as the k8saudit plugin reads it: the first value of a key given twice,
 * nothing nested deeper than fastjson takes; with the sizes of its objects when an event of it may
 * be larger than `maxEventSize` bytes.
 */
export function parseAuditJson(text: string, maxEventSize = Number.POSITIVE_INFINITY, byteLength?: number): AuditJson {
  // Every UTF-16 code unit is at most 3 bytes of UTF-8: most payloads need no counting (and an
  // input read as bytes gives their number).
  const bytes = text.length * 3 <= maxEventSize ? 0 : (byteLength ?? Buffer.byteLength(text));
  const sized = bytes > maxEventSize;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // What fastjson reads and JSON.parse does not; what neither reads has JSON.parse's reason.
    return readAsFastjson(text, sized, bytes === text.length, () => `invalid JSON: ${jsonErrorMessage(error)}`);
  }
  // JSON.parse makes a lone surrogate of an escape of one, where fastjson keeps the escape as written.
  const excess = escapeExcess(text);
  if (excess === SURROGATE_ESCAPE) return readAsFastjson(text, sized, bytes === text.length);
  // The text is longer than the value written back by what its escapes add (X), its whitespace
  // and what a number written longer adds, and by the members left out for a key given twice (D),
  // each at least as long as its key, its quotes, colon and comma and a value: 5 more than the
  // shortest key of the value; a number JavaScript writes longer than the text is never counted.
  // So a smaller difference proves D = 0 without looking for escapes, and one equal to X does too.
  shortestKey = Infinity;
  largestEvent = 0;
  numbers = 0;
  hundredsMet = 0;
  inTextOrder = true;
  const difference = text.length - (sized ? payloadLength(value, 1) : compactLength(value, 1, 0));
  // The plugin reads a number as its text: the value stands for the text only when every number
  // is spelt as JavaScript writes it. A difference equal to what the escapes add proves that too
  // (a number spelt longer adds to it), but for a hundred spelt with an exponent (`2e2`, as long
  // as `200`), looked for in the text; a text with no number needs only to hold no key twice.
  const exact = numbers === 0 ? (difference >= 0 && difference < shortestKey + 5) || difference === excess : difference === excess && (hundredsMet === 0 || hundredsSpeltAsJavaScript(text));
  if (exact) {
    // An event's size is its compact length, plus at most the difference (escapes, whitespace and
    // longer numbers of the whole text) and the bytes beyond one of its multi-byte characters.
    if (!sized || largestEvent + difference + bytes - text.length <= maxEventSize) return { ok: true, value };
  }
  return readAsFastjson(text, sized, bytes === text.length);
}


/** The text read by FastjsonReader; `refused` says why when fastjson refuses its syntax (its own reason otherwise). */
function readAsFastjson(text: string, sized: boolean, ascii: boolean, refused?: () => string): AuditJson {
  try {
    const reader = new FastjsonReader(text, sized, ascii);
    const value = reader.read();
    return reader.sizes ? { ok: true, value, sizes: reader.sizes } : { ok: true, value };
  } catch (error) {
    if (error === TOO_DEEP) return { ok: false, message: TOO_DEEP };
    if (error instanceof FastjsonSyntaxError) return { ok: false, message: refused?.() ?? `invalid JSON: ${error.message}` };
    throw error;
  }
}

/**
 * The length, in UTF-16 code units, of `v` written as compact JSON with no escapes: NaN where that
 * proves nothing (a number with a shorter spelling, a container whose members are deeper than
 * fastjson reads). `depth` is that of `v`. This runs on every event: strings, most of the values,
 * are added in line, and no number is turned into text unless it has to be.
 */
function compactLength(v: unknown, depth: number, at: number): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'object') return v === null ? 4 : Array.isArray(v) ? arrayLength(v as unknown[], depth, at) : objectLength(v as Record<string, unknown>, depth, at);
  if (typeof v === 'number') return numberLength(v, at);
  return v ? 4 : 5;
}

/** The largest compact length of an object where payloadLength looks for an event (set to 0 before it runs). */
let largestEvent = 0;

/**
 * compactLength of a payload that may hold an event over the limit, noting in largestEvent the
 * length of the largest object where the plugin looks for an event: the payload, an element of an
 * array of payloads, an item of an EventList.
 */
function payloadLength(v: unknown, depth: number): number {
  if (Array.isArray(v)) {
    if (v.length === 0) return 2;
    if (depth >= MAX_DEPTH) return Number.NaN;
    let n = v.length + 1;
    for (const e of v as unknown[]) n += payloadLength(e, depth + 1);
    return n;
  }
  if (!isObject(v)) return compactLength(v, depth, Number.NaN);
  const items = v.kind === 'EventList' ? v.items : undefined;
  if (!Array.isArray(items)) return eventLength(objectLength(v, depth, Number.NaN));
  // An EventList (it has members: kind, items): as objectLength, each item noted.
  if (depth >= MAX_DEPTH) return Number.NaN;
  let n = 1;
  for (const k in v) {
    const e = v[k];
    if (k.length < shortestKey) shortestKey = k.length;
    n += k.length + 4 + (e === items ? itemsLength(items, depth + 1) : compactLength(e, depth + 1, Number.NaN));
  }
  return n;
}

function itemsLength(items: readonly unknown[], depth: number): number {
  if (items.length === 0) return 2;
  if (depth >= MAX_DEPTH) return Number.NaN;
  let n = items.length + 1;
  for (const e of items) n += isObject(e) ? eventLength(objectLength(e, depth + 1, Number.NaN)) : compactLength(e, depth + 1, Number.NaN);
  return n;
}

function eventLength(length: number): number {
  if (length > largestEvent) largestEvent = length;
  return length;
}

/** The length of the shortest key met by compactLength (set to Infinity before it runs). */
let shortestKey = Infinity;

/** `at`: where the object starts in its compact JSON (NaN where that is not followed). */
function objectLength(o: Record<string, unknown>, depth: number, at: number): number {
  if (depth >= MAX_DEPTH) return hasMembers(o) ? Number.NaN : 2;
  let n = 1;
  for (const k in o) {
    const e = o[k];
    const kl = k.length;
    if (kl < shortestKey) shortestKey = kl;
    // An object's keys that are array indexes come first, not in the text's order.
    if (k.charCodeAt(0) <= 0x39) inTextOrder = false;
    // The member is `"key":value,`.
    n += kl + 4 + (typeof e === 'string' ? e.length + 2 : compactLength(e, depth + 1, at + n + kl + 3));
  }
  return n === 1 ? 2 : n;
}

function arrayLength(a: readonly unknown[], depth: number, at: number): number {
  const length = a.length;
  if (length === 0) return 2;
  if (depth >= MAX_DEPTH) return Number.NaN;
  let n = length + 1;
  // The brackets and commas are counted in n; element i starts after i + 1 of them.
  for (let i = 0; i < length; i++) {
    const e = a[i];
    n += typeof e === 'string' ? e.length + 2 : compactLength(e, depth + 1, at + n - length + i);
  }
  return n;
}

function hasMembers(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * The length of JavaScript's spelling of a number, when no JSON literal of it can be shorter; NaN
 * otherwise. Integers are written in full (`1000` could be `1e3`: integers ending in 000 prove
 * nothing); fractions of 0.01 and more cannot be written shorter with an exponent; JavaScript
 * writes an exponent only for numbers a JSON text could write in fewer characters.
 */
function numberLength(n: number, at: number): number {
  numbers++;
  if (n >= 0 && n < 1000 && Number.isInteger(n)) {
    if (n >= 100 && n % 100 === 0) noteHundred(n, at);
    return n < 10 ? 1 : n < 100 ? 2 : 3;
  }
  const s = String(n);
  // Also NaN where a text as long as JavaScript's spelling may spell it otherwise: integers beyond
  // 2^53 (rounded), fractions under 0.1 (`5e-2`, `0.05`) and those with many digits (rounded).
  if (!Number.isFinite(n) || s.includes('e') || (Number.isInteger(n) ? s.endsWith('000') || Math.abs(n) >= 2 ** 53 : Math.abs(n) < 0.1 || s.length > 15)) return Number.NaN;
  if (Number.isInteger(n) && n % 100 === 0) noteHundred(n, at);
  return s.length;
}

/**
 * The numbers met by compactLength, and the hundreds among them, each with where it starts in the
 * compact JSON or NaN (both emptied before it runs).
 */
let numbers = 0;
const hundreds: number[] = [];
let hundredsMet = 0;

// Written at an index: setting an array's length to empty it is a call into the runtime.
function noteHundred(n: number, at: number): void {
  hundreds[2 * hundredsMet] = n;
  hundreds[2 * hundredsMet + 1] = at;
  hundredsMet++;
}
/** Whether compactLength met the members of every object in the order of the text (set before it runs). */
let inTextOrder = true;

/**
 * Whether every hundred of the value is spelt in the text as JavaScript spells it, not with an
 * exponent as long (`2e2` for 200, `-12E2`; only the exponent 2 gives the same length). Called only
 * when the text is the compact JSON of the value with its escapes: a hundred's place in the text
 * is its place in the compact JSON plus what the escapes before it add.
 */
function hundredsSpeltAsJavaScript(text: string): boolean {
  let excess = 0;
  let e = 0;
  for (let h = 0; h < 2 * hundredsMet; h += 2) {
    const at = hundreds[h + 1]!;
    if (Number.isNaN(at) || !inTextOrder) return !mayHoldExponentHundred(text);
    // Escapes before the hundred: their compact place (text place less the excess before) is before it.
    for (; e < escapesMet && escapes[e]! - excess < at; e++) excess += text.charCodeAt(escapes[e]! + 1) === 0x75 ? 5 : 1;
    if (!text.startsWith(String(hundreds[h]), at + excess)) return false;
  }
  return true;
}

/**
 * Whether the text may spell a hundred with an exponent as long as JavaScript's spelling: an `e2`
 * or `E2` after a digit and before what ends a number. For payloads whose hundreds' places are not
 * followed; what remains is read again, exactly.
 */
function mayHoldExponentHundred(text: string): boolean {
  return exponentTwoAt(text, 'e2') || exponentTwoAt(text, 'E2');
}

function exponentTwoAt(text: string, marker: string): boolean {
  for (let i = text.indexOf(marker, 1); i !== -1; i = text.indexOf(marker, i + 2)) {
    const before = text.charCodeAt(i - 1);
    if (before >= 0x30 && before <= 0x39 && endsNumber(text.charCodeAt(i + 2))) return true;
  }
  return false;
}

/** `,`, `}`, `]`, JSON's white space, or the end of the text (NaN). */
function endsNumber(c: number): boolean {
  return Number.isNaN(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where the escapes of the text escapeExcess last read start. */
const escapes: number[] = [];
let escapesMet = 0;

/** What escapeExcess gives for a text with an escape of a UTF-16 surrogate. */
const SURROGATE_ESCAPE = -1;

/**
 * How many more code units the escapes of a JSON text take than the characters they stand for; or
 * SURROGATE_ESCAPE when one of them is `\uD800` to `\uDFFF` (JSON.parse makes a lone surrogate of
 * it, where fastjson keeps it as written).
 */
function escapeExcess(text: string): number {
  let excess = 0;
  escapesMet = 0;
  // Backslashes of a valid JSON text only start escapes: `\uXXXX` is one code unit, `\n` and the others one character.
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i)) {
    escapes[escapesMet++] = i;
    if (text.charCodeAt(i + 1) === 0x75) {
      if (isSurrogateEscape(text, i + 2)) return SURROGATE_ESCAPE;
      excess += 5;
      i += 6;
    } else {
      excess += 1;
      i += 2;
    }
  }
  return excess;
}

/** Whether the four hex digits at `at` are D800 to DFFF. */
function isSurrogateEscape(text: string, at: number): boolean {
  const first = text.charCodeAt(at) | 0x20;
  const second = text.charCodeAt(at + 1) | 0x20;
  return first === 0x64 && ((second >= 0x38 && second <= 0x39) || (second >= 0x61 && second <= 0x66));
}
