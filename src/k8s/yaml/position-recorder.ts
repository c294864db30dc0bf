import type { State } from 'js-yaml';
import { goNumberKey, parseGoBigInt } from './kubernetes-schema.js';

/*
 * js-yaml reports 'open' and 'close' for every node it composes. We record them in a flat
 * Int32Array, one entry per event, and rebuild a position tree only when a finding needs a
 * location. This costs about a fifth of the parse, against several times the parse for a
 * parser that builds a positioned document tree.
 *
 * Encoding: an open event stores `offset + OPEN_BASE`; a close event stores its flags (< 16).
 *
 * The events are also js-yaml's only view of each node with its place: the recorder notes there the
 * keys kubectl refuses (refusedKey) and gives the lone non-specific tag go-yaml's value.
 */
export const KIND_MAPPING = 1;
export const KIND_SEQUENCE = 2;
export const KIND_OTHER = 3;
export const FLAG_KEY = 4;
export const FLAG_WRAPPER = 8;
export const OPEN_BASE = 16;

/**
 * The most characters go-yaml reads from the start of a key to its ':' (YAML's limit on implicit
 * keys); past it, kubectl refuses the document ("mapping values are not allowed in this context").
 */
export const MAX_IMPLICIT_KEY = 1024;

export class PositionRecorder {
  private log = new Int32Array(4096);
  private length = 0;
  private lastResult: unknown = undefined;
  /** Whether a collection was reached through an alias since the last take(). */
  aliasedCollection = false;
  /** The first mapping key since the last take() that kubectl refuses (see refusedKey), and where it starts. */
  refusedKey: { readonly what: string; readonly position: number } | undefined;
  /** Where the first key since the last take() that is too long for go-yaml (MAX_IMPLICIT_KEY) starts. */
  longKey: number | undefined;
  /** Where the nodes open and not yet closed start. */
  private opens: number[] = [];

  readonly listener = (event: 'open' | 'close', state: State): void => {
    if (this.length === this.log.length) this.grow();
    if (event === 'open') {
      this.log[this.length++] = state.position + OPEN_BASE;
      this.opens.push(state.position);
      return;
    }
    // The non-specific tag on an empty node (`key: !`) is "" to go-yaml; js-yaml, which gives that
    // tag no type to hook, would leave null. The close event is the last look at the node.
    if ((state as State & { readonly tag: string | null }).tag === '!' && state.result === null) state.result = '';
    const result: unknown = state.result;
    // An alias node has no kind of its own; its result is the aliased value.
    if ((state.kind as string | null) === null && typeof result === 'object' && result !== null) this.aliasedCollection = true;
    let flags = state.kind === 'mapping' ? KIND_MAPPING : state.kind === 'sequence' ? KIND_SEQUENCE : KIND_OTHER;
    // A node followed by ':' on its line is a mapping key.
    const input = state.input;
    let p = state.position;
    let c = input.charCodeAt(p);
    while (c === 32 || c === 9) c = input.charCodeAt(++p);
    const opened = this.opens.pop() ?? state.position;
    const question = c === 58 ? -1 : keyIndicatorBefore(input, opened);
    if (c === 58) {
      flags |= FLAG_KEY;
      this.refusedKey ??= refusedKey(result, input, opened, state.position);
      if (p - opened > MAX_IMPLICIT_KEY && [...input.slice(opened, p)].length > MAX_IMPLICIT_KEY && !afterKeyIndicator(input, opened)) this.longKey ??= opened;
      if (typeof result === 'number') state.result = goNumberKey(input.slice(opened, state.position).trim(), result);
    } else if (question >= 0) {
      // An explicit key (`? image`, its value on the next line after `:`, if any; `{? w}`). In a
      // flow sequence (`[? w, x]`) the log cannot tell such a key's pair from the item after it:
      // it is located as an item.
      if (!opensFlowEntry(input, question) || opensFlowMapping(input, this.opens.at(-1))) flags |= FLAG_KEY;
      this.refusedKey ??= refusedKey(result, input, opened, state.position);
      if (typeof result === 'number') state.result = goNumberKey(input.slice(opened, state.position).trim(), result);
    } else if (typeof result === 'object' && result !== null && isLoneFlowKey(input, opened, p, this.opens.at(-1))) {
      // `{[a]}` or `{b: 1, {c: 2}}`: a collection as a key with no value.
      this.refusedKey ??= refusedKey(result, input, opened, state.position);
    }
    // js-yaml tries a block mapping by composing a candidate key; when no ':' follows, the
    // candidate becomes the node itself and is reported twice, inner then outer.
    if (flags !== KIND_OTHER && result === this.lastResult && typeof result === 'object' && result !== null) {
      flags |= FLAG_WRAPPER;
    }
    this.lastResult = result;
    this.log[this.length++] = flags;
  };

  /** Returns the events recorded since the last call and starts a new log. */
  take(): Int32Array {
    const events = this.log.slice(0, this.length);
    this.length = 0;
    this.lastResult = undefined;
    this.aliasedCollection = false;
    this.refusedKey = undefined;
    this.longKey = undefined;
    this.opens.length = 0;
    return events;
  }

