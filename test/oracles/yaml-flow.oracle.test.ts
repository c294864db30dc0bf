/*
 * Differential test of flow collections and anchor names (src/k8s/yaml/go-flow.ts) against
 * sigs.k8s.io/yaml with go-yaml v2, what kubectl and the API server read manifests with (see
 * yaml-oracle.ts). Random documents hold flow sequences and mappings, nested and over several
 * lines, whose plain scalars are made of the characters go-yaml and js-yaml read differently there
 * (`?`, `:`, `-`, `#`, brackets), next to quoted scalars, `key: value` pairs, explicit `? key`
 * entries, anchors (with names go-yaml refuses too) and aliases. Rampart must refuse exactly the
 * documents go-yaml refuses and read the others to the same JSON.
 *
 * Left out, as go-flow.ts says: tags in flow collections; `?` written without a space before a key
 * (which Rampart refuses with its own words; a unit test has it); an anchor name followed by
 * something other than a space or a flow indicator.
 *
 * Text after a document that is one flow collection, which sigs.k8s.io/yaml ignores unless its
 * scanner's look-ahead fails there, has a test of its own: Rampart lets go only text that go-yaml
 * lets go (root-flow-trailer.ts), and refuses the rest as before.
 *
 *   YAML_ORACLE_RUNS=20000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-flow.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { type GoYamlAnswer, HAVE_GO, useYamlOracle, YAML_ORACLE_RUNS, yamlOracleSeed } from './yaml-oracle.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261208);
const oracle = useYamlOracle();

const PIECES = ['a', 'b1', 'x.y', 'http://svc/h', '?', 'q=1', ':', ':8080', '-', '--f', '-x', '#', ' #c', ' ', '(', '0', '1.5', 'on', '~', '/'];
const plain = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('').trim() || 'a');
const quoted = fc.constantFrom('"a b"', "'c:d'", '"?"', '"-"', "''");
const anchorName = fc.constantFrom('a', 'b-1', 'c_2', 'env.common', 'x/y', '9');
const separator = fc.constantFrom(', ', ',', ',\n  ', ' ,', ',\n');
/** Between a key and its value: a key must end on the line of its ':' unless it is explicit. */
const colon = fc.constantFrom(': ', ': ', ': ', '\n  : ');

type Flow = string;
const flow: fc.Arbitrary<Flow> = fc.letrec<{ node: string; collection: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: plain, weight: 5 },
    { arbitrary: quoted, weight: 1 },
    { arbitrary: fc.tuple(anchorName, fc.constantFrom(' a', ' [b]', '', ':', ': a', ':a')).map(([name, rest]) => `&${name}${rest}`), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom('*a', '*b-1', '*a.b'), fc.constantFrom('', ': x', ':x')).map(([alias, rest]) => `${alias}${rest}`), weight: 1 },
    { arbitrary: tie('collection'), weight: 2 },
  ),
  collection: fc.oneof(
    fc.tuple(fc.array(fc.oneof({ arbitrary: tie('node'), weight: 3 }, { arbitrary: fc.tuple(plain, colon, tie('node')).map(([k, c, v]) => `${k}${c}${v}`), weight: 1 }, { arbitrary: fc.tuple(plain, tie('node')).map(([k, v]) => `? ${k} : ${v}`), weight: 1 }), { maxLength: 4 }), separator).map(([items, sep]) => `[${items.join(sep)}]`),
    fc.tuple(fc.array(fc.oneof({ arbitrary: fc.tuple(plain, colon, tie('node')).map(([k, c, v]) => `${k}${c}${v}`), weight: 3 }, { arbitrary: plain, weight: 1 }, { arbitrary: fc.tuple(plain, tie('node')).map(([k, v]) => `? ${k} : ${v}`), weight: 1 }), { maxLength: 4 }), separator).map(([items, sep]) => `{${items.join(sep)}}`),
  ),
})).collection;

const documentText = fc.tuple(flow, fc.constantFrom('v: ', '- ', 'a:\n  b: ', 'args: ', 'v: &ok ', 'v: &x.y ', '- &a/b ', 'k: &a 1\n*a: ', 'k: &a 1\nv: &b:c ', 'k: &a:\n  ')).map(([f, head]) => `${head}${f}\nafter: 1\n`);

function ours(document: string): GoYamlAnswer {
  const parsed = parseManifests(document, 'doc.yaml');
  const problem = parsed.problems[0];
  if (problem) return { error: problem.message };
  return { json: parsed.documents[0]?.value ?? null };
}

