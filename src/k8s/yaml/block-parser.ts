import { goNumberKey, resolveGoYamlV2 } from './kubernetes-schema.js';
import { FLAG_KEY, KIND_MAPPING, KIND_OTHER, KIND_SEQUENCE, MAX_IMPLICIT_KEY, OPEN_BASE } from './position-recorder.js';

/*
 * A fast path for the YAML that manifests are written in: block mappings and sequences, plain,
 * quoted, literal and folded scalars (plain and quoted ones over several lines too), and one-line
 * flow collections. It builds the same values as js-yaml with the Kubernetes schema, and the same
 * position events as PositionRecorder, in less than half of js-yaml's time. Hand-written because no YAML library for JavaScript is both fast and keeps
 * positions (js-yaml is fast without them; `yaml` keeps them at several times the cost).
 *
 * It gives up, returning undefined, on anything it does not handle exactly: anchors, aliases,
 * tags, directives, complex keys, multi-line flow collections and keys, tabs, carriage returns,
 * duplicate keys, nesting deeper than MAX_DEPTH, every syntax error. The
 * caller then parses the document with js-yaml, which also reports the errors. The differential
 * tests compare both parsers' values and located positions on the corpus and on generated YAML.
 */

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;
const PIPE = 124;
const GREATER = 62;
const QUESTION = 63;

/** Characters a plain scalar or key cannot start with (besides `-`, `?`, `:` before a space). */
const INDICATOR = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/**
 * Characters js-yaml rejects anywhere (its non-printable set), or that this parser leaves to it:
 * tabs, carriage returns, NEL, line and paragraph separators, byte order marks. Surrogates are
 * looked at only when there are any; js-yaml rejects unpaired ones.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const NOT_HANDLED = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\ufeff\ufffe\uffff]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Whether the fast path may be tried on a text at all (one scan of the text per file). */
export function blockParserApplies(text: string): boolean {
  return !NOT_HANDLED.test(text) && !(SURROGATE.test(text) && UNPAIRED_SURROGATE.test(text));
}

class GiveUp {}
const GIVE_UP = new GiveUp();

export interface BlockParse {
  readonly value: unknown;
  readonly events: Int32Array;
}

/** Growable event log, reused across documents. */
let log = new Int32Array(1 << 16);
let logLength = 0;

/**
 * Parses the document in `text[start, end)` (a range from splitDocuments, which may begin with its
 * `---` marker). Undefined when the fast path does not apply; the caller falls back to js-yaml.
 */
export function parseBlockDocument(text: string, start: number, end: number): BlockParse | undefined {
  logLength = 0;
  depth = 0;
  try {
    const value = new BlockParser(text, start, end).document();
    return { value, events: log.slice(0, logLength) };
  } catch {
    // GIVE_UP, or a stack overflow on deep nesting: js-yaml decides (and reports what is wrong).
    return undefined;
  }
}

/**
 * js-yaml refuses documents nested more than 100 nodes deep (its maxDepth), counting about one
 * node more than this parser's events do. Deeper documents than this are left to it to decide.
 */
const MAX_DEPTH = 64;
let depth = 0;

function open(offset: number): void {
  if (++depth > MAX_DEPTH) throw GIVE_UP;
  if (logLength === log.length) grow();
  log[logLength++] = offset + OPEN_BASE;
}

function close(flags: number): void {
  depth--;
  if (logLength === log.length) grow();
  log[logLength++] = flags;
}

function grow(): void {
  const bigger = new Int32Array(log.length * 2);
  bigger.set(log);
  log = bigger;
}

function kindOf(value: unknown): number {
  if (Array.isArray(value)) return KIND_SEQUENCE;
  return typeof value === 'object' && value !== null ? KIND_MAPPING : KIND_OTHER;
}

