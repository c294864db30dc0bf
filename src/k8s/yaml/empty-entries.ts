import { blockContextLines } from './go-tabs.js';
import { splitDocuments } from './split-documents.js';

/*
 * js-yaml 4.3 misreads a block sequence entry with nothing after its dash when the next entry
 * belongs to an outer sequence (less indented): it takes that entry into the inner sequence. So
 *
 *   containers:
 *   - name: a
 *     args:
 *     -              <- an empty argument (a Helm value that rendered to nothing)
 *   - name: b        <- read as the second argument of a, not as a container
 *
 * hid container b from every check, where kubectl (go-yaml) deploys two containers. js-yaml 5
 * fixes it, but Rampart's reader is built on 4.3's events. The empty entry is written
 * `- !!null ''` (the same null) before parsing, which both readers read right: the text only grows
 * at the end of that line, so no other line or column moves.
 */

/** A line whose last token is a dash with nothing after it but a comment. */
const BARE_DASH_LINE = /^( *(?:- +)*)-[ \t]*(?:#.*)?$/gm;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
const ENTRY_LINE = /^( *)-(?:[ \t]|$)/;
/**
 * The null written in: a quoted scalar, as after a bare dash go-yaml's scanner reads the next line
 * as the start of a token, not as more of a plain scalar (which `~` would be): a tab in that
 * line's indentation is refused the same way (go-tabs.ts).
 */
const NULL_ENTRY = "!!null ''";

export function withEmptyEntriesMarked(text: string): string {
  BARE_DASH_LINE.lastIndex = 0;
  if (!BARE_DASH_LINE.test(text)) return text;
  BARE_DASH_LINE.lastIndex = 0;
  const candidates: { readonly line: number; readonly afterDash: number }[] = [];
  for (let match = BARE_DASH_LINE.exec(text); match; match = BARE_DASH_LINE.exec(text)) {
    const dashColumn = match[1]!.length;
    if (nextEntryIndent(text, match.index + match[0].length) < dashColumn) candidates.push({ line: match.index, afterDash: match.index + dashColumn + 1 });
  }
  if (candidates.length === 0) return text;
  // Only where the dash is a token of the block context, not text of a block or quoted scalar.
  const ranges = splitDocuments(text);
  const blockLines = new Map<number, Set<number>>();
  const confirmed = candidates.filter(({ line }) => {
    const i = ranges.findIndex((r) => r.start <= line && line < r.end);
    const range = ranges[i];
    if (!range) return false;
    let lines = blockLines.get(i);
    if (!lines) blockLines.set(i, (lines = blockContextLines(text, range.start, range.end)));
    return lines.has(line);
  });
  if (confirmed.length === 0) return text;
  let out = '';
  let from = 0;
  for (const { afterDash: at } of confirmed) {
    out += `${text.slice(from, at)} ${NULL_ENTRY}`;
    from = at;
  }
  return out + text.slice(from);
}

/** The indentation of the first line after `offset` with content when it is a sequence entry; Infinity otherwise. */
function nextEntryIndent(text: string, offset: number): number {
  let start = offset + 1;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline === -1 ? text.length : newline);
    if (!BLANK_OR_COMMENT.test(line)) {
      const entry = ENTRY_LINE.exec(line);
      return entry ? entry[1]!.length : Infinity;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return Infinity;
}
