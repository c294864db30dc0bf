import { jsonErrorMessage } from './json-error.js';

/*
 * Audit payloads are JSON read the way the k8saudit plugin's parser (its fork of valyala/fastjson)
 * reads them, where that differs from JSON.parse in what rules see:
 *
 * - a key given twice in an object: fastjson keeps both and its lookups find the first; JSON.parse
 *   keeps the last value;
 * - nesting: fastjson refuses a document with a value more than 300 levels deep (MaxDepth).
 *
 * JSON.parse does the parsing. A walk over its result then proves, in the common case, that the
 * text held no key twice: it adds up the length of the value written back as compact JSON and
 * compares it with the length of the text less what its escapes add. A key given twice makes the
 * value shorter than the text (the first member is missing from it), and so do whitespace between
 * tokens and numbers written longer than JavaScript writes them; a number that could have been
 * written shorter (`1e3`) proves nothing. When the lengths differ, the text is read again here,
 * value by value, keeping the first value of each key: that costs more, and only such texts pay
 * it (the API server writes compact JSON with no key twice).
 */

/** fastjson's MaxDepth: a value deeper than this (the document itself is at depth 1) is refused. */
export const MAX_DEPTH = 300;

const TOO_DEEP = `JSON nested more than ${MAX_DEPTH} levels deep`;

export type AuditJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** The JSON value of `text` as the k8saudit plugin reads it: the first value of a key given twice, nothing nested deeper than fastjson takes. */
export function parseAuditJson(text: string): AuditJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${jsonErrorMessage(error)}` };
  }
  // The text is longer than the value written back by what its escapes add (X), its whitespace
  // and what a number written longer adds, and by the members left out for a key given twice (D),
  // each at least as long as its key, its quotes, colon and comma and a value: 5 more than the
  // shortest key of the value; a number JavaScript writes longer than the text is never counted.
  // So a smaller difference proves D = 0 without looking for escapes, and one equal to X does too.
  shortestKey = Infinity;
  const difference = text.length - compactLength(value, 1);
  if ((difference >= 0 && difference < shortestKey + 5) || difference === escapeExcess(text)) return { ok: true, value };
  try {
    return { ok: true, value: new FirstWinsReader(text).read() };
  } catch (error) {
    if (error === TOO_DEEP) return { ok: false, message: TOO_DEEP };
    throw error;
  }
}

/**
 * The length, in UTF-16 code units, of `v` written as compact JSON with no escapes: NaN where that
 * proves nothing (a number with a shorter spelling, a container whose members are deeper than
 * fastjson reads). `depth` is that of `v`. This runs on every event: strings, most of the values,
 * are added in line, and no number is turned into text unless it has to be.
 */
function compactLength(v: unknown, depth: number): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'object') return v === null ? 4 : Array.isArray(v) ? arrayLength(v as unknown[], depth) : objectLength(v as Record<string, unknown>, depth);
  if (typeof v === 'number') return numberLength(v);
  return v ? 4 : 5;
}

/** The length of the shortest key met by compactLength (set to Infinity before it runs). */
let shortestKey = Infinity;

function objectLength(o: Record<string, unknown>, depth: number): number {
  if (depth >= MAX_DEPTH) return hasMembers(o) ? Number.NaN : 2;
  let n = 1;
  for (const k in o) {
    const e = o[k];
    const kl = k.length;
    if (kl < shortestKey) shortestKey = kl;
    n += kl + 4 + (typeof e === 'string' ? e.length + 2 : compactLength(e, depth + 1));
  }
  return n === 1 ? 2 : n;
}

function arrayLength(a: readonly unknown[], depth: number): number {
  const length = a.length;
  if (length === 0) return 2;
  if (depth >= MAX_DEPTH) return Number.NaN;
  let n = length + 1;
  for (let i = 0; i < length; i++) {
    const e = a[i];
    n += typeof e === 'string' ? e.length + 2 : compactLength(e, depth + 1);
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
function numberLength(n: number): number {
  if (n >= 0 && n < 1000 && Number.isInteger(n)) return n < 10 ? 1 : n < 100 ? 2 : 3;
  const s = String(n);
  if (!Number.isFinite(n) || s.includes('e') || (Number.isInteger(n) ? s.endsWith('000') : Math.abs(n) < 0.01)) return Number.NaN;
  return s.length;
}

/** How many more code units the escapes of a JSON text take than the characters they stand for. */
function escapeExcess(text: string): number {
  let excess = 0;
  // Backslashes of a valid JSON text only start escapes: `\uXXXX` is one code unit, `\n` and the others one character.
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i)) {
    if (text.charCodeAt(i + 1) === 0x75) {
      excess += 5;
      i += 6;
    } else {
      excess += 1;
      i += 2;
    }
  }
  return excess;
}

/**
 * Reads a JSON text that JSON.parse accepted, value by value, as fastjson does: the first value of
 * a key given twice (all values are read, those left out too), and TOO_DEEP thrown for a value
 * more than MAX_DEPTH deep. Strings and numbers are converted by JSON.parse and Number, so every
 * value is what JSON.parse makes of it.
 */
class FirstWinsReader {
  private i = 0;

  constructor(private readonly text: string) {}

  read(): unknown {
    this.space();
    return this.value(1);
  }

  private space(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.i);
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw TOO_DEEP;
    switch (this.text.charCodeAt(this.i)) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // true
        this.i += 4;
        return true;
      case 0x66: // false
        this.i += 5;
        return false;
      case 0x6e: // null
        this.i += 4;
        return null;
      default:
        return this.number();
    }
  }

  private object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return o;
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.i++; // :
      this.space();
      const v = this.value(depth + 1);
      if (!Object.hasOwn(o, key)) {
        // As JSON.parse does: an own property, even for __proto__.
        if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
        else o[key] = v;
      }
      this.space();
      if (this.text.charCodeAt(this.i++) === 0x7d) return o;
    }
  }

  private array(depth: number): unknown[] {
    const a: unknown[] = [];
    this.i++;
    this.space();
    if (this.text.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return a;
    }
    for (;;) {
      this.space();
      a.push(this.value(depth + 1));
      this.space();
      if (this.text.charCodeAt(this.i++) === 0x5d) return a;
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let end = t.indexOf('"', start + 1);
    for (;;) {
      // A quote after an odd number of backslashes is part of the string.
      let b = end - 1;
      while (t.charCodeAt(b) === 0x5c) b--;
      if ((end - 1 - b) % 2 === 0) break;
      end = t.indexOf('"', end + 1);
    }
    this.i = end + 1;
    const raw = t.slice(start + 1, end);
    return raw.includes('\\') ? (JSON.parse(t.slice(start, end + 1)) as string) : raw;
  }

  private number(): number {
    const t = this.text;
    const start = this.i;
    let c = t.charCodeAt(this.i);
    // Digits, sign, point, exponent: the characters of a JSON number.
    while ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) c = t.charCodeAt(++this.i);
    return Number(t.slice(start, this.i));
  }
}
