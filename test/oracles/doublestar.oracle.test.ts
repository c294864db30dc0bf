/*
 * Differential test of Rampart's path globs (src/inputs/path-glob.ts, the `exclude:` patterns)
 * against github.com/bmatcuk/doublestar/v4, the library kube-linter matches its `ignorePaths` with
 * (`rampart config import --from kube-linter` carries them over unchanged): test/oracles/doublestar
 * builds a small program on it, and random absolute patterns and paths go to both. A pattern
 * doublestar refuses (an unclosed `[` or `{`) is left out: kube-linter stops on it. So are empty
 * alternatives (`{,a}`): doublestar v4.10.4 answers them inconsistently beside a `**` within a
 * name (see EMPTY_ALTERNATIVE below).
 *
 *   DOUBLESTAR_ORACLE_RUNS=20000 DOUBLESTAR_ORACLE_SEED=random npx vitest run test/oracles/doublestar.oracle.test.ts
 *
 * Without the Go toolchain the test is skipped with a message saying so.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullMatcher } from '../../src/core/full-match.js';
import { pathGlobSource } from '../../src/inputs/path-glob.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./doublestar/', import.meta.url));
const HAVE_GO = goAvailable('doublestar');
const RUNS = Number(process.env.DOUBLESTAR_ORACLE_RUNS ?? 5000);
const SEED = process.env.DOUBLESTAR_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.DOUBLESTAR_ORACLE_SEED ?? 20261206);

const NAMES = ['a', 'b', 'ab', 'ba', 'aab', '.a', 'a.yaml', 'b.yml', '*', 'a,b', '{a}', '[a]'];
const PATTERN_SEGMENTS = [
  ...NAMES.filter((n) => !/[*{[]/.test(n)),
  '*', '**', '?', '??', 'a*', '*b', '*.yaml', '*a*', '.*', 'a**', '**b',
  '[ab]', '[!a]', '[^a]', '[a-b]*', '[]a]', '[!]]',
  '{a,b}', '{a,b*}', '{a,{b,ab}}', 'x{a,b}', '{a/b,ab}',
  '\\*', '\\a', 'a\\,b', '[a', '{a',
];

/** Matched by doublestar, though no name of the path before the last one starts with `a`. */
const EMPTY_ALTERNATIVE = { pattern: '/**/a**/{,a}', path: '/a.yaml/x/y/a' };

const segments = (from: readonly string[], max: number) => fc.array(fc.constantFrom(...from), { minLength: 1, maxLength: max });
const pairs = fc.record({ pattern: segments(PATTERN_SEGMENTS, 5).map((s) => `/${s.join('/')}`), path: segments(NAMES, 6).map((s) => `/${s.join('/')}`) });

const matches = (pattern: string, path: string) => fullMatcher(pathGlobSource(pattern))(path);

/**
 * doublestar's one known defect: a `*` that ends a name and matches nothing, before a final `/**`,
 * fails the match (`/a/b*` + `/**` does not match `/a/b`, yet matches `/a/bc` and `/a/b/c`).
 */
function doublestarDefect(pattern: string, path: string, doublestarMatch: boolean): boolean {
  return !doublestarMatch && /[^/]\*\}?\/\*\*$/.test(pattern) && matches(pattern.replace(/\*(\}?)\/\*\*$/, '$1/**'), path);
}

let built: { binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'doublestar');
}, 300_000);
afterAll(() => built?.remove());

function doublestar(batch: ReadonlyArray<{ pattern: string; path: string }>): Array<{ match: boolean; error?: string }> {
  const run = spawnSync(built!.binary, [], { input: batch.map((c) => JSON.stringify(c)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { match: boolean; error?: string });
}

describe.skipIf(!HAVE_GO)('path globs against doublestar (kube-linter ignorePaths)', () => {
  it(`match the same absolute paths (${RUNS} pairs, seed ${SEED})`, () => {
    const batch = fc.sample(pairs, { numRuns: RUNS, seed: SEED });
    const answers = doublestar(batch);
    const refused = answers.filter((a) => a.error).length;
    const differences = batch
      .map(({ pattern, path }, i) => ({ pattern, path, doublestar: answers[i]!.match, rampart: matches(pattern, path), error: answers[i]!.error }))
      .filter((c) => !c.error && c.doublestar !== c.rampart && !doublestarDefect(c.pattern, c.path, c.doublestar));
    expect(differences.slice(0, 5)).toEqual([]);
    expect(refused).toBeLessThan(RUNS / 2);
  });

  it("differ only in doublestar's defects, which these cases keep in view", () => {
    const [defect, empty] = doublestar([{ pattern: '/a/b*/**', path: '/a/b' }, EMPTY_ALTERNATIVE]);
    expect(doublestarDefect('/a/b*/**', '/a/b', defect!.match)).toBe(true);
    expect([empty!.match, matches(EMPTY_ALTERNATIVE.pattern, EMPTY_ALTERNATIVE.path)]).toEqual([true, false]);
  });

  it('agree on the patterns of the kube-linter documentation and tests', () => {
    const known = [
      { pattern: '/**/*/testdata/**/*', path: '/repo/pkg/testdata/a.yaml' },
      { pattern: '/**/*/testdata/**/*', path: '/testdata/a.yaml' },
      { pattern: '/repo/tests/testdata/mychart/charts/**', path: '/repo/tests/testdata/mychart/charts/sub/templates/x.yaml' },
      { pattern: '/repo/tests/testdata/mychart/charts/**', path: '/repo/tests/testdata/mychart/charts' },
      { pattern: '/repo/.golangci?yml', path: '/repo/.golangci.yml' },
      { pattern: '/repo/.pre-commit-hooks*', path: '/repo/.pre-commit-hooks.yaml' },
      { pattern: '/repo/dist/**/*', path: '/repo/dist' },
    ];
    const answers = doublestar(known);
    expect(known.map(({ pattern, path }) => fullMatcher(pathGlobSource(pattern))(path))).toEqual(answers.map((a) => a.match));
    expect(answers.map((a) => a.match)).toEqual([true, false, true, true, true, true, false]);
  });
});
