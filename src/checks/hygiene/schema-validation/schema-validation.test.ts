import { describe, expect, it } from 'vitest';
import type { Path } from '../../../core/path.js';
import { compileSchema } from './compile.js';
import { kubernetesSchema } from './schema-data.js';
import { SchemaValidator } from './validate.js';

const SYNTHETIC = compileSchema({
  kinds: { 'example.io/v1': { Widget: 'example.v1.Widget' } },
  definitions: {
    'example.v1.Widget': {
      properties: { spec: '#example.v1.WidgetSpec', children: { list: '#example.v1.Widget' } },
      required: ['spec'],
    },
    'example.v1.WidgetSpec': { properties: { mode: { enum: ['Fast', 'Slow'] }, size: 'quantity', raw: 'any', extra: 'object' } },
  },
});

function issues(body: Record<string, unknown>, schema = SYNTHETIC, apiVersion = 'example.io/v1', kind = 'Widget') {
  const definition = schema.kinds.get(apiVersion)?.get(kind);
  if (!definition) throw new Error('no definition');
  const found: Array<{ path: Path; message: string; rejects: boolean; undecodable?: true }> = [];
  new SchemaValidator().validate(body, definition, (issue) => found.push(issue));
  return found;
}

describe('schema validator', () => {
  it('under status reports wrong JSON types only: not required or unknown fields, nor values outside an enumeration', () => {
    const schema = compileSchema({
      kinds: { 'example.io/v1': { Widget: 'example.v1.Widget' } },
      definitions: {
        'example.v1.Widget': { properties: { spec: '#example.v1.WidgetSpec', status: '#example.v1.WidgetStatus' } },
        'example.v1.WidgetSpec': { properties: { mode: { enum: ['Fast', 'Slow'] } }, required: ['mode'] },
        'example.v1.WidgetStatus': { properties: { phase: { enum: ['Ready'] }, count: 'int32', spec: '#example.v1.WidgetSpec' }, required: ['phase'] },
      },
    });
    const found = (body: Record<string, unknown>) => issues(body, schema).map((f) => f.message);
    expect(found({ spec: { mode: 'Fast' }, status: { phase: 'Later', extra: 1, spec: {} } })).toEqual([]);
    expect(found({ spec: { mode: 'Fast' }, status: { count: 'one', phase: 7 } })).toEqual([
      'status.count must be an integer, but is the string "one"; the API server rejects the object',
      'status.phase must be a string, but is the number 7 (quote it in YAML); the API server rejects the object',
    ]);
    expect(found({ spec: { extra: 1 } })).toHaveLength(2);
  });

  it('refuses numbers beyond the Go integer each field decodes into: int64, int32, and the int32 of an int-or-string', () => {
    const schema = compileSchema({
      kinds: { 'example.io/v1': { Widget: 'example.v1.Widget' } },
      definitions: { 'example.v1.Widget': { properties: { big: 'integer', small: 'int32', port: 'int-or-string' } } },
    });
    const found = (body: Record<string, unknown>) => issues(body, schema).map((f) => f.message);
    expect(found({ big: 2 ** 62, small: 2 ** 31 - 1, port: 2 ** 31 - 1 })).toEqual([]);
    expect(found({ big: -(2 ** 63), port: 'http' })).toEqual([]);
    expect(found({ big: 1e21, small: 2 ** 31, port: 3e9 })).toEqual([
      'big must be a 64-bit integer, but is the number 1e+21; the API server rejects the object',
      'small must be a 32-bit integer, but is the number 2147483648; the API server rejects the object',
      'port must be a 32-bit integer or a string, but is the number 3000000000; the API server rejects the object',
    ]);
    expect(found({ big: 2 ** 63 })).toHaveLength(1);
    expect(issues({ big: 1e21 }, schema)[0]?.undecodable).toBe(true);
  });

  it('checks enumerations when the schema has them', () => {
    expect(issues({ spec: { mode: 'Fast' } })).toEqual([]);
    expect(issues({ spec: { mode: 'fast' } })[0]?.message).toBe('spec.mode must be one of Fast, Slow, but is the string "fast"; the API server rejects the object');
  });

  it('follows recursive definitions and reports paths inside lists', () => {
    const found = issues({ spec: {}, children: [{ spec: {} }, { spec: { size: [] } }] });
    expect(found.map((f) => f.path)).toEqual([['children', 1, 'spec', 'size']]);
  });

  it('accepts the quantities resource.ParseQuantity parses, and reports the other strings', () => {
    // As upstream parses them: an empty number is 0 ("m", "e3"), and n and u are decimal suffixes.
    for (const size of ['500m', '2', ' 1Gi ', '0.5', '.5', '1.', '+3', '-1', '1e3', '1E-2', '1e+3', '128974848', '129e6', '123Mi', '2k', '100u', '500n', '1E', 'm', 'e3', 0.5, 0]) {
      expect(issues({ spec: { size } }), String(size)).toEqual([]);
    }
    for (const size of ['', ' ', '500 m', '1gi', '1Gb', '1K', '1.2.3', '1ki', '1m5', '1e', 'one']) {
      expect(issues({ spec: { size } })[0]?.message, size).toContain('spec.size must be a quantity such as "500m" or 2');
    }
  });

  it('accepts anything for "any" and any mapping for "object"', () => {
    expect(issues({ spec: { raw: [1, 'two'], extra: { a: { b: 1 } } } })).toEqual([]);
    expect(issues({ spec: { extra: 'text' } })[0]?.message).toContain('spec.extra must be a mapping, but is the string "text"');
  });

  it('reports a missing required field where it belongs', () => {
    expect(issues({})).toEqual([{ path: ['spec'], message: 'required field "spec" of Widget is missing; the API server rejects the object', rejects: true }]);
  });

  it('tells what the API server rejects (wrong types, missing fields) from what it only drops (unknown fields)', () => {
    expect(issues({ spec: { mode: 7 }, extra: 1 }).map((i) => [i.path.join('.'), i.rejects])).toEqual([
      ['spec.mode', true],
      ['extra', false],
    ]);
  });

  it('marks what the decoder already refuses (wrong JSON types, unparsable quantities): not enumeration values, nor missing fields', () => {
    expect(issues({ spec: { mode: 7, size: '1gi', extra: [] } }).map((i) => [i.path.join('.'), i.undecodable])).toEqual([
      ['spec.mode', true],
      ['spec.size', true],
      ['spec.extra', true],
    ]);
    expect(issues({ spec: { mode: 'fast' } }).map((i) => [i.rejects, i.undecodable])).toEqual([[true, undefined]]);
    expect(issues({}).map((i) => [i.rejects, i.undecodable])).toEqual([[true, undefined]]);
  });

  it('rejects a malformed data file instead of validating against half a schema', () => {
    expect(() => compileSchema({ kinds: {}, definitions: { 'a.v1.A': { properties: { b: '#a.v1.Missing' } } } })).toThrow(/unknown type/);
    expect(() => compileSchema({})).toThrow(/no definitions/);
  });
});

