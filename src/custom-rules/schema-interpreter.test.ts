import { Ajv2019 } from 'ajv/dist/2019.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema, compileTransientSchema, type SchemaValidator } from './json-schema.js';
import { POLARIS_FORMATS } from './formats/formats.js';
import { SchemaInterpreter } from './schema-interpreter.js';

/*
 * A rendered schema is walked by the interpreter (compileTransientSchema) and a written one is
 * compiled by ajv (compileSchema): on any schema and document the two must give the same answer,
 * the same path and the same message, and refuse the same schemas with the same words.
 */

type Outcome = { readonly refused: string } | { readonly results: ReadonlyArray<ReturnType<SchemaValidator> | { readonly threw: string }> };

function outcome(compile: (schema: Record<string, unknown>) => SchemaValidator, schema: Record<string, unknown>, documents: readonly unknown[]): Outcome {
  let validate: SchemaValidator;
  try {
    validate = compile(schema);
  } catch (error) {
    return { refused: (error as Error).message };
  }
  return {
    results: documents.map((d) => {
      try {
        return validate(d);
      } catch (error) {
        return { threw: (error as Error).message };
      }
    }),
  };
}

/** Whether the interpreter walks this schema (rather than leaving it to ajv). */
const walker = new SchemaInterpreter(new Ajv2019({ strict: false }), { resourceMinimum: (a, l) => a < l, resourceMaximum: (a, l) => a > l }, POLARIS_FORMATS);
const walked = (schema: Record<string, unknown>) => walker.validator(schema) !== undefined;

const KEYS = ['a', 'b', 'c', '1', 'x-y', 'constructor', 'toString', 'valueOf'];
const key = fc.constantFrom(...KEYS);
const PATTERNS = ['^a', 'b$', '[0-9]', 'a|b', '.', '^$', '^[a-c]+$', 'x-', '\\d', '(?i)A'];

/** fast-check's dictionaries have no prototype; parsed documents and schemas are plain objects. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

const data = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 12 }),
    fc.constantFrom(0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 2.5),
    fc.constantFrom('', 'a', 'b', 'ab', 'ba', '7', '100m', '2Gi', 'x-y', 'A', '😀', 'a😀', '\ud800', 'cab', '2026-12-07', 'a@b.c', '10.0.0.1', '::1', 'web-1.example'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value.map(plain);

const schema = fc.letrec<{ schema: unknown; object: Record<string, unknown> }>((tie) => {
  const sub = tie('schema');
  const keyword = fc.oneof(
    fc.record({ type: fc.oneof(fc.constantFrom('null', 'boolean', 'integer', 'number', 'string', 'array', 'object'), fc.uniqueArray(fc.constantFrom('null', 'integer', 'number', 'string', 'array', 'object'), { minLength: 1, maxLength: 3 })) }),
    fc.record({ const: data }),
    fc.record({ enum: fc.array(data, { minLength: 1, maxLength: 4 }) }),
    fc.record({ not: sub }),
    fc.record({ anyOf: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ if: sub, then: sub, else: sub }, { requiredKeys: ['if'] }),
    fc.record({ then: sub }),
    fc.record({ maximum: fc.integer({ min: -2, max: 8 }) }),
    fc.record({ minimum: fc.constantFrom(-1, 0, 0.5, 3) }),
    fc.record({ exclusiveMaximum: fc.integer({ min: -2, max: 8 }) }),
    fc.record({ exclusiveMinimum: fc.integer({ min: -2, max: 8 }) }),
    fc.record({ maxLength: fc.nat(3) }),
    fc.record({ minLength: fc.nat(3) }),
    fc.record({ pattern: fc.constantFrom(...PATTERNS) }),
    fc.record({ format: fc.constantFrom('date', 'email', 'ipv4', 'ipv6', 'hostname', 'uri', 'regex', 'no-such-format') }),
    fc.record({ maxItems: fc.nat(3) }),
    fc.record({ minItems: fc.nat(3) }),
    fc.record({ items: sub }),
    fc.record({ contains: sub }),
    fc.record({ maxProperties: fc.nat(3) }),
    fc.record({ minProperties: fc.nat(3) }),
    fc.record({ required: fc.uniqueArray(key, { maxLength: 3 }) }),
    fc.record({ additionalProperties: sub }),
    fc.record({ properties: fc.dictionary(key, sub, { maxKeys: 3 }) }),
    fc.record({ properties: fc.dictionary(fc.constantFrom(...'abcdefghijk'), sub, { minKeys: 9, maxKeys: 11 }) }),
    fc.record({ patternProperties: fc.dictionary(fc.constantFrom(...PATTERNS), sub, { maxKeys: 2 }) }),
    fc.record({ resourceMinimum: fc.constantFrom('100m', '1', '2Gi') }),
    fc.record({ resourceMaximum: fc.constantFrom('100m', '1', '2Gi') }),
    fc.record({ $comment: fc.constant('note'), title: fc.constant('t'), 'x-extra': data }),
    // Left to ajv: a keyword not walked, or a schema the meta-schema or ajv refuses.
    fc.record({ uniqueItems: fc.boolean() }),
    fc.record({ multipleOf: fc.constantFrom(2, 0.5) }),
    fc.record({ pattern: fc.constantFrom('(', 'a{2,1}') }),
    fc.record({ resourceMinimum: fc.constantFrom('lots', 7) }),
    fc.record({ type: fc.constant('float') }),
    fc.record({ minLength: fc.constant(-1) }),
  );
  return {
    schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.boolean(), tie('object')),
    object: fc.array(keyword, { maxLength: 4 }).map((parts) => plain(Object.assign({}, ...parts)) as Record<string, unknown>),
  };
});

/** Documents for a schema: random ones, and the values its const and enum keywords name (so that some pass). */
const documents = fc.array(data, { minLength: 1, maxLength: 6 });