function trimEnd(text: string, end: number): number {
  while (text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** Whether a plain scalar may start with `c`, given whether a blank follows it. */
function canStartPlain(c: number, blankFollows: boolean): boolean {
  if (c < 128 && INDICATOR[c] === 1) return false;
  return !((c === DASH || c === QUESTION || c === COLON) && blankFollows);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === NEWLINE || Number.isNaN(c);
}

class BlockParser {
  /** The current content line: where it starts, its indentation, and its first character. */
  private lineStart = 0;
  private indent = -1;
  private cur = 0;

  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly end: number,
  ) {}

  document(): unknown {
    const { text, base } = this;
    let p = base;
    if (text.startsWith('---', p)) {
      p += 3;
      // Anything on the marker's line but a comment (`--- !tag`, `--- value`) is left to js-yaml.
      while (text.charCodeAt(p) === SPACE) p++;
      const c = p < this.end ? text.charCodeAt(p) : NEWLINE;
      if (c === HASH && p > base + 3) p = this.lineEndOf(p);
      else if (c !== NEWLINE) throw GIVE_UP;
      p++;
    }
    this.nextLine(p);
    if (this.cur >= this.end) throw GIVE_UP;
    const c = text.charCodeAt(this.cur);
    if (c === 37 /* % directive */ || text.startsWith('...', this.lineStart)) throw GIVE_UP;
    const rootIndent = this.indent;
    let value: unknown;
    open(this.cur - base);
    if (c === DASH && isBlank(text.charCodeAt(this.cur + 1))) value = this.sequence(rootIndent);
    else if (this.keyEnd(this.cur) >= 0) value = this.mapping(rootIndent);
    else throw GIVE_UP;
    close(kindOf(value));
    if (this.cur < this.end) throw GIVE_UP;
    return value;
  }

  private lineEndOf(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e < 0 || e > this.end ? this.end : e;
  }

  /** Moves to the next line from `p` (a line start) that holds content; at the end, cur = end. */
  private nextLine(p: number): void {
    const { text, end } = this;
    while (p < end) {
      let q = p;
      while (q < end && text.charCodeAt(q) === SPACE) q++;
      if (q >= end) break;
      const c = text.charCodeAt(q);
      if (c === NEWLINE) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        p = this.lineEndOf(q) + 1;
        continue;
      }
      this.lineStart = p;
      this.indent = q - p;
      this.cur = q;
      return;
    }
    this.lineStart = end;
    this.indent = -1;
    this.cur = end;
  }

  /**
   * When a block mapping key starts at `p`, the offset of its `:` indicator; else -1. A key is a
   * plain or quoted scalar on one line followed by `:` and a space or the line's end.
   */
  private keyEnd(p: number): number {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = this.quotedEnd(p);
      if (close < 0) return -1;
      let q = close + 1;
      while (text.charCodeAt(q) === SPACE) q++;
      return text.charCodeAt(q) === COLON && isBlank(text.charCodeAt(q + 1)) ? keyWithinLimit(p, q) : -1;
    }
    if (c !== COLON && !canStartPlain(c, isBlank(text.charCodeAt(p + 1)))) return -1;
    // A key may start with `:`, but PositionRecorder would take the collection before it for a
    // key: js-yaml's path gives such documents their (less exact) positions.
    if (c === COLON) throw GIVE_UP;
    const eol = this.lineEndOf(p);
    for (let q = p + 1; q < eol; q++) {
      const d = text.charCodeAt(q);
      if (d === COLON) {
        if (q + 1 >= eol || text.charCodeAt(q + 1) === SPACE) return keyWithinLimit(p, q);
      } else if (d === HASH && text.charCodeAt(q - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** The offset of the closing quote of a one-line quoted scalar at `p`, or -1. */
  private quotedEnd(p: number): number {
    return quotedEndOnLine(this.text, p, this.lineEndOf(p));
  }

  /** The block mapping whose first key is at `cur`, at indentation `indent` (its keys' column). */
  private mapping(indent: number): Record<string, unknown> {
    const { text, base } = this;
    const result: Record<string, unknown> = {};
    for (;;) {
      const keyStart = this.cur;
      const colon = this.keyEnd(keyStart);
      if (colon < 0) throw GIVE_UP;
      const key = this.keyText(keyStart, colon);
      if (key === '__proto__' || Object.hasOwn(result, key)) throw GIVE_UP;
      open(keyStart - base);
      close(KIND_OTHER | FLAG_KEY);
      let p = colon + 1;
      open(p - base);
      while (text.charCodeAt(p) === SPACE) p++;
      const c = p < this.end ? text.charCodeAt(p) : NEWLINE;
      let value: unknown;
      if (c === NEWLINE || c === HASH) {
        this.nextLine(this.lineEndOf(p) + 1);
        value = this.nestedBlock(indent);
      } else value = this.inlineValue(p, indent);
      close(kindOf(value));
      result[key] = value;
      if (this.cur >= this.end || this.indent < indent) return result;
      if (this.indent > indent) throw GIVE_UP;
      if (text.charCodeAt(this.cur) === DASH && isBlank(text.charCodeAt(this.cur + 1))) {
        // A sequence entry at the mapping's own indentation that is no key's value: an error.
        throw GIVE_UP;
      }
    }
  }

  /** A mapping key as js-yaml names it: quoted text, or a plain scalar resolved and made a string. */
  private keyText(start: number, colon: number): string {
    const { text } = this;
    const c = text.charCodeAt(start);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return unquote(text, start, this.quotedEnd(start));
    let end = colon;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    const plain = text.slice(start, end);
    if (plain === '<<' || end - start > 1024) throw GIVE_UP;
    return plainKey(plain);
  }

  /**
   * The value of a key whose line ends after `:` (cur is at the next content line): a block
   * collection indented more, a sequence at the same indentation (compact form), or null.
   */
  private nestedBlock(parentIndent: number): unknown {
    const { text } = this;
    if (this.cur >= this.end || this.indent < parentIndent) return null;
    const c = text.charCodeAt(this.cur);
    const isEntry = c === DASH && isBlank(text.charCodeAt(this.cur + 1));
    if (this.indent === parentIndent) return isEntry ? this.sequence(this.indent) : null;
    if (isEntry) return this.sequence(this.indent);
    if (this.keyEnd(this.cur) >= 0) return this.mapping(this.indent);
    if (c === PIPE || c === GREATER) throw GIVE_UP; // A block scalar whose indicator is on a line of its own.
    return this.inlineValue(this.cur, parentIndent); // A scalar on the lines below its key.
  }

  /** The block sequence whose first `-` is at `cur`, at indentation `indent`. */
  private sequence(indent: number): unknown[] {
    const { text, base } = this;
    const result: unknown[] = [];
    for (;;) {
      let p = this.cur + 1;
      while (text.charCodeAt(p) === SPACE) p++;
      const c = p < this.end ? text.charCodeAt(p) : NEWLINE;
      if (c === NEWLINE || c === HASH) throw GIVE_UP; // An entry whose node starts on a later line.
      open(p - base);
      let value: unknown;
      if (c === DASH && isBlank(text.charCodeAt(p + 1))) throw GIVE_UP; // `- - x`
      if (this.keyEnd(p) >= 0) {
        // A mapping that starts on the entry's line: its keys line up with the first one.
        this.cur = p;
        this.indent = p - this.lineStart;
        value = this.mapping(this.indent);
      } else value = this.inlineValue(p, indent);
      close(kindOf(value));
      result.push(value);
      if (this.cur >= this.end || this.indent < indent) return result;
      if (this.indent > indent) throw GIVE_UP;
      const d = text.charCodeAt(this.cur);
      if (!(d === DASH && isBlank(text.charCodeAt(this.cur + 1)))) return result;
    }
  }

  /**
   * A node that starts at `p` on the current line and is not a block collection: a scalar, a
   * block scalar or a one-line flow collection. Leaves cur at the next content line.
   */
  private inlineValue(p: number, parentIndent: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(p);
    let value: unknown;
    let after: number;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = this.quotedEnd(p);
      if (close >= 0) value = unquote(text, p, close);
      else value = this.multiLineQuoted(p);
      after = close >= 0 ? close + 1 : this.quotedClose;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      const flow = new FlowReader(text, p, this.lineEndOf(p), this.base);
      value = flow.node();
      after = flow.p;
    } else if (c === PIPE || c === GREATER) {
      return this.blockScalar(p, parentIndent);
    } else {
      if (!canStartPlain(c, isBlank(text.charCodeAt(p + 1)))) throw GIVE_UP;
      const eol = this.lineEndOf(p);
      const end = this.plainLineEnd(p + 1, eol);
      if (end < 0) {
        // A comment ends the scalar; a more indented line after it would be an error.
        value = plainValue(text.slice(p, trimEnd(text, this.commentStart(p, eol))));
        this.nextLine(eol + 1);
        if (this.cur < this.end && this.indent > parentIndent) throw GIVE_UP;
        return value;
      }
      return this.plainLines(text.slice(p, end), eol + 1, parentIndent);
    }
    while (text.charCodeAt(after) === SPACE) after++;
    const d = after < this.end ? text.charCodeAt(after) : NEWLINE;
    if (d === HASH && text.charCodeAt(after - 1) === SPACE) after = this.lineEndOf(after);
    else if (d !== NEWLINE) throw GIVE_UP;
    this.nextLine(after + 1);
    if (this.cur < this.end && this.indent > parentIndent) throw GIVE_UP;
    return value;
  }

  /**
   * Where the plain scalar text on [p, eol) ends, trailing spaces excluded; -1 when a comment ends
   * it. A `: ` or a final `:` (a mapping where a scalar belongs) is left to js-yaml.
   */
  private plainLineEnd(p: number, eol: number): number {
    const { text } = this;
    for (let q = p; q < eol; q++) {
      const d = text.charCodeAt(q);
      if (d === COLON) {
        if (q + 1 >= eol || text.charCodeAt(q + 1) === SPACE) throw GIVE_UP;
      } else if (d === HASH && text.charCodeAt(q - 1) === SPACE) return -1;
    }
    return trimEnd(text, eol);
  }

  private commentStart(p: number, eol: number): number {
    for (let q = p + 1; q < eol; q++) if (this.text.charCodeAt(q) === HASH && this.text.charCodeAt(q - 1) === SPACE) return q;
    return eol;
  }

  /**
   * A plain scalar whose first line is `first`, continued by the following lines indented more
   * than `parentIndent`: line breaks fold to a space, n empty lines to n newlines.
   */
  private plainLines(first: string, from: number, parentIndent: number): unknown {
    const { text, end } = this;
    let value = first;
    let q = from;
    let breaks = 1;
    while (q < end) {
      let s = q;
      while (s < end && text.charCodeAt(s) === SPACE) s++;
      if (s >= end) break;
      const c = text.charCodeAt(s);
      if (c === NEWLINE) {
        breaks++;
        q = s + 1;
        continue;
      }
      if (s - q <= parentIndent) break;
      // Any character but a comment's `#` and a `: ` continues the scalar (`- x`, `[y]`, `"z"` too).
      if (c === HASH || (c === COLON && isBlank(text.charCodeAt(s + 1)))) throw GIVE_UP;
      const eol = this.lineEndOf(s);
      const lineEnd = this.plainLineEnd(s + 1, eol);
      if (lineEnd < 0) throw GIVE_UP;
      value += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
      value += text.slice(s, lineEnd);
      breaks = 1;
      q = eol + 1;
    }
    this.nextLine(Math.min(q, end));
    return plainValue(value);
  }

  /** Where the last multi-line quoted scalar's closing quote ended. */
  private quotedClose = 0;

  /**
   * A quoted scalar that spans lines, read as js-yaml reads it: a line break folds to a space
   * (n empty lines to n newlines) with the spaces around it dropped, and in double quotes an
   * escaped line break joins the lines.
   */
  private multiLineQuoted(start: number): string {
    const { text, end } = this;
    const double = text.charCodeAt(start) === DOUBLE_QUOTE;
    const quote = text.charCodeAt(start);
    let out = '';
    let p = start + 1;
    let from = p;
    let to = p;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === quote) {
        out += text.slice(from, p);
        if (!double && text.charCodeAt(p + 1) === SINGLE_QUOTE) {
          out += "'";
          p += 2;
          from = to = p;
          continue;
        }
        this.quotedClose = p + 1;
        return out;
      }
      if (c === BACKSLASH && double) {
        out += text.slice(from, p);
        const e = text.charCodeAt(p + 1);
        if (e === NEWLINE) {
          p = this.skipBreaks(p + 1).at;
        } else {
          const escape = decodeEscape(text, p);
          out += escape.text;
          p = escape.next;
        }
        from = to = p;
      } else if (c === NEWLINE) {
        out += text.slice(from, to);
        const skipped = this.skipBreaks(p);
        out += skipped.breaks === 1 ? ' ' : '\n'.repeat(skipped.breaks - 1);
        p = from = to = skipped.at;
      } else {
        p++;
        if (c !== SPACE) to = p;
      }
    }
    throw GIVE_UP;
  }

  /** Skips spaces and line breaks from `p` (at a line break); counts the breaks. */
  private skipBreaks(p: number): { at: number; breaks: number } {
    const { text, end } = this;
    let breaks = 0;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === NEWLINE) breaks++;
      else if (c !== SPACE) break;
      p++;
    }
    if (p >= end) throw GIVE_UP;
    return { at: p, breaks };
  }


  /** A literal or folded block scalar (`|`, `>`, with `-` or `+`) whose indicator is at `p`. */
  private blockScalar(p: number, parentIndent: number): string {
    const { text, end } = this;
    let q = p + 1;
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    const h = text.charCodeAt(q);
    if (h === DASH) {
      chomp = -1;
      q++;
    } else if (h === 43 /* + */) {
      chomp = 1;
      q++;
    }
    const r = text.charCodeAt(q);
    if (r !== SPACE && r !== NEWLINE && q < end) throw GIVE_UP; // An indentation indicator, or junk.
    while (text.charCodeAt(q) === SPACE) q++;
    if (q < end && text.charCodeAt(q) === HASH) {
      if (text.charCodeAt(q - 1) !== SPACE) throw GIVE_UP;
      q = this.lineEndOf(q);
    } else if (q < end && text.charCodeAt(q) !== NEWLINE) throw GIVE_UP;
    if (q >= end) throw GIVE_UP;
    // The content's indentation is that of its first non-empty line.
    let lineStart = q + 1;
    let contentIndent = -1;
    let maxLeadingSpaces = 0;
    for (let s = lineStart; s < end; ) {
      let t = s;
      while (t < end && text.charCodeAt(t) === SPACE) t++;
      if (t < end && text.charCodeAt(t) !== NEWLINE) {
        contentIndent = t - s;
        break;
      }
      maxLeadingSpaces = Math.max(maxLeadingSpaces, t - s);
      if (t >= end) break;
      s = t + 1;
    }
    if (contentIndent <= parentIndent || maxLeadingSpaces > contentIndent) throw GIVE_UP;
    // Line by line as js-yaml's readBlockScalar: empty lines are counted, and written before the
    // next content line (literal: as line breaks; folded: a single break becomes a space, except
    // around more-indented lines, which keep their breaks).
    const folded = text.charCodeAt(p) === GREATER;
    let value = '';
    let emptyLines = 0;
    let started = false;
    let moreIndented = false;
    let next = lineStart;
    while (lineStart < end) {
      let t = lineStart;
      while (t < end && t - lineStart < contentIndent && text.charCodeAt(t) === SPACE) t++;
      const eol = this.lineEndOf(lineStart);
      if (t === eol) {
        emptyLines++;
      } else {
        if (t - lineStart < contentIndent) break; // A less indented line ends the scalar.
        if (!folded) value += '\n'.repeat(started ? 1 + emptyLines : emptyLines);
        else if (text.charCodeAt(t) === SPACE) {
          moreIndented = true;
          value += '\n'.repeat(started ? 1 + emptyLines : emptyLines);
        } else if (moreIndented) {
          moreIndented = false;
          value += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (started) value += ' ';
        } else value += '\n'.repeat(emptyLines);
        value += text.slice(t, eol);
        started = true;
        emptyLines = 0;
      }
      lineStart = eol + 1;
      next = lineStart;
    }
    if (!started) throw GIVE_UP; // An empty block scalar: leave the corner cases to js-yaml.
    // The last content line always has its line break: js-yaml ends a text without one with one.
    if (chomp === 0) value += '\n';
    else if (chomp === 1) value += '\n'.repeat(1 + emptyLines);
    this.nextLine(Math.min(next, end));
    if (this.cur < this.end && this.indent > parentIndent) throw GIVE_UP;
    return value;
  }
}

