/*
 * Differential test of how a file splits into documents, against kubectl's reader (apimachinery
 * v0.37.2's YAMLOrJSONDecoder, test/oracles/yaml): streams of JSON objects one after another
 * (`{...}{...}`, one per line as `jq -c` writes them), and such streams broken or followed by YAML.
 * kubectl reads them as JSON while it can, and as YAML from where one breaks while the stream is
 * still ambiguous (within its first two objects). Both must read the same documents; where kubectl
 * stops at an error, Rampart must report one and have read the same documents before it (it goes on
 * after it, as it does for any broken document).
 *
 *   YAML_ORACLE_RUNS=5000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-streams.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, type KubectlStreamAnswer, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { MARKER_AS_TEXT, type ParsedFile, parseManifests } from '../../src/k8s/yaml/parse.js';
import { decodeUtf8 } from '../../src/inputs/utf8.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261206);

const oracle = useYamlOracle();

/*
 * Left out: a key written twice in an object, which kubectl's JSON reader takes (the API server's
 * strict field validation then refuses it) and Rampart refuses at once, as it does in YAML.
 */
/*
 * Also allowed where it occurs: go-yaml stops reading a document at the end of a flow collection
 * that is its root, and ignores what follows unless its scanner's look-ahead fails there (`{"a": 1}`
 * then `foo: bar` on the next line reads as {"a": 1}). Rampart ignores it too where it can tell the
 * look-ahead succeeds (root-flow-trailer.ts), and refuses the document otherwise, as js-yaml does:
 * after a collection on one line with a ':' after it, or text that does not read as YAML alone.
 * kubectl meets this when a stream falls back to YAML at a broken second object followed by more
 * objects.
 */
const AFTER_ROOT = 'end of the stream or a document separator is expected';

const JSON_OBJECTS = [
  '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}',
  '{"kind":"Pod","spec":{"containers":[{"name":"x","args":["}{", "\\"]"]}]}}',
  '{\n  "kind": "Service",\n  "spec": {\n    "ports": [{"port": 80}]\n  }\n}',
  '{}',
  '{"n": 1.5, "t": true, "z": null, "e": "\\u00e9\\n"}',
];
// Objects JSON does not read: some YAML does (a trailing comma, a comment), some nothing does.
const BROKEN_OBJECTS = ['{"a": 1,}', '{"a": 1 # no\n}', '{"a": }', '{"a": "open', '{"a": [1, 2}'];
const SEPARATORS = ['', ' ', '\n', '\r\n', '\n\n', '\t \n  '];
const TAILS = ['---\nkind: Y\n', 'kind: Y\n', ' kind: Y', '[1, 2]\n', '---\n{"b": 2}\n', 'null\n', '# comment only\n', '{"a": 1'];

const stream = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: fc.constantFrom(...JSON_OBJECTS), weight: 6 }, { arbitrary: fc.constantFrom(...BROKEN_OBJECTS), weight: 1 }), { minLength: 1, maxLength: 5 }),
    fc.array(fc.constantFrom(...SEPARATORS), { minLength: 6, maxLength: 6 }),
    fc.option(fc.constantFrom(...TAILS), { freq: 3 }),
  )
  .map(([objects, separators, tail]) => objects.map((object, i) => `${object}${separators[i]}`).join('') + (tail ?? ''));

/**
 * Rampart's reading of a file against kubectl's: the same documents, or an error where kubectl
 * errs (kubectl stops at its first error and Rampart reads on, so what kubectl read comes first).
 * The one difference allowed is text after a document's first node that Rampart cannot tell go-yaml
 * lets go (see AFTER_ROOT): Rampart then misses the documents it refused, no other; `tally` counts
 * such deviations and kubectl's errors. A document that starts with a '---#' line kubectl keeps is
 * a plain scalar to go-yaml, or an error: no object kubectl can apply. Rampart refuses it where it
 * does not read (MARKER_AS_TEXT); such documents are left out of the comparison on both sides.
 */
