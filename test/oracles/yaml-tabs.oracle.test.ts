/*
 * Differential test of tabs in a line's indentation (src/k8s/yaml/go-tabs.ts) against
 * sigs.k8s.io/yaml with go-yaml v2, what kubectl and the API server read manifests with (see
 * yaml-oracle.ts). Random documents (block and flow collections, plain scalars over several lines,
 * quoted and block scalars, anchors, tags, comments) get blank or comment lines with tabs in their
 * indentation, and tabs in the indentation of content lines, at random places. Rampart must refuse
 * exactly the documents go-yaml refuses, on the same line, and read the others as it does.
 *
 *   YAML_ORACLE_RUNS=20000 YAML_ORACLE_SEED=random npx vitest run test/oracles/yaml-tabs.oracle.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, YAML_ORACLE_RUNS, useYamlOracle, yamlOracleSeed } from './yaml-oracle.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const RUNS = YAML_ORACLE_RUNS;
const SEED = yamlOracleSeed(20261207);
const oracle = useYamlOracle();

type Node =
  | { readonly scalar: string }
  | { readonly lines: readonly string[]; readonly style: 'plain' | 'double' | 'single' | 'flow' }
  | { readonly block: string; readonly content: readonly string[] }
  | { readonly map: readonly Node[]; readonly compact: boolean }
  | { readonly seq: readonly Node[]; readonly compact: boolean };

const scalar = fc.constantFrom('v', 'x1', '"q"', "'s'", '&a1 v', '!!str 5', '[a, b]', '{k: v}', 'v # c', '"q" # c', '', 'a b');
const multiLine = fc.record({
  lines: fc.array(fc.constantFrom('w1', 'w2 w3', 'w4'), { minLength: 2, maxLength: 3 }),
  style: fc.constantFrom('plain' as const, 'double' as const, 'single' as const, 'flow' as const),
});
const blockScalar = fc.record({
  block: fc.constantFrom('|', '>', '|-', '>+', '|2', '>1', '| # c'),
  // The first line sets the indentation; more indented lines, tabs and blank lines follow.
  content: fc.tuple(fc.constantFrom('t1', 't3 t4', '# t7'), fc.array(fc.constantFrom('t1', ' t2', 't3 t4', '\tt5', ' \tt6', '', '# t7'), { maxLength: 3 })).map(([first, rest]) => [first, ...rest]),
});
const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar.map((s) => ({ scalar: s })), weight: 4 },
    { arbitrary: multiLine, weight: 2 },
    { arbitrary: blockScalar, weight: 2 },
    // compact: a mapping item written on its dash's line (`- k0: v`), a sequence under a key at the key's indentation.
    { arbitrary: fc.record({ map: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), compact: fc.boolean() }), weight: 2 },
    { arbitrary: fc.record({ seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), compact: fc.boolean() }), weight: 1 },
  ),
})).node;

/** The lines of `value` as the value of a key or item whose indicator ends `head`, the children at `indent`. */
function renderValue(head: string, value: Node, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if ('scalar' in value) {
    // An empty item is a bare dash: the last of a nested sequence, before an item of the outer one
    // (`-\n    -\n  - x`), is what js-yaml 4.3 misreads (src/k8s/yaml/empty-entries.ts).
    out.push(`${head} ${value.scalar}`.trimEnd());
  } else if ('lines' in value) {
    const [first, ...rest] = value.lines;
    const open = { plain: '', double: '"', single: "'", flow: '[' }[value.style];
    const close = { plain: '', double: '"', single: "'", flow: ']' }[value.style];
    const sep = value.style === 'flow' ? ',' : '';
    out.push(`${head} ${open}${first}${sep}`);
    rest.forEach((line, i) => out.push(`${pad}${line}${i === rest.length - 1 ? close : sep}`));
  } else if ('block' in value) {
    out.push(`${head} ${value.block}`);
    // An explicit indentation indicator counts from the parent's indentation (indent - 2 here).
    const explicit = /\d/.exec(value.block)?.[0];
    const contentPad = explicit ? ' '.repeat(Math.max(indent - 2, 0) + Number(explicit)) : pad;
    for (const line of value.content) out.push(line === '' ? '' : `${contentPad}${line}`);
  } else if ('map' in value) {
    if (value.compact && head.endsWith('-')) {
      const lines: string[] = [];
      renderMap(value.map, indent, lines);
      out.push(`${head} ${lines[0]!.trimStart()}`, ...lines.slice(1));
    } else {
      out.push(head);
      renderMap(value.map, indent, out);
    }
  } else {
    out.push(head);
    renderSeq(value.seq, value.compact && head.endsWith(':') ? indent - 2 : indent, out);
  }
}

