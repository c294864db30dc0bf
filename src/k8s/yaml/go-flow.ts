import { blockContextTokens } from './go-tabs.js';
import { notAStringKey } from './position-recorder.js';

/*
 * Flow collections (`[a, b]`, `{k: v}`) and anchor names as go-yaml v2 reads them (what kubectl and
 * the API server read manifests with), where js-yaml reads them otherwise:
 * - a `?` is always an indicator in a flow collection: it ends a plain scalar, so go-yaml refuses
 *   `[curl, http://svc/health?full=1]`, and `[?x]` is a mapping with the key x;
 * - a `:` is always an indicator at the start of a token there: go-yaml refuses `[--listen, :8080]`;
 * - a `-` followed by `,` `]` or `}` is the plain scalar "-" (`[apply, -f, -]`), which js-yaml refuses;
 * - a plain scalar goes on through a `:` followed by `,` `[` `]` `{` `}`: `[a:]` is ["a:"], not [{a: null}];
 * - anchor and alias names are letters, digits, `_` and `-`: go-yaml refuses `&env.common`, and
 *   ends a name at a ':' (`*a: x` is the aliased key; `&a: x` anchors an empty key, refused);
 * - a key of a flow mapping that is null (`{~}`, `{? }`) or a collection, which js-yaml names
 *   "null" or "[object Object]", is refused by sigs.k8s.io/yaml once go-yaml has read it.
 *
 * No library exposes go-yaml's scanner or parser, so this follows both over each flow collection
 * of a document (found by the line scanner of go-tabs.ts): go-yaml's tokens, with its simple keys
 * (a `:` makes the scalar before it a key only on the same line), and the states of its parser for
 * flow nodes, which decide what it refuses and with which words. Where go-yaml reads a plain
 * scalar that js-yaml would cut at an indicator, the indicator is named (`placeholders`) so that
 * the caller can hide it from js-yaml and give it back in the values. Tags in a flow collection are
 * left to js-yaml.
 */

export interface GoFlowError {
  readonly offset: number;
  readonly reason: string;
}

export interface GoFlowReading {
  /** What go-yaml refuses first, if anything. */
  readonly error?: GoFlowError;
  /** Offsets of `-` and `:` characters inside plain scalars that js-yaml would read as indicators. */
  readonly placeholders: readonly number[];
}