/** A plain scalar's value under go-yaml v2 rules; `<<` (the merge key) is left to js-yaml. */
function plainValue(plain: string): unknown {
  if (plain === '<<') throw GIVE_UP;
  const resolved = resolveGoYamlV2(plain);
  return resolved === undefined ? plain : resolved.value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** The text of a one-line quoted scalar; escapes of double-quoted scalars decoded as YAML 1.2 says. */
function unquote(text: string, start: number, close: number): string {
  const quote = text.charCodeAt(start);
  if (quote === SINGLE_QUOTE) {
    const raw = text.slice(start + 1, close);
    return raw.includes("''") ? raw.replaceAll("''", "'") : raw;
  }
  let first = start + 1;
  while (first < close && text.charCodeAt(first) !== BACKSLASH) first++;
  if (first === close) return text.slice(start + 1, close);
  let out = '';
  let from = start + 1;
  for (let q = first; q < close; q++) {
    if (text.charCodeAt(q) !== BACKSLASH) continue;
    out += text.slice(from, q);
    const escape = decodeEscape(text, q);
    out += escape.text;
    from = escape.next;
    q = from - 1;
  }
  return out + text.slice(from, close);
}

/** The escape sequence at `p` (a backslash) of a double-quoted scalar, and where it ends. */
function decodeEscape(text: string, p: number): { text: string; next: number } {
  const e = text[p + 1] ?? '';
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: p + 2 };
  const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  const hex = text.slice(p + 2, p + 2 + digits);
  if (digits === 0 || hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff) throw GIVE_UP;
  return { text: String.fromCodePoint(code), next: p + 2 + digits };
}

