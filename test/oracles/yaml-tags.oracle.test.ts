/*
 * Differential test of tagged nodes against sigs.k8s.io/yaml v1.6.0 with go-yaml v2.4.4, what the
 * API server and kubectl read manifests with (test/oracles/yaml): the standard tags (`!!str`,
 * `!!int`, `!!binary`, `!!timestamp`, `!!set`...), the non-specific `!`, and tags go-yaml does not
 * know (CloudFormation's `!Ref`, mkdocs' `!!python/name:...`), which it reads as if the node were
 * untagged, a scalar as a string. Both must read a document the same way, or both refuse it.
 *
 *   YAML_ORACLE_RUNS=5000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-tags.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GoYamlAnswer, HAVE_GO, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261206);

const oracle = useYamlOracle();

function ours(document: string): GoYamlAnswer {
  const parsed = parseManifests(document, 'doc.yaml');
  const problem = parsed.problems[0];
  if (problem) return { error: problem.message };
  return { json: parsed.documents[0]?.value ?? null };
}

/** Both read the document to the same value, or both refuse it (the messages differ). */
function compare(documents: readonly string[]): void {
  const expected = oracle().read(documents);
  documents.forEach((document, i) => {
    const theirs = expected[i] as GoYamlAnswer;
    const mine = ours(document);
    if ('error' in theirs) expect('error' in mine, `${document}\ngo-yaml: ${theirs.error}`).toBe(true);
    else expect(mine, document).toEqual(theirs);
  });
}

const TAGS = [
  '', '!', '!Ref', '!Sub', '!GetAtt', '!!python/name:pymdownx.superfences.fence_code_format', '!<tag:example.com,2000:app/x>',
  '!!str', '!!int', '!!float', '!!bool', '!!null', '!!binary', '!!timestamp', '!!set', '!!omap', '!!map', '!!seq', '!!merge',
];
const SCALARS = ['word', 'yes', 'off', '~', '0644', '0x1F', '1_000', '3.5', '-.inf', '2001-12-14', '2001-12-14T21:59:43Z', '"7"', "'yes'", '""', 'aGVsbG8=', '/w==', 'abc', 'aGVs bG8=', 'aGVsbG8', '', '[]', '{}'];

// Flow mapping entries that are a key alone (its value null): collections are refused as keys.
const LONE_KEYS = ['[x]', '{a: 1}', '{}', 'lone#'];

// In a flow collection, libyaml reads `!!set, x` as the tag `!!set,` (js-yaml refuses a comma in a
// tag): an empty scalar is tagged only at the top, where no comma follows.
const value = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...SCALARS.filter((s) => s !== ''))).map(([tag, scalar]) => `${tag} ${scalar}`.trim()),
    fc.tuple(fc.constantFrom(...TAGS), fc.array(tie('node'), { maxLength: 3 })).map(([tag, items]) => `${tag} [${items.join(', ')}]`.trim()),
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(fc.tuple(tie('node'), fc.nat(3 * LONE_KEYS.length - 1)), { maxLength: 3 }))
      .map(([tag, entries]) => `${tag} {${entries.map(([item, pick], i) => LONE_KEYS[pick]?.replace('#', String(i)) ?? `k${i}: ${item}`).join(', ')}}`.trim()),
  ),
}));

const topValue = fc.oneof(value.node, fc.constantFrom(...TAGS));
// Keys kubectl refuses (null, collections, integers outside int64) among ordinary ones. Left out:
// floats and integers a number cannot hold exactly, which sigs.k8s.io/yaml names its own way.
const KEYS = ['~', 'null', '[1, 2]', '{a: 1}', '? {a: 1}\n', '? [x]\n', '? plain\n', '9223372036854775808', '18446744073709551615', '"null"', 'yes', '0x10', '1_000', '-1', '1.5'];
const key = (i: number) => fc.oneof({ arbitrary: fc.constant(`key${i}`), weight: 8 }, { arbitrary: fc.constantFrom(...KEYS), weight: 1 });
const document = fc
  .array(topValue, { minLength: 1, maxLength: 6 })
  .chain((values) => fc.tuple(...values.map((v, i) => key(i).map((k) => [k, v] as const))))
  // A key written twice is refused here (kubectl's strict validation) and not by YAMLToJSON; no two
  // keys of KEYS are the same key but `~` and `null`, which are refused either way.
  .filter((entries) => new Set(entries.map(([k]) => k)).size === entries.length)
  .map((entries) => entries.map(([k, v]) => `${k}: ${v}\n`).join(''));

