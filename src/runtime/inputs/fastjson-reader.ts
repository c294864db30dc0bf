import { RawNumber } from '../sources/json-value.js';

/*
 * A JSON text read value by value as the k8saudit plugin's parser reads it: its fork of
 * valyala/fastjson (github.com/geraldcombs/fastjson, parser.go), which accepts more than JSON:
 *
 * - a number is any run of the characters `0-9 . - + e E` (`1.2.3`, `01`, `+1`, `-`, `.e`), or
 *   `nan`/`inf` in any case, alone or after one sign (`NaN`, `-Inf`, `+nan`): parseRawNumber and
 *   parseValue. Its value is its text (jsonValueAsString writes a number back as it came);
 * - a string is everything up to the next quote not escaped by a backslash: control characters
 *   are taken as they are, and escapes are decoded as unescapeStringBestEffort does (below);
 * - the first value of a key given twice is the one read (Object.Get finds the first member).
 *
 * What it refuses (anything else where a value, a key, `:`, `,` or a closing bracket is due, a
 * value more than MAX_DEPTH deep, a text left after the value) it refuses with an error.
 */

/** fastjson's MaxDepth: a value deeper than this (the document itself is at depth 1) is refused. */
export const MAX_DEPTH = 300;

/** Thrown for a value deeper than MAX_DEPTH. */
export const TOO_DEEP = `JSON nested more than ${MAX_DEPTH} levels deep`;

/** Thrown for a text fastjson refuses for its syntax. */
export class FastjsonSyntaxError extends Error {}

const isNumberChar = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
const NAN_OR_INF = /^(?:nan|inf)$/i;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * The value of a number's text: the JavaScript number when JavaScript writes it back the same,
 * else the text itself (`1.0`, `-0`, `1e3`, `NaN`, `1.2.3`), which is what the plugin reads.
 */
export function numberValue(text: string): number | RawNumber {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : new RawNumber(text);
}

/**
 * fastjson's unescapeStringBestEffort: the escapes of JSON are decoded; an unknown one (`\x`) is
 * kept as written, and so is `\u` without four hex digits after it; a UTF-16 surrogate escape is
 * kept as written unless another `\u` escape follows, and then the two are decoded together,
 * into U+FFFD when they are not a high and a low surrogate (Go's utf16.DecodeRune).
 */
export function unescapeBestEffort(s: string): string {
  let n = s.indexOf('\\');
  if (n < 0) return s;
  let out = s.slice(0, n);
  let i = n + 1;
  while (i < s.length) {
    const ch = s[i++] as string;
    switch (ch) {
      case '"':
      case '\\':
      case '/':
        out += ch;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const xs = s.slice(i, i + 4);
        if (!HEX4.test(xs)) {
          out += '\\u';
          break;
        }
        i += 4;
        const x = parseInt(xs, 16);
        if (x < 0xd800 || x >= 0xe000) {
          out += String.fromCharCode(x);
          break;
        }
        const ys = s.slice(i + 2, i + 6);
        if (s[i] !== '\\' || s[i + 1] !== 'u' || !HEX4.test(ys)) {
          out += `\\u${xs}`;
          break;
        }
        const y = parseInt(ys, 16);
        out += x < 0xdc00 && y >= 0xdc00 && y < 0xe000 ? String.fromCharCode(x, y) : '\ufffd';
        i += 6;
        break;
      }
      default:
        out += `\\${ch}`;
    }
    n = s.indexOf('\\', i);
    if (n < 0) return out + s.slice(i);
    out += s.slice(i, n);
    i = n + 1;
  }
  return out;
}

/**
 * Reads a JSON text as fastjson does (see above): the first value of a key given twice (all values
 * are read, those left out too), TOO_DEEP thrown for a value more than MAX_DEPTH deep, and a
 * FastjsonSyntaxError for a text it refuses. When asked, it also measures each object and array
 * as fastjson writes it back: its bytes as they came, without whitespace between tokens.
 */
export class FastjsonReader {
  private i = 0;
  /** Bytes of the text read so far, whitespace between tokens left out. */
  private bytes = 0;
  readonly sizes: Map<object, number> | undefined;

  constructor(
    private readonly text: string,
    measure: boolean,
    /** Whether the text is one byte a code unit (ASCII). */
    private readonly ascii: boolean,
  ) {
    this.sizes = measure ? new Map() : undefined;
  }