function compareWithKubectl(text: string, file: ParsedFile, answer: KubectlStreamAnswer, tally: { errors: number; deviations: number }): void {
  const notMarkerText = (value: unknown) => !(typeof value === 'string' && value.startsWith('---#'));
  const parsed = { ...file, problems: file.problems.filter((p) => p.message !== MARKER_AS_TEXT) };
  const refusedMarkerText = parsed.problems.length < file.problems.length;
  const theirs = { ...answer, documents: answer.documents.filter(notMarkerText) };
  const mine = parsed.documents.map((d) => d.value).filter(notMarkerText);
  const context = `${JSON.stringify(text)}\nkubectl: ${JSON.stringify(answer)}\nrampart: ${JSON.stringify({ documents: file.documents.map((d) => d.value), problems: file.problems.map((p) => p.message) })}`;
  const afterRoot = parsed.problems.some((p) => p.message.includes(AFTER_ROOT));
  if (theirs.error === undefined && parsed.problems.length > 0 && parsed.problems.every((p) => p.message.includes(AFTER_ROOT))) {
    tally.deviations++;
    expect(isSubsequence(mine, theirs.documents), context).toBe(true);
  } else if (theirs.error === undefined) {
    expect(parsed.problems, context).toEqual([]);
    expect(mine, context).toEqual(theirs.documents);
  } else {
    tally.errors++;
    expect(parsed.problems.length + (refusedMarkerText ? 1 : 0), context).toBeGreaterThan(0);
    if (afterRoot) tally.deviations++;
    else expect(mine.slice(0, theirs.documents.length), context).toEqual(theirs.documents);
  }
}

function isSubsequence(some: readonly unknown[], all: readonly unknown[]): boolean {
  let i = 0;
  for (const value of all) if (i < some.length && JSON.stringify(value) === JSON.stringify(some[i])) i++;
  return i === some.length;
}

describe.skipIf(!HAVE_GO)('streams of JSON objects vs kubectl (apimachinery YAMLOrJSONDecoder, differential)', () => {
  it('reads real streams: kubectl test data and jq -c output', () => {
    const texts = [
      '{\n   "kind":"Service",\n   "apiVersion":"v1"\n}\n{\n   "kind":"ReplicationController",\n   "apiVersion":"v1"\n}\n',
      '{"apiVersion": "v1", "kind": "ConfigMap"}\n{"apiVersion": "v1", "kind": "ConfigMap"}\n',
      '{"kind":"Pod"}{"kind":"Pod"}',
    ];
    const expected = oracle().readStreams(texts);
    texts.forEach((text, i) => {
      const parsed = parseManifests(text, 'stream.json');
      expect(parsed.problems, text).toEqual([]);
      expect(parsed.documents.map((d) => d.value), text).toEqual(expected[i]?.documents);
      expect(expected[i]?.documents.length).toBeGreaterThan(1);
    });
  });

  it(`reads ${RUNS} random streams as kubectl does (seed ${SEED})`, () => {
    const texts = fc.sample(stream, { numRuns: RUNS, seed: SEED });
    const expected = oracle().readStreams(texts);
    const tally = { errors: 0, deviations: 0 };
    texts.forEach((text, i) => compareWithKubectl(text, parseManifests(text, 'stream.json'), expected[i]!, tally));
    const { errors, deviations } = tally;
    // The sample holds both outcomes.
    expect(errors).toBeGreaterThan(RUNS / 20);
    expect(errors).toBeLessThan(RUNS - RUNS / 20);
    expect(deviations).toBeLessThan(RUNS / 5);
  });

  it('reads byte order marks as kubectl does: one starting a document is not content, any other is', () => {
    const B = '\ufeff';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  hostNetwork: true\n';
    const texts = [
      `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n${B}${pod}`,
      `${B}a: 1\n---\n${B}${pod}`,
      `a: 1\r\n--- # next\r\n${B}b:\r\n  c: 1\r\nd: 2\r\n`,
      `a: 1\n---\n${B}- 1\n- 2\n`,
      `a: 1\n---\n${B}{"b": 2}\n`,
      `{"a": 1}\n${B}{"b": 2}\n`,
      `a: 1\n---\n${B}\n---\nb: 2\n`,
      `a: 1\n---\n${B}# only a comment\n`,
      // Content to go-yaml: after a comment or a blank line, on a later line, within a line.
      `a: 1\n---\n# c\n${B}b: 2\nc: 3\n`,
      `a: 1\n---\n\n${B}b: 2\n`,
      `a: 1\n---\nb: 1\n${B}c: 2\n`,
      `a: 1\n---\nb:\n${B}  c: 2\n`,
      `a: 1\n---\nb: ${B}x\n`,
      `\n${B}{"b": 2}\n`,
      // Errors to both: a mark before `---`, or on the separator's line.
      `a: 1\n${B}---\nb: 2\n`,
      `a: 1\n--- ${B}b: 2\nc: 3\n`,
    ];
    const expected = oracle().readStreams(texts);
    texts.forEach((text, i) => {
      const theirs = expected[i]!;
      const parsed = parseManifests(text, 'bom.yaml');
      const context = `${JSON.stringify(text)}\nkubectl: ${JSON.stringify(theirs)}\nrampart: ${JSON.stringify(parsed)}`;
      if (theirs.error === undefined) {
        expect(parsed.problems, context).toEqual([]);
        expect(parsed.documents.map((d) => d.value), context).toEqual(theirs.documents);
      } else {
        expect(parsed.problems.length, context).toBeGreaterThan(0);
      }
    });
    // The cases hold both readings of a mark, and errors.
    expect(expected[0]?.documents[1]).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { hostNetwork: true } });
    expect(expected[8]?.documents[1]).toHaveProperty(`${B}b`, 2);
    expect(expected.filter((answer) => answer.error !== undefined)).toHaveLength(2);
  });

  it('locates the fields of every object of a stream in the file', () => {
    const text = '{"kind": "Pod", "metadata": {"name": "a"}}\n{\n  "kind": "Pod",\n  "metadata": {"name": "b"}\n}\n';
    const [first, second] = parseManifests(text, 'stream.json').documents;
    expect([first?.line, first?.locator.locate(['metadata', 'name'])]).toEqual([1, { line: 1, column: 30 }]);
    expect([second?.index, second?.line, second?.locator.locate(['metadata', 'name'])]).toEqual([1, 2, { line: 4, column: 16 }]);
  });

});