const canonical = (answer: GoYamlAnswer): string => ('error' in answer ? 'error' : JSON.stringify(sorted(answer.json)));

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

describe.skipIf(!HAVE_GO)('flow collections and anchor names vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it(`refuses what go-yaml refuses and reads the rest as it does, in ${RUNS} random documents (seed ${SEED})`, () => {
    const drawn = fc.sample(documentText, { numRuns: RUNS, seed: SEED });
    const answers = oracle().read(drawn);
    let notRead = 0;
    const wrong = drawn.flatMap((text, i) => {
      const theirs = canonical(answers[i]!);
      const answer = ours(text);
      // `?` then a key with no space: Rampart says it does not read it (go-flow.ts).
      if ('error' in answer && answer.error.includes('which Rampart does not read')) {
        notRead++;
        return [];
      }
      // A key written twice: go-yaml keeps the last value, Rampart refuses it as kubectl's strict
      // field validation does (parse.ts).
      if ('error' in answer && answer.error.includes('duplicated mapping key') && 'json' in answers[i]!) return [];
      // A line starting with --- (a plain scalar drawn at a line's start): text to go-yaml, a
      // separator kubectl's reader of files refuses, as Rampart does.
      if ('error' in answer && answer.error.includes('invalid Yaml document separator') && /^---/m.test(text)) return [];
      const mine = canonical(answer);
      return theirs === mine ? [] : [{ text, upstream: answers[i], rampart: answer }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(notRead).toBeLessThan(RUNS / 3);
    // Both outcomes, in numbers.
    expect(answers.filter((a) => 'error' in a).length).toBeGreaterThan(RUNS / 10);
    expect(answers.filter((a) => 'json' in a).length).toBeGreaterThan(RUNS / 10);
  }, 600_000);

  it(`ignores text after a document that is one flow collection only where kubectl does, in ${RUNS} random files (seed ${SEED})`, () => {
    const head = fc.oneof(
      { arbitrary: fc.constantFrom('{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}', '{apiVersion: v1,\n kind: ConfigMap,\n metadata: {name: a}}', '[a, b]', '[a,\n b]', '{"a": [1, 2]}', '# c\n{a: 1}'), weight: 3 },
      { arbitrary: flow, weight: 1 },
    );
    const onClosingLine = fc.constantFrom('', '', '}', '}}', ']', ',', ' }', ' # c', '}# c', '} # c', ' foo', ' - x', ' ? x', ': x', ' : x', ' @', ' "x', '} @');
    const LINES = ['foo: bar', 'kind: Pod', '- x', '@x', '`x', '"abc', '"abc"', "'abc", '\tfoo', '  \tfoo', 'x:\tfoo', '...', '... x', '&a.b x', '&a x', '*a', '!!str x', '!foo x', '|', '|#', '  x', '? x', ': x', '{', '{a', '[a, b]', '[a, @]', '[a,', '@]', '# c', '', 'x: "unterminated', '  z: w', 'foo bar', 'x: y: z', 'a: 1', 'a: 2', '}', '- [a:, ?]'];
    const after = fc.array(fc.constantFrom(...LINES), { maxLength: 4 });
    const fileText = fc.tuple(head, onClosingLine, after).map(([h, line, rest]) => `${h}${line}\n${rest.map((l) => `${l}\n`).join('')}`);
    const drawn = fc.sample(fileText, { numRuns: RUNS, seed: SEED });
    const answers = oracle().readStreams(drawn);
    let letGo = 0;
    let ignoredByKubectl = 0;
    const wrong = drawn.flatMap((text, i) => {
      const theirs = answers[i]!;
      const parsed = parseManifests(text, 'doc.yaml');
      const mine = parsed.documents.map((d) => d.value);
      if (theirs.error === undefined && /[}\]][^\n]*\S/.test(text.slice(text.search(/[}\]][ \t}\],]*(?:#[^\n]*)?\n/)))) ignoredByKubectl++;
      if (parsed.problems.length > 0) return [];
      if (parsed.warnings?.length) letGo++;
      // A '#' after ',' comments out the rest of its line, so lines drawn to follow a collection
      // can end up inside it: tags in flow collections are left to js-yaml (see above).
      else if (text.includes('!')) return [];
      return theirs.error === undefined && JSON.stringify(sorted(mine)) === JSON.stringify(sorted(theirs.documents)) ? [] : [{ text, kubectl: theirs, rampart: mine }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    // Text kubectl ignores is let go in a good share of the files, not refused throughout.
    expect(letGo).toBeGreaterThan(ignoredByKubectl / 4);
  }, 600_000);
});