// Date-like text around the edges of go-yaml's timestamp layouts: field widths, ranges, leap days,
// fractions, zones, separators.
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const number = (max: number) => fc.tuple(fc.nat(max), fc.constantFrom(1, 2)).map(([n, width]) => pad(n, width));
const timestampLike = fc
  .record({
    year: fc.constantFrom('2001', '2000', '1900', '2024', '2023', '0000', '9999', '201', '20011'),
    month: number(13),
    day: fc.oneof(number(32), fc.constantFrom('28', '29', '30', '31')),
    time: fc.option(fc.tuple(fc.constantFrom('T', 't', ' ', 'x'), number(25), number(61), number(61)), { nil: undefined }),
    fraction: fc.constantFrom('', '.5', ',25', '.123456789123', '.'),
    zone: fc.oneof(fc.constantFrom('', 'Z', 'z', '+05:30', '-5:30'), fc.tuple(fc.constantFrom('+', '-'), fc.nat(26), fc.nat(62)).map(([sign, h, m]) => `${sign}${pad(h, 2)}:${pad(m, 2)}`)),
  })
  .map(({ year, month, day, time, fraction, zone }) => `${year}-${month}-${day}${time ? `${time[0]}${time[1]}:${time[2]}:${time[3]}${fraction}${zone}` : ''}`);

describe.skipIf(!HAVE_GO)('tags vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it('reads the tags of CloudFormation templates, mkdocs configurations and the YAML 1.1 types as go-yaml does', () => {
    compare([
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-logs"\n      Tags: !GetAtt [Role, Arn]\n      Ref: !Ref\n',
      'markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n',
      // A tag on the root (on its own line: kubectl refuses a --- line with a tag after it).
      '---\n!Pod\napiVersion: v1\nkind: Pod\nmetadata: !meta {name: web}\n',
      'data: !!binary |\n  aGVsbG8g\n  d29ybGQ=\nbad: !!binary /w==\nwhen: !!timestamp 2001-12-14\nport: !!int "8080"\nname: !!str 0644\n',
      'set: !!set {a, b, y}\nomap: !!omap [{one: 1}, {two: 2}]\n',
      'broken: !!int nine\n',
      'broken: !!binary abc\n',
    ]);
  });

  it(`takes as !!timestamp what go-yaml does, among ${RUNS} date-like texts (seed ${SEED})`, () => {
    const texts = fc.sample(timestampLike, { numRuns: RUNS, seed: SEED });
    compare(texts.map((text) => `tagged: !!timestamp ${JSON.stringify(text)}\nplain: ${text}\n`));
  });

  it(`decodes !!binary to the text go-yaml's JSON holds, for ${RUNS} random byte strings (seed ${SEED})`, () => {
    // Mostly bytes of UTF-8 sequences, valid, truncated, overlong, surrogates and past U+10FFFF.
    const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    const strings = fc.sample(fc.array(byte, { maxLength: 12 }), { numRuns: RUNS, seed: SEED });
    compare(strings.map((bytes) => `data: !!binary ${Buffer.from(bytes).toString('base64') || '""'}\n`));
  });

  it(`reads ${RUNS} random documents of tagged nodes as go-yaml does (seed ${SEED})`, () => {
    const documents = fc.sample(document, { numRuns: RUNS, seed: SEED });
    compare(documents);
  });
});