/** A flow collection that opens and closes on one line (`[a, "b"]`, `{app: web, tier: 1}`). */
class FlowReader {
  constructor(
    private readonly text: string,
    public p: number,
    private readonly eol: number,
    private readonly base: number,
  ) {}

  node(): unknown {
    const c = this.text.charCodeAt(this.p);
    if (c === OPEN_BRACKET) return this.sequence();
    if (c === OPEN_BRACE) return this.mapping();
    throw GIVE_UP;
  }

  private skipSpaces(): number {
    const { text } = this;
    while (this.p < this.eol && text.charCodeAt(this.p) === SPACE) this.p++;
    if (this.p >= this.eol) throw GIVE_UP; // The collection goes on to another line.
    return text.charCodeAt(this.p);
  }

  /** Steps over an opening bracket; true when the collection is empty (its closer stepped over too). */
  private opens(closer: number): boolean {
    this.p++;
    if (this.skipSpaces() !== closer) return false;
    this.p++;
    return true;
  }

  /** After an entry: true at the closer (stepped over), false after a comma with an entry next. */
  private closes(closer: number): boolean {
    const c = this.skipSpaces();
    this.p++;
    if (c === closer) return true;
    if (c !== COMMA) throw GIVE_UP;
    const next = this.skipSpaces();
    if (next === closer || next === COMMA) throw GIVE_UP; // Trailing or doubled commas.
    return false;
  }

