/*
 * Differential test of the limit on aliases (src/k8s/yaml/aliasing.ts) against sigs.k8s.io/yaml
 * v1.6.0 with go-yaml v2.4.4, what the API server reads YAML with, see README.md. Builds
 * test/oracles/yaml once, sends it random documents of anchors and aliases of collections, and
 * requires the same verdict: read, "document contains excessive aliasing", or an anchor that
 * contains itself. Aliases of scalars and merge keys are left out: the loaded value cannot show
 * them, and they count slightly differently (aliasing.ts).
 *
 *   YAML_ORACLE_RUNS=5000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-aliases.oracle.test.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { ALIAS_CYCLE, EXCESSIVE_ALIASING, aliasingError } from '../../src/k8s/yaml/aliasing.js';
import { KUBERNETES_SCHEMA } from '../../src/k8s/yaml/kubernetes-schema.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const FIXTURES = fileURLToPath(new URL('../inputs/fixtures/', import.meta.url));
const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261205);

/** 'read', 'excessive', 'cycle', or any other error as it was given. */
type Verdict = string;

const oracle = useYamlOracle();

function theirs(documents: readonly string[]): Verdict[] {
  return oracle().read(documents).map((answer) => {
    if (!('error' in answer)) return 'read';
    if (answer.error.endsWith(EXCESSIVE_ALIASING)) return 'excessive';
    return /anchor '.*' value contains itself/.test(answer.error) ? 'cycle' : answer.error;
  });
}

function ours(document: string): Verdict {
  const parsed = parseManifests(document, 'doc.yaml');
  const problem = parsed.problems[0];
  if (problem === undefined) return 'read';
  if (problem.message === EXCESSIVE_ALIASING) return 'excessive';
  return problem.message === ALIAS_CYCLE ? 'cycle' : problem.message;
}

function compare(documents: readonly string[]): Verdict[] {
  const expected = theirs(documents);
  documents.forEach((document, i) => expect(ours(document), document.slice(0, 2000)).toBe(expected[i]));
  return expected;
}

// Random flow collections; `anchor` marks the ones others may alias, `alias` picks among the
// anchored collections already complete at that point (a scalar when there is none).
type Tree = { readonly alias: number } | { readonly map: boolean; readonly anchor: boolean; readonly children: readonly Tree[] } | null;

const { tree } = fc.letrec<{ tree: Tree; collection: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.record({ alias: fc.nat() }), tie('collection')),
  collection: fc.record({ map: fc.boolean(), anchor: fc.boolean(), children: fc.array(tie('tree'), { maxLength: 6 }) }),
}));

// The definitions are a chain of anchored collections holding aliases of the last few before
// them (`back`), so that what they expand to grows with every link, and random trees.
type Child = { readonly back: number } | Tree;
const link = fc.record({
  map: fc.boolean(),
  children: fc.array(fc.oneof({ arbitrary: fc.record({ back: fc.nat(2) }), weight: 6 }, { arbitrary: tree, weight: 1 }), { minLength: 2, maxLength: 10, size: 'max' }),
});

