/** A document's text range in a YAML stream. */
export interface DocumentRange {
  readonly start: number;
  readonly end: number;
}

// A `---` or `...` marker at column 0 ends any scalar, block or quoted (YAML 1.2, c-forbidden), so
// splitting the stream on marker lines is exact and lets each document parse (and fail) on its own.
// A `---#` line is no YAML marker, but kubectl's YAMLReader cuts the stream there too (kubectl-chunks.ts).
const MARKER = /^(?:---(?=[ \t\r\n#]|$)|\.\.\.(?=[ \t\r\n]|$))/gm;

export function splitDocuments(text: string): DocumentRange[] {
  const ranges: DocumentRange[] = [];
  let start = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    if (m.index > start) ranges.push({ start, end: m.index });
    start = m.index;
  }
  if (text.length > start) ranges.push({ start, end: text.length });
  return ranges;
}

/**
 * Whether a range holds a document: any line besides blank lines, comments, directives and the
 * `---`/`...` markers. A YAML stream's leading comments are not a document.
 */
export function hasContent(text: string, range: DocumentRange): boolean {
  let p = range.start;
  while (p < range.end) {
    let eol = text.indexOf('\n', p);
    if (eol === -1 || eol > range.end) eol = range.end;
    let line = text.slice(p, eol);
    if (line.startsWith('---') || line.startsWith('...')) line = line.slice(3);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !(p === eol || text[p] === '%')) return true;
    p = eol + 1;
  }
  return false;
}