  private sequence(): unknown[] {
    const result: unknown[] = [];
    if (this.opens(CLOSE_BRACKET)) return result;
    for (;;) {
      open(this.p - this.base);
      const value = this.item(true);
      close(kindOf(value));
      result.push(value);
      if (this.skipSpaces() === COLON) throw GIVE_UP; // A single-pair mapping inside a sequence.
      if (this.closes(CLOSE_BRACKET)) return result;
    }
  }

  private mapping(): Record<string, unknown> {
    const { text } = this;
    const result: Record<string, unknown> = {};
    if (this.opens(CLOSE_BRACE)) return result;
    for (;;) {
      const keyStart = this.p;
      const keyValue = this.item(false);
      if (typeof keyValue === 'object' && keyValue !== null) throw GIVE_UP;
      const key = text.charCodeAt(keyStart) === DOUBLE_QUOTE || text.charCodeAt(keyStart) === SINGLE_QUOTE ? String(keyValue) : flowKey(text.slice(keyStart, this.p).trimEnd());
      if (key === '__proto__' || Object.hasOwn(result, key)) throw GIVE_UP;
      open(keyStart - this.base);
      close(KIND_OTHER | FLAG_KEY);
      if (this.skipSpaces() !== COLON) throw GIVE_UP; // A key without a value.
      keyWithinLimit(keyStart, this.p);
      this.p++;
      const c = this.skipSpaces();
      if (c === COMMA || c === CLOSE_BRACE) throw GIVE_UP; // An empty value.
      open(this.p - this.base);
      const value = this.item(true);
      close(kindOf(value));
      result[key] = value;
      if (this.closes(CLOSE_BRACE)) return result;
    }
  }

