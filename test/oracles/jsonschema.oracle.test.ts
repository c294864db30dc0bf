/*
 * Differential test of the JSON Schema of custom rules (src/custom-rules/json-schema.ts) against
 * github.com/qri-io/jsonschema v0.2.1 with Polaris' resourceMinimum and resourceMaximum keywords,
 * what Polaris validates its custom checks with (see README.md). Random schemas of the keywords
 * such checks use, over random container-like documents: the verdicts must agree.
 *
 *   JSONSCHEMA_ORACLE_RUNS=20000 JSONSCHEMA_ORACLE_SEED=random npx vitest run test/oracles/jsonschema
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/custom-rules/json-schema.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./jsonschema/', import.meta.url));
const HAVE_GO = goAvailable('jsonschema');
const RUNS = Number(process.env.JSONSCHEMA_ORACLE_RUNS ?? 3000);
const SEED = process.env.JSONSCHEMA_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.JSONSCHEMA_ORACLE_SEED ?? 20261206);

let built: { readonly binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'jsonschema');
}, 900_000);
afterAll(() => built?.remove());

const images = fc.constantFrom('quay.io/acme/web:1.0', 'registry.example.com/web:1.0', 'nginx', 'nginx:latest', 'ghcr.io/x/y@sha256:abc', '', 'QUAY.IO/acme/web');
const quantities = fc.constantFrom('100m', '0.1', '2', '2000m', '1Gi', '1G', '512', '6G', '6Gi', '99m', '1e3', 'abc', '', '+1', '1.5Gi');
const patterns = fc.constantFrom('^quay\\.io/', 'quay', ':latest$', '^[a-z.]+/', '@sha256:', '^$', '(?i)^quay', '\\d', '[[:alpha:]]+$', '^registry\\.example\\.com/');
const names = fc.constantFrom('web', 'sidecar', 'init', 'istio-proxy');
const scalar = fc.oneof(fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 2.0, 1e3), fc.constantFrom('a', 'true', '1', 'web'), fc.constant(null));

/** Documents shaped like containers, with the odd wrong type. */
const document: fc.Arbitrary<unknown> = fc.record(
  {
    name: fc.oneof(names, scalar),
    image: fc.oneof({ weight: 5, arbitrary: images }, { weight: 1, arbitrary: scalar }),
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never'),
    ports: fc.array(fc.record({ containerPort: fc.integer({ min: 0, max: 70000 }), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['containerPort'] }), { maxLength: 3 }),
    resources: fc.record(
      {
        limits: fc.record({ cpu: fc.oneof({ weight: 4, arbitrary: quantities }, { weight: 1, arbitrary: fc.constantFrom(1, 0.5) }), memory: quantities }, { requiredKeys: [] }),
        requests: fc.record({ cpu: quantities, memory: quantities }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    securityContext: fc.record({ privileged: fc.oneof(fc.boolean(), scalar), runAsUser: fc.integer({ min: -1, max: 2000 }), capabilities: fc.record({ add: fc.array(fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'CHOWN'), { maxLength: 3 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    env: fc.array(fc.record({ name: fc.constantFrom('A', 'PASSWORD', 'token'), value: fc.oneof(fc.constantFrom('x', ''), scalar) }, { requiredKeys: ['name'] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const quantityBound = fc.record({ type: fc.constant('string'), resourceMinimum: quantities.filter((q) => !['abc', ''].includes(q)), resourceMaximum: quantities.filter((q) => !['abc', ''].includes(q)) }, { requiredKeys: [] });

/** The schemas Polaris' checks are mostly made of, aimed at the fields the documents have. */
const aimed: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    properties: fc.record({
      resources: fc.record({
        properties: fc.dictionary(fc.constantFrom('limits', 'requests'), fc.record({ properties: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantityBound, { minKeys: 1, maxKeys: 2 }) }), { minKeys: 1, maxKeys: 2 }),
      }),
    }),
  }),
  fc.record({ properties: fc.record({ image: fc.oneof(fc.record({ pattern: patterns }), fc.record({ not: fc.record({ pattern: patterns }) })) }) }),
  fc.record({ properties: fc.record({ securityContext: fc.record({ properties: fc.record({ privileged: fc.oneof(fc.record({ const: fc.boolean() }), fc.record({ not: fc.record({ const: fc.constant(true) }) })) }) }) }) }),
);

/** Schemas of the keywords Polaris' checks are written with, nested a few levels. */
const { schema } = fc.letrec<{ schema: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(
    fc.record({ type: fc.constantFrom('string', 'integer', 'number', 'boolean', 'object', 'array', 'null') }),
    fc.record({ const: fc.oneof(scalar, images) }),
    fc.record({ enum: fc.uniqueArray(fc.oneof(scalar, images, fc.constantFrom('Always', 'TCP')), { minLength: 1, maxLength: 3, comparator: 'SameValueZero' }) }),
    fc.record({ type: fc.constant('string'), pattern: patterns }),
    fc.record({ minimum: fc.integer({ min: -1, max: 1500 }), maximum: fc.integer({ min: 0, max: 70000 }) }, { requiredKeys: [] }),
    fc.record({ minLength: fc.integer({ min: 0, max: 12 }) }),
    quantityBound,
    fc.constant({}),
  ),
  schema: fc.oneof(
    { weight: 3, arbitrary: tie('leaf') },
    { weight: 2, arbitrary: aimed },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          type: fc.constant('object'),
          properties: fc.dictionary(fc.constantFrom('name', 'image', 'resources', 'limits', 'requests', 'cpu', 'memory', 'securityContext', 'privileged', 'runAsUser', 'capabilities', 'add', 'ports', 'env', 'imagePullPolicy'), tie('schema'), { maxKeys: 3 }),
          required: fc.uniqueArray(fc.constantFrom('name', 'image', 'resources', 'limits', 'cpu', 'memory', 'securityContext', 'privileged'), { maxLength: 2 }),
          additionalProperties: fc.boolean(),
          minProperties: fc.integer({ min: 0, max: 3 }),
        },
        { requiredKeys: ['properties'] },
      ),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('array'), items: tie('schema'), minItems: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: ['items'] }) },
    { weight: 1, arbitrary: fc.record({ contains: tie('schema') }) },
    { weight: 1, arbitrary: fc.record({ not: tie('schema') }) },
    { weight: 1, arbitrary: fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }) },
  ),
}));