describe('the schema interpreter for rendered schemas', () => {
  it('answers as ajv does: same failure, path and message, same schemas refused', () => {
    let walkedCount = 0;
    let passed = 0;
    let failed = 0;
    fc.assert(
      fc.property(schema.object, documents, (s, docs) => {
        if (walked(s)) walkedCount++;
        const expected = outcome(compileSchema, s, docs);
        const actual = outcome(compileTransientSchema, s, docs);
        if ('results' in expected) for (const r of expected.results) if (r) failed++;
        else passed++;
        expect(actual).toEqual(expected);
      }),
      { numRuns: Number(process.env.SCHEMA_RUNS ?? 2500) },
    );
    // The comparison means something only when most schemas are walked and documents both pass and fail.
    expect(walkedCount).toBeGreaterThan(1000);
    expect(passed).toBeGreaterThan(1000);
    expect(failed).toBeGreaterThan(1000);
  });

  it.each<[string, Record<string, unknown>, unknown[]]>([
    ['an enum of 200 values or more compares with deep equality, where NaN equals NaN', { enum: [...Array.from({ length: 200 }, (_, i) => i), Number.NaN] }, [Number.NaN, 5, 'x']],
    ['a short enum compares numbers with ===, where NaN is no NaN', { enum: [1, Number.NaN] }, [Number.NaN, 1]],
    ['additionalProperties beside more than eight properties', { properties: Object.fromEntries('abcdefghi'.split('').map((k) => [k, { type: 'string' }])), additionalProperties: false }, [{ a: 'x', z: 1 }, { a: 1 }]],
    ['type checked after the keywords of any type when its group is used', { type: 'object', required: ['a'], anyOf: [{ const: 1 }, { const: 2 }] }, ['s', 1, {}]],
    ['oneOf stops at the second schema that passes', { oneOf: [{ type: 'string' }, { minLength: 1 }, {}, { maxLength: 0 }] }, ['a', '', 3]],
    ['names that objects inherit count as present', { required: ['constructor'], properties: { toString: { type: 'string' } } }, [{}, { toString: 'x' }]],
    ['a type error outside composite keywords comes before the keywords of any type', { type: 'null', enum: [1] }, [2, null, 1]],
  ])('%s', (_what, s, docs) => {
    expect(walked(s)).toBe(true);
    expect(outcome(compileTransientSchema, s, docs)).toEqual(outcome(compileSchema, s, docs));
  });

  it('compares a document key toString, valueOf or constructor as any other key', () => {
    // fast-deep-equal, ajv's own equality, called such keys as methods (and threw) and compared
    // objects under `constructor` by identity; uniqueItems keeps the second schema with ajv.
    const schemas = [{}, { uniqueItems: true }].map((more) => ({ properties: { data: { const: { toString: 'a', valueOf: 1, constructor: { x: [1] } } } }, ...more }));
    expect(walked(schemas[0]!)).toBe(true);
    expect(walked(schemas[1]!)).toBe(false);
    for (const compile of [compileTransientSchema, compileSchema]) {
      for (const schema of schemas) {
        const validate = compile(schema);
        expect(validate({ data: { toString: 'a', valueOf: 1, constructor: { x: [1] } } })).toBeUndefined();
        expect(validate({ data: { toString: 'b', valueOf: 1, constructor: { x: [1] } } })?.message).toBe('data must be equal to constant');
        expect(validate({ data: { toString: 'a', valueOf: 1, constructor: { x: [2] } } })?.message).toBe('data must be equal to constant');
      }
    }
    const unique = compileSchema({ uniqueItems: true, items: { type: 'object' } });
    expect(unique([{ valueOf: 'x' }, { valueOf: 'y' }])).toBeUndefined();
    expect(unique([{ valueOf: 'x' }, { valueOf: 'x' }])?.message).toContain('must NOT have duplicate items');
  });
});
