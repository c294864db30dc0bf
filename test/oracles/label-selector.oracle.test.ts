/*
 * Differential test of kube-linter's label selectors (src/custom-rules/kube-linter/label-selector.ts,
 * what the anti-affinity and access-to-resources templates read) against
 * metav1.LabelSelectorAsSelector of k8s.io/apimachinery v0.32.1, the version kube-linter builds
 * with: test/oracles/netpol/cmd/labelselector (in the module of the NetworkPolicy oracle, which
 * already requires that version) answers with the error or the selector's String(), and random
 * selectors go to both. Several invalid matchLabels entries are not drawn: Go reports the first in
 * map order, which is random.
 *
 *   LABEL_SELECTOR_ORACLE_RUNS=50000 LABEL_SELECTOR_ORACLE_SEED=random npx vitest run test/oracles/label-selector.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelSelector } from '../../src/custom-rules/kube-linter/label-selector.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./netpol/', import.meta.url));
const HAVE_GO = goAvailable('label selector');
const RUNS = Number(process.env.LABEL_SELECTOR_ORACLE_RUNS ?? 5000);
const SEED = process.env.LABEL_SELECTOR_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.LABEL_SELECTOR_ORACLE_SEED ?? 20261207);

let built: { binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'label-selector', './cmd/labelselector');
}, 900_000);
afterAll(() => built?.remove());

type Answer = { error: string } | { text: string };

function upstream(selectors: readonly unknown[]): Answer[] {
  const run = spawnSync(built!.binary, [], { input: selectors.map((s) => JSON.stringify(s)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(selectors.length);
  return lines.map((line) => JSON.parse(line) as Answer);
}

function ours(selector: unknown): Answer {
  const parsed = labelSelector(selector);
  return 'error' in parsed ? { error: parsed.error } : { text: parsed.text };
}

const long = (n: number) => 'a'.repeat(n);
const NAME_PARTS = ['app', 'tier', 'a', 'A.b_c-d', '9', '', '-x', 'x-', '_x', 'x.', 'a b', 'é', 'app\u0000', long(63), long(64), `${long(62)}é`];
const PREFIXES = ['example.com', 'k8s.io', 'a', 'A.com', '', '-a.com', 'a..b', 'a_b.com', `${long(63)}.${long(63)}.${long(63)}.${long(61)}`, `${long(63)}.${long(63)}.${long(63)}.${long(62)}`, 'é.com'];
const validKey = fc.constantFrom('app', 'tier', 'example.com/role', 'k8s.io/a');
const anyKey = fc.oneof(
  fc.constantFrom(...NAME_PARTS),
  fc.tuple(fc.constantFrom(...PREFIXES), fc.constantFrom(...NAME_PARTS)).map(([p, n]) => `${p}/${n}`),
  fc.constantFrom('a/b/c', '/', '//', 'a/'),
  fc.string({ maxLength: 6 }),
);
const validValue = fc.constantFrom('web', 'db', '', 'a.b', 'V1');
const anyValue = fc.oneof(fc.constantFrom('web', 'db', '', '-x', 'x_', 'a b', 'é', long(63), long(64), `${long(62)}é`), fc.string({ maxLength: 5 }));
const operator = fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'in', 'Equals', '');
const expression = fc.record(
  { key: fc.oneof(validKey, anyKey), operator, values: fc.array(fc.oneof(validValue, anyValue), { maxLength: 3 }) },
  { requiredKeys: ['key', 'operator'] },
);
const selector = fc.record(
  {
    // At most one entry of matchLabels may be invalid (see the header).
    matchLabels: fc
      .tuple(fc.dictionary(validKey, validValue, { maxKeys: 2 }), fc.option(fc.tuple(anyKey, anyValue), { nil: undefined }))
      .map(([valid, extra]) => (extra ? { ...valid, [extra[0]]: extra[1] } : valid)),
    matchExpressions: fc.array(expression, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

describe.skipIf(!HAVE_GO)('kube-linter label selectors (differential, against k8s.io/apimachinery v0.32.1)', () => {
  it(`gives upstream's error or String() for ${RUNS} random selectors (seed ${SEED})`, () => {
    const cases = fc.sample(selector, { numRuns: RUNS, seed: SEED });
    const expected = upstream(cases);
    const wrong = cases.flatMap((c, i) => {
      const got = ours(c);
      return JSON.stringify(got) === JSON.stringify(expected[i]) ? [] : [{ selector: c, upstream: expected[i], rampart: got }];
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    // Both kinds of answer were drawn, and errors of every source.
    const errors = expected.filter((a): a is { error: string } => 'error' in a).map((a) => a.error);
    expect(errors.length).toBeGreaterThan(RUNS / 10);
    expect(expected.length - errors.length).toBeGreaterThan(RUNS / 10);
    for (const source of ['key: ', 'values: ', 'values[', 'is not a valid label selector operator', 'prefix part', '[key: ']) expect(errors.some((e) => e.includes(source))).toBe(true);
  }, 600_000);
});
