// Ports the verdicts of Go 1.26's net/mail.ParseAddress (src/net/mail/message.go, with the RFC 2047
// word decoding of mime.WordDecoder and the net.ParseIP check on domain literals): goMailParseError
// returns a reason exactly when Go returns a non-nil error. Hand-written because no npm library
// reproduces Go's rules (its permissive phrases, non-ASCII atext, charset errors, ...).
//
// Go walks the UTF-8 bytes of the string, decoding runes as it goes, so this port does the same on a
// Buffer. Only the verdicts are ported: the parsed name and address are never built.

import { goParsesIp } from './go-ip.js';

class MailError extends Error {}

const RUNE_ERROR = 0xfffd;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const LPAREN = 0x28;
const RPAREN = 0x29;
const COMMA = 0x2c;
const DOT = 0x2e;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const LT = 0x3c;
const EQUALS = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const AT = 0x40;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;

/** Why Go's mail.ParseAddress refuses `text`, or undefined when it parses. */
export function goMailParseError(text: string): string | undefined {
  try {
    new AddrParser(Buffer.from(text, 'utf8')).parseSingleAddress();
    return undefined;
  } catch (e) {
    if (e instanceof MailError) return e.message;
    throw e;
  }
}

/** utf8.DecodeRune at `i`: [rune, size], with [RUNE_ERROR, 1] for a bad byte and size 0 at the end. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i];
  if (b0 === undefined) return [RUNE_ERROR, 0];
  if (b0 < 0x80) return [b0, 1];
  let need: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [need, min] = [1, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [need, min] = [2, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [need, min] = [3, 0x10000];
  else return [RUNE_ERROR, 1];
  let r = b0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const c = b[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return [RUNE_ERROR, 1];
    r = (r << 6) | (c & 0x3f);
  }
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return [RUNE_ERROR, 1];
  return [r, need + 1];
}

// Go's character classes. Every rune >= 0x80 counts as visible (RFC 6532).
const isVchar = (r: number): boolean => (r >= 0x21 && r <= 0x7e) || r >= 0x80;
const isWSP = (r: number): boolean => r === SPACE || r === TAB;
const isQtext = (r: number): boolean => r !== BACKSLASH && r !== QUOTE && isVchar(r);
const isDtext = (r: number): boolean => r !== LBRACKET && r !== RBRACKET && r !== BACKSLASH && isVchar(r);
const SPECIALS = new Set([LPAREN, RPAREN, LT, GT, LBRACKET, RBRACKET, COLON, SEMICOLON, AT, BACKSLASH, COMMA, QUOTE]);
function isAtext(r: number, dot: boolean): boolean {
  if (r === DOT) return dot;
  return !SPECIALS.has(r) && isVchar(r);
}

class AddrParser {
  private pos = 0;

  constructor(private readonly b: Buffer) {}

  parseSingleAddress(): void {
    const count = this.parseAddress(true);
    if (!this.skipCFWS()) throw new MailError('mail: misformatted parenthetical comment');
    if (!this.empty()) throw new MailError('mail: expected single address');
    if (count === 0) throw new MailError('mail: empty group');
    if (count > 1) throw new MailError('mail: group with multiple addresses');
  }

  /** Parses a mailbox, or a group when handleGroup; returns how many addresses it held. */
  private parseAddress(handleGroup: boolean): number {
    this.skipSpace();
    if (this.empty()) throw new MailError('mail: no address');

    // A bare addr-spec is tried first; on failure consumeAddrSpec rewinds and a name-addr is tried.
    if (this.attempt(() => this.consumeAddrSpec()) === undefined) {
      this.skipSpace();
      if (!this.empty() && this.peek() === LPAREN) this.consumeDisplayNameComment();
      return 1;
    }

    if (this.peek() !== LT) this.consumePhrase();
    this.skipSpace();
    if (handleGroup && this.consume(COLON)) return this.consumeGroupList();
    // Go says "missing '@' or angle-addr" instead when the display name is all atext.
    if (!this.consume(LT)) throw new MailError('mail: no angle-addr');
    this.consumeAddrSpec();
    if (!this.consume(GT)) throw new MailError('mail: unclosed angle-addr');
    return 1;
  }

  private consumeGroupList(): number {
    this.skipSpace();
    if (this.consume(SEMICOLON)) {
      if (!this.skipCFWS()) throw new MailError('mail: misformatted parenthetical comment');
      return 0;
    }
    let count = 0;
    for (;;) {
      this.skipSpace();
      count += this.parseAddress(false);
      if (!this.skipCFWS()) throw new MailError('mail: misformatted parenthetical comment');
      if (this.consume(SEMICOLON)) {
        if (!this.skipCFWS()) throw new MailError('mail: misformatted parenthetical comment');
        return count;
      }
      if (!this.consume(COMMA)) throw new MailError('mail: expected comma');
    }
  }

  /** local-part "@" domain; leaves the position untouched when it fails. */
  private consumeAddrSpec(): void {
    const orig = this.pos;
    try {
      this.skipSpace();
      if (this.empty()) throw new MailError('mail: no addr-spec');
      if (this.peek() === QUOTE) {
        if (this.consumeQuotedString() === 0) throw new MailError('mail: empty quoted string in addr-spec');
      } else {
        this.consumeAtom(true, false);
      }
      // No space is skipped before the "@", but one is after it.
      if (!this.consume(AT)) throw new MailError('mail: missing @ in addr-spec');
      this.skipSpace();
      if (this.empty()) throw new MailError('mail: no domain in addr-spec');
      if (this.peek() === LBRACKET) this.consumeDomainLiteral();
      else this.consumeAtom(true, false);
    } catch (e) {
      this.pos = orig;
      throw e;
    }
  }

  /**
   * A display name: words that are quoted strings or (dotted, unchecked) atoms, the atoms possibly
   * RFC 2047 encoded words. A word that fails to parse ends the phrase, which is only an error when
   * no word came before it.
   */
  private consumePhrase(): void {
    let words = 0;
    // Adjacent encoded words are glued into one word, but only once they decoded to some text.
    let pendingEncoded = false;
    let failure: MailError | undefined;
    for (;;) {
      // CFWS is only skipped once a word has been flushed, not after a leading run of encoded words.
      if (words > 0 && !this.skipCFWS()) throw new MailError('mail: misformatted parenthetical comment');
      this.skipSpace();
      if (this.empty()) break;
      let word: EncodedWord;
      try {
        word = this.consumeWord();
      } catch (e) {
        if (!(e instanceof MailError)) throw e;
        failure = e;
        break;
      }
      if (word === 'text') {
        pendingEncoded = true;
      } else if (word === 'plain') {
        if (pendingEncoded) words++;
        pendingEncoded = false;
        words++;
      }
    }
    if (pendingEncoded) words++;
    if (failure && words === 0) throw new MailError(`mail: missing word in phrase: ${failure.message}`);
  }

  /** One word of a phrase: a quoted string (seen as 'plain') or an atom that may be an encoded word. */
  private consumeWord(): EncodedWord {
    if (this.peek() === QUOTE) {
      this.consumeQuotedString();
      return 'plain';
    }
    const start = this.pos;
    this.consumeAtom(true, true);
    const word = classifyEncodedWord(this.b.subarray(start, this.pos));
    if (word === 'bad-charset') throw new MailError('mail: charset not supported');
    return word;
  }

  /** Consumes a quoted string and returns how many runes its content has. */
  private consumeQuotedString(): number {
    let i = this.pos + 1;
    let runes = 0;
    let escaped = false;
    for (;;) {
      const [r, size] = decodeRune(this.b, i);
      if (size === 0) throw new MailError('mail: unclosed quoted-string');
      if (size === 1 && r === RUNE_ERROR) throw new MailError('mail: invalid utf-8 in quoted-string');
      if (escaped) {
        if (!isVchar(r) && !isWSP(r)) throw new MailError('mail: bad character in quoted-string');
        runes++;
        escaped = false;
      } else if (isQtext(r) || isWSP(r)) {
        runes++;
      } else if (r === QUOTE) {
        break;
      } else if (r === BACKSLASH) {
        escaped = true;
      } else {
        throw new MailError('mail: bad character in quoted-string');
      }
      i += size;
    }
    this.pos = i + 1;
    return runes;
  }

  /** An atom, a dot-atom when `dot`; `permissive` lets dots lead, trail and repeat. */
  private consumeAtom(dot: boolean, permissive: boolean): void {
    const start = this.pos;
    let i = start;
    for (;;) {
      const [r, size] = decodeRune(this.b, i);
      if (size === 1 && r === RUNE_ERROR) throw new MailError('mail: invalid utf-8 in address');
      if (size === 0 || !isAtext(r, dot)) break;
      i += size;
    }
    if (i === start) throw new MailError('mail: invalid string');
    this.pos = i;
    if (permissive) return;
    if (this.b[start] === DOT) throw new MailError('mail: leading dot in atom');
    for (let k = start + 1; k < i; k++) {
      if (this.b[k] === DOT && this.b[k - 1] === DOT) throw new MailError('mail: double dot in atom');
    }
    if (this.b[i - 1] === DOT) throw new MailError('mail: trailing dot in atom');
  }

  /** "[" dtext "]", where the dtext must be an IP address net.ParseIP accepts. */
  private consumeDomainLiteral(): void {
    if (!this.consume(LBRACKET)) throw new MailError('mail: missing "[" in domain-literal');
    const start = this.pos;
    for (;;) {
      if (this.empty()) throw new MailError('mail: unclosed domain-literal');
      if (this.peek() === RBRACKET) break;
      const [r, size] = decodeRune(this.b, this.pos);
      if (size === 1 && r === RUNE_ERROR) throw new MailError('mail: invalid utf-8 in domain-literal');
      if (!isDtext(r)) throw new MailError('mail: bad character in domain-literal');
      this.pos += size;
    }
    const dtext = this.b.toString('latin1', start, this.pos);
    this.pos++;
    if (!goParsesIp(dtext)) throw new MailError('mail: invalid IP address in domain-literal');
  }

  /** A comment after a bare addr-spec; its space-separated encoded words are decoded. */
  private consumeDisplayNameComment(): void {
    if (!this.consume(LPAREN)) throw new MailError('mail: comment does not start with (');
    const comment = this.consumeComment();
    if (comment === undefined) throw new MailError('mail: misformatted parenthetical comment');
    let start = 0;
    for (let i = 0; i <= comment.length; i++) {
      if (i < comment.length && comment[i] !== SPACE && comment[i] !== TAB) continue;
      if (i > start && classifyEncodedWord(comment.subarray(start, i)) === 'bad-charset') {
        throw new MailError('mail: charset not supported');
      }
      start = i + 1;
    }
  }

  /** Skips spaces and (nested) comments; false when a comment is left open. */
  private skipCFWS(): boolean {
    this.skipSpace();
    while (this.consume(LPAREN)) {
      if (this.consumeComment() === undefined) return false;
      this.skipSpace();
    }
    return true;
  }

  /** The content of a comment whose "(" is already consumed, or undefined when it never closes. */
  private consumeComment(): Uint8Array | undefined {
    const b = this.b;
    let depth = 1;
    const content: number[] = [];
    while (!this.empty() && depth > 0) {
      const c = b[this.pos];
      // A backslash quotes the next byte, unless it is the last byte of the input.
      if (c === BACKSLASH && b.length - this.pos > 1) this.pos++;
      else if (c === LPAREN) depth++;
      else if (c === RPAREN) depth--;
      if (depth > 0) content.push(b[this.pos] as number);
      this.pos++;
    }
    return depth === 0 ? Uint8Array.from(content) : undefined;
  }

  /** Runs `step`, returning the MailError it threw, if any. */
  private attempt(step: () => void): MailError | undefined {
    try {
      step();
      return undefined;
    } catch (e) {
      if (e instanceof MailError) return e;
      throw e;
    }
  }

  private skipSpace(): void {
    while (this.b[this.pos] === SPACE || this.b[this.pos] === TAB) this.pos++;
  }

  private consume(c: number): boolean {
    if (this.b[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private peek(): number | undefined {
    return this.b[this.pos];
  }

  private empty(): boolean {
    return this.pos >= this.b.length;
  }
}

/**
 * How Go's decodeRFC2047Word (with no CharsetReader) sees a word: 'plain' when it is not a well-formed
 * encoded word (Go keeps such words as they are), 'empty' or 'text' when it decodes to no text or to
 * some text, and 'bad-charset' when it decodes but names a charset other than utf-8, iso-8859-1 or
 * us-ascii, which is an error.
 */
type EncodedWord = 'plain' | 'empty' | 'text' | 'bad-charset';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KNOWN_CHARSETS = new Set(['utf-8', 'iso-8859-1', 'us-ascii']);

function classifyEncodedWord(word: Uint8Array): EncodedWord {
  const n = word.length;
  if (n < 8 || word[0] !== EQUALS || word[1] !== QUESTION || word[n - 2] !== QUESTION || word[n - 1] !== EQUALS) {
    return 'plain';
  }
  if (word.reduce((count, c) => (c === QUESTION ? count + 1 : count), 0) !== 4) return 'plain';
  // "=?" charset "?" encoding "?" text "?=", the middle holding exactly two "?".
  const q1 = word.indexOf(QUESTION, 2);
  const q2 = word.indexOf(QUESTION, q1 + 1);
  if (q1 === 2 || q2 !== q1 + 2) return 'plain';
  const text = Buffer.from(word.subarray(q2 + 1, n - 2)).toString('latin1');
  let hasText: boolean;
  switch (String.fromCharCode(word[q1 + 1] as number)) {
    case 'B':
    case 'b': {
      // base64.StdEncoding skips CR and LF (possible in comments) and needs full padding.
      const data = text.replace(/[\r\n]/g, '');
      if (!BASE64.test(data)) return 'plain';
      hasText = data.length > 0;
      break;
    }
    case 'Q':
    case 'q':
      if (!isQEncoded(text)) return 'plain';
      hasText = text.length > 0;
      break;
    default:
      return 'plain';
  }
  const charset = Buffer.from(word.subarray(2, q1)).toString('utf8');
  if (!KNOWN_CHARSETS.has(foldCase(charset))) return 'bad-charset';
  return hasText ? 'text' : 'empty';
}

/** mime's qDecode accepts printable ASCII, tab, CR, LF and "=" followed by two hex digits. */
function isQEncoded(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === EQUALS) {
      if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) return false;
      i += 2;
    } else if (!((c >= 0x20 && c <= 0x7e) || c === TAB || c === 0x0a || c === 0x0d)) {
      return false;
    }
  }
  return true;
}

/**
 * Lower-cases as far as strings.EqualFold against the known charsets needs: ASCII letters, and the
 * long s (U+017F), which Unicode case folding equates with "s".
 */
function foldCase(s: string): string {
  return s.replace(/[A-Z\u017f]/g, (c) => (c === '\u017f' ? 's' : c.toLowerCase()));
}
