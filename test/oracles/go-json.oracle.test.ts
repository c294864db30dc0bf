/*
 * Differential test of src/custom-rules/cel/go-json.ts against Go (test/oracles/go-json, see
 * README.md): each object as kube-linter loads it (client-go v0.37.2 scheme's UniversalDeserializer,
 * the unstructured fallback), marshaled and unmarshaled into map[string]any, is what CEL sees. Every
 * object of test/corpus, and random objects of every kind the scheme knows built from the shapes of
 * go-types.generated.ts, with nulls, unknown and oddly cased fields, wrong-typed values and the
 * corner forms of quantities, times, IntOrString and base64.
 *
 *   GO_JSON_ORACLE_RUNS=30000 GO_JSON_ORACLE_SEED=random npx vitest run test/oracles/go-json.oracle.test.ts
 *
 * Known differences, not generated: List kinds (kube-linter decodes each item; Rampart's loader
 * splits a List into its items before CEL sees them), and quantity exponents near the int32 limits,
 * where upstream's scale arithmetic overflows.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goJson, type GoJson } from '../../src/custom-rules/cel/go-json.js';
import { GO_API_VERSIONS, GO_KINDS, GO_KINDS_OF_EVERY_VERSION, GO_STRUCTS } from '../../src/custom-rules/cel/go-types.generated.js';
import { loadSources, readFiles } from '../../src/inputs/load.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';

const ORACLE_DIR = fileURLToPath(new URL('./go-json/', import.meta.url));
const HAVE_GO = goAvailable('go-json');
const RUNS = Number(process.env.GO_JSON_ORACLE_RUNS ?? 3000);
const SEED = process.env.GO_JSON_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.GO_JSON_ORACLE_SEED ?? 20261207);

let built: { readonly binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'go-json');
}, 900_000);
afterAll(() => built?.remove());

type Answer = { typed: unknown } | { unstructured: unknown } | { decodeError: string };

function upstream(objects: readonly unknown[]): GoJson['decoding'][] & { forms: unknown[] } {
  const run = spawnSync(built!.binary, [], { input: objects.map((o) => JSON.stringify(o)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(run.status, run.stderr).toBe(0);
  const answers = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Answer);
  expect(answers).toHaveLength(objects.length);
  const decodings = answers.map((a) => ('typed' in a ? 'typed' : 'unstructured' in a ? 'unstructured' : 'unloadable')) as GoJson['decoding'][] & { forms: unknown[] };
  decodings.forms = answers.map((a) => ('typed' in a ? a.typed : 'unstructured' in a ? a.unstructured : undefined));
  return decodings;
}

/** JSON with sorted keys, so that two forms compare as Go's maps do. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Compares Rampart with upstream on each object; returns the differences and the count of each decoding. */
function compare(objects: readonly Record<string, unknown>[]): { differences: string[]; counts: Record<GoJson['decoding'], number> } {
  const expected = upstream(objects);
  const differences: string[] = [];
  const counts = { typed: 0, unstructured: 0, unloadable: 0 };
  objects.forEach((object, i) => {
    const ours = goJson(object);
    counts[expected[i]!]++;
    const theirs = expected.forms[i];
    if (ours.decoding !== expected[i] || (theirs !== undefined && canon(ours.form) !== canon(theirs))) {
      differences.push(`object ${i}: ${canon(object).slice(0, 1500)}\n  upstream: ${expected[i]} ${canon(theirs ?? null).slice(0, 1500)}\n  rampart:  ${ours.decoding} ${canon(ours.form).slice(0, 1500)}`);
    }
  });
  return { differences, counts };
}

// ---------------------------------------------------------------------------------------------
// Random objects from the shapes of go-types.generated.ts