  /** A flow node: a nested collection, a quoted scalar, or a plain scalar (resolved when a value). */
  private item(isValue: boolean): unknown {
    const { text } = this;
    const c = text.charCodeAt(this.p);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (!isValue) throw GIVE_UP;
      return this.node();
    }
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = quotedEndOnLine(text, this.p, this.eol);
      if (close < 0) throw GIVE_UP;
      const value = unquote(text, this.p, close);
      this.p = close + 1;
      return value;
    }
    if (!canStartPlain(c, isFlowBlank(text.charCodeAt(this.p + 1)))) throw GIVE_UP;
    // In a flow collection go-yaml reads a '?' or ':' that starts a node, and a '?' anywhere, as an
    // indicator: go-flow.ts decides those documents.
    if (c === QUESTION || c === COLON) throw GIVE_UP;
    const start = this.p;
    let q = start + 1;
    for (; q < this.eol; q++) {
      const d = text.charCodeAt(q);
      if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE || d === OPEN_BRACKET || d === OPEN_BRACE) break;
      if (d === QUESTION) throw GIVE_UP;
      if (d === COLON && isFlowBlank(text.charCodeAt(q + 1))) break;
      if (d === HASH && text.charCodeAt(q - 1) === SPACE) throw GIVE_UP; // A comment inside the collection.
    }
    if (q >= this.eol) throw GIVE_UP;
    this.p = q;
    let end = q;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    const plain = text.slice(start, end);
    return isValue ? plainValue(plain) : plain;
  }
}

