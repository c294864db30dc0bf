/*
 * The parts of Go's strconv that text/template and fmt use: quoting (Quote, QuoteRune and their
 * ASCII forms, CanBackquote), Unquote and UnquoteChar for string and character literals,
 * ParseInt and ParseUint with base 0 for number literals, and FormatFloat in every format fmt asks
 * for. Strings are Go strings in the form of go-string.ts.
 */
import { fromBytes, runes, runeString } from './go-string.js';
import { isPrint } from './unicode.js';

const LOWER_HEX = '0123456789abcdef';

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

function escapeRune(r: number, quote: string, asciiOnly: boolean): string {
  if (r === quote.codePointAt(0) || r === 0x5c) return `\\${String.fromCodePoint(r)}`;
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCodePoint(r);
  } else if (isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return `\\x${hex(r, 2)}`;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return r < 0x10000 ? `\\u${hex(r, 4)}` : `\\U${hex(r, 8)}`;
}

function quoteWith(s: string, quote: string, asciiOnly: boolean): string {
  let out = quote;
  for (const { rune, bytes, text } of runes(s)) {
    if (bytes === 1 && rune === 0xfffd) out += `\\x${hex(text.charCodeAt(0) - 0xdc00, 2)}`;
    else out += escapeRune(rune, quote, asciiOnly);
  }
  return out + quote;
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, '"', false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, '"', true);
}

/** strconv.QuoteRune (and QuoteRuneToASCII): an invalid rune is quoted as U+FFFD. */
export function quoteRune(r: number, asciiOnly = false): string {
  const valid = r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
  return `'${escapeRune(valid ? r : 0xfffd, "'", asciiOnly)}'`;
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const { rune, bytes } of runes(s)) {
    if (bytes > 1) {
      if (rune === 0xfeff) return false;
      continue;
    }
    if (rune === 0xfffd) return false;
    if ((rune < 0x20 && rune !== 0x09) || rune === 0x60 || rune === 0x7f) return false;
  }
  return true;
}

function unhex(c: string | undefined): number | undefined {
  if (c === undefined) return undefined;
  const v = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? v : undefined;
}

/** A character and the rest of the literal, as strconv.UnquoteChar reads them; undefined for ErrSyntax. */
export interface UnquotedChar {
  readonly value: number;
  readonly multibyte: boolean;
  readonly tail: string;
}

/** strconv.UnquoteChar on literal text (well-formed, so a non-ASCII character is a whole rune). */
export function unquoteChar(s: string, quote: string): UnquotedChar | undefined {
  if (s.length === 0) return undefined;
  const c = s[0]!;
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  const code = s.codePointAt(0)!;
  if (code >= 0x80) {
    const width = code > 0xffff ? 2 : 1;
    return { value: code >= 0xdc80 && code <= 0xdcff ? 0xfffd : code, multibyte: true, tail: s.slice(width) };
  }
  if (c !== '\\') return { value: code, multibyte: false, tail: s.slice(1) };
  if (s.length <= 1) return undefined;
  const e = s[1]!;
  let rest = s.slice(2);
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };
  if (e in simple) return { value: simple[e]!, multibyte: false, tail: rest };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    if (rest.length < n) return undefined;
    let v = 0;
    for (let j = 0; j < n; j++) {
      const x = unhex(rest[j]);
      if (x === undefined) return undefined;
      v = v * 16 + x;
    }
    rest = rest.slice(n);
    if (e === 'x') return { value: v, multibyte: false, tail: rest };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
    return { value: v, multibyte: true, tail: rest };
  }
  if (e >= '0' && e <= '7') {
    let v = e.charCodeAt(0) - 0x30;
    if (rest.length < 2) return undefined;
    for (let j = 0; j < 2; j++) {
      const x = rest.charCodeAt(j) - 0x30;
      if (x < 0 || x > 7) return undefined;
      v = (v << 3) | x;
    }
    if (v > 255) return undefined;
    return { value: v, multibyte: false, tail: rest.slice(2) };
  }
  if (e === "'" || e === '"') return e === quote ? { value: e.charCodeAt(0), multibyte: false, tail: rest } : undefined;
  return undefined;
}