const ODD_TEXT = ['', 'a', 'nginx', 'a"b', 'back\\slash', 'tab\there', 'new\nline', 'nbsp\u00a0', '<&>', 'emoji\u{1f600}', 'lone\ud800', 'u\ue000', 'u\u{10000}', '10', '9', 'json: cannot unmarshal'];
const KEYS = ['a', 'b', 'app.kubernetes.io/name', '10', '9', '', '__proto__', 'lone\udc00', 'x\u{1f600}', 'x\uffee', 'cpu', 'memory'];
const WRONG: readonly unknown[] = ['true', 1, 0, -1, 1.5, [], {}, 'x', '', true, false, [1], { a: 1 }];
const INTS: readonly unknown[] = [0, -0, 1, -1, 80, 65535, 2147483647, 2147483648, -2147483648, -2147483649, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 9223372036854774784, -9223372036854774784, 1e21, 1.5, 1e-7];
const QUANTITIES: readonly unknown[] = [
  '100m', '1000m', '0.5', '.5', '1.', '1', '+1', '-1', '01', '0', '00', '-0', '+', '-', '.', 'm', 'Ki', 'Pi', '1.500k', '1.5k', '1e3', '1E3', '1e+21', '1e', '1e-10', '0.0000000001',
  '100Mi', '8Ki', '1Ki', '1025', '1024', '1023', '1.5Gi', '0.5Ki', '0.1Ki', '1000E', '1000P', '12345678901234567890', '12345678901234567890Ki', '9999999999Ei', '8Ei', '1Pi', '99Ti',
  ' 1 ', '1\u00a0', '\u00851', '1\t', '1\u2028', '1\ufeff', '1\u3000', '1Gb', '', ' ', 'x', '1.2.3', '1e3m', '123456789.123456789', '-1.5Mi', '5n', '5u', '-5n', '0.1n', '1e-9', '3e2', '2e-2', '1e18', '1e19',
  0.5, 1, 0, -3, 1e21, 1e-7, 123456789012, true, false, {}, [],
];
const INT_OR_STRINGS: readonly unknown[] = [80, 0, '80', 'http', '50%', '', 1.5, 2147483648, -2147483648, true, {}, [1], 'lone\ud800'];
const TIMES: readonly unknown[] = [
  '2024-01-01T10:00:00Z', '2024-01-01T10:00:00+02:00', '2024-01-01T10:00:00.123456789Z', '2024-01-01T10:00:00,5Z', '2024-01-01T10:00:00.1234567891234Z', '2024-01-01T1:00:00Z',
  '2024-01-01T10:00:00+24:00', '2024-01-01T10:00:00-23:60', '2024-01-01T10:00:00+25:00', '2024-01-01T10:00:00+02:61', '0001-01-01T00:00:00Z', '0001-01-01T01:00:00+01:00', '0001-01-01T00:00:00.5Z',
  '0000-01-01T00:00:00+01:00', '9999-12-31T23:00:00-02:00', '2023-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z',
  '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01t10:00:00z', '2024-01-01 10:00:00Z', '2024-01-01T10:00:00', '2024-01-01', '', 'json: cannot unmarshal', 1, true, {},
];
const MICRO_TIMES: readonly unknown[] = [
  '2024-01-01T10:00:00.123456Z', '2024-01-01T10:00:00.000000+01:00', '2024-01-01T10:00:00,123456Z', '2024-01-01T10:00:00.+12345Z', '2024-01-01T10:00:00.-00000Z', '2024-01-01T10:00:00.-00001Z',
  '2024-01-01T10:00:00.1234567Z', '2024-01-01T10:00:00.12345Z', '2024-01-01T10:00:00Z', '0001-01-01T00:00:00.000000Z', '0001-01-01T00:00:00.000001Z', ...TIMES.slice(0, 4),
];
const BYTES: readonly unknown[] = ['aGVsbG8=', 'aGVsbG8', 'aGVs\nbG8=', 'aGVsbG8=\n', 'YQ==', 'YR==', 'YWI=', 'YWJ=', '', '!!', 'a===', 'YQ=\r\n=', [1, 2, 255], [], [256], [-1], [null], ['a'], [1.5]];
const RAW: readonly unknown[] = [{ a: 1, b: [true, null, 'x'] }, [1, 2], 'text', 5, -0, true, { f: { 'k:x': {} } }, { lone: 'a\ud800' }];

