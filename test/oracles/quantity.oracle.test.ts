/*
 * Differential test of the quantity check of schema validation (isQuantityString in
 * src/checks/hygiene/schema-validation/validate.ts) against k8s.io/apimachinery v0.37.2's
 * resource.Quantity, as the API server decodes it: test/oracles/pss/cmd/quantity (in the module of
 * the Pod Security oracle, which already requires apimachinery) answers for random strings made of
 * the characters quantities are written with, and spaces around them.
 *
 *   QUANTITY_ORACLE_RUNS=100000 QUANTITY_ORACLE_SEED=random npx vitest run test/oracles/quantity.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQuantityString } from '../../src/checks/hygiene/schema-validation/validate.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./pss/', import.meta.url));
const HAVE_GO = goAvailable('quantity');
const RUNS = Number(process.env.QUANTITY_ORACLE_RUNS ?? 20_000);
const SEED = process.env.QUANTITY_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.QUANTITY_ORACLE_SEED ?? 20261205);

let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'quantity', './cmd/quantity');
}, 900_000);

afterAll(() => built?.remove());

/** Upstream's verdict on each string: true when it decodes. */
function upstream(texts: readonly string[]): boolean[] {
  const run = spawnSync(built!.binary, [], { input: texts.map((t) => JSON.stringify(t)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(texts.length);
  return lines.map((line) => line === 'ok');
}

const piece = fc.oneof(
  fc.constantFrom('0', '1', '5', '9', '00', '12', '.', '+', '-', 'e', 'E', 'i', 'n', 'u', 'm', 'k', 'K', 'M', 'G', 'T', 'P', 'Ki', 'Mi', 'Ei', 'b', 'x'),
  fc.constantFrom(' ', '\t', '\n', '\u0085', '\u00a0', '\ufeff', '\u2028', '\u3000', '<', '\\'),
  fc.constantFrom('-10', '-9'),
);
const quantityLike = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

describe.skipIf(!HAVE_GO)('resource quantities (differential, against k8s.io/apimachinery)', () => {
  it(`gives upstream's verdict on ${RUNS} random strings (seed ${SEED}), and on the written forms`, () => {
    // Long numbers and exponents only here: upstream's decimal path takes minutes on a long number
    // with a large exponent (1234567890123456789e99999999).
    const written = ['500m', '2', '1Gi', '0.5', '.5', '1.', '100u', '500n', '1e3', '1E-2', '', ' ', 'm', '.', '-', '1K', '1gi', '1e', '1e9223372036854775807', '1e9223372036854775808', '1e-9223372036854775808', 'e4294967286', 'e-10', '1e-10', '99999999999999999999', '99999999999999999999Ei', '.Pi', '1.5Pi'];
    const texts = [...written, ...fc.sample(quantityLike, { numRuns: RUNS, seed: SEED })];
    const expected = upstream(texts);
    const wrong = texts.filter((t, i) => isQuantityString(t) !== expected[i]).map((t) => `${JSON.stringify(t)}: upstream ${expected[texts.indexOf(t)] ? 'accepts' : 'rejects'}`);
    expect(wrong.slice(0, 20)).toEqual([]);
  }, 120_000);
});
