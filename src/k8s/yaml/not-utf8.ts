import type { Problem } from '../../core/result.js';
import type { LineIndex } from './line-index.js';
import type { DocumentRange } from './split-documents.js';

/** Bytes of a file that are not UTF-8, read as a U+FFFD at `offset` of its text (src/inputs/utf8.ts). */
export interface NotUtf8 {
  readonly offset: number;
  /** The first of them. */
  readonly byte: number;
  /** What go-yaml's reader says of them, refusing the document (kubectl's error). */
  readonly reason: string;
}

/**
 * Whether kubectl reads the stream as JSON, where bytes that are not UTF-8 are no error: its first
 * character after white space (Go's, which a byte order mark is not) is '{'. '[' opens YAML to it.
 */
export function kubectlReadsJson(text: string): boolean {
  return /^(?:[^\S\uFEFF]|\u0085)*\{/.test(text);
}

/**
 * The marks of `from` at their places in `to`, a copy with characters removed or added (byte order
 * marks, CRs, empty entries marked), none of them a U+FFFD: the n-th U+FFFD of one is the n-th of the other.
 */
export function movedMarks(marks: readonly NotUtf8[], from: string, to: string): readonly NotUtf8[] {
  if (marks.length === 0 || from === to) return marks;
  const moved: NotUtf8[] = [];
  for (let i = 0, f = from.indexOf('\uFFFD'), t = to.indexOf('\uFFFD'); i < marks.length && f !== -1; f = from.indexOf('\uFFFD', f + 1), t = to.indexOf('\uFFFD', t + 1)) {
    if (f === marks[i]!.offset) moved.push({ ...marks[i++]!, offset: t });
  }
  return moved;
}

/**
 * The error of a document (or of comments kubectl hands go-yaml as one) that holds bytes that are
 * not UTF-8, at the first of them, or undefined. go-yaml refuses such bytes: a file saved in a
 * legacy encoding (Windows-1252, Latin-1), usually for a character in a comment or a name.
 */
export function notUtf8Problem(marks: readonly NotUtf8[], range: DocumentRange, file: string, lines: LineIndex): Problem | undefined {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]!.offset < range.start) lo = mid + 1;
    else hi = mid;
  }
  const mark = marks[lo];
  if (!mark || mark.offset >= range.end) return undefined;
  const at = lines.position(mark.offset);
  const byte = `0x${mark.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return {
    code: 'yaml-syntax',
    message: `invalid YAML: not UTF-8 (the byte ${byte} here starts no UTF-8 character), which kubectl refuses ("${mark.reason}"): save the file as UTF-8`,
    location: { file, line: at.line, column: at.column },
  };
}
