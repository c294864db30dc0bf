/*
 * Tabs that go-yaml v2 (what kubectl and the API server read manifests with) refuses in a line js-yaml
 * takes as blank: a line holding only white space, or only a comment, with a tab in its
 * indentation. js-yaml skips such a line; go-yaml's scanner reads its indentation and, depending
 * on where it stands, refuses the tab:
 * - after a plain scalar, whose scan goes on through the following lines: a tab left of the
 *   block indentation plus one ("found a tab character that violates indentation");
 * - in a block scalar (`|`, `>`): a tab left of the scalar's indentation, or any tab before that
 *   indentation is known ("found a tab character where an indentation space is expected");
 * - elsewhere in the block context (after a quoted scalar, a comment, `key:` or `-`): any tab, as
 *   go-yaml only skips tabs between tokens of a line ("found character that cannot start any token");
 * - in a quoted scalar, or in a flow collection after anything but a plain scalar: none.
 *
 * No library exposes go-yaml's scanner state, so this follows it over a document js-yaml has
 * already read (so it is well formed but for those lines): a small line scanner that knows
 * scalars' styles, flow depth and go-yaml's stack of block indentations. It runs only on documents
 * with such a line (TAB_LINE).
 */

/** A line with a tab in its indentation: the documents the scanner below runs on. */
export const TAB_LINE = /^ *\t/m;

export interface GoTabError {
  /** Offset of the tab in the text. */
  readonly offset: number;
  /** go-yaml's words. */
  readonly reason: string;
}

const VIOLATES_INDENTATION = 'found a tab character that violates indentation';
const WHERE_INDENTATION_EXPECTED = 'found a tab character where an indentation space is expected';
const CANNOT_START_TOKEN = 'found character that cannot start any token';