/** `colon`, when the key from `start` is short enough for go-yaml; js-yaml's path decides longer ones (PositionRecorder). */
function keyWithinLimit(start: number, colon: number): number {
  if (colon - start > MAX_IMPLICIT_KEY) throw GIVE_UP;
  return colon;
}

function isFlowBlank(c: number): boolean {
  return c === SPACE || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === NEWLINE || Number.isNaN(c);
}

function quotedEndOnLine(text: string, p: number, eol: number): number {
  const quote = text.charCodeAt(p);
  for (let q = p + 1; q < eol; q++) {
    const d = text.charCodeAt(q);
    if (d === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(q + 1) === SINGLE_QUOTE) q++;
      else return q;
    } else if (d === BACKSLASH && quote === DOUBLE_QUOTE) q++;
  }
  return -1;
}

function flowKey(plain: string): string {
  if (plain === '<<' || plain === '') throw GIVE_UP;
  return plainKey(plain);
}

/**
 * A plain key as the name it gets. A null key, or an integer whose digits a number cannot keep,
 * is left to js-yaml, where the parser reports the keys kubectl refuses (refusedKey).
 */
function plainKey(plain: string): string {
  const resolved = resolveGoYamlV2(plain);
  if (resolved === undefined) return plain;
  const { value } = resolved;
  if (value === null || (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))) throw GIVE_UP;
  return typeof value === 'number' ? goNumberKey(plain, value) : String(value);
}