/** Documents that may hold what this module is about (a cheap test before the scan). */
const MAY_DIFFER = /[?&*~]|-[,\]}]|:[,[\]{}]|[[{,\s]:[^\s,[\]{}]|(?:null|Null|NULL)[ \t\n]*[,}]/;
const FLOW = /[[{]/;

export function mayReadFlowDifferently(chunk: string): boolean {
  return MAY_DIFFER.test(chunk) && (FLOW.test(chunk) || chunk.includes('&') || chunk.includes('*'));
}

const ONLY_MARKER_AND_COMMENTS = /^(?:---)?(?:[ \t\n]|#[^\n]*)*$/;
const NO_CHARACTER = 'did not find expected alphabetic or numeric character';
const CANNOT_START = 'found character that cannot start any token';

/** go-yaml's reading of the flow collections and anchor names of `text[start, end)` (one document). */
export function goFlowReading(text: string, start: number, end: number): GoFlowReading {
  const { properties, flows } = blockContextTokens(text, start, end);
  for (const at of properties) {
    const error = anchorError(text, at, end, false);
    if (error) return { error, placeholders: [] };
  }
  const placeholders: number[] = [];
  // A document that is one flow collection ends with it: sigs.k8s.io/yaml reads the first node
  // and nothing after it.
  const root = flows[0] !== undefined && ONLY_MARKER_AND_COMMENTS.test(text.slice(start, flows[0]));
  for (const at of root ? flows.slice(0, 1) : flows) {
    const tokens = scanFlow(text, at, end);
    if (tokens === undefined) continue;
    const error = parseFlow(tokens, text);
    if (error) return { error: withHint(text, error), placeholders: [] };
    for (const token of tokens) {
      if (token.tightKey) return { error: { offset: token.at, reason: TIGHT_KEY }, placeholders: [] };
      if (token.type !== 'plain') continue;
      if (text[token.at] === '-' && token.end === token.at + 1) placeholders.push(token.at);
      if (text[token.end - 1] === ':') placeholders.push(token.end - 1);
    }
  }
  return { placeholders };
}

/** What to do about the indicators a value in a flow collection is most often cut at. */
function withHint(text: string, error: GoFlowError): GoFlowError {
  const c = text[error.offset];
  if (c !== '?' && c !== ':') return error;
  const what = c === '?' ? 'a key indicator' : 'a value indicator';
  return { ...error, reason: `${error.reason} (in a flow collection, kubectl reads this "${c}" as ${what}: quote the value)` };
}

/*
 * The characters that stand in for a plain scalar's `-` and `:` while js-yaml reads it: one UTF-16
 * unit each, so no offset moves, from the Private Use Area, which manifests do not hold (a text
 * that does is read as js-yaml reads it).
 */
const STAND_IN: Readonly<Record<string, string>> = { '-': '\ue000', ':': '\ue001' };
const STAND_INS = /[\ue000\ue001]/;
const STAND_INS_ALL = /[\ue000\ue001]/g;
const RESTORED: Readonly<Record<string, string>> = { '\ue000': '-', '\ue001': ':' };

/** `text` with the placeholders' characters replaced by stand-ins; undefined when the text already holds one. */
export function withStandIns(text: string, placeholders: readonly number[]): string | undefined {
  if (STAND_INS.test(text)) return undefined;
  const sorted = [...placeholders].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const at of sorted) {
    out += text.slice(from, at) + (STAND_IN[text[at] as string] as string);
    from = at + 1;
  }
  return out + text.slice(from);
}

/** Gives the stand-ins' characters back, in place, in every string and key of a loaded value. */
export function restoreStandIns(value: unknown, seen = new Set<object>()): unknown {
  if (typeof value === 'string') return STAND_INS.test(value) ? value.replace(STAND_INS_ALL, (c) => RESTORED[c] as string) : value;
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreStandIns(value[i], seen);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!keys.some((k) => STAND_INS.test(k))) {
    for (const k of keys) record[k] = restoreStandIns(record[k], seen);
    return value;
  }
  // Renaming a key keeps its place only if every key after it is written again.
  const entries = keys.map((k) => [restoreStandIns(k) as string, restoreStandIns(record[k], seen)] as const);
  for (const k of keys) delete record[k];
  // defineProperty: a key "__proto__" is a key, as js-yaml made it, not the prototype.
  for (const [k, v] of entries) Object.defineProperty(record, k, { value: v, enumerable: true, writable: true, configurable: true });
  return value;
}

/**
 * go-yaml reads `[?x]` as [{x: null}]; js-yaml as ["?x"]. Rampart cannot hand js-yaml the first
 * reading without moving columns, so it says so rather than scan a value kubectl does not read.
 */
const TIGHT_KEY = 'an explicit key with no space after "?" in a flow collection, which Rampart does not read: write "? key"';

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankOrBreak = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n';
const isAnchorCharacter = (c: string | undefined) => c !== undefined && /[0-9A-Za-z_-]/.test(c);
const AFTER_ANCHOR = '?:,]}%@`';

/** go-yaml's verdict on the anchor or alias name after the `&` or `*` at `at`. */
function anchorError(text: string, at: number, end: number, inFlow: boolean): GoFlowError | undefined {
  let p = at + 1;
  while (p < end && isAnchorCharacter(text[p])) p++;
  const next = p < end ? text[p] : undefined;
  if (p === at + 1 || !(isBlankOrBreak(next) || AFTER_ANCHOR.includes(next as string))) return { offset: p, reason: NO_CHARACTER };
  if (next !== ':') return undefined;
  // go-yaml ends the name at the ':'; js-yaml reads the ':' as part of it.
  const name = text.slice(at, p);
  if (text[at] === '&' && (inFlow || isBlankOrBreak(p + 1 < end ? text[p + 1] : undefined))) {
    return { offset: at, reason: `an anchor right before ":" (${name}:) marks an empty key, which kubectl refuses` };
  }
  return { offset: at, reason: `${text[at] === '*' ? 'an alias' : 'an anchor'} right before ":" (${name}:), which Rampart does not read: put a space after the name` };
}

type TokenType = 'seq-start' | 'seq-end' | 'map-start' | 'map-end' | 'entry' | 'key' | 'value' | 'block-entry' | 'anchor' | 'alias' | 'quoted' | 'plain' | 'end' | 'error';

interface Token {
  readonly type: TokenType;
  readonly at: number;
  /** Plain scalars: where the text ends. */
  readonly end: number;
  /** A `?` written without a space after it. */
  readonly tightKey?: boolean;
  /** Scanner errors: go-yaml's words. */
  readonly reason?: string;
}

interface SimpleKey {
  possible: boolean;
  token: number;
  line: number;
  at: number;
}

/** The longest simple key go-yaml looks back for, as the YAML specification allows. */
const MAX_SIMPLE_KEY = 1024;

/**
 * go-yaml's tokens of the flow collection opening at `open`, up to its closing bracket (or the end
 * of the document, or the scanner's error, as an `error` token); undefined where this does not
 * follow go-yaml (a tag, a document marker inside the collection).
 */
function scanFlow(text: string, open: number, end: number): Token[] | undefined {
  const tokens: Token[] = [];
  const keys: SimpleKey[] = [{ possible: false, token: 0, line: 0, at: 0 }];
  let level = 0;
  let allowed = true;
  let line = 0;
  let lineStart = text.lastIndexOf('\n', open - 1) + 1;
  let p = open;
  const push = (type: TokenType, at: number, tokenEnd = at + 1) => tokens.push({ type, at, end: tokenEnd });
  const save = () => {
    if (allowed) keys[level] = { possible: true, token: tokens.length, line, at: p };
  };
  const remove = () => {
    (keys[level] as SimpleKey).possible = false;
  };
  const newline = () => {
    line++;
    lineStart = p + 1;
  };
  for (;;) {
    // To the next token: blanks, line breaks and comments.
    for (;;) {
      while (p < end && isBlank(text[p])) p++;
      if (text[p] === '#') while (p < end && text[p] !== '\n') p++;
      if (p < end && text[p] === '\n') {
        newline();
        p++;
        continue;
      }
      break;
    }
    if (p >= end) {
      push('end', end);
      return tokens;
    }
    for (const key of keys) if (key.possible && (key.line < line || key.at + MAX_SIMPLE_KEY < p)) key.possible = false;
    const c = text[p] as string;
    const next = text[p + 1];
    if (p === lineStart && /^(?:---|\.\.\.)(?:[ \t\n]|$)/.test(text.slice(p, p + 4))) return undefined;
    if (c === '[' || c === '{') {
      save();
      level++;
      keys[level] = { possible: false, token: 0, line: 0, at: 0 };
      allowed = true;
      push(c === '[' ? 'seq-start' : 'map-start', p++);
    } else if (c === ']' || c === '}') {
      remove();
      if (level > 0) {
        keys.pop();
        level--;
      }
      allowed = false;
      push(c === ']' ? 'seq-end' : 'map-end', p++);
      if (level === 0) {
        // What follows the collection, which go-yaml's parser peeks at only after the quirk of
        // an empty key in a sequence's pair (it steps over the token after it).
        push('end', p);
        return tokens;
      }
    } else if (c === ',') {
      remove();
      allowed = true;
      push('entry', p++);
    } else if (c === '-' && isBlankOrBreak(next)) {
      remove();
      allowed = true;
      push('block-entry', p++);
    } else if (c === '?') {
      remove();
      allowed = false;
      tokens.push({ type: 'key', at: p, end: p + 1, ...(isBlankOrBreak(next) ? {} : { tightKey: true }) });
      p++;
    } else if (c === ':') {
      const key = keys[level] as SimpleKey;
      if (key.possible) {
        tokens.splice(key.token, 0, { type: 'key', at: key.at, end: key.at });
        key.possible = false;
      }
      allowed = false;
      push('value', p++);
    } else if (c === '&' || c === '*') {
      save();
      allowed = false;
      const error = anchorError(text, p, end, true);
      if (error) {
        tokens.push({ type: 'error', at: error.offset, end: error.offset, reason: error.reason });
        return tokens;
      }
      const from = p++;
      while (p < end && isAnchorCharacter(text[p])) p++;
      push(c === '&' ? 'anchor' : 'alias', from, p);
    } else if (c === '!') {
      return undefined;
    } else if (c === "'" || c === '"') {
      save();
      allowed = false;
      const from = p;
      p = quotedEnd(text, p, end, (at) => {
        if (at + 1 < end) {
          line++;
          lineStart = at + 1;
        }
      });
      if (p < 0) {
        tokens.push({ type: 'error', at: end, end, reason: 'found unexpected end of stream' });
        return tokens;
      }
      push('quoted', from, p);
    } else if (!'-?:,[]{}#&*!|>\'"%@`'.includes(c) || c === '-') {
      // '-' followed by a blank or a line break was a block entry above.
      save();
      const from = p;
      let textEnd = p;
      let leadingBlanks = false;
      for (;;) {
        if (p === lineStart && /^(?:---|\.\.\.)(?:[ \t\n]|$)/.test(text.slice(p, p + 4))) break;
        if (text[p] === '#') break;
        while (p < end && !isBlankOrBreak(text[p])) {
          const d = text[p] as string;
          if ((d === ':' && isBlankOrBreak(p + 1 < end ? text[p + 1] : undefined)) || ',?[]{}'.includes(d)) break;
          p++;
          textEnd = p;
          leadingBlanks = false;
        }
        if (!(p < end && isBlankOrBreak(text[p]))) break;
        while (p < end && isBlankOrBreak(text[p])) {
          if (text[p] === '\n') {
            newline();
            leadingBlanks = true;
          }
          p++;
        }
      }
      allowed = leadingBlanks;
      tokens.push({ type: 'plain', at: from, end: textEnd });
    } else {
      tokens.push({ type: 'error', at: p, end: p, reason: CANNOT_START });
      return tokens;
    }
  }
}

/** The offset after the closing quote of the scalar opening at `p`, or -1 when the document ends first. */
function quotedEnd(text: string, p: number, end: number, onLineBreak: (at: number) => void): number {
  const quote = text[p];
  for (let q = p + 1; q < end; q++) {
    const c = text[q];
    if (c === '\n') onLineBreak(q);
    else if (quote === '"' && c === '\\') {
      if (text[q + 1] === '\n') onLineBreak(q + 1);
      q++;
    } else if (c === quote) {
      if (quote === "'" && text[q + 1] === "'") q++;
      else return q + 1;
    }
  }
  return -1;
}

/**
 * sigs.k8s.io/yaml turns a manifest into JSON, whose keys are strings: it refuses a null key, as
 * position-recorder.ts says for the block context.
 */
const NULL_KEY = notAStringKey('a null key');
const COLLECTION_KEY = notAStringKey('a collection as a mapping key');

/** What sigs.k8s.io/yaml refuses of the key that starts with `token`. */
function keyProblem(text: string, token: Token, after: Token | undefined): GoFlowError | undefined {
  // An anchor's node is what follows it, or an empty scalar (null) when no node does.
  if (token.type === 'anchor') return after && ['plain', 'quoted', 'seq-start', 'map-start', 'anchor'].includes(after.type) ? keyProblem(text, after, undefined) : { offset: token.at, reason: NULL_KEY };
  if (token.type === 'plain' && /^(?:~|null|Null|NULL)$/.test(text.slice(token.at, token.end))) return { offset: token.at, reason: NULL_KEY };
  if (token.type === 'seq-start' || token.type === 'map-start') return { offset: token.at, reason: COLLECTION_KEY };
  return undefined;
}

type State = 'seq-first' | 'seq' | 'seq-pair-key' | 'seq-pair-value' | 'seq-pair-end' | 'map-first' | 'map' | 'map-value' | 'map-empty-value' | 'done';

/** go-yaml's parser over the tokens of one flow collection: its first error, or undefined. */
function parseFlow(tokens: readonly Token[], text: string): GoFlowError | undefined {
  let i = 0;
  const states: State[] = ['done'];
  let state: State = tokens[0]?.type === 'seq-start' ? 'seq-first' : 'map-first';
  // A key sigs.k8s.io/yaml refuses once go-yaml has read the document: a later parse error comes first.
  let keyError: GoFlowError | undefined;
  const peek = (): Token => tokens[Math.min(i, tokens.length - 1)] as Token;
  const fail = (token: Token, reason: string): GoFlowError => (token.type === 'error' ? { offset: token.at, reason: token.reason ?? CANNOT_START } : { offset: token.at, reason });
  /** parse_node for a flow node: the node's properties, then its content. */
  const node = (): GoFlowError | undefined => {
    let token = peek();
    let properties = false;
    if (token.type === 'alias') {
      i++;
      state = states.pop() ?? 'done';
      return undefined;
    }
    if (token.type === 'anchor') {
      properties = true;
      i++;
      token = peek();
    }
    if (token.type === 'plain' || token.type === 'quoted') {
      i++;
      state = states.pop() ?? 'done';
      return undefined;
    }
    if (token.type === 'seq-start' || token.type === 'map-start') {
      state = token.type === 'seq-start' ? 'seq-first' : 'map-first';
      return undefined;
    }
    if (properties) {
      state = states.pop() ?? 'done';
      return undefined;
    }
    return fail(token, 'did not find expected node content');
  };
  /** Past the opening bracket (`first`) or the ',' after an entry: the token the next entry starts with, or the closer. */
  const entryStart = (first: boolean, closer: TokenType, expected: string): Token | GoFlowError => {
    if (first) i++;
    const token = peek();
    if (first || token.type === closer) return token;
    if (token.type !== 'entry') return fail(token, `did not find expected ',' or '${expected}'`);
    i++;
    return peek();
  };
  /** After a key: `: node`, or an empty value; then `then`. */
  const value = (closer: TokenType, then: State): GoFlowError | undefined => {
    if (peek().type === 'value') {
      i++;
      const token = peek();
      if (token.type !== 'entry' && token.type !== closer) {
        states.push(then);
        return node();
      }
    }
    state = then;
    return undefined;
  };
  /** A node in a key's place: what sigs.k8s.io/yaml will refuse of it is kept, and go-yaml's parse goes on. */
  const keyNode = (then: State): GoFlowError | undefined => {
    keyError ??= keyProblem(text, peek(), tokens[i + 1]);
    states.push(then);
    return node();
  };
  for (let guard = 0; state !== 'done'; guard++) {
    if (guard > tokens.length * 4 + 16) return keyError;
    const current = peek();
    if (current.type === 'error') return fail(current, CANNOT_START);
    let error: GoFlowError | undefined;
    switch (state) {
      case 'seq-first':
      case 'seq': {
        const token = entryStart(state === 'seq-first', 'seq-end', ']');
        if (!('type' in token)) return token;
        if (token.type === 'key') {
          state = 'seq-pair-key';
          i++;
        } else if (token.type !== 'seq-end') {
          states.push('seq');
          error = node();
        } else {
          state = states.pop() ?? 'done';
          i++;
        }
        break;
      }
      case 'seq-pair-key':
        if (current.type !== 'value' && current.type !== 'entry' && current.type !== 'seq-end') {
          error = keyNode('seq-pair-value');
        } else {
          // go-yaml steps over the token that ends an empty key here, whatever it is.
          keyError ??= { offset: current.at, reason: NULL_KEY };
          i++;
          state = 'seq-pair-value';
        }
        break;
      case 'seq-pair-value':
        error = value('seq-end', 'seq-pair-end');
        break;
      case 'seq-pair-end':
        state = 'seq';
        break;
      case 'map-first':
      case 'map': {
        let token = entryStart(state === 'map-first', 'map-end', '}');
        if (!('type' in token)) return token;
        if (token.type === 'key') {
          i++;
          token = peek();
          if (token.type !== 'value' && token.type !== 'entry' && token.type !== 'map-end') {
            error = keyNode('map-value');
          } else {
            keyError ??= { offset: token.at, reason: NULL_KEY };
            state = 'map-value';
          }
        } else if (token.type !== 'map-end') {
          error = keyNode('map-empty-value');
        } else {
          state = states.pop() ?? 'done';
          i++;
        }
        break;
      }
      case 'map-empty-value':
        state = 'map';
        break;
      case 'map-value':
        error = value('map-end', 'map');
        break;
    }
    if (error) return error;
  }
  return keyError;
}