interface ShapeNode {
  readonly code: string;
  readonly of?: ShapeNode;
  readonly name?: string;
}

function parse(text: string): ShapeNode {
  const code = text[0]!;
  if (code === '*' || code === '[' || code === '{') return { code, of: parse(text.slice(1)) };
  if (code === '@') return { code, name: text.slice(1) };
  return { code };
}

function fieldsOf(name: string): { name: string; shape: ShapeNode }[] {
  const text = GO_STRUCTS[name]!;
  return text === '' ? [] : text.split(',').map((part) => ({ name: part.slice(0, part.indexOf(':')).replace(/[?!]+$/, ''), shape: parse(part.slice(part.indexOf(':') + 1)) }));
}

const KINDS: [string, string][] = [
  ...Object.entries(GO_KINDS).map(([key, root]): [string, string] => [key, root]),
  ...GO_API_VERSIONS.slice(0, 3).flatMap((version) => Object.entries(GO_KINDS_OF_EVERY_VERSION).map(([kind, root]): [string, string] => [`${version} ${kind}`, root])),
];
// Workloads more often: their types are the deepest.
const WORKLOADS = KINDS.filter(([key]) => /^(v1 Pod|apps\/v1 (Deployment|StatefulSet|DaemonSet)|batch\/v1 (Job|CronJob)|v1 (Secret|ConfigMap|Service)|rbac.authorization.k8s.io\/v1 Role|coordination.k8s.io\/v1 Lease|events.k8s.io\/v1 Event)$/.test(key));

type Gen = fc.GeneratorValue;

function pick<T>(g: Gen, values: readonly T[]): T {
  return values[g(fc.nat, { max: values.length - 1 })]!;
}

function chance(g: Gen, percent: number): boolean {
  return g(fc.nat, { max: 99 }) < percent;
}

