/*
 * Differential test of block scalar headers against kubectl's reader (go-yaml v2 through
 * sigs.k8s.io/yaml, test/oracles/yaml): a comment right after the header (`key: |#note`), which
 * go-yaml reads as a comment and js-yaml refuses, beside headers with indicators, comments after
 * white space, text go-yaml refuses there, and `|#` inside scalars where it is text.
 *
 *   YAML_ORACLE_RUNS=5000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-block-headers.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261208);

const oracle = useYamlOracle();

const HEADERS = ['|', '>', '|-', '>+', '|2', '|-2', '>2-'];
const AFTER = ['#', '#c', '# c', ' #c', '  # c', 'x', ' x', '#c: d', '#"'];
const BODIES = ['  text', '  two words', '   indented', '  a: b', '  # not a comment', '', '  |#x'];
const NEXT = ['', 'k: v', 'k: "q |#r"', 'k: plain |#s', '- item', 'k: |#t\n  u'];

describe.skipIf(!HAVE_GO)('block scalar headers vs kubectl (go-yaml v2, differential)', () => {
  const document = fc
    .tuple(fc.constantFrom('key: ', '- ', 'a:\n  key: '), fc.constantFrom(...HEADERS), fc.constantFrom(...AFTER), fc.array(fc.constantFrom(...BODIES), { minLength: 1, maxLength: 3 }), fc.constantFrom(...NEXT))
    .map(([lead, header, after, body, next]) => {
      const indent = lead.startsWith('a:') ? '  ' : '';
      return `${lead}${header}${after}\n${body.map((l) => (l === '' ? '' : indent + l)).join('\n')}\n${next === '' ? '' : (lead === '- ' && !next.startsWith('- ') ? '' : indent) + next}\n`;
    });

  it(`reads ${RUNS} random documents with block scalar headers as kubectl does (seed ${SEED})`, () => {
    const texts = fc.sample(document, { numRuns: RUNS, seed: SEED });
    const expected = oracle().readStreams(texts);
    let agreed = 0;
    let refusedByBoth = 0;
    texts.forEach((t, i) => {
      const theirs = expected[i]!;
      const parsed = parseManifests(t, 'block.yaml');
      const context = `${JSON.stringify(t)}\nkubectl: ${JSON.stringify(theirs)}\nrampart: ${JSON.stringify({ documents: parsed.documents.map((d) => d.value), problems: parsed.problems.map((p) => p.message) })}`;
      if (theirs.error === undefined) {
        expect(parsed.problems, context).toEqual([]);
        expect(parsed.documents.map((d) => d.value), context).toEqual(theirs.documents);
        agreed++;
      } else {
        expect(parsed.problems.length, context).toBeGreaterThan(0);
        refusedByBoth++;
      }
    });
    // Both outcomes are met often enough to mean something.
    expect(agreed).toBeGreaterThan(RUNS / 5);
    expect(refusedByBoth).toBeGreaterThan(RUNS / 20);
  });
});
