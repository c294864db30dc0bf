import yaml from 'js-yaml';
import type { Problem } from '../../core/result.js';
import type { Path } from '../../core/path.js';
import { aliasingError } from './aliasing.js';
import { blockParserApplies, parseBlockDocument } from './block-parser.js';
import { JSON_KEY_EVENT, recordJsonEvents } from './json-positions.js';
import { KUBERNETES_SCHEMA, takeMergeKeyRead, takeNonFiniteRead } from './kubernetes-schema.js';
import { applyGoMerges } from './merge-keys.js';
import { withEmptyEntriesMarked } from './empty-entries.js';
import { goFlowReading, mayReadFlowDifferently, restoreStandIns, withStandIns } from './go-flow.js';
import { type GoTabError, goYamlTabError, TAB_LINE } from './go-tabs.js';
import { LineIndex } from './line-index.js';
import { type DocumentPositions, type Locator, TreeLocator } from './locator.js';
import { MAX_IMPLICIT_KEY, notAStringKey, PositionRecorder } from './position-recorder.js';
import { PositionLog } from './position-tree.js';
import { type JsonStream, jsonStream, restAfter } from './json-stream.js';
import { type DocumentRange, splitDocuments } from './split-documents.js';
import { type IgnoredText, ignoredAfterFirstNode } from './after-first-node.js';
import { type NotUtf8, kubectlReadsJson, movedMarks } from './not-utf8.js';
import { contentStart, KubectlChunks } from './kubectl-chunks.js';

/** One document of a manifest file, with a way to locate any of its fields. */
export interface ParsedDocument {
  /** 0-based index among the file's non-empty documents. */
  readonly index: number;
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** Helm's `# Source: chart/templates/x.yaml` comment above the document, when present. */
  readonly helmTemplate?: string;
  readonly locator: Locator;
}

export interface ParsedFile {
  readonly documents: ParsedDocument[];
  readonly problems: Problem[];
  /** What was read otherwise than written, though kubectl reads it so too (text it ignores). */
  readonly warnings?: Problem[];
}

const HELM_SOURCE = /^# Source: (.+?)\s*$/;

/**
 * A byte order mark after a `---` line that kubectl takes as a separator (nothing after it but
 * spaces and a comment), at the start of the document that line opens.
 */