/** A random value of a shape: mostly well-formed, sometimes null or of the wrong type. */
function value(g: Gen, shape: ShapeNode, depth: number): unknown {
  if (chance(g, 6)) return null;
  if (chance(g, 3)) return pick(g, WRONG);
  switch (shape.code) {
    case 's':
      return chance(g, 70) ? pick(g, ['app', 'nginx:1.25', 'Always', 'TCP', 'default', 'x']) : pick(g, ODD_TEXT);
    case 'b':
      return g(fc.boolean);
    case 'i':
    case 'l':
    case 'f':
      return chance(g, 70) ? g(fc.integer, { min: -3, max: 100 }) : pick(g, INTS);
    case 'Q':
      return pick(g, QUANTITIES);
    case 'N':
      return pick(g, INT_OR_STRINGS);
    case 'T':
      return pick(g, TIMES);
    case 'M':
      return pick(g, MICRO_TIMES);
    case 'B':
      return pick(g, BYTES);
    case 'R':
      return pick(g, RAW);
    case '*':
      return value(g, shape.of!, depth);
    case '[':
      if (depth > 9) return [];
      return Array.from({ length: g(fc.nat, { max: 2 }) + (chance(g, 70) ? 1 : 0) }, () => value(g, shape.of!, depth + 1));
    case '{': {
      const out: Record<string, unknown> = {};
      if (depth > 9) return out;
      for (let n = g(fc.nat, { max: 3 }); n > 0; n--) Object.defineProperty(out, pick(g, KEYS), { value: value(g, shape.of!, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case '@':
      return struct(g, shape.name!, depth);
  }
  throw new Error(`shape ${shape.code}`);
}

function struct(g: Gen, name: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = fieldsOf(name);
  if (depth > 9 || fields.length === 0) return out;
  const count = g(fc.nat, { max: Math.min(fields.length, depth < 4 ? 5 : 3) });
  for (let n = 0; n < count; n++) {
    const field = pick(g, fields);
    // Field names match case-sensitively; other spellings are unknown fields.
    const key = chance(g, 5) ? pick(g, [field.name.toUpperCase(), `${field.name}x`, '__proto__', 'unknownField']) : field.name;
    Object.defineProperty(out, key, { value: value(g, field.shape, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A random object: a kind the scheme knows with random fields, a custom resource, or a corner of apiVersion and kind. */
function object(g: Gen): Record<string, unknown> {
  const [key, root] = chance(g, 60) ? pick(g, WORKLOADS) : pick(g, KINDS);
  const [apiVersion, kind] = key.split(' ') as [string, string];
  const body = struct(g, root.replace(/^-/, ''), 0);
  const variant = g(fc.nat, { max: 99 });
  if (variant < 70) return { ...body, apiVersion, kind };
  if (variant < 80) return { apiVersion: pick(g, ['example.com/v1', 'v1alpha9', 'apps/v9']), kind: pick(g, ['Widget', kind]), ...body, spec: { replicas: 1, n: -0, s: 'lone\ud800', q: '1000m' } };
  const corners: Record<string, unknown>[] = [
    { apiVersion, Kind: kind },
    { APIVERSION: apiVersion, kind },
    { apiVersion, kind, KIND: 'Widget' },
    { apiVersion, kind: 'Kubernetes\u212aind' },
    { apiVerſion: apiVersion, kind },
    { apiVersion, kınd: kind },
    { apiVersion, kind: null, Kind: kind },
    { apiVersion, kind: 5 },
    { apiVersion: ['v1'], kind },
    { apiVersion: 'a/b/c', kind },
    { apiVersion: `/${apiVersion.split('/').pop()!}`, kind },
    { apiVersion: `${apiVersion}/`, kind },
    { apiVersion, kind: '' },
    { apiVersion: '', kind },
    { kind },
    { apiVersion: 'example.com/v1', kind: 'json: cannot unmarshal' },
    { apiVersion, kind, items: [] },
    { apiVersion: 'example.com/v1', kind: 'Widget', items: null },
    { apiVersion, kind, metadata: { annotations: { note: 'json: cannot unmarshal' } }, spec: { template: 1 } },
  ];
  return { ...body, ...pick(g, corners) };
}

// Random texts around the forms of quantities and times, for the values test.
const digits = (max: number) => fc.string({ unit: fc.constantFrom('0', '0', '1', '2', '5', '8', '9'), maxLength: max });
const quantityText = fc
  .tuple(
    fc.constantFrom('', '', '', '+', '-', ' '),
    digits(21),
    fc.constantFrom('', '', '.', '.5', '.000', '.123456789012'),
    fc.oneof(
      fc.constantFrom('', '', 'm', 'n', 'u', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'K', 'i', 'e', 'mi', 'kb', ' '),
      fc.tuple(fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 25 })).map(([e, n]) => `${e}${n}`),
    ),
  )
  .map((parts) => parts.join(''));
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const timeText = (fractions: readonly string[]) => fc
  .tuple(
    fc.constantFrom('2024', '2023', '2000', '2100', '0001', '0000', '9999', '999', '20245'),
    two(0, 13),
    two(0, 32),
    fc.constantFrom('T', 'T', 'T', 't', ' '),
    fc.oneof(two(0, 25), fc.integer({ min: 0, max: 9 }).map(String)),
    two(0, 61),
    two(0, 61),
    fc.constantFrom(...fractions),
    fc.oneof(fc.constantFrom('Z', 'Z', 'z', '', '+0100'), fc.tuple(fc.constantFrom('+', '-'), two(0, 25), two(0, 61)).map(([sign, h, m]) => `${sign}${h}:${m}`)),
  )
  .map(([y, mo, d, t, h, mi, sec, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${sec}${frac}${zone}`);

/** Objects that carry one value of a type with its own JSON form in several places (a map, a pointer, a struct field). */
const carriers: Record<string, (value: unknown) => Record<string, unknown>> = {
  quantity: (q) => ({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a', resources: { limits: { cpu: q } } }], volumes: [{ name: 'v', emptyDir: { sizeLimit: q } }] } }),
  time: (t) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { creationTimestamp: t, deletionTimestamp: t }, status: { conditions: [{ type: 'Ready', lastProbeTime: t }] } }),
  microTime: (t) => ({ apiVersion: 'events.k8s.io/v1', kind: 'Event', eventTime: t, series: { count: 1, lastObservedTime: t } }),
  intOrString: (n) => ({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { strategy: { rollingUpdate: { maxSurge: n, maxUnavailable: null } } } }),
  bytes: (b) => ({ apiVersion: 'v1', kind: 'Secret', data: { k: b }, stringData: { s: 'x' } }),
  raw: (r) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { managedFields: [{ manager: 'm', fieldsV1: r }] } }),
};

describe.skipIf(!HAVE_GO)('Go JSON form of objects (differential, against client-go v0.37.2 and encoding/json)', () => {
  it(`agrees on every object of the corpus`, () => {
    const objects = loadSources(readFiles(['test/corpus']).sources).objects.map((o) => o.body);
    const { differences, counts } = compare(objects);
    expect(differences.slice(0, 5), `${differences.length} of ${objects.length} differ`).toEqual([]);
    expect(objects.length).toBeGreaterThan(1000);
    expect(counts.typed).toBeGreaterThan(objects.length / 2);
  });

  it(`agrees on ${RUNS} random objects (seed ${SEED})`, () => {
    const objects = fc.sample(fc.gen().map(object), { numRuns: RUNS, seed: SEED });
    const { differences, counts } = compare(objects);
    if (process.env.GO_JSON_ORACLE_PRINT) console.log(differences.join("\n"), counts);
    expect(differences.slice(0, 5), `${differences.length} of ${objects.length} differ (seed ${SEED})`).toEqual([]);
    // Each way of loading must be well represented, or the sample proves little.
    expect(counts.typed).toBeGreaterThan(RUNS / 5);
    expect(counts.unstructured).toBeGreaterThan(RUNS / 10);
    expect(counts.unloadable).toBeGreaterThan(RUNS / 10);
  });

  it(`agrees on quantities, times, IntOrString, base64 and raw JSON (seed ${SEED})`, () => {
    const values: Record<string, readonly unknown[]> = {
      quantity: [...QUANTITIES, ...fc.sample(quantityText, { numRuns: RUNS, seed: SEED })],
      time: [...TIMES, ...fc.sample(timeText(['', '', '.5', ',25', '.123456', '.+12345', '.1234567', '.', '.123456789999']), { numRuns: RUNS / 3, seed: SEED })],
      microTime: [...MICRO_TIMES, ...fc.sample(timeText(['.123456', '.000000', ',654321', '.+12345', '.-00000', '.-00100', '.1234567', '.12345', '']), { numRuns: RUNS / 3, seed: SEED })],
      intOrString: [...INT_OR_STRINGS, ...INTS, null],
      bytes: [...BYTES, null, ...fc.sample(fc.string({ unit: fc.constantFrom('Y', 'Q', 'a', '=', '/', '+', '\n', '9'), maxLength: 9 }), { numRuns: 300, seed: SEED })],
      raw: [...RAW, null, ...WRONG],
    };
    for (const [type, list] of Object.entries(values)) {
      const objects = list.map(carriers[type]!);
      const { differences, counts } = compare(objects);
      expect(differences.slice(0, 5), `${type}: ${differences.length} of ${objects.length} differ (seed ${SEED})`).toEqual([]);
      expect(counts.typed, type).toBeGreaterThan(list.length / 10);
    }
  });
});