describe.skipIf(!HAVE_GO)("--- and '...' lines and directives vs kubectl (apimachinery YAMLReader and go-yaml, differential)", () => {
  const LINES = ['kind: A', 'kind: B', 'x: 1', '...', '... # end', '... x', '---', '--- # c', '---   ', '--- x', '--- {kind: C}', '----', '---#c', '---#', '---# c', '# c', '', '  y: 2', '- 1', '%YAML 1.1', '%TAG ! tag:x,2000:', '%FOO', '%YAML 1.1 x', '%'];
  const text = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 8 }).map((lines) => lines.map((l) => `${l}\n`).join(''));

  it(`reads ${RUNS} random streams of documents, separators, document ends and directives as kubectl does (seed ${SEED})`, () => {
    const texts = fc.sample(text, { numRuns: RUNS, seed: SEED });
    const expected = oracle().readStreams(texts);
    const tally = { errors: 0, deviations: 0 };
    texts.forEach((t, i) => {
      const parsed = parseManifests(t, 'stream.yaml');
      // Left out: a key written twice, which go-yaml takes the last of and Rampart refuses (parse.ts).
      if (parsed.problems.some((p) => p.message.includes('duplicated mapping key'))) return;
      compareWithKubectl(t, parsed, expected[i]!, tally);
    });
    const { errors, deviations } = tally;
    expect(deviations).toBeLessThan(RUNS / 20);
    expect(errors).toBeGreaterThan(RUNS / 20);
    expect(errors).toBeLessThan(RUNS - RUNS / 20);
  });
});