function render(links: ReadonlyArray<{ map: boolean; children: readonly Child[] }>, uses: readonly number[], pad: number, padAt: 0 | 1 | 2): string {
  const complete: string[] = [];
  const alias = (pick: number) => (complete.length === 0 ? 'x' : `*${complete[pick]}`);
  const collection = (map: boolean, anchor: boolean, children: readonly Child[]) => {
    const items = children.map((child, i) => (map ? `k${i}: ${write(child)}` : write(child)));
    const body = map ? `{${items.join(', ')}}` : `[${items.join(', ')}]`;
    if (!anchor) return body;
    complete.push(`a${complete.length}`);
    return `&${complete.at(-1)} ${body}`;
  };
  const write = (t: Child): string => {
    if (t === null) return 'x';
    if ('back' in t) return alias(Math.max(0, complete.length - 1 - t.back));
    if ('alias' in t) return alias(t.alias % Math.max(1, complete.length));
    return collection(t.map, t.anchor, t.children);
  };
  const lines = [`defs: [${links.map((l) => collection(l.map, true, l.children)).join(', ')}]`];
  lines.push(`uses: [${uses.map((back) => write({ back })).join(', ')}]`);
  lines.splice(padAt, 0, `pad: [${new Array<string>(pad).fill('0').join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const structure = fc.record({
  links: fc.array(link, { minLength: 2, maxLength: 8, size: 'max' }),
  uses: fc.array(fc.nat(3), { maxLength: 30 }),
  pad: fc.oneof(fc.nat(50), fc.nat(500), fc.nat(3000)),
  padAt: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
});

/** The least n up to `max` for which `refused(n)` is false, when it is true for 0 and false for `max`. */
function limitOf(refused: (n: number) => boolean, max: number): number | undefined {
  let low = 0;
  let high = max;
  if (!refused(low) || refused(high)) return undefined;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (refused(middle)) low = middle;
    else high = middle;
  }
  return high;
}

/** How many plain numbers `pad` needs for Rampart to read the document, found on the loaded value. */
function padAtTheLimit(text: string): number | undefined {
  const value = yaml.load(text, { schema: KUBERNETES_SCHEMA }) as { pad: unknown };
  return limitOf((pad) => {
    value.pad = new Array<number>(pad).fill(0);
    return aliasingError(value) !== undefined;
  }, 10_000);
}

describe.skipIf(!HAVE_GO)('limit on aliases vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it(`gives the same verdict on ${RUNS} random documents, and at the limit (seed ${SEED})`, () => {
    const documents: string[] = [];
    const limits: string[] = [];
    for (const d of fc.sample(structure, { numRuns: RUNS, seed: SEED })) {
      documents.push(render(d.links, d.uses, d.pad, d.padAt));
      const limit = padAtTheLimit(render(d.links, d.uses, 0, d.padAt));
      if (limit !== undefined) limits.push(render(d.links, d.uses, limit - 1, d.padAt), render(d.links, d.uses, limit, d.padAt));
    }
    const verdicts = compare(documents);
    // The sample must reach both sides of the limit, and often be one number away from it.
    expect(verdicts.filter((v) => v === 'excessive').length).toBeGreaterThan(RUNS / 10);
    expect(verdicts.filter((v) => v === 'read').length).toBeGreaterThan(RUNS / 10);
    expect(limits.length / 2).toBeGreaterThan(RUNS / 10);
    expect(compare(limits)).toEqual(limits.map((_, i) => (i % 2 === 0 ? 'excessive' : 'read')));
  });

  it('puts the limit where go-yaml does, in the repro of the fixtures and between 400,000 and 4,000,000 nodes', () => {
    const bomb = readFileSync(`${FIXTURES}/aliases-excessive.yaml`, 'utf8').split('\n---\n')[1] ?? '';
    const nearMiss = readFileSync(`${FIXTURES}/aliases-near-miss.yaml`, 'utf8');
    // 1,000 aliases of a list of 999 numbers after as few plain numbers as the limit allows
    // (between 1,305,000 and 3,100,000 nodes in all, a million of them through aliases).
    const list = new Array<number>(999).fill(0);
    const value = (pad: number) => ({ pad: new Array<number>(pad).fill(0), list, uses: new Array<unknown>(1000).fill(list) });
    const read = limitOf((pad) => aliasingError(value(pad)) !== undefined, 2_000_000);
    if (read === undefined) throw new Error('no limit up to 2,000,000 plain numbers');
    const numbers = (n: number) => new Array<string>(n).fill('0').join(', ');
    const midRange = (pad: number) => `pad: [${numbers(pad)}]\nlist: &l [${numbers(999)}]\nuses: [${new Array<string>(1000).fill('*l').join(', ')}]\n`;
    expect(compare([bomb, nearMiss, midRange(read - 1), midRange(read)])).toEqual(['excessive', 'read', 'excessive', 'read']);
  });

  it('refuses an anchor whose value contains an alias of itself', () => {
    expect(compare(['a: &a [x, *a]\n', 'a: &a {k: [y, {z: *a}]}\n', 'b: [&a {k: 1}, &b [*a, *b]]\n'])).toEqual(['cycle', 'cycle', 'cycle']);
  });
});
