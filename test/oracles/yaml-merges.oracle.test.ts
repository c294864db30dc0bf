/*
 * Differential test of YAML merge keys (src/k8s/yaml/merge-keys.ts) against sigs.k8s.io/yaml with
 * go-yaml v2, what kubectl and the API server read manifests with (see yaml-oracle.ts). Random
 * documents hold anchored mappings (some merging earlier ones) and a mapping that mixes explicit
 * keys with merges of aliases, of lists of aliases and of inline mappings, in random order, plus
 * merges of what is no mapping; both must read the same JSON, or fail with the same error.
 *
 *   YAML_ORACLE_RUNS=20000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-merges.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261207);
const oracle = useYamlOracle();

const KEYS = ['a', 'b', 'c', 'd'];
type Entry = { readonly key: number; readonly value: number } | { readonly merge: readonly number[]; readonly list: boolean } | { readonly inline: readonly [number, number][] } | { readonly bad: string };

const entry = fc.oneof(
  { arbitrary: fc.record({ key: fc.nat(KEYS.length - 1), value: fc.nat(9) }), weight: 4 },
  { arbitrary: fc.record({ merge: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }), list: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ inline: fc.array(fc.tuple(fc.nat(KEYS.length - 1), fc.nat(9)), { maxLength: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ bad: fc.constantFrom('5', '', '[*l]', '*l', '[*d0, x]', '[]', '"<<"') }), weight: 1 },
);
const definition = fc.record({ pairs: fc.array(fc.tuple(fc.nat(KEYS.length - 1), fc.nat(9)), { maxLength: 3 }), mergesPrevious: fc.boolean() });
const documentShape = fc.record({
  definitions: fc.array(definition, { minLength: 1, maxLength: 4 }),
  entries: fc.array(entry, { minLength: 1, maxLength: 6 }),
  block: fc.boolean(),
});

/** Written with unique explicit keys per mapping (a repeated key is an error of its own). */
function render(shape: { definitions: { pairs: [number, number][]; mergesPrevious: boolean }[]; entries: Entry[]; block: boolean }): string {
  const unique = (pairs: readonly [number, number][]) => [...new Map(pairs).entries()];
  const defs = shape.definitions.map((d, i) => {
    const items = unique(d.pairs).map(([k, v]) => `${KEYS[k]}: ${i}${v}`);
    if (d.mergesPrevious && i > 0) items.unshift(`<<: *d${i - 1}`);
    return `&d${i} {${items.join(', ')}}`;
  });
  const alias = (n: number) => `*d${n % shape.definitions.length}`;
  const seen = new Set<number>();
  const items: string[] = [];
  for (const e of shape.entries) {
    if ('key' in e) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      items.push(`${KEYS[e.key]}: x${e.value}`);
    } else if ('merge' in e) items.push(`<<: ${e.list ? `[${e.merge.map(alias).join(', ')}]` : alias(e.merge[0] ?? 0)}`);
    else if ('inline' in e) items.push(`<<: {${unique(e.inline).map(([k, v]) => `${KEYS[k]}: i${v}`).join(', ')}}`);
    else items.push(`<<: ${e.bad}`);
  }
  const target = shape.block ? `target:\n${items.map((i) => `  ${i}\n`).join('')}` : `target: {${items.join(', ')}}\n`;
  return `defs: [${defs.join(', ')}]\nl: &l [1, 2]\n${target}`;
}

/** JSON with keys sorted, as Go writes a map. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function ours(text: string): { error: string } | { json: unknown } {
  const parsed = parseManifests(text, 'doc.yaml');
  const problem = parsed.problems[0];
  if (problem) return { error: problem.message.replace(/^invalid YAML: /, '') };
  return { json: parsed.documents[0]?.value ?? null };
}

describe.skipIf(!HAVE_GO)('merge keys vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it(`reads ${RUNS} random documents with merges as go-yaml does (seed ${SEED})`, () => {
    const texts = fc.sample(documentShape, { numRuns: RUNS, seed: SEED }).map(render);
    const expected = oracle()
      .read(texts)
      .map((a) => ('error' in a ? { error: a.error.replace(/^(error converting YAML to JSON: )?yaml: (line \d+: )?/, '') } : a));
    const wrong = texts.flatMap((text, i) => {
      const got = ours(text);
      return canonical(got) === canonical(expected[i]) ? [] : [{ text, upstream: expected[i], rampart: got }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    // Both outcomes were drawn, and merges that change what an explicit key says.
    expect(expected.filter((a) => 'error' in a).length).toBeGreaterThan(RUNS / 20);
    expect(expected.filter((a) => 'json' in a).length).toBeGreaterThan(RUNS / 2);
  }, 600_000);

  it('lets a later merge overwrite an explicit key, as kubectl reads it', () => {
    const text = 'base: &b {privileged: true}\nsecurityContext:\n  privileged: false\n  <<: *b\n';
    expect(oracle().read([text])).toEqual([{ json: { base: { privileged: true }, securityContext: { privileged: true } } }]);
    expect(ours(text)).toEqual({ json: { base: { privileged: true }, securityContext: { privileged: true } } });
  });
});