describe('the Kubernetes v1.37 schema', () => {
  const schema = kubernetesSchema();

  it('holds every built-in workload kind and leaves out custom resource definitions', () => {
    for (const [apiVersion, kind] of [['v1', 'Pod'], ['apps/v1', 'Deployment'], ['batch/v1', 'CronJob'], ['networking.k8s.io/v1', 'Ingress']]) {
      expect(schema.kinds.get(apiVersion ?? '')?.get(kind ?? ''), `${apiVersion} ${kind}`).toBeDefined();
    }
    expect(schema.kinds.get('apiextensions.k8s.io/v1')?.get('CustomResourceDefinition')).toBeUndefined();
  });

  it('knows a misspelled field from a real one', () => {
    const found = issues({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', imagePullpolicy: 'Always' }] } }, schema, 'v1', 'Pod');
    expect(found.map((f) => f.message)).toEqual([
      'unknown field "imagePullpolicy" in spec.containers[0]: Container has no such field (did you mean "imagePullPolicy"?); Kubernetes rejects it under strict validation and otherwise drops it',
    ]);
  });

  it('says so when a required field is null rather than absent', () => {
    const found = issues({ spec: { containers: null } }, schema, 'v1', 'Pod');
    expect(found.map((f) => f.message)).toEqual(['required field "containers" of PodSpec is null in spec; the API server rejects the object']);
  });
});
