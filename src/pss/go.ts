import { GO_PRINTABLE_RUNS } from './go-printable.js';

/*
 * Text helpers that reproduce what pod-security-admission's Go code prints: its joinQuote and
 * pluralize helpers, fmt's %q (strconv.Quote) and Go's string ordering (sets.List, sort.Strings).
 */

/** `"a", "b", "c"` (upstream's joinQuote); empty for no items. */
export function joinQuote(items: readonly string[]): string {
  if (items.length === 0) return '';
  return `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/**
 * Go compares strings byte by byte in UTF-8, i.e. by code point. JavaScript compares UTF-16 code
 * units, which disagrees when a character above U+FFFF meets one in U+E000..U+FFFF.
 */
export function compareGo(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (supplementary code points) sort after every other BMP unit.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The distinct values in Go's order (sets.String.List, sets.List). */
export function sortedSet(values: readonly string[]): string[] {
  if (values.length <= 1) return values.slice();
  const sorted = values.slice().sort(compareGo);
  let w = 1;
  for (let r = 1; r < sorted.length; r++) if (sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] as string;
  sorted.length = w;
  return sorted;
}

/** Go sort.Strings (no deduplication). */
export function sortGo(values: string[]): string[] {
  return values.sort(compareGo);
}

let printableBoundaries: Uint32Array | undefined;

function boundaries(): Uint32Array {
  if (printableBoundaries) return printableBoundaries;
  const deltas = GO_PRINTABLE_RUNS.split(',');
  const out = new Uint32Array(deltas.length);
  let at = 0;
  deltas.forEach((delta, i) => {
    at += parseInt(delta, 36);
    out[i] = at;
  });
  printableBoundaries = out;
  return out;
}

/** Go's strconv.IsPrint, with Go's Unicode tables. */
export function isGoPrintable(codePoint: number): boolean {
  if (codePoint < 0x100) {
    return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa1 && codePoint !== 0xad);
  }
  const b = boundaries();
  // Index of the last boundary <= codePoint; even indexes open printable runs.
  let lo = 0;
  let hi = b.length - 1;
  if (codePoint < (b[0] as number)) return false;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((b[mid] as number) <= codePoint) lo = mid;
    else hi = mid - 1;
  }
  return (lo & 1) === 0;
}

const HEX = '0123456789abcdef';
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** fmt's %q for a string (strconv.Quote). `s` must be well-formed (see `goString`). */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    if (r === 0x22 || r === 0x5c) out += `\\${ch}`;
    else if (isGoPrintable(r)) out += ch;
    else if (r === 0x07) out += '\\a';
    else if (r === 0x08) out += '\\b';
    else if (r === 0x0c) out += '\\f';
    else if (r === 0x0a) out += '\\n';
    else if (r === 0x0d) out += '\\r';
    else if (r === 0x09) out += '\\t';
    else if (r === 0x0b) out += '\\v';
    else if (r < 0x20 || r === 0x7f) out += `\\x${HEX[r >> 4]}${HEX[r & 0xf]}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * A JSON string as Go decodes it: a lone surrogate (possible in JavaScript strings, not in Go's
 * UTF-8 strings) becomes U+FFFD, as encoding/json does.
 */
export function wellFormed(s: string): string {
  if (!SURROGATE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] as string;
        out += s[i + 1] as string;
        i++;
        continue;
      }
    }
    out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : (s[i] as string);
  }
  return out;
}
