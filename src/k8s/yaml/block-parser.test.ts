import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yaml';
import { blockParserApplies, parseBlockDocument } from './block-parser.js';
import { KUBERNETES_SCHEMA } from './kubernetes-schema.js';
import { LineIndex } from './line-index.js';
import { TreeLocator } from './locator.js';
import { parseManifests } from './parse.js';
import { PositionRecorder } from './position-recorder.js';
import { PositionLog } from './position-tree.js';
import { hasContent, splitDocuments } from './split-documents.js';

/*
 * The block parser is a fast path in front of js-yaml: whenever it returns a document, the value
 * and every located position must be exactly what js-yaml and its position log give.
 */

const recorder = new PositionRecorder();

type Path = (string | number)[];

function* pathsOf(value: unknown, at: Path = []): Generator<Path> {
  yield at;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* pathsOf(value[i], [...at, i]);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) yield* pathsOf(v, [...at, k]);
}

function locatorFor(events: Int32Array, value: unknown, text: string, lines: LineIndex, start: number): TreeLocator {
  const log = new PositionLog(events, start);
  const root = log.roots()[0];
  return new TreeLocator(() => (root === undefined ? undefined : { log, root }), value, text, lines, start);
}

/** Parses every document of `text` both ways; returns how many the fast path took. */
function compareWithJsYaml(text: string): { documents: number; fast: number } {
  const lines = new LineIndex(text);
  let documents = 0;
  let fast = 0;
  const applies = blockParserApplies(text);
  for (const range of splitDocuments(text)) {
    if (!hasContent(text, range)) continue;
    documents++;
    const ours = applies ? parseBlockDocument(text, range.start, range.end) : undefined;
    let values: unknown[];
    try {
      values = yaml.loadAll(text.slice(range.start, range.end), null, { schema: KUBERNETES_SCHEMA, listener: recorder.listener });
    } catch (error) {
      recorder.take();
      expect(ours, `the fast path accepted what js-yaml rejects (${String(error)}):\n${text.slice(range.start, range.end)}`).toBeUndefined();
      continue;
    }
    const events = recorder.take();
    if (!ours) continue;
    fast++;
    const loaded = values.filter((v) => v !== null && v !== undefined);
    expect(loaded.length, text).toBe(1);
    if (!isDeepStrictEqual(ours.value, loaded[0])) expect(ours.value, text).toEqual(loaded[0]);
    const theirs = locatorFor(events, loaded[0], text, lines, range.start);
    const mine = locatorFor(ours.events, ours.value, text, lines, range.start);
    for (const p of pathsOf(ours.value)) expect(mine.locate(p), `${JSON.stringify(p)} in\n${text}`).toEqual(theirs.locate(p));
  }
  return { documents, fast };
}

/**
 * Reads `text` with CRLF line ends through parseManifests, and the same bytes with js-yaml: the
 * same documents, values, and line and column of every field. Returns false when js-yaml rejects
 * the stream.
 */