  private grow(): void {
    const bigger = new Int32Array(this.log.length * 2);
    bigger.set(this.log);
    this.log = bigger;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Why a refused key (`refusedKey`'s `what`, go-flow's) fails: the words of every such error. */
export function notAStringKey(what: string): string {
  return `${what}, which kubectl and the API server refuse (JSON keys are strings)`;
}

/**
 * A mapping key sigs.k8s.io/yaml refuses to turn into a JSON key, so that kubectl refuses the
 * document: null (`~`, `null`, or none), a sequence or a mapping, an integer outside int64.
 */
function refusedKey(key: unknown, input: string, position: number, end: number): { readonly what: string; readonly position: number } | undefined {
  if (key === null) return { what: 'a null key', position };
  if (typeof key === 'object') return { what: `a ${Array.isArray(key) ? 'sequence' : 'mapping'} as a key`, position };
  if (typeof key === 'number' && Number.isInteger(key) && !Number.isSafeInteger(key)) {
    // The number has lost the last digits: read the key's text again.
    const integer = parseGoBigInt(input.slice(position, end).trim().replaceAll('_', ''));
    if (integer !== undefined && (integer < INT64_MIN || integer > INT64_MAX)) return { what: 'an integer key outside the 64-bit range', position };
  }
  return undefined;
}

/** Where the `?` indicator the node at `position` follows is (block context or a flow collection, `[? key`), or -1. */
export function keyIndicatorBefore(input: string, position: number): number {
  let p = position - 1;
  while (p >= 0 && (input.charCodeAt(p) === 32 || input.charCodeAt(p) === 9 || input.charCodeAt(p) === 10)) p--;
  return p >= 0 && input.charCodeAt(p) === 63 && (p === 0 || /[\s[{,]/.test(input.charAt(p - 1))) && !inComment(input, p) ? p : -1;
}

/** Whether the node at `position` follows a `?` indicator: it is an explicit key. */
export function afterKeyIndicator(input: string, position: number): boolean {
  return keyIndicatorBefore(input, position) >= 0;
}

/**
 * Whether the character at `position` is in a comment: after a `#` that starts its line or follows
 * a blank, outside quotes (`# is this needed ?` on the line before a document is no key indicator).
 */
function inComment(input: string, position: number): boolean {
  return commentBefore(input, position, /\s/) >= 0;
}

/**
 * Where the comment that the character at `position` is in starts (its `#`), or -1: a `#` that
 * starts its line or follows a character `after` matches, outside quotes.
 */
function commentBefore(input: string, position: number, after: RegExp): number {
  const lineStart = input.lastIndexOf('\n', position - 1) + 1;
  let quote = 0;
  for (let p = lineStart; p < position; p++) {
    const c = input.charCodeAt(p);
    // A quote opens a scalar only where one can start (`don't` is plain).
    const starts = p === lineStart || /[\s[{,:-]/.test(input.charAt(p - 1));
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if ((c === 34 || c === 39) && starts) quote = c;
    else if (c === 35 && (p === lineStart || after.test(input.charAt(p - 1)))) return p;
  }
  return -1;
}

/** Whether the `?` indicator at `question` opens an entry of a flow collection: after `[`, `{` or `,`. */
export function opensFlowEntry(input: string, question: number): boolean {
  let p = question - 1;
  while (p >= 0 && isBlankOrBreak(input.charCodeAt(p))) p--;
  const c = input.charCodeAt(p);
  return c === 91 || c === 123 || c === 44; // '[' '{' ','
}

function isBlankOrBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Whether the node from `position` to `next` (its next non-blank character) is an entry of a
 * flow mapping with no `:` after it, a key whose value is null: `{{a: 1}}` or `{b: 1, [c]}`.
 */
function isLoneFlowKey(input: string, position: number, next: number, parentOpened: number | undefined): boolean {
  if (parentOpened === undefined) return false;
  let after = next;
  for (;;) {
    while (isBlankOrBreak(input.charCodeAt(after))) after++;
    if (input.charCodeAt(after) !== 35) break;
    while (after < input.length && input.charCodeAt(after) !== 10) after++;
  }
  const closer = input.charCodeAt(after);
  if (closer !== 44 && closer !== 125) return false; // ',' '}'
  // Back over blanks and comments: both parsers take a '#' right after a flow indicator for one.
  let before = position - 1;
  for (;;) {
    while (before >= 0 && isBlankOrBreak(input.charCodeAt(before))) before--;
    const comment = before >= 0 ? commentBefore(input, before, /[\s[{,]/) : -1;
    if (comment < 0) break;
    before = comment - 1;
  }
  const opener = input.charCodeAt(before);
  if (opener !== 44 && opener !== 123) return false; // ',' '{'
  return opensFlowMapping(input, parentOpened);
}

/** Whether the node opened at `opened` is a flow mapping: `{` after its tag and anchor, if any. */
function opensFlowMapping(input: string, opened: number | undefined): boolean {
  if (opened === undefined) return false;
  let parent = opened;
  for (;;) {
    while (isBlankOrBreak(input.charCodeAt(parent))) parent++;
    const c = input.charCodeAt(parent);
    if (c !== 33 && c !== 38) return c === 123; // '!' '&' '{'
    while (parent < input.length && !isBlankOrBreak(input.charCodeAt(parent))) parent++;
  }
}