interface Answer {
  readonly valid?: boolean;
  readonly error?: string;
}

describe.skipIf(!HAVE_GO)('custom rule JSON Schema differential oracle (qri-io/jsonschema v0.2.1, as Polaris validates)', () => {
  it(`agrees on ${RUNS} random schemas and documents (seed ${SEED})`, () => {
    const cases = fc.sample(fc.record({ schema, documents: fc.array(document, { minLength: 3, maxLength: 3 }) }), { numRuns: RUNS, seed: SEED });
    const flat = cases.flatMap((c) => c.documents.map((d) => ({ schema: c.schema, document: d })));
    const run = spawnSync(built!.binary, [], { input: flat.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(run.status, run.stderr).toBe(0);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers).toHaveLength(flat.length);
    const mismatches: string[] = [];
    let valid = 0;
    flat.forEach((c, i) => {
      const answer = answers[i]!;
      expect(answer.error, JSON.stringify(c.schema)).toBeUndefined();
      const ours = compileSchema(c.schema as Record<string, unknown>)(c.document) === undefined;
      if (answer.valid) valid++;
      if (ours !== answer.valid) mismatches.push(`case ${i}\n  schema:   ${JSON.stringify(c.schema)}\n  document: ${JSON.stringify(c.document)}\n  upstream: ${answer.valid}, rampart: ${ours}`);
    });
    expect(mismatches.slice(0, 4), `${mismatches.length} of ${flat.length} differ (seed ${SEED})`).toEqual([]);
    expect(valid).toBeGreaterThan(flat.length / 5);
    expect(flat.length - valid).toBeGreaterThan(flat.length / 5);
  });
});
