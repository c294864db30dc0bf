import type { Problem } from '../../core/result.js';
import { skipToContent } from './key-text.js';
import type { LineIndex } from './line-index.js';
import { LineMarks } from './line-marks.js';
import { type NotUtf8, notUtf8Problem } from './not-utf8.js';
import { type DocumentRange, hasContent } from './split-documents.js';

/** A directive line that ends the document before it. */
export interface DirectiveAfter {
  readonly at: number;
  /** What go-yaml says of the directive when its look-ahead from the document reaches it. */
  readonly error: string | undefined;
  /** Where the text after the directive line that kubectl ignores starts, if there is any. */
  readonly ignoredFrom: number | undefined;
}

/** What kubectl's reading of the stream makes of one range of `splitDocuments`, before YAML parses it. */
export type ChunkStep =
  /** Parse `range` as a document; `markerIsText` when it starts with a `---#` line that go-yaml reads as a plain scalar. */
  | { readonly range: DocumentRange; readonly directiveAfter?: DirectiveAfter; readonly markerIsText?: true }
  /** Nothing to parse; `numbered` when the range counts among the file's documents. */
  | { readonly range?: undefined; readonly numbered: boolean; readonly problem?: Problem; readonly warning?: Problem };

/**
 * The stream-level reading of a YAML file as kubectl does it, range by range: its YAMLReader cuts
 * the stream into chunks at lines starting with --- (refusing such lines with more than a comment
 * after the marker), and go-yaml reads one document per chunk, ending it at a `...` line or a
 * directive, and refusing bytes that are not UTF-8. Ranges come in order; the state is whether the
 * current chunk held a document.
 */