function appendRune(bytes: number[], r: number): void {
  bytes.push(...Buffer.from(runeString(r), 'utf8'));
}

/** strconv.Unquote of a string literal ("..." or `...`); undefined for ErrSyntax. */
export function unquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0]!;
  const end = s.indexOf(q, 1);
  if (end < 0) return undefined;
  if (q === '`') return end === s.length - 1 ? s.slice(1, end).replaceAll('\r', '') : undefined;
  if (q !== '"' && q !== "'") return undefined;
  if (!s.slice(0, end + 1).includes('\\') && !s.slice(0, end + 1).includes('\n')) {
    if (q === '"') return end === s.length - 1 ? s.slice(1, end) : undefined;
  }
  const bytes: number[] = [];
  let rest = s.slice(1);
  while (rest.length > 0 && rest[0] !== q) {
    const c = unquoteChar(rest, q);
    if (rest[0] === '\n' || c === undefined) return undefined;
    rest = c.tail;
    if (c.value < 0x80 || !c.multibyte) bytes.push(c.value);
    else appendRune(bytes, c.value);
    if (q === "'") break;
  }
  if (!(rest.length > 0 && rest[0] === q)) return undefined;
  if (rest.length > 1) return undefined;
  return fromBytes(Uint8Array.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// Integers

/** The result of ParseInt or ParseUint: a value, or which error. */
export type ParsedInt = { readonly value: bigint } | { readonly error: 'syntax' | 'range' };

function underscoreOk(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hexadecimal = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes((s[1] ?? '').toLowerCase())) {
    i = 2;
    saw = '0';
    hexadecimal = s[1]!.toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hexadecimal && /^[a-fA-F]$/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64). */
export function parseUint(s0: string): ParsedInt {
  if (s0 === '') return { error: 'syntax' };
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    const p = (s[1] ?? '').toLowerCase();
    if (s.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  let overflow = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = /^[0-9a-zA-Z]$/.test(c) ? parseInt(c, 36) : 99;
    if (d >= base) return { error: 'syntax' };
    n = n * BigInt(base) + BigInt(d);
    if (n > 0xffffffffffffffffn) overflow = true;
  }
  if (underscores && !underscoreOk(s0)) return { error: 'syntax' };
  return overflow ? { error: 'range' } : { value: n };
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): ParsedInt {
  if (s === '') return { error: 'syntax' };
  const negative = s[0] === '-';
  const unsigned = parseUint(s[0] === '+' || s[0] === '-' ? s.slice(1) : s);
  if ('error' in unsigned) return unsigned;
  if (!negative && unsigned.value >= 1n << 63n) return { error: 'range' };
  if (negative && unsigned.value > 1n << 63n) return { error: 'range' };
  return { value: negative ? -unsigned.value : unsigned.value };
}

// ---------------------------------------------------------------------------------------------
// Floats: strconv.FormatFloat(x, fmt, prec, 64)

const view = new DataView(new ArrayBuffer(8));

function float64Bits(x: number): { neg: boolean; exp: number; mant: bigint } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return { neg: bits >> 63n === 1n, exp: Number((bits >> 52n) & 0x7ffn), mant: bits & ((1n << 52n) - 1n) };
}

/** Decimal digits d (no leading or trailing zeros) and point dp: the value is 0.d × 10^dp. */
interface Digits {
  readonly d: string;
  readonly dp: number;
}

function trimZeros(d: string, dp: number): Digits {
  const t = d.replace(/0+$/, '');
  return t === '' ? { d: '', dp: 0 } : { d: t, dp };
}

/** The shortest digits that read back as x (x > 0): JavaScript's and Go's agree. */
function shortestDigits(x: number): Digits {
  const [mantissa = '', exponent = '0'] = x.toExponential().split('e');
  return trimZeros(mantissa.replace('.', ''), Number(exponent) + 1);
}

