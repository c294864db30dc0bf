import yaml from 'js-yaml';
import { mayReadFlowDifferently } from './go-flow.js';
import { skipToContent } from './key-text.js';

/*
 * Text after the first node of a document, which kubectl ignores: sigs.k8s.io/yaml reads one node
 * per document and stops, so go-yaml's parser never asks for what follows beyond the token or two
 * its scanner looks ahead at. A document that is one flow collection with a brace too many
 * (`{...}}`), or a stray line after it, is applied by kubectl as the collection alone; so is a
 * mapping whose first lines are indented more than the rest (`  a: 1` then `b: 2` reads as
 * {a: 1}). go-yaml refuses it only where the scanner's look-ahead fails (`@` on the next line, an
 * unclosed quote); js-yaml refuses it always ("end of the stream or a document separator is
 * expected").
 *
 * go-yaml's look-ahead depends on its simple-key bookkeeping (a collection on one line makes it scan
 * the rest of that line and the first token of the next). Rather than follow it token by token,
 * the text is let go only where no look-ahead of go-yaml can fail on it: on a flow collection's
 * closing line no indicator that go-yaml refuses there (nor a ':' after a collection of one line,
 * which would make it a key), and from there on, past closing brackets and commas, a line that
 * starts with a plain key and its ':' (where the look-ahead ends), or a text that reads as YAML of its own and holds none of what go-yaml scans otherwise than js-yaml (tabs,
 * directives, anchor names, plain scalars in flow collections, `|#` (kept out, though parse.ts now reads it), keys longer than go-yaml looks
 * back for), after a flow collection with no tag in it. Anything else stays an error, as before.
 * The differential tests against go-yaml (test/oracles/yaml-flow, yaml-streams) check that what is
 * let go, kubectl reads the same way.
 */

const END_EXPECTED = 'end of the stream or a document separator is expected';
const CLOSERS = /^[ \t}\],]*/;
const INDICATOR = /^[-?:](?:[ \t]|$)/;
const MAX_SIMPLE_KEY = 1024;
/** A plain key and its ':' at the start of a line: go-yaml's look-ahead ends at that ':'. */
const KEY_LINE = /^[A-Za-z0-9_./][A-Za-z0-9_./-]{0,200}:(?: |$)/;
const NOT_FOR_A_LOOK = /\t|^%|[|>][0-9+-]*#/m;

/** Text kubectl ignores after a document's first node: where it starts, and what that node is. */
export interface IgnoredText {
  readonly at: number;
  readonly after: 'flow' | 'block';
}

/**
 * The text kubectl ignores in `chunk` (one document), when js-yaml failed on it with `error` after
 * the document's first node; undefined when the error stands.
 */
export function ignoredAfterFirstNode(chunk: string, error: unknown): IgnoredText | undefined {
  if (!(error instanceof yaml.YAMLException) || error.reason !== END_EXPECTED) return undefined;
  const at = (error.mark as { position?: number } | undefined)?.position;
  if (at === undefined || at >= chunk.length) return undefined;
  const start = skipToContent(chunk, chunk.startsWith('---') ? 3 : 0);
  const flow = chunk[start] === '{' || chunk[start] === '[';
  // Tags in flow collections are read by js-yaml alone (go-flow.ts): too unsure to let text go after one.
  if (flow && chunk.lastIndexOf('!', at) >= start) return undefined;
  const lineStart = chunk.lastIndexOf('\n', at - 1) + 1;
  // go-yaml ends a block node only at a line indented less than it (js-yaml ends `- a` at `b: 1`
  // below it, go-yaml refuses the `b`).
  if (!flow && (at - lineStart >= start - (chunk.lastIndexOf('\n', start - 1) + 1) || !isCollection(chunk.slice(0, at)))) return undefined;
  let rest = at;
  if (chunk.slice(lineStart, at).trim() !== '') {
    if (!flow) return undefined;
    // On the collection's closing line: brackets and commas scan as they are; a '-', '?' or ':'
    // indicator there is refused, and on a collection of one line a ':' makes it a key.
    rest = at + (CLOSERS.exec(chunk.slice(at))?.[0].length ?? 0);
    const lineEnd = endOfLine(chunk, rest);
    const line = chunk.slice(rest, lineEnd);
    if (line.startsWith('#') || line === '') rest = skipToContent(chunk, lineEnd);
    else if (INDICATOR.test(line) || (lineStart <= start && line.includes(':'))) return undefined;
  }
  return rest >= chunk.length || KEY_LINE.test(chunk.slice(rest, endOfLine(chunk, rest))) || readsAlone(chunk.slice(rest)) ? { at, after: flow ? 'flow' : 'block' } : undefined;
}

/** Whether the text is a collection: a plain scalar at the root would go on over the lines after it. */
function isCollection(text: string): boolean {
  try {
    const value: unknown = yaml.load(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

function endOfLine(text: string, at: number): number {
  const eol = text.indexOf('\n', at);
  return eol === -1 ? text.length : eol;
}

/** Whether the text reads as YAML on its own, with nothing go-yaml's scanner reads otherwise. */
function readsAlone(text: string): boolean {
  if (NOT_FOR_A_LOOK.test(text) || mayReadFlowDifferently(text)) return false;
  if (text.split('\n').some((line) => line.length > MAX_SIMPLE_KEY)) return false;
  try {
    yaml.loadAll(text);
    return true;
  } catch {
    return false;
  }
}