function compareCrlfWithJsYaml(lfText: string): boolean {
  const text = lfText.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n');
  let values: unknown[];
  try {
    values = yaml.loadAll(text, null, { schema: KUBERNETES_SCHEMA, listener: recorder.listener });
  } catch {
    recorder.take();
    return false;
  }
  const log = new PositionLog(recorder.take(), 0);
  const roots = log.roots();
  const lines = new LineIndex(text);
  const theirs = values.flatMap((value, i) => {
    const root = roots[i];
    if (value === null || value === undefined) return [];
    return [{ value, locator: new TreeLocator(() => (root === undefined ? undefined : { log, root }), value, text, lines, 0) }];
  });
  const ours = parseManifests(text, 'crlf.yaml');
  // js-yaml reads what kubectl refuses (.inf, .nan): there the LF reading's refusal is the answer.
  const lf = parseManifests(text.replaceAll('\r\n', '\n'), 'crlf.yaml');
  expect(ours.problems).toEqual(lf.problems);
  if (ours.problems.length > 0) return false;
  expect(ours.documents.length).toBe(theirs.length);
  ours.documents.forEach((doc, i) => {
    const expected = theirs[i] as (typeof theirs)[number];
    if (!isDeepStrictEqual(doc.value, expected.value)) expect(doc.value, text).toEqual(expected.value);
    for (const p of pathsOf(doc.value)) expect(doc.locator.locate(p), `${JSON.stringify(p)} in\n${text}`).toEqual(expected.locator.locate(p));
  });
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

describe('block parser', () => {
  it('agrees with js-yaml on every document of the corpus, and takes almost all of them', () => {
    let documents = 0;
    let fast = 0;
    for (const file of yamlFiles(path.resolve(import.meta.dirname, '../../../test/corpus'))) {
      const result = compareWithJsYaml(readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
      documents += result.documents;
      fast += result.fast;
    }
    expect(documents).toBeGreaterThan(1000);
    expect(fast / documents).toBeGreaterThan(0.95);
  });

  it.each([
    ['block mappings, compact and indented sequences', 'a: 1\nb:\n  c: x\n  d:\n  - 1\n  - y: 2\n    z: [1, "q", \'r\']\ne: {f: g, h: {}}\nl: []\n'],
    ['comments and blank lines everywhere', '--- # first\n# lead\n\na: 1 # one\n\n  # indented\nb: # nothing here\n  - x # item\n\n  - y\n# tail\n'],
    ['Kubernetes resolution of plain scalars and keys', 'on: yes\n8080: 0644\nnone: ~\nx: 1_000\nf: .5\nt: 2024-01-01\nq: "on"\ns: \'0644\'\nn: -0x10\nh: 0x1F\nbig: 18446744073709551615\n'],
    ['literal block scalars and chomping', 'a: |\n  one\n   two\n\n  three\nb: |-\n  x\n\nc: |+\n  y\n\n\nd: |\n  #not a comment\n\n\ne: 1\n'],
    ['multi-line plain scalars', 'a: one\n  two\n\n  three\n\n\n  four\nb:\n  under the key\n  and on\nc:\n- item\n  continued\n'],
    ['escapes in double-quoted scalars', 'a: "tab\\there \\"q\\" \\\\ \\u00e9 \\x41 \\/ \\N\\_\\L\\P"\nb: \'it\'\'s\'\n"quoted key": 1\n\'single key\': 2\n'],
    ['a sequence at the root, and URLs and colons in scalars', '- http://example.com:8080/x\n- a:b\n- key: value:with:colons\n  other: "x: y"\n'],
    ['flow collections with quoted keys and nested flows', 'a: {"k": [1, {b: c}], \'l\': "m"}\nb: [ ]\nc: [a, [b, [c]]]\n'],
    ['a file without a final newline', 'a: 1\nb: |\n  text'],
    ['folded block scalars', 'a: >\n  one\n  two\n\n  three\n    more\n    indented\n  back\nb: >-\n\n  x\n   y\nc: >+\n  z\n\n\nd: 1\n'],
    ['quoted scalars over several lines', 'a: "one\n  two  \n\n   three \\\n   four\\"\n   five"\nb: \'it\'\'s\n  folded\'\nc:\n  "on its own line,\n  and the next"\n'],
    ['continuation lines that start with indicators', 'a: one\n  - two\n  [three] "four" *five &six !seven |eight >nine\nb: 1\n'],
  ])('takes the fast path for %s', (_name, text) => {
    expect(compareWithJsYaml(text)).toEqual({ documents: 1, fast: 1 });
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['multi-line quoted keys', '"one\n  two": 1\n'],
    ['unterminated quoted scalars', 'a: "one\n  two\n'],
    ['multi-line flow collections', 'a: [1,\n  2]\n'],
    ['a mapping where a scalar belongs', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a tab', 'a:\tb\n'],
    ['complex keys', '? a\n: b\n'],
    ['null keys and integer keys past a number\'s precision (the parser then tells those kubectl refuses)', '~: 1\n'],
    ['integer keys past a number\'s precision', '9223372036854775807: 1\n'],
    ['null keys in flow mappings', 'a: {null: 1}\n'],
    ['a scalar document', 'just text\n'],
  ])('leaves %s to js-yaml', (_name, text) => {
    const applies = blockParserApplies(text);
    const ranges = splitDocuments(text).filter((r) => hasContent(text, r));
    expect(ranges.every((r) => !applies || parseBlockDocument(text, r.start, r.end) === undefined)).toBe(true);
    compareWithJsYaml(text);
  });

  it.each([40, 63, 64, 65, 99, 100, 101, 150])('agrees with js-yaml on documents nested %i levels deep', (levels) => {
    const mappings = Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n');
    const sequences = Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}- k${i}:`).join('\n');
    const flows = `a: ${'['.repeat(levels)}1${']'.repeat(levels)}`;
    for (const text of [`${mappings} x\n`, `${sequences} x\n`, `${flows}\n`]) {
      const { fast } = compareWithJsYaml(text);
      // A level of the sequence form is two nodes (the item's mapping, the key's sequence).
      if (levels <= 60 && !text.startsWith('-')) expect(fast).toBe(1);
    }
  });

  const key = fc.oneof(fc.constantFrom('name', 'on', '8080', 'a b', 'key:with:colons', "it's", 'ünï', '-x', '#h'), fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/));
  const scalar = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('yes', '0644', 'multi\nline\n', 'a long line of words that a writer may fold into several lines', '# x', 'x: y', '- z', '"q"', "'s'", ' lead', 'trail '),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
    map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    list: fc.array(tie('node'), { maxLength: 3 }),
  })).map;
  const writers: Array<(v: unknown) => string> = [
    (v) => Y.stringify(v),
    (v) => Y.stringify(v, { indentSeq: false, lineWidth: 20, minContentWidth: 5 }),
    (v) => Y.stringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    (v) => Y.stringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 20, minContentWidth: 5 }),
    (v) => Y.stringify(v, { defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN', lineWidth: 20, minContentWidth: 5 }),
    (v) => Y.stringify(v, { collectionStyle: 'flow' }),
    (v) => yaml.dump(v, { noRefs: true, lineWidth: 24 }),
    (v) => yaml.dump(v, { noRefs: true, flowLevel: 2 }),
  ];
  const document = fc.tuple(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.integer({ min: 0, max: writers.length - 1 })).map(([value, w]) => (writers[w] as (v: unknown) => string)(value));

  it('agrees with js-yaml on random documents in many styles', () => {
    fc.assert(
      fc.property(document, (text) => {
        compareWithJsYaml(text);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with js-yaml on random literal and folded block scalars', () => {
    const line = fc.oneof(fc.constant(''), fc.stringMatching(/^ {0,3}[a-z#:'" -]{0,8}$/));
    const scalar = fc.record({
      style: fc.constantFrom('|', '>'),
      chomp: fc.constantFrom('', '-', '+'),
      indent: fc.integer({ min: 1, max: 4 }),
      lines: fc.array(line, { minLength: 1, maxLength: 8 }),
      blankAfter: fc.integer({ min: 0, max: 2 }),
    });
    let fast = 0;
    fc.assert(
      fc.property(scalar, ({ style, chomp, indent, lines, blankAfter }) => {
        const body = lines.map((l) => (l === '' ? '' : ' '.repeat(2 + indent) + l)).join('\n');
        fast += compareWithJsYaml(`a:\n  b: ${style}${chomp}\n${body}\n${'\n'.repeat(blankAfter)}  c: 1\n`).fast;
      }),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(250);
  });

  // Edits of valid documents reach the corners: whatever the fast path accepts, js-yaml must
  // accept too, with the same value and positions.
  const edit = fc.tuple(fc.nat(), fc.constantFrom(':', ' ', '-', '#', '"', "'", '|', '>', '[', ']', '{', '}', ',', '\n', '  ', '\n  ', '\n- ', '&', '*', '!', '?', '\\', 'x', ''), fc.nat({ max: 3 }));
  it('never accepts what js-yaml reads differently, for random edits of valid documents', () => {
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let mutated = text;
        for (const [at, insert, remove] of edits) {
          const p = at % (mutated.length + 1);
          mutated = mutated.slice(0, p) + insert + mutated.slice(p + remove);
        }
        compareWithJsYaml(mutated);
      }),
      { numRuns: 1500 },
    );
  });

  describe('CRLF line ends', () => {
    it('read every corpus file as js-yaml reads it with CRLF line ends: same values and locations', () => {
      let compared = 0;
      for (const file of yamlFiles(path.resolve(import.meta.dirname, '../../../test/corpus'))) {
        if (compareCrlfWithJsYaml(readFileSync(file, 'utf8').replace(/^\ufeff/, ''))) compared++;
      }
      expect(compared).toBeGreaterThan(300);
    });

    it('take the fast path: js-yaml is not asked', () => {
      const loadAll = vi.spyOn(yaml, 'loadAll');
      try {
        const parsed = parseManifests('apiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  a: |\r\n    one\r\n    two\r\n---\r\nb: "x\r\n  y"\r\n', 'crlf.yaml');
        expect(parsed.documents.map((d) => d.value)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'one\ntwo\n' } }, { b: 'x y' }]);
        expect(parsed.documents[1]?.locator.locate(['b'])).toEqual({ line: 8, column: 1 });
        expect(loadAll).not.toHaveBeenCalled();
        // A lone carriage return is a line break to YAML too: such a file goes to js-yaml as written.
        expect(parseManifests('a: 1\rb: 2\r\n', 'cr.yaml').documents.map((d) => d.value)).toEqual([{ a: 1, b: 2 }]);
        expect(loadAll).toHaveBeenCalled();
      } finally {
        loadAll.mockRestore();
      }
    });

    it('read random documents and block scalars as js-yaml does', () => {
      const blockScalar = fc
        .tuple(fc.constantFrom('|', '>'), fc.constantFrom('', '-', '+'), fc.array(fc.oneof(fc.constant(''), fc.stringMatching(/^ {0,3}[a-z#:'" -]{0,8}$/)), { minLength: 1, maxLength: 6 }))
        .map(([style, chomp, lines]) => `a:\n  b: ${style}${chomp}\n${lines.map((l) => (l === '' ? '' : `    ${l}`)).join('\n')}\n  c: 1\n`);
      fc.assert(
        fc.property(fc.oneof(document, blockScalar), (text) => {
          compareCrlfWithJsYaml(text);
        }),
        { numRuns: 400, examples: [['name:\n  a:\n    name: -.inf\na: {}\n']] },
      );
    });
  });
});
