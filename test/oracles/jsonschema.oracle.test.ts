/*
 * Differential test of the JSON Schema of custom rules (src/custom-rules/json-schema.ts) against
 * github.com/qri-io/jsonschema v0.2.1 with Polaris' resourceMinimum and resourceMaximum keywords,
 * what Polaris validates its custom checks with (see README.md). Random schemas of the keywords
 * such checks use, over random container-like documents: the verdicts must agree.
 *
 * A second test draws strings for each `format` qri-io validates (its verdicts come from Go's
 * time, net/mail, net, net/url and regexp packages, ported in src/custom-rules/formats/).
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
// qri-io reads `type: boolean` as also taking the strings Go's strconv.ParseBool reads, and an
// integer as what converts to an int64 and back.
const scalar = fc.oneof(fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 2.0, 1e3, 1e19, -9223372036854775808, 9223372036854774784), fc.constantFrom('a', 'true', '1', 'web', 'T', 'FALSE', 'yes', 'tRUE'), fc.constant(null));

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
    fc.record({ format: fc.constantFrom('hostname', 'uri', 'regex', 'ipv4', 'date-time', 'email') }),
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

/** Strings near the grammar of each format: pieces of valid values, joined with the odd wrong one. */
const pieces = (...choices: ReadonlyArray<readonly string[]>): fc.Arbitrary<string> => fc.tuple(...choices.map((c) => fc.constantFrom(...c))).map((parts) => parts.join(''));
const mutated = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: text },
    { weight: 1, arbitrary: fc.tuple(text, fc.nat(40), fc.constantFrom(' ', ':', '.', '%', '\\', '[', ']', '@', '<', '"', '\t', '\u007f', 'é', '☃', '{', '}', '#', '/', '~', '')).map(([t, at, c]) => t.slice(0, at % (t.length + 1)) + c + t.slice((at % (t.length + 1)) + (c === '' ? 1 : 0))) },
  );