interface BlockScalar {
  /** The block indentation the header stood in (go-yaml's parser.indent). */
  readonly parentIndent: number;
  /** The content's indentation; 0 until the first line with content sets it. */
  indent: number;
  /** The widest run of spaces on the empty lines before the first content. */
  maxIndent: number;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankOrEnd = (c: string | undefined) => c === undefined || c === ' ' || c === '\t';
const FLOW_INDICATORS = ',[]{}';

/** The first tab go-yaml refuses in `text[start, end)` (one document), or undefined. */
export function goYamlTabError(text: string, start: number, end: number): GoTabError | undefined {
  return scanLines(text, start, end, true);
}

/**
 * The offsets of the lines of `text[start, end)` (one document) whose first token is read in the
 * block context: lines with content that are not in a block scalar, a quoted scalar or a flow
 * collection, and do not go on with a plain scalar of the line before.
 */
export function blockContextLines(text: string, start: number, end: number): Set<number> {
  const lines = new Set<number>();
  scanLines(text, start, end, false, { onBlockLine: (offset) => lines.add(offset) });
  return lines;
}

/** Where, in `text[start, end)` (one document), the block context holds anchors and aliases (`&`, `*`) and opens flow collections. */
export interface BlockContextTokens {
  /** Offsets of the `&` and `*` of anchors and aliases. */
  readonly properties: number[];
  /** Offsets of the `[` and `{` that open an outermost flow collection. */
  readonly flows: number[];
}

export function blockContextTokens(text: string, start: number, end: number): BlockContextTokens {
  const found: BlockContextTokens = { properties: [], flows: [] };
  scanLines(text, start, end, false, { onProperty: (offset) => found.properties.push(offset), onFlow: (offset) => found.flows.push(offset) });
  return found;
}

interface LineScanHooks {
  /** A line that starts in the block context. */
  readonly onBlockLine?: (offset: number) => void;
  /** An anchor or alias in the block context. */
  readonly onProperty?: (offset: number) => void;
  /** The opening bracket of an outermost flow collection. */
  readonly onFlow?: (offset: number) => void;
}

/**
 * The line scanner: with `checkTabs`, stops at the first tab go-yaml refuses; `onBlockLine` is
 * told of each line that starts in the block context.
 */
function scanLines(text: string, start: number, end: number, checkTabs: boolean, hooks: LineScanHooks = {}): GoTabError | undefined {
  const { onBlockLine, onProperty, onFlow } = hooks;
  const stack: number[] = [];
  const top = () => stack.at(-1) ?? -1;
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let block: BlockScalar | undefined;
  let last: 'plain' | 'other' | 'comment' = 'other';
  let plainIndent = -1;

  /** Scans a quoted scalar's text from `p` (after the opening quote); the offset after its closing quote, or -1 at the line's end. */
  const closeQuote = (line: string, p: number): number => {
    while (p < line.length) {
      const c = line[p];
      if (quote === '"' && c === '\\') p += 2;
      else if (quote === "'" && c === "'" && line[p + 1] === "'") p += 2;
      else if (c === quote) {
        quote = undefined;
        return p + 1;
      } else p++;
    }
    return -1;
  };

  /** Where a plain scalar that starts (or goes on) at `p` ends on this line. */
  const plainEnd = (line: string, p: number): number => {
    for (; p < line.length; p++) {
      const c = line[p]!;
      if (c === '#' && isSpace(line[p - 1])) return p;
      if (c === ':' && (isBlankOrEnd(line[p + 1]) || (flow > 0 && FLOW_INDICATORS.includes(line[p + 1]!)))) return p;
      if (flow > 0 && FLOW_INDICATORS.includes(c)) return p;
    }
    return p;
  };

  /** The tokens of a line from `p`, updating the state. */
  const tokens = (line: string, p: number): void => {
    let nodeColumn = -1; // where the node that a ':' may make a key started (its properties included)
    while (p < line.length) {
      const c = line[p]!;
      if (isSpace(c)) {
        p++;
        continue;
      }
      if (c === '#') {
        last = 'comment';
        return;
      }
      const next = line[p + 1];
      if (flow === 0 && (c === '-' || c === '?') && isBlankOrEnd(next)) {
        if (p > top()) stack.push(p);
        last = 'other';
        nodeColumn = -1;
        p++;
        continue;
      }
      if (c === ':' && (isBlankOrEnd(next) || flow > 0)) {
        if (flow === 0 && nodeColumn > top()) stack.push(nodeColumn);
        last = 'other';
        nodeColumn = -1;
        p++;
        continue;
      }
      if (c === '[' || c === '{') {
        if (flow === 0) onFlow?.(offset + p);
        if (nodeColumn < 0) nodeColumn = p;
        flow++;
        last = 'other';
        p++;
        continue;
      }
      if (c === ']' || c === '}' || c === ',') {
        if (c !== ',') flow = Math.max(0, flow - 1);
        last = 'other';
        p++;
        continue;
      }
      if (nodeColumn < 0) nodeColumn = p;
      if (c === '&' || c === '!' || c === '*') {
        if (flow === 0 && c !== '!') onProperty?.(offset + p);
        while (p < line.length && !isSpace(line[p]) && !(flow > 0 && FLOW_INDICATORS.includes(line[p]!))) p++;
        last = 'other';
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        last = 'other';
        p = closeQuote(line, p + 1);
        if (p < 0) return;
        continue;
      }
      if (flow === 0 && (c === '|' || c === '>')) {
        const header = /^[|>]([1-9])?[+-]?([1-9])?/.exec(line.slice(p));
        const explicit = Number(header?.[1] ?? header?.[2] ?? 0);
        block = { parentIndent: top(), indent: explicit === 0 ? 0 : Math.max(top(), 0) + explicit, maxIndent: 0 };
        last = 'other';
        return;
      }
      const end = plainEnd(line, p);
      last = 'plain';
      plainIndent = top();
      p = end;
    }
  };

  /** A tab in a line's indentation, at `column` of a line starting at `offset`: go-yaml's verdict. */
  const tabVerdict = (offset: number, column: number): GoTabError | undefined => {
    if (last === 'plain') return column < plainIndent + 1 ? { offset: offset + column, reason: VIOLATES_INDENTATION } : undefined;
    if (flow > 0) return undefined;
    return { offset: offset + column, reason: CANNOT_START_TOKEN };
  };

  let offset = start;
  while (offset < end) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 || newline > end ? end : newline;
    const line = text.slice(offset, lineEnd);
    const spaces = /^ */.exec(line)![0].length;
    const content = /^[ \t]*/.exec(line)![0].length;
    const tab = line.slice(0, content).indexOf('\t');
    const blank = content === line.length;

    if (block) {
      const b = block;
      if (b.indent === 0) {
        if (tab >= 0 && checkTabs) return { offset: offset + tab, reason: WHERE_INDENTATION_EXPECTED };
        if (blank) {
          b.maxIndent = Math.max(b.maxIndent, spaces);
        } else {
          b.indent = Math.max(b.maxIndent, spaces, b.parentIndent + 1, 1);
        }
      } else if (tab >= 0 && tab < b.indent && checkTabs) {
        return { offset: offset + tab, reason: WHERE_INDENTATION_EXPECTED };
      }
      if (blank || (b.indent > 0 && spaces >= b.indent)) {
        offset = lineEnd + 1;
        continue;
      }
      block = undefined;
      last = 'other';
    }

    if (quote) {
      if (!blank) {
        const after = closeQuote(line, content);
        if (after >= 0) tokens(line, after);
      }
      offset = lineEnd + 1;
      continue;
    }

    if (tab >= 0 && checkTabs) {
      const verdict = tabVerdict(offset, tab);
      if (verdict) return verdict;
    }
    if (blank || line[content] === '#') {
      if (!blank) last = 'comment';
      offset = lineEnd + 1;
      continue;
    }

    if (last === 'plain' && (flow > 0 || content >= plainIndent + 1)) {
      // The line goes on with the plain scalar before it.
      const scalarEnd = plainEnd(line, content);
      tokens(line, scalarEnd);
      if (scalarEnd === line.length) last = 'plain';
    } else {
      if (flow === 0) {
        onBlockLine?.(offset);
        if (content === 0 && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(line)) {
          stack.length = 0;
          last = 'other';
          tokens(line, 3);
          offset = lineEnd + 1;
          continue;
        }
        while (stack.length > 0 && top() > content) stack.pop();
      }
      tokens(line, content);
    }
    offset = lineEnd + 1;
  }
  return undefined;
}