export class KubectlChunks {
  private readonly dashes: LineMarks;
  private readonly directives: LineMarks;
  private chunkRead = false;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly notUtf8: readonly NotUtf8[],
  ) {
    this.dashes = new LineMarks(text, '---');
    this.directives = new LineMarks(text, '%');
  }

  step(whole: DocumentRange): ChunkStep {
    const text = this.text;
    let range = whole;
    const endMarker = text.startsWith('...', range.start);
    // `---#` is kubectl's separator but YAML's text: where kubectl keeps the line as its chunk's
    // first, go-yaml reads it as a plain scalar (a document, or the start of a refused one).
    let keptScalar = false;
    if (text.startsWith('---', range.start)) {
      this.chunkRead = false;
      const separator = separatorError(text, range.start);
      if (separator !== undefined) return { numbered: true, problem: this.problem(separator, INVALID_SEPARATOR) };
      if (text.startsWith('---#', range.start)) {
        keptScalar = markerOpensChunk(text, range.start + 1, this.dashes);
        if (!keptScalar) range = { start: Math.min(endOfLine(text, range.start) + 1, range.end), end: range.end };
      }
    }
    // A line like `----` or `---x` is text to YAML, but a separator kubectl refuses.
    const inner = innerSeparatorError(text, { start: whole.start + 1, end: range.end }, this.dashes);
    if (inner !== undefined) {
      this.chunkRead = true;
      return { numbered: hasContent(text, range) && !endMarker, problem: this.problem(inner, INVALID_SEPARATOR) };
    }
    const notUtf8 = this.notUtf8.length > 0 ? notUtf8Problem(this.notUtf8, range, this.file, this.lines) : undefined;
    if (notUtf8) {
      const numbered = !endMarker && hasContent(text, range);
      if (endMarker || numbered) this.chunkRead = true;
      return { numbered, problem: notUtf8 };
    }
    if (endMarker) return this.documentEnd(range);
    // In the plain scalar a kept `---#` line starts, a `%` line is text, up to a comment.
    const directivesFrom = keptScalar ? plainScalarEnd(text, range) : range.start;
    const directive = this.directives.within(directivesFrom, range.end).next().value;
    if (directive !== undefined) {
      const step = this.directive(range, directive, keptScalar);
      if (step.range === undefined) this.chunkRead = true;
      return step;
    }
    if (keptScalar) {
      this.chunkRead = true;
      return { range, markerIsText: true };
    }
    if (!hasContent(text, range)) return { numbered: false };
    this.chunkRead = true;
    return { range };
  }

  /** The problem or warning of a directive after a document read to its end (go-yaml's look-ahead reaches it). */
  afterDocument(after: DirectiveAfter): { readonly problem?: Problem; readonly warning?: Problem } {
    if (after.error !== undefined) return { problem: this.problem(after.at, `invalid YAML: ${after.error}`) };
    if (after.ignoredFrom !== undefined) return { warning: this.warning(after.ignoredFrom, IGNORED_AFTER_DIRECTIVE) };
    return {};
  }

  /**
   * go-yaml reads one document per chunk: a '...' ends it, and kubectl reads nothing more up to the
   * next --- line. Before any content, it ends an empty document opened by a --- line that kubectl
   * kept in the chunk, and is refused otherwise.
   */
  private documentEnd(range: DocumentRange): ChunkStep {
    const text = this.text;
    const opened = this.chunkRead || markerOpensChunk(text, range.start, this.dashes);
    this.chunkRead = true;
    if (!opened) return { numbered: false, problem: this.problem(range.start, END_BEFORE_CONTENT) };
    if (!hasContent(text, range)) return { numbered: false };
    return { numbered: false, warning: this.warning(contentStart(text, range.start + 3), IGNORED_AFTER_END) };
  }

  /**
   * go-yaml reads a directive only before a --- line, which ends kubectl's chunk: before any
   * content it is refused (unless a --- line opened the chunk: an empty document); after a
   * document it ends it, and kubectl reads no more of the chunk.
   */
  private directive(range: DocumentRange, directive: number, markerIsText: boolean): ChunkStep {
    const text = this.text;
    const after = endOfLine(text, directive);
    const ignoredFrom = hasContent(text, { start: after, end: range.end }) ? contentStart(text, after) : undefined;
    if (markerIsText || hasContent(text, { start: range.start, end: directive })) {
      this.chunkRead = true;
      const directiveAfter = { at: directive, error: directiveError(text, directive), ignoredFrom };
      return { range: { start: range.start, end: directive }, directiveAfter, ...(markerIsText ? { markerIsText } : {}) };
    }
    const wrong = directiveError(text, directive) ?? (markerOpensChunk(text, directive, this.dashes) ? undefined : DIRECTIVE_BEFORE_START);
    if (wrong !== undefined) return { numbered: false, problem: this.problem(directive, `invalid YAML: ${wrong}`) };
    if (ignoredFrom !== undefined) return { numbered: false, warning: this.warning(ignoredFrom, IGNORED_AFTER_DIRECTIVE) };
    return { numbered: false };
  }

  private problem(offset: number, message: string): Problem {
    const at = this.lines.position(offset);
    return { code: 'yaml-syntax', message, location: { file: this.file, line: at.line, column: at.column } };
  }

  private warning(offset: number, message: string): Problem {
    const at = this.lines.position(offset);
    return { code: 'yaml-ignored-text', message, location: { file: this.file, line: at.line, column: at.column } };
  }
}

/** Where a document's first node starts: after its `---` marker, blank lines and comments. */
export function contentStart(text: string, start: number): number {
  const afterMarker = text.startsWith('---', start) ? start + 3 : start;
  return skipToContent(text, afterMarker);
}