const DOCUMENT_BOM = /^(---[ \t\r]*(?:#[^\n]*)?\n)\ufeff/gm;

/**
 * The byte order marks that kubectl does not read as content are left out: one at the start of
 * the file, and one at the start of each later document. kubectl splits a stream into documents
 * at its `---` lines and reads each with go-yaml, whose reader takes a byte order mark at the start
 * of its input for one and skips it (`\ufeffapiVersion: v1` after `---` is `apiVersion`, and the
 * document is read). A mark anywhere else (after a comment or blank line, within a line) is
 * content to go-yaml, as it is here. Editors do not count a byte order mark as a column, and
 * neither does go-yaml's reader, so neither do we: no line moves, and on the mark's line columns
 * count from the character after it.
 */
function withoutBoms(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\ufeff') ? body.replace(DOCUMENT_BOM, '$1') : body;
}

/**
 * Files written with CRLF line ends are read with LF ones, so that they take the fast path too.
 * This changes no value: YAML turns every line break into `\n` (or folds it) whatever its bytes,
 * and JSON treats `\r` as white space. It moves no line or column either, as each `\r` removed
 * stands right before a `\n`. A file with a `\r` elsewhere (a line break to YAML as well) is
 * left as written.
 */
function withLfLineEnds(text: string): string {
  if (!text.includes('\r')) return text;
  const lf = text.replaceAll('\r\n', '\n');
  return lf.includes('\r') ? text : lf;
}

/**
 * Parses a manifest stream (multi-document YAML or JSON); syntax errors become problems per
 * document. Document indexes count the stream's documents, broken ones included. Where the file's
 * bytes are not UTF-8 (`notUtf8`), a YAML document is refused as go-yaml refuses it; a stream of
 * JSON objects is read with U+FFFD in their place, as kubectl's JSON reader reads it.
 */
export function parseManifests(text: string, file: string, notUtf8: readonly NotUtf8[] = []): ParsedFile {
  const body = withoutBoms(withLfLineEnds(text));
  const bodyNotUtf8 = movedMarks(notUtf8, text, body);
  const first = body.trimStart()[0];
  // Bytes that are not UTF-8 are read as JSON only where kubectl reads JSON; go-yaml refuses them.
  if ((first === '{' || first === '[') && (notUtf8.length === 0 || kubectlReadsJson(text))) {
    const lines = new LineIndex(body);
    const json = parseJson(body, lines, { start: 0, end: body.length }, 0);
    if (json) return { documents: [json], problems: [] };
    const stream = first === '{' ? jsonStream(body) : undefined;
    const parsed = stream && (stream.values.length > 1 || stream.rest !== undefined) ? parseJsonStream(body, file, lines, stream, bodyNotUtf8) : undefined;
    if (parsed) return parsed;
  }
  const yamlText = withEmptyEntriesMarked(withGoYamlLineBreaks(body));
  return parseYamlStream(yamlText, file, new LineIndex(yamlText), undefined, movedMarks(bodyNotUtf8, body, yamlText));
}

const OTHER_LINE_BREAKS = /\r(?!\n)|\u0085|\u2028|\u2029/g;

/**
 * kubectl and the API server read YAML with go-yaml, which (like libyaml, and YAML 1.1) breaks lines
 * at a CR not followed by LF, NEL (U+0085), LS (U+2028) and PS (U+2029) as well as at LF; js-yaml and the fast
 * path know LF (and CRLF) only, so a document after `# comment<CR>` would be read as part of the
 * comment and silently skipped. Each such character becomes an LF, one UTF-16 unit for another, so
 * no offset moves and line numbers count the lines go-yaml and editors count. Values stay as go-yaml
 * reads them, as it turns CR and NEL into LF too; only an LS or PS inside a block scalar, which
 * go-yaml keeps as written, reads as an LF here.
 */
function withGoYamlLineBreaks(text: string): string {
  OTHER_LINE_BREAKS.lastIndex = 0;
  return OTHER_LINE_BREAKS.test(text) ? text.replace(OTHER_LINE_BREAKS, '\n') : text;
}

/**
 * The documents of a JSON stream (see jsonStream), as kubectl reads them: an object that is not
 * JSON makes it read the stream as YAML from there while the stream is still ambiguous (the whole
 * stream for the first object, the rest for the second; undefined for the first, so that the
 * caller reads the text as YAML), and is an error after that.
 */
function parseJsonStream(text: string, file: string, lines: LineIndex, stream: JsonStream, notUtf8: readonly NotUtf8[]): ParsedFile | undefined {
  const documents: ParsedDocument[] = [];
  const problems: Problem[] = [];
  const notJson = (at: number, what: string): Problem => {
    const where = lines.position(at);
    return { code: 'yaml-syntax', message: `invalid JSON: ${what}, in a stream of JSON objects`, location: { file, line: where.line, column: where.column } };
  };
  const yamlFrom = (offset: number): ParsedFile => {
    const yamlText = withGoYamlLineBreaks(text);
    const ranges = splitDocuments(yamlText.slice(offset)).map((r) => ({ start: r.start + offset, end: r.end + offset }));
    const asYaml = parseYamlStream(yamlText, file, yamlText === text ? lines : new LineIndex(yamlText), ranges, notUtf8);
    for (const document of asYaml.documents) documents.push({ ...document, index: document.index + 1 });
    return { documents, problems: [...problems, ...asYaml.problems], ...(asYaml.warnings ? { warnings: asYaml.warnings } : {}) };
  };
  for (const [index, range] of stream.values.entries()) {
    const json = parseJson(text, lines, range, index);
    if (json) {
      // kubectl skips a null document, as Rampart does one of YAML.
      if (json.value !== null) documents.push(json);
      continue;
    }
    if (index === 0) return undefined;
    if (index === 1) return yamlFrom(restAfter(text, stream.values[0]!.end));
    // Read as YAML too, to name a repeated key or where the syntax breaks.
    const asYaml = parseYamlStream(text, file, lines, [range]);
    problems.push(...(asYaml.problems.length > 0 ? asYaml.problems : [notJson(range.start, 'a value that is not JSON')]));
  }
  if (stream.rest === undefined) return { documents, problems };
  if (stream.values.length === 1) return yamlFrom(stream.rest);
  return { documents, problems: [...problems, notJson(stream.rest, 'text that is no JSON value')] };
}

function parseJson(text: string, lines: LineIndex, range: DocumentRange, index: number): ParsedDocument | undefined {
  const chunk = range.start === 0 && range.end === text.length ? text : text.slice(range.start, range.end);
  let value: unknown;
  try {
    value = JSON.parse(chunk);
  } catch {
    return undefined; // Let the YAML parser report where it breaks, with line and column.
  }
  // JSON.parse keeps the last of duplicate keys; Kubernetes rejects them (kubectl's strict field
  // validation, the default, as a YAML parser does): the YAML parser then reports the key where
  // it is repeated. Counting the keys written against those parsed needs the scan that records
  // positions, which locating a finding needs anyway, so it is done now and kept.
  const events = recordJsonEvents(chunk);
  if (countKeyEvents(events) !== countKeys(value)) return undefined;
  const log = new PositionLog(events, range.start);
  const root = log.roots()[0];
  const positions: DocumentPositions | undefined = root === undefined ? undefined : { log, root };
  const locator = new TreeLocator(() => positions, value, text, lines, range.start);
  return { index, value, line: lines.position(range.start + chunk.length - chunk.trimStart().length).line, locator };
}

const recorder = new PositionRecorder();

/**
 * How deep a YAML document may nest. kubectl's YAML reader (go-yaml v2) goes to 10,000 levels,
 * but js-yaml reads recursively and overflows the stack between 1,000 and 3,000; its own default,
 * 100, refused deep CRD schemas that kubectl applies.
 */
const MAX_YAML_DEPTH = 1000; // js-yaml's `maxDepth` option, which its type declarations lack

/** Documents with more position events than this keep their position log once built. */
const KEEP_POSITION_LOG_EVENTS = 16_384;

function parseYamlStream(text: string, file: string, lines: LineIndex, ranges: readonly DocumentRange[] = splitDocuments(text), notUtf8: readonly NotUtf8[] = []): ParsedFile {
  const documents: ParsedDocument[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let ordinal = 0;
  const fast = blockParserApplies(text);
  const chunks = new KubectlChunks(text, file, lines, notUtf8);
  const work = [...ranges];
  // Documents cut at the end of their first node, and where the text kubectl ignores starts.
  const cut = new Map<DocumentRange, IgnoredText>();
  for (let r = 0; r < work.length; r++) {
    const step = chunks.step(work[r]!);
    if (step.range === undefined) {
      if (step.problem) problems.push(step.problem);
      if (step.warning) warnings.push(step.warning);
      if (step.numbered) ordinal++;
      continue;
    }
    const { range, directiveAfter, markerIsText } = step;
    const index = ordinal++;
    const chunk = text.slice(range.start, range.end);
    let values: unknown[];
    let events: Int32Array;
    // The fast path gives up on anchors: only documents read by js-yaml can hold aliases.
    let aliases = false;
    // Read by js-yaml with stand-ins for characters go-yaml reads otherwise (go-flow.ts).
    let standIns: string | undefined;
    const parsed = fast && !markerIsText ? parseBlockDocument(text, range.start, range.end) : undefined;
    if (parsed) {
      values = [parsed.value];
      events = parsed.events;
    } else {
      // Flow collections and anchor names that go-yaml reads otherwise than js-yaml. The fast path
      // gives up on every document this could be about.
      const flow = mayReadFlowDifferently(chunk) ? goFlowReading(text, range.start, range.end) : undefined;
      if (flow?.error) {
        const at = lines.position(flow.error.offset);
        problems.push({ code: 'yaml-syntax', message: `${invalidWhat(chunk, file)}: ${flow.error.reason}`, location: { file, line: at.line, column: at.column } });
        continue;
      }
      // Only this document's text: a file of many such documents is not copied once per document.
      // A `---#` line go-yaml reads as text starts with a stand-in: js-yaml would take it for a marker.
      const placeholders = [...(markerIsText ? [range.start] : []), ...(flow?.placeholders ?? [])];
      standIns = placeholders.length > 0 ? withStandIns(chunk, placeholders.map((at) => at - range.start)) : undefined;
      try {
        const options: yaml.LoadOptions & { maxDepth: number } = { schema: KUBERNETES_SCHEMA, listener: recorder.listener, filename: file, maxDepth: MAX_YAML_DEPTH };
        values = loadAllWithHeaderComments(standIns ?? chunk, options);
      } catch (error) {
        recorder.take();
        if (markerIsText) {
          const at = lines.position(range.start);
          problems.push({ code: 'yaml-syntax', message: MARKER_AS_TEXT, location: { file, line: at.line, column: at.column } });
          continue;
        }
        const ignored = cut.has(range) ? undefined : ignoredAfterFirstNode(chunk, error);
        if (ignored !== undefined) {
          // Read again, from the start, as the first node alone (its flow checks included).
          work[r] = { start: range.start, end: range.start + ignored.at };
          cut.set(work[r]!, { at: range.start + ignored.at, after: ignored.after });
          ordinal--;
          r--;
          continue;
        }
        // A tab go-yaml refuses before the point js-yaml gave up at is what kubectl names.
        const tab = TAB_LINE.test(chunk) ? goYamlTabError(text, range.start, range.end) : undefined;
        const failedAt = error instanceof yaml.YAMLException ? (error.mark as { position?: number } | undefined)?.position : undefined;
        problems.push(tab && failedAt !== undefined && tab.offset <= range.start + failedAt ? tabProblem(tab, file, lines) : syntaxProblem(error, file, text, range, lines));
        continue;
      }
      aliases = recorder.aliasedCollection;
      const refused = recorder.refusedKey;
      const longKey = recorder.longKey;
      events = recorder.take();
      if (refused) {
        // sigs.k8s.io/yaml turns a manifest into JSON, whose keys are strings: it refuses the others.
        const at = lines.position(range.start + refused.position);
        problems.push({ code: 'yaml-syntax', message: `invalid YAML: ${notAStringKey(refused.what)}`, location: { file, line: at.line, column: at.column } });
        continue;
      }
      if (longKey !== undefined) {
        const at = lines.position(range.start + longKey);
        problems.push({ code: 'yaml-syntax', message: `invalid YAML: a key longer than ${MAX_IMPLICIT_KEY} characters before its ":", which kubectl refuses (go-yaml reads no further for a key)`, location: { file, line: at.line, column: at.column } });
        continue;
      }
      // js-yaml skips a blank or comment line whatever its indentation; go-yaml refuses some tabs there.
      const tab = TAB_LINE.test(chunk) ? goYamlTabError(text, range.start, range.end) : undefined;
      if (tab) {
        problems.push(tabProblem(tab, file, lines));
        continue;
      }
    }
    if (standIns !== undefined) values = values.map((value) => restoreStandIns(value));
    // A document read to its end: go-yaml's look-ahead reaches the directive after it.
    if (directiveAfter !== undefined) {
      const after = chunks.afterDocument(directiveAfter);
      if (after.problem) {
        problems.push(after.problem);
        continue;
      }
      if (after.warning) warnings.push(after.warning);
    }
    // The locator keeps a document's position log only while it is in use: it is as large as the
    // events, and a small document's is rebuilt in microseconds when needed again. A large one
    // (a kubectl List of thousands of items) is kept once built.
    let kept: PositionLog | undefined;
    const positionsOf = (i: number): DocumentPositions | undefined => {
      const log = kept ?? new PositionLog(events, range.start);
      if (events.length > KEEP_POSITION_LOG_EVENTS) kept = log;
      const root = log.roots()[i];
      return root === undefined ? undefined : { log, root };
    };
    const nonFinite = takeNonFiniteRead();
    const merges = !parsed && takeMergeKeyRead();
    const helmTemplate = helmSource(chunk);
    values.forEach((value, i) => {
      if (value === null || value === undefined) return;
      const locator = new TreeLocator(() => positionsOf(i), value, text, lines, range.start, merges);
      const line = i === 0 ? lines.position(contentStart(text, range.start)).line : locator.locate([]).line;
      const aliasing = aliases ? aliasingError(value) : undefined;
      if (aliasing !== undefined) {
        problems.push({ code: 'yaml-aliases', message: aliasing, location: { file, line } });
        return;
      }
      // After the aliasing check, which counts a merged alias as go-yaml does: once, alias-driven.
      const merge = merges ? applyGoMerges(value) : undefined;
      if (merge !== undefined) {
        problems.push({ code: 'yaml-syntax', message: `invalid YAML: ${merge}`, location: { file, line } });
        return;
      }
      const notJson = nonFinite ? nonFiniteValue(value) : undefined;
      if (notJson !== undefined) {
        const at = locator.locate(notJson.path);
        problems.push({ code: 'yaml-syntax', message: `invalid YAML: ${notJson.text} is a number JSON cannot hold, which kubectl and the API server refuse`, location: { file, line: at.line, column: at.column } });
        return;
      }
      documents.push({ index, value, line, locator, ...(helmTemplate ? { helmTemplate } : {}) });
      const ignored = cut.get(range);
      if (ignored !== undefined) {
        const where = lines.position(ignored.at);
        warnings.push({ code: 'yaml-ignored-text', message: IGNORED_TEXT[ignored.after], location: { file, line: where.line, column: where.column } });
      }
    });
  }
  return { documents, problems, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * js-yaml's loadAll, but for a comment right after a block scalar's header (`key: |#note`), which
 * go-yaml reads as a comment (its scanner skips a '#' there whether or not a space comes first)
 * and js-yaml refuses ("a line break is expected"): each such comment is blanked, keeping every
 * offset, and the text read again. The error's place says that js-yaml was reading a header there.
 */
function loadAllWithHeaderComments(source: string, options: yaml.LoadOptions): unknown[] {
  for (let text = source; ; ) {
    try {
      return yaml.loadAll(text, null, options);
    } catch (error) {
      const at = error instanceof yaml.YAMLException && error.reason === 'a line break is expected' ? (error.mark as { position?: number } | undefined)?.position : undefined;
      if (at === undefined || text[at] !== '#' || !BLOCK_HEADER_END.test(text.slice(text.lastIndexOf('\n', at) + 1, at))) throw error;
      recorder.take();
      const eol = text.indexOf('\n', at);
      const end = eol === -1 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
      text = text.slice(0, at) + ' '.repeat(end - at) + text.slice(end);
    }
  }
}

const BLOCK_HEADER_END = /[|>][0-9+-]{0,2}$/;

/** kubectl's chunk starts with a `---#` line it keeps: go-yaml reads it as the start of a plain scalar. */
export const MARKER_AS_TEXT = "invalid YAML: kubectl keeps this '---#' line as text, not as a document separator (YAML's --- needs a space after it), so the document is no object kubectl can apply: write '--- #' to start a document with a comment";

const IGNORED_TEXT = {
  flow: "text after the document's flow collection is not read, as kubectl ignores it (it reads one node per document): start another object after a --- line, or remove it",
  block: 'text indented less than the first line of its document is not read, as kubectl ignores it (the document ends there): indent the document evenly, or start another object after a --- line',
};


/** The first `.inf` or `.nan` among a document's values, with its path. */
function nonFiniteValue(value: unknown, path: Path = []): { readonly path: Path; readonly text: string } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, text: Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf' };
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = nonFiniteValue(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}


function helmSource(chunk: string): string | undefined {
  if (!chunk.includes('# Source: ')) return undefined;
  for (const line of chunk.split('\n', 8)) {
    const match = HELM_SOURCE.exec(line);
    if (match) return match[1];
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('---')) return undefined;
  }
  return undefined;
}

function tabProblem(tab: GoTabError, file: string, lines: LineIndex): Problem {
  const at = lines.position(tab.offset);
  return { code: 'yaml-syntax', message: `invalid YAML: ${tab.reason} (a tab in a line's indentation, which kubectl and the API server refuse: indent with spaces)`, location: { file, line: at.line, column: at.column } };
}

/**
 * A .json file, or a document that opens like JSON, is JSON to whoever wrote it: its errors say so
 * rather than YAML. A template's `{{` or `{%` opens no JSON.
 */
function invalidWhat(chunk: string, file: string): 'invalid JSON' | 'invalid YAML' {
  const opensLikeJson = /^\s*(?:\{\s*(?:"|\}|\/|$)|\[(?!\s*\{[{%]))/.test(chunk.replace(/^(?:---|\.\.\.)/, ''));
  return opensLikeJson || file.toLowerCase().endsWith('.json') ? 'invalid JSON' : 'invalid YAML';
}

function syntaxProblem(error: unknown, file: string, text: string, range: DocumentRange, lines: LineIndex): Problem {
  const chunk = text.slice(range.start, range.end);
  const what = invalidWhat(chunk, file);
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number; position?: number } | undefined;
    // js-yaml reads the document with a line break added, so an error at its end is placed on a
    // line after the last one: place it after the document's last character instead.
    if (mark?.position !== undefined && mark.position >= chunk.length) {
      let offset = range.end;
      while (offset > range.start && text[offset - 1] === '\n') offset--;
      const end = lines.position(offset);
      return { code: 'yaml-syntax', message: `${what}: ${error.reason}`, location: { file, line: end.line, column: end.column } };
    }
    const line = lines.position(range.start).line + (mark?.line ?? 0);
    const column = (mark?.column ?? 0) + 1;
    // Deep nesting is valid YAML that kubectl reads: say it is this reader's limit, not an error in the file.
    if (error.reason.startsWith('nesting exceeded maxDepth')) {
      return { code: 'yaml-too-deep', message: `not read: nested more than ${MAX_YAML_DEPTH} levels deep, the most Rampart reads (kubectl reads up to 10000)`, location: { file, line, column } };
    }
    return { code: 'yaml-syntax', message: `${what}: ${error.reason}`, location: { file, line, column } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'yaml-syntax', message: `${what}: ${message}`, location: { file, line: lines.position(range.start).line } };
}

function countKeyEvents(events: Int32Array): number {
  let keys = 0;
  for (let i = 0; i < events.length; i++) if (events[i] === JSON_KEY_EVENT) keys++;
  return keys;
}

/** The keys of every object in a parsed JSON value. */
function countKeys(value: unknown): number {
  let keys = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      for (const item of next) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    for (const key in next) {
      keys++;
      const item = (next as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return keys;
}