describe.skipIf(!HAVE_GO)('bytes that are not UTF-8 vs kubectl (apimachinery YAMLOrJSONDecoder and go-yaml, differential)', () => {
  // Lines of a file saved in a legacy encoding, or broken otherwise: a Windows-1252 apostrophe, a
  // Latin-1 é (before a line end, a character, the end of the file), an encoded surrogate, an
  // overlong form, a code point past U+10FFFF, a sequence cut short; beside valid lines and
  // separators. '...' lines are left out: go-yaml reads the bytes after one only as far as its
  // reader's window of 512 bytes goes, and Rampart refuses them wherever they are.
  const LINES = ['kind: A', 'kind: B', 'x: 1', '# don\x92t run as root', 'name: caf\xe9', 'name: caf\xe9s', 'n: \xed\xa0\x80', 'n: \xc0\x80', 'n: \xf4\x90\x80\x80', 'n: \xe2\x82', 'caf\xe9: 1', 'ok: caf\xc3\xa9', 'name: caf\xe9\r', '---', '--- # c', '# c', ''];
  const bytes = (line: string) => Buffer.from(line, 'latin1');
  const stream = fc
    .tuple(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([lines, lastLineEnd]) => Buffer.concat(lines.map((l, i) => Buffer.concat([bytes(l), Buffer.from(i < lines.length - 1 || lastLineEnd ? '\n' : '')]))));

  it(`refuses the documents kubectl refuses, with its reason, and reads the others as it does (${RUNS} random streams, seed ${SEED})`, () => {
    const streams = fc.sample(stream, { numRuns: RUNS, seed: SEED });
    const expected = oracle().readByteStreams(streams);
    let refused = 0;
    streams.forEach((bytesOfFile, i) => {
      const theirs = expected[i]!;
      const { text, notUtf8 } = decodeUtf8(bytesOfFile);
      const parsed = parseManifests(text, 'legacy.yaml', notUtf8);
      // Left out: a key written twice, which go-yaml takes the last of and Rampart refuses (parse.ts).
      if (parsed.problems.some((p) => p.message.includes('duplicated mapping key'))) return;
      const mine = parsed.documents.map((d) => d.value);
      const context = `${JSON.stringify(bytesOfFile.toString('latin1'))}\nkubectl: ${JSON.stringify(theirs)}\nrampart: ${JSON.stringify({ documents: mine, problems: parsed.problems.map((p) => p.message) })}`;
      if (theirs.error === undefined) {
        expect(parsed.problems, context).toEqual([]);
        expect(mine, context).toEqual(theirs.documents);
        return;
      }
      expect(parsed.problems.length, context).toBeGreaterThan(0);
      expect(mine.slice(0, theirs.documents.length), context).toEqual(theirs.documents);
      const reason = /yaml: ((?:invalid|incomplete) [^:]*(?:octet|sequence|character))$/.exec(theirs.error)?.[1];
      if (reason === undefined) return;
      refused++;
      // kubectl stops at the first document it refuses: Rampart's first error is that one, for the same reason.
      expect(parsed.problems[0]?.message, context).toContain(`("${reason}")`);
    });
    expect(refused).toBeGreaterThan(RUNS / 4);
  });

  it('reads a stream of JSON objects with U+FFFD in place of those bytes, as kubectl does, and refuses what it reads as YAML', () => {
    const streams = ['{"name": "caf\xe9"}\n', '{"a": 1}\n{"b": "\x92quoted\x94", "c": "\xe9\xe9"}\n', '{"a": "caf\xe9"}\n---\nb: 2\n', ' \n\t{"a": "caf\xe9"}\n'].map((s) => Buffer.from(s, 'latin1'));
    const expected = oracle().readByteStreams(streams);
    streams.forEach((bytesOfFile, i) => {
      const { text, notUtf8 } = decodeUtf8(bytesOfFile);
      const parsed = parseManifests(text, 'legacy.json', notUtf8);
      expect(parsed.problems).toEqual([]);
      expect(parsed.documents.map((d) => d.value)).toEqual(expected[i]?.documents);
    });
    expect(expected[1]?.documents[1]).toEqual({ b: '\uFFFDquoted\uFFFD', c: '\uFFFD\uFFFD' });
    // Not JSON to kubectl: after a byte order mark or a comment, or in a '[' (go-yaml reads those).
    const yamlStreams = ['\xef\xbb\xbf{"a": "caf\xe9"}\n', '# c\n{"a": "caf\xe9"}\n', '[1, "caf\xe9"]\n'].map((s) => Buffer.from(s, 'latin1'));
    const refused = oracle().readByteStreams(yamlStreams);
    yamlStreams.forEach((bytesOfFile, i) => {
      const { text, notUtf8 } = decodeUtf8(bytesOfFile);
      expect(refused[i]?.error).toMatch(/UTF-8/);
      expect(parseManifests(text, 'legacy.json', notUtf8).problems.map((p) => p.message)).toEqual([expect.stringMatching(/: not UTF-8 /)]);
    });
  });
});