const INVALID_SEPARATOR = 'invalid YAML: a document separator with more than a comment after it on its line, which kubectl refuses ("invalid Yaml document separator"): put the document on the next line';
const IGNORED_AFTER_END = "text after a '...' document end is not read, as kubectl ignores it up to the next --- line: start another object with a --- line instead";
const END_BEFORE_CONTENT = "invalid YAML: a '...' document end before any document, which kubectl refuses (did not find expected node content)";
const DIRECTIVE_BEFORE_START = 'a directive before a document, which kubectl refuses (did not find expected <document start>: kubectl reads the text before the next --- line as a document of its own): remove the line';
const IGNORED_AFTER_DIRECTIVE = 'text after a directive line is not read, as kubectl ignores it up to the next --- line (the directive ends the document before it)';
const YAML_DIRECTIVE = /^%YAML[ \t]+1\.\d+[ \t]*(?:#.*)?$/;
const TAG_DIRECTIVE = /^%TAG[ \t]+!(?:[A-Za-z0-9-]*!)?[ \t]+\S+[ \t]*(?:#.*)?$/;

/**
 * Whether kubectl's chunk of the stream that holds `offset` starts with a --- line. kubectl's
 * YAMLReader (apimachinery) cuts the stream at lines starting with ---: it drops such a line where
 * it ends a chunk, and keeps it as the chunk's first line where the chunk so far is empty (the
 * stream's first line, or a --- line right after one that ended a chunk). So along a run of ---
 * lines one after another, kept and dropped lines alternate, from a kept one at the stream's start
 * and from a dropped one after any other line. Only that run is read, not the stream before it.
 */
function markerOpensChunk(text: string, offset: number, dashes: LineMarks): boolean {
  const last = dashes.previous(offset);
  if (last === undefined) return false;
  let first = last;
  for (let p = dashes.previous(first); p !== undefined && text.indexOf('\n', p) + 1 === first; p = dashes.previous(p)) first = p;
  const keptFirst = first === 0;
  const index = (text.slice(first, last).match(/\n/g) ?? []).length;
  return keptFirst === (index % 2 === 0);
}

/**
 * Where the plain scalar that a `---#` line at the start of `range` begins surely ends: at the end
 * of the first line after it that holds a comment (a `#` after white space). Until then go-yaml
 * reads every line as more of the scalar, or as an error, never as a directive.
 */
function plainScalarEnd(text: string, range: DocumentRange): number {
  for (let p = endOfLine(text, range.start) + 1; p < range.end; ) {
    const eol = endOfLine(text, p);
    if (/(?:^|[ \t])#/.test(text.slice(p, eol))) return eol;
    p = eol + 1;
  }
  return range.end;
}

/** What go-yaml's scanner refuses in the directive line at `at`, in its words; undefined for a %YAML or %TAG line it reads. */
function directiveError(text: string, at: number): string | undefined {
  const line = text.slice(at, endOfLine(text, at));
  if (YAML_DIRECTIVE.test(line) || TAG_DIRECTIVE.test(line)) return undefined;
  return /^%(?:YAML|TAG)(?:[ \t]|$)/.test(line) ? 'a directive go-yaml cannot read, which kubectl refuses' : 'found unknown directive name (a line starting with %, which kubectl reads as a directive)';
}

function endOfLine(text: string, at: number): number {
  const eol = text.indexOf('\n', at);
  return eol === -1 ? text.length : eol;
}

/** A line starting with --- within `range` (not a YAML marker there) that kubectl refuses as a separator: where it is. */
function innerSeparatorError(text: string, range: DocumentRange, dashes: LineMarks): number | undefined {
  for (const line of dashes.within(range.start, range.end)) if (separatorError(text, line) !== undefined) return line;
  return undefined;
}

/** Where the content after a `---` marker on its line starts, when it is more than a comment (kubectl's YAMLReader refuses it). */
function separatorError(text: string, marker: number): number | undefined {
  const lineEnd = text.indexOf('\n', marker);
  const rest = text.slice(marker + 3, lineEnd === -1 ? text.length : lineEnd);
  const trimmed = rest.trim();
  return trimmed === '' || trimmed.startsWith('#') ? undefined : marker + 3 + rest.indexOf(trimmed[0]!);
}