  read(): unknown {
    this.space();
    const value = this.value(1);
    this.space();
    if (this.i < this.text.length) throw new FastjsonSyntaxError(`unexpected text after the value at position ${this.i}`);
    return value;
  }

  private fail(what: string): never {
    throw new FastjsonSyntaxError(this.i >= this.text.length ? `unexpected end of JSON input (${what})` : `${what} at position ${this.i}`);
  }

  private space(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.i);
  }

  private value(depth: number): unknown {
    if (this.i >= this.text.length) this.fail('expected a value');
    if (depth > MAX_DEPTH) throw TOO_DEEP;
    switch (this.text.charCodeAt(this.i)) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e: // null, or nan in any case (parseValue)
        if (this.text.startsWith('null', this.i)) return this.literal('null', null);
        if (NAN_OR_INF.test(this.text.slice(this.i, this.i + 3))) return this.numberOf(this.i + 3);
        return this.fail('expected a value');
      default:
        return this.number();
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.i)) this.fail('expected a value');
    this.i += word.length;
    this.bytes += word.length;
    return value;
  }

  /** Steps over one structural character (`{}[]:,`), which `next` returns. */
  private next(): number {
    this.bytes++;
    return this.text.charCodeAt(this.i++);
  }

  /** The structural character due next (after whitespace): `expected` is what the error says otherwise. */
  private expect(codes: readonly number[], expected: string): number {
    this.space();
    if (!codes.includes(this.text.charCodeAt(this.i))) this.fail(`expected ${expected}`);
    return this.next();
  }

  private object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const start = this.bytes;
    this.next();
    this.space();
    if (this.text.charCodeAt(this.i) === 0x7d) this.next();
    else {
      for (;;) {
        this.space();
        if (this.text.charCodeAt(this.i) !== 0x22) this.fail('expected a key');
        const key = this.string();
        this.expect([0x3a], "':'");
        this.space();
        const v = this.value(depth + 1);
        if (!Object.hasOwn(o, key)) {
          // As JSON.parse does: an own property, even for __proto__.
          if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
          else o[key] = v;
        }
        if (this.expect([0x2c, 0x7d], "',' or '}'") === 0x7d) break;
      }
    }
    this.sizes?.set(o, this.bytes - start);
    return o;
  }

  private array(depth: number): unknown[] {
    const a: unknown[] = [];
    const start = this.bytes;
    this.next();
    this.space();
    if (this.text.charCodeAt(this.i) === 0x5d) this.next();
    else {
      for (;;) {
        this.space();
        a.push(this.value(depth + 1));
        if (this.expect([0x2c, 0x5d], "',' or ']'") === 0x5d) break;
      }
    }
    this.sizes?.set(a, this.bytes - start);
    return a;
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let end = t.indexOf('"', start + 1);
    for (;;) {
      if (end < 0) {
        this.i = t.length;
        this.fail("expected a closing '\"'");
      }
      // A quote after an odd number of backslashes is part of the string.
      let b = end - 1;
      while (t.charCodeAt(b) === 0x5c) b--;
      if ((end - 1 - b) % 2 === 0) break;
      end = t.indexOf('"', end + 1);
    }
    this.i = end + 1;
    const raw = t.slice(start + 1, end);
    if (this.sizes) this.bytes += 2 + (this.ascii ? raw.length : Buffer.byteLength(raw));
    return unescapeBestEffort(raw);
  }

  private number(): number | RawNumber {
    const t = this.text;
    const start = this.i;
    let c = t.charCodeAt(this.i);
    while (isNumberChar(c)) c = t.charCodeAt(++this.i);
    // Stopped at a character of no number right away, or right after a sign: only nan or inf may follow.
    const signOnly = this.i === start + 1 && (t[start] === '-' || t[start] === '+');
    if (this.i < t.length && (this.i === start || signOnly)) {
      if (!NAN_OR_INF.test(t.slice(this.i, this.i + 3))) this.fail('expected a value');
      return this.numberOf(this.i + 3, start);
    }
    return this.numberOf(this.i, start);
  }

  private numberOf(end: number, start = this.i): number | RawNumber {
    this.i = end;
    this.bytes += end - start;
    return numberValue(this.text.slice(start, end));
  }
}
