/*
 * Go strings are byte sequences, not always valid UTF-8: `slice` cuts them at any byte and "\xff"
 * is a valid literal. Here a Go string is a JavaScript string in which each byte that is not part
 * of valid UTF-8 is a lone low surrogate, U+DC80 to U+DCFF for the bytes 0x80 to 0xFF. A well-formed
 * JavaScript string holds no lone surrogate, so the form is unambiguous, and a byte sequence has
 * exactly one such form (canonical() restores it after concatenation joined the pieces of a
 * character), so two Go strings are equal exactly when their forms are.
 */
import { utf8SequenceLength } from '../../core/utf8.js';

const RAW_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const RAW_BYTES = new RegExp(RAW_BYTE.source, 'g');
const ASCII = /^[^\u0080-\uFFFF]*$/;

/** Whether s holds a byte that is not valid UTF-8. */
export function hasRawBytes(s: string): boolean {
  return RAW_BYTE.test(s);
}

/** A well-formed JavaScript string as Go reads it from JSON: each lone surrogate becomes U+FFFD. */
export function fromText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** The text of a Go string, each invalid byte replaced by U+FFFD (as encoding/json writes it). */
export function toText(s: string): string {
  return hasRawBytes(s) ? canonical(s).replace(RAW_BYTES, '\uFFFD') : s;
}

/** The canonical form of a Go string (after concatenation). */
export function canonical(s: string): string {
  return hasRawBytes(s) ? fromBytes(utf8(s)) : s;
}

/** The bytes of a Go string. */
export function utf8(s: string): Uint8Array {
  if (!hasRawBytes(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const r = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** The Go string of a byte sequence. */
export function fromBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let out = '';
  let run = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buffer.toString('utf8', run, i) + String.fromCharCode(0xdc00 + bytes[i]!);
    run = ++i;
  }
  return out + buffer.toString('utf8', run, bytes.length);
}

/** len(s) in Go: the number of bytes. */
export function byteLength(s: string): number {
  return ASCII.test(s) ? s.length : utf8(s).length;
}

/** Go's `for _, r := range s`: the runes of s, U+FFFD for each invalid byte, with their width in bytes. */
export function* runes(s: string): Generator<{ rune: number; bytes: number; text: string }> {
  for (const text of s) {
    const c = text.codePointAt(0)!;
    if (c >= 0xdc80 && c <= 0xdcff) yield { rune: 0xfffd, bytes: 1, text };
    else yield { rune: c, bytes: c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4, text };
  }
}

/** utf8.RuneCountInString. */
export function runeCount(s: string): number {
  if (ASCII.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The UTF-8 of a rune as utf8.AppendRune writes it (U+FFFD for surrogates and values past U+10FFFF). */
export function runeString(r: number): string {
  return r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(r);
}

// Orders UTF-16 code units as their code points order: surrogates above U+E000..U+FFFF.
function unitOrder(c: number): number {
  return c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c;
}

/** Go's string comparison: byte by byte. */
export function compareStrings(a: string, b: string): number {
  if (hasRawBytes(a) || hasRawBytes(b)) {
    const x = utf8(a);
    const y = utf8(b);
    for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitOrder(x) - unitOrder(y);
  }
  return a.length - b.length;
}

/** strings.HasPrefix. */
export function hasPrefix(s: string, prefix: string): boolean {
  if (!hasRawBytes(s) && !hasRawBytes(prefix)) return s.startsWith(prefix);
  const x = utf8(s);
  const p = utf8(prefix);
  return p.length <= x.length && p.every((b, i) => x[i] === b);
}

/** strings.HasSuffix. */
export function hasSuffix(s: string, suffix: string): boolean {
  if (!hasRawBytes(s) && !hasRawBytes(suffix)) return s.endsWith(suffix);
  const x = utf8(s);
  const p = utf8(suffix);
  return p.length <= x.length && p.every((b, i) => x[x.length - p.length + i] === b);
}