/** Every digit of x (x > 0), which a double always has finitely many of. */
function exactDigits(x: number): Digits {
  const { exp, mant } = float64Bits(x);
  const m = exp === 0 ? mant : mant | (1n << 52n);
  const e2 = (exp === 0 ? 1 : exp) - 1075;
  if (e2 >= 0) {
    const s = (m << BigInt(e2)).toString();
    return trimZeros(s, s.length);
  }
  const s = (m * 5n ** BigInt(-e2)).toString();
  return trimZeros(s, s.length + e2);
}

/** Rounds to nd digits, a tie to even (exact digits make every tie a true one). */
function roundDigits(digits: Digits, nd: number): Digits {
  const { d, dp } = digits;
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= d.length) return digits;
  const next = d[nd]!;
  const up = next > '5' || (next === '5' && (nd + 1 < d.length || (nd > 0 && Number(d[nd - 1]) % 2 === 1)));
  if (!up) return trimZeros(d.slice(0, nd), dp);
  let i = nd - 1;
  while (i >= 0 && d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dp + 1 };
  return trimZeros(d.slice(0, i) + String(Number(d[i]) + 1), dp);
}

function fmtE(neg: boolean, digits: Digits, prec: number, format: string): string {
  const { d, dp } = digits;
  let out = (neg ? '-' : '') + (d[0] ?? '0');
  if (prec > 0) out += `.${d.slice(1, prec + 1).padEnd(prec, '0')}`;
  let exp = d.length === 0 ? 0 : dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return `${out}${format}${sign}${exp < 10 ? `0${exp}` : exp}`;
}

function fmtF(neg: boolean, digits: Digits, prec: number): string {
  const { d, dp } = digits;
  let out = neg ? '-' : '';
  out += dp > 0 ? d.slice(0, dp).padEnd(dp, '0') : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = dp + i;
      out += j >= 0 && j < d.length ? d[j] : '0';
    }
  }
  return out;
}

function formatDigits(shortest: boolean, neg: boolean, digits: Digits, prec: number, format: string): string {
  switch (format) {
    case 'e':
    case 'E':
      return fmtE(neg, digits, prec, format);
    case 'f':
      return fmtF(neg, digits, prec);
  }
  // 'g' and 'G'
  const nd = digits.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digits.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digits.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digits, prec - 1, format === 'g' ? 'e' : 'E');
  }
  if (prec > digits.dp) prec = nd;
  return fmtF(neg, digits, Math.max(prec - digits.dp, 0));
}

function fmtB(neg: boolean, mant: bigint, exp: number): string {
  exp -= 52;
  return `${neg ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

const MASK64 = (1n << 64n) - 1n;

function fmtX(prec: number, format: 'x' | 'X', neg: boolean, mant: bigint, exp: number): string {
  if (mant === 0n) exp = 0;
  mant <<= 8n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const digits = format === 'X' ? LOWER_HEX.toUpperCase() : LOWER_HEX;
  let out = `${neg ? '-' : ''}0${format}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  out += format === 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  return out + String(Math.abs(exp)).padStart(2, '0');
}

/** strconv.FormatFloat(x, format, prec, 64) for the formats b, e, E, f, g, G, x and X. */
export function formatFloat(x: number, format: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const bits = float64Bits(x);
  const mant = bits.exp === 0 ? bits.mant : bits.mant | (1n << 52n);
  const exp = (bits.exp === 0 ? 1 : bits.exp) - 1023;
  if (format === 'b') return fmtB(bits.neg, mant, exp);
  if (format === 'x' || format === 'X') return fmtX(prec, format, bits.neg, mant, exp);
  const shortest = prec < 0;
  if (x === 0) return formatDigits(shortest, bits.neg, { d: '', dp: 0 }, prec, format);
  let digits: Digits;
  if (shortest) {
    digits = shortestDigits(Math.abs(x));
    const nd = digits.d.length;
    prec = format === 'e' || format === 'E' ? Math.max(nd - 1, 0) : format === 'f' ? Math.max(nd - digits.dp, 0) : nd;
  } else {
    const exact = exactDigits(Math.abs(x));
    if (format === 'e' || format === 'E') digits = roundDigits(exact, prec + 1);
    else if (format === 'f') digits = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digits = roundDigits(exact, prec);
    }
  }
  return formatDigits(shortest, bits.neg, digits, prec, format);
}