const label = fc.oneof(fc.constantFrom('a', 'web', 'x-1', '-a', 'a-', 'b_c', 'ü', 'xn--bcher-kva', '0'), fc.integer({ min: 60, max: 66 }).map((n) => 'a'.repeat(n)));
const dateTime = fc.oneof(
  pieces(['2026', '1999', '0000'], ['-'], ['01', '02', '12'], ['-'], ['01', '28', '29', '31'], ['T', 't'], ['00', '9', '23'], [':'], ['00', '59'], [':'], ['00', '59'], ['', '.5', ',123'], ['Z', 'z', '+05:30', '-24:00']),
  pieces(['2026', '1999', '0000', '999', '20260'], ['-'], ['01', '02', '12', '13', '00', '1'], ['-'], ['01', '28', '29', '30', '31', '32', '00'], ['T', 't', ' '], ['00', '9', '23', '24', '07'], [':'], ['00', '59', '60', '5'], [':'], ['00', '59', '60'], ['', '.5', ',123', '.', '.123456789012'], ['Z', 'z', '+05:30', '-24:00', '+25:00', '+0530', '', '-00:60', '+24:61']),
);
const time = pieces(['00', '9', '23', '24'], [':'], ['00', '59', '60'], [':'], ['00', '59'], ['', '.25', ','], ['Z', 'z', '+01:00', '', '+1:00']);
const date = pieces(['2024', '2023', '1900', '2000', '12'], ['-'], ['02', '04', '13', '1'], ['-'], ['28', '29', '30', '31', '1']);
const octet = ['0', '1', '10', '255', '256', '01', '00', '', '1e1'];
const goodOctet = ['0', '1', '10', '255'];
const ipv4 = fc.oneof(pieces(goodOctet, ['.'], goodOctet, ['.'], goodOctet, ['.'], goodOctet), pieces(octet, ['.'], octet, ['.', '..', ''], octet, ['.'], octet, ['', '.1', '%eth0', '/8']));
const group = ['0', '1', 'ffff', 'FFFF', '12345', 'g', '', 'db8', '2001'];
const ipv6 = fc.oneof(pieces(['', '::', ':'], group, [':', '::'], group, [':', '::', ''], group, ['', ':1.2.3.4', '::1.2.3.4', '.1.2.3', '%en0', '%', ':', '::']), fc.constantFrom('::', '::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '1:2:3:4:5:6:1.2.3.4', '::ffff:10.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', '1.2.3.4'));
const hostname = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
const longHostname = fc.integer({ min: 60, max: 70 }).map((n) => Array.from({ length: 4 }, () => 'a'.repeat(n)).join('.'));
const idnHostname = fc.oneof(hostname, pieces(['bücher', 'ａ', '\u3002', 'a\u200bb', 'x\u2060', '☃', 'a b', '-', '¢'], ['', '.example', '.テスト']), fc.integer({ min: 80, max: 90 }).map((n) => 'é'.repeat(n) + '.' + 'é'.repeat(n)));
const email = fc.oneof(
  pieces(['', 'Jo <', '"Jo Q" <', '=?utf-8?q?J=C3=B6rg?= <', '=?koi8-r?q?x?= <', 'a.b <', '(c) <', '<'], ['a', 'a.b', '"a b"', '.a', 'a..b', 'a+tag', '"a\\"b"', 'é', ''], ['@'], ['example.com', 'b', '[1.2.3.4]', '[a]b', 'b.', '-b.com', 'ex ample.com', 'b (comment)'], ['', '>', '> x', ',', ';']),
  fc.constantFrom('a@b.c', 'a', '@b.c', 'a@', 'a@b@c', 'Group: a@b.c;', '<a@b.c>', 'a@b.c (x)', '"unclosed@b.c'),
);
const uri = pieces(['', 'http:', 'HTTPS:', 'mailto:', 'a+b-c.d:', '1a:', ':', 'a_b:', 'urn:x:'], ['', '//'], ['', 'u:p@', 'u@', '@', '%41@'], ['host', 'Host.example', '[::1]', '[::1%25en0]', '[fe80::1%en0]', '[::1', 'a b', 'h%zz', 'h%41', 'ü', '10.0.0.1:8080', 'h:', 'h:x', 'h:80:90'], ['', '/p', '/a b', '/%zz', '/%2F', ':c', '/a:b'], ['', '?q=1', '?%zz', '?a b'], ['', '#f', '#%zz', '#a b', '#%']);
const uriTemplate = pieces(['http://h/', '', '{+base}', '/'], ['{id}', '{a,b}', '{', '}', '{a}{b}', 'x', '{a\\b}', '{{a}}'], ['', '/x', '?q={q}', '\\']);
const jsonPointer = pieces(['', '/', '//', 'a', '#'], ['', 'a', '~0', '~1', '~2', '~', 'a~b', '%25'], ['', '/b', '~', '/~01']);
const relativePointer = pieces(['0', '1', '+1', '-0', '-1', '01', '', 'a', '9223372036854775807', '9223372036854775808', '+', '00'], ['', '#', '/a', '/a~', '/~1', '#/x', 'x']);
const regex = fc.constantFrom('a', '(', 'a{2,1}', 'a{1000}', 'a{1001}', '\\Q.*\\E', '[[:alpha:]]', '(?P<n>a)', '(?<n>a)', '\\pL', '\\p{Greek}', '\\p{Nope}', '\\p{greek}', '\\p{ Uppercase_Letter }', '\\P{^letter}', '\\pl', '\\p{ascii}', '\\z', '\\Z', 'a**', 'a++', '(?i)a', '(?U)a', '(?s).', '[a-\\d]', '\\8', '(?=a)', '[z-a]', '\\C', '(a)\\1', '^*', '[]a]', '[^]', 'x{2}{3}', '(?m)^$', '\\x{10FFFF}', '\\x{110000}', '((()))', '\\b', '\\B', '$*');

const FORMATS: ReadonlyArray<readonly [string, fc.Arbitrary<string>]> = [
  ['date-time', mutated(dateTime)],
  ['date', mutated(date)],
  ['time', mutated(time)],
  ['email', mutated(email)],
  ['idn-email', mutated(email)],
  ['hostname', fc.oneof(mutated(hostname), longHostname)],
  ['idn-hostname', idnHostname],
  ['ipv4', mutated(ipv4)],
  ['ipv6', mutated(ipv6)],
  ['uri', mutated(uri)],
  ['iri', mutated(uri)],
  ['uri-reference', mutated(uri)],
  ['iri-reference', mutated(uri)],
  ['uri-template', mutated(uriTemplate)],
  ['json-pointer', mutated(jsonPointer)],
  ['relative-json-pointer', mutated(relativePointer)],
  ['regex', mutated(regex)],
];

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

  it('agrees on what each type accepts, Go-read strings and large numbers included', () => {
    const types = ['boolean', 'integer', 'number', 'string', 'null', 'object', 'array', ['boolean', 'string'], ['integer', 'null'], ['boolean', 'integer'], ['integer', 'number']];
    const values = [true, false, 0, -0, 1, 2.5, 1e3, 1e19, -1e19, 9223372036854774784, -9223372036854775808, 'true', 'True', 'TRUE', 'tRUE', 't', 'T', '1', '0', 'f', 'F', 'false', 'FALSE', 'False', 'yes', '', '2', null, {}, []];
    const flat = types.flatMap((type) => values.map((document) => ({ schema: { type }, document })));
    const run = spawnSync(built!.binary, [], { input: flat.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const answers = run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as Answer).valid);
    const ours = flat.map((c) => compileSchema(c.schema)(c.document) === undefined);
    const differ = flat.filter((_, i) => ours[i] !== answers[i]).map((c) => JSON.stringify(c));
    expect(differ).toEqual([]);
    // Go reads these strings as booleans and this number as no integer.
    expect(compileSchema({ type: 'boolean' })('TRUE')).toBeUndefined();
    expect(compileSchema({ type: 'integer' })(1e19)).toBeDefined();
  });

  it(`agrees on every format it validates, ${RUNS} strings each (seed ${SEED})`, () => {
    const flat = FORMATS.flatMap(([format, strings], i) => fc.sample(strings, { numRuns: RUNS, seed: SEED + i }).map((document) => ({ schema: { format }, document })));
    const run = spawnSync(built!.binary, [], { input: flat.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(run.status, run.stderr).toBe(0);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers).toHaveLength(flat.length);
    const validators = new Map(FORMATS.map(([format]) => [format, compileSchema({ format })]));
    const mismatches: string[] = [];
    const tally = new Map<string, { valid: number; invalid: number }>();
    flat.forEach((c, i) => {
      const upstream = answers[i]!.valid;
      const ours = validators.get(c.schema.format)!(c.document) === undefined;
      const counts = tally.get(c.schema.format) ?? { valid: 0, invalid: 0 };
      counts[upstream ? 'valid' : 'invalid']++;
      tally.set(c.schema.format, counts);
      if (ours !== upstream) mismatches.push(`${c.schema.format} ${JSON.stringify(c.document)}: upstream ${String(upstream)}, rampart ${String(ours)}`);
    });
    expect(mismatches.slice(0, 8), `${mismatches.length} of ${flat.length} differ (seed ${SEED})`).toEqual([]);
    // Each format must see values it accepts and values it refuses.
    if (process.env.JSONSCHEMA_ORACLE_TALLY) console.log(tally);
    for (const [format, counts] of tally) {
      expect(counts.valid, format).toBeGreaterThan(RUNS / 20);
      expect(counts.invalid, format).toBeGreaterThan(RUNS / 20);
    }
  });
});