function renderMap(values: readonly Node[], indent: number, out: string[]): void {
  values.forEach((value, i) => renderValue(`${' '.repeat(indent)}k${i}:`, value, indent + 2, out));
}

function renderSeq(values: readonly Node[], indent: number, out: string[]): void {
  for (const value of values) renderValue(`${' '.repeat(indent)}-`, value, indent + 2, out);
}

const TAB_LINES = ['\t', ' \t', '  \t', '   \t', '    \t', '     \t', '\t\t', '\t ', '  \t  ', '\t# c', ' \t# c', '  \t# c', '   \t# c', '    \t# c', '      \t# c', '  # c', '    '];

const documentShape = fc.record({
  root: fc.array(node, { minLength: 1, maxLength: 4 }),
  rootSeq: fc.boolean(),
  inserts: fc.array(fc.record({ at: fc.nat(), line: fc.constantFrom(...TAB_LINES) }), { minLength: 1, maxLength: 2 }),
  // A tab for one space of a content line's indentation.
  retab: fc.option(fc.record({ at: fc.nat(), column: fc.nat(6) }), { freq: 3 }),
});

function render(shape: { root: Node[]; rootSeq: boolean; inserts: { at: number; line: string }[]; retab: { at: number; column: number } | null }): { base: string; text: string } {
  const lines: string[] = [];
  if (shape.rootSeq) renderSeq(shape.root, 0, lines);
  else renderMap(shape.root, 0, lines);
  const base = `${lines.join('\n')}\n`;
  for (const { at, line } of shape.inserts) lines.splice(at % (lines.length + 1), 0, line);
  if (shape.retab) {
    const i = shape.retab.at % lines.length;
    const line = lines[i]!;
    const column = shape.retab.column;
    if (line[column] === ' ' && /^ *$/.test(line.slice(0, column))) lines[i] = `${line.slice(0, column)}\t${line.slice(column + 1)}`;
  }
  return { base, text: `${lines.join('\n')}\n` };
}

/** JSON with keys sorted, as Go writes a map. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

type Verdict = { readonly error: string; readonly line?: number } | { readonly json: string };

function ours(text: string): Verdict {
  const parsed = parseManifests(text, 'doc.yaml');
  const problem = parsed.problems[0];
  if (problem) return { error: problem.message, line: problem.location?.line };
  return { json: canonical(parsed.documents[0]?.value ?? null) };
}

function upstream(answer: { error: string } | { json: unknown }): Verdict {
  if (!('error' in answer)) return { json: canonical(answer.json) };
  // go-yaml leaves the line out of an error on the first line.
  const line = /yaml: line (\d+):/.exec(answer.error)?.[1];
  return { error: answer.error, line: line ? Number(line) : 1 };
}

describe.skipIf(!HAVE_GO)('tabs in indentation vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it(`refuses the tabs go-yaml refuses, and reads the rest as it does, in ${RUNS} random documents (seed ${SEED})`, () => {
    const drawn = fc.sample(documentShape, { numRuns: RUNS, seed: SEED }).map(render);
    const bases = oracle().read(drawn.map((d) => d.base));
    // The documents before the tabs go in are valid to go-yaml and read alike.
    const badBases = drawn.flatMap((d, i) => ('error' in bases[i]! || canonical(ours(d.base)) !== canonical(upstream(bases[i]!)) ? [{ base: d.base, upstream: bases[i], rampart: ours(d.base) }] : []));
    expect(badBases.slice(0, 3)).toEqual([]);

    const answers = oracle().read(drawn.map((d) => d.text));
    let tabErrors = 0;
    const wrong = drawn.flatMap((d, i) => {
      const theirs = upstream(answers[i]!);
      const mine = ours(d.text);
      if ('error' in theirs && /tab character|cannot start any token/.test(theirs.error)) tabErrors++;
      // Both refuse; where Rampart names a tab, go-yaml refuses that line. (In a document that is
      // invalid before the tab, go-yaml's scanner may reach the tab before its parser reports the
      // earlier error, and js-yaml reports that one: both refuse, on different lines.)
      const ourTab = 'error' in mine && mine.error.includes("a tab in a line's indentation");
      const agree = 'json' in theirs ? 'json' in mine && mine.json === theirs.json : 'error' in mine && (!ourTab || mine.line === theirs.line);
      return agree ? [] : [{ text: d.text, upstream: theirs, rampart: mine }];
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    // Both outcomes, in numbers: refused tabs and accepted ones.
    expect(tabErrors).toBeGreaterThan(RUNS / 5);
    expect(answers.filter((a) => 'json' in a).length).toBeGreaterThan(RUNS / 5);
  }, 600_000);
});
