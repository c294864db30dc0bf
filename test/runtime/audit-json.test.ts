import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { MAX_DEPTH, parseAuditJson } from '../../src/runtime/inputs/audit-json.js';
import { FastjsonReader } from '../../src/runtime/inputs/fastjson-reader.js';
import { type Json, asString, compactJson } from '../../src/runtime/sources/json-value.js';

const valueOf = (text: string): unknown => {
  const json = parseAuditJson(text);
  if (!json.ok) throw new Error(json.message);
  return json.value;
};

/** JSON values with the keys and strings audit events have, escapes and non-ASCII text included. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '\n', '\u0001', 'é', '€', '😀', '<', '/', ':', ',', '{', '}') }),
    fc.integer({ min: -100_000, max: 100_000 }),
    fc.constantFrom(0, -0, 1000, 1e21, 0.001, 0.5, 1.25, -7.5e-9, 2 ** 53 + 2, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'kind', 'stageTimestamp', 'verb', '__proto__', 'constructor', '0', '1', 'é', 'a"b'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON text with a key given twice in one object: the value that comes first and the text. */
function duplicated(first: unknown, second: unknown, where: 'top' | 'nested', spaced: boolean): string {
  const s = spaced ? ' ' : '';
  const member = (v: unknown) => `"verb":${s}${JSON.stringify(v)}`;
  const object = `{${member(first)},${s}"user":{"username":"u"},${s}${member(second)}}`;
  return where === 'top' ? object : `{"kind":"Event","requestObject":[1,${object}]}`;
}

describe('reading audit JSON as the k8saudit plugin (fastjson) does', () => {
  it('reads what JSON.parse reads when no key is given twice, however the text is written', () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 1, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(valueOf(text)).toEqual(JSON.parse(text));
        // Own properties and key order too (__proto__ included).
        expect(JSON.stringify(valueOf(text))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the first value of a key given twice, where JSON.parse keeps the last', () => {
    expect(valueOf('{"verb":"create","verb":"get"}')).toEqual({ verb: 'create' });
    expect(JSON.parse('{"verb":"create","verb":"get"}')).toEqual({ verb: 'get' });
    expect(valueOf('{"a":{"b":1,"b":{"c":2}},"a":3}')).toEqual({ a: { b: 1 } });
    expect(valueOf('[{"k":1,"k":2},{"k":3}]')).toEqual([{ k: 1 }, { k: 3 }]);
    // The same key however it is escaped, and __proto__ as an own property, as JSON.parse makes it.
    expect(valueOf('{"kind":"Event","ki\\u006ed":"Status"}')).toEqual({ kind: 'Event' });
    const proto = valueOf('{"__proto__":{"x":1},"__proto__":2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('finds a key given twice whatever the rest of the text holds: escapes, spaces, numbers written in any way', () => {
    const numbers = ['1000', '1e3', '1E400', '-1e400', '1e21', '1e-7', '0.001', '1.0', '-0', '100', '12e2', '5e-1'];
    for (const n of numbers) {
      for (const [first, second] of [
        ['create', 'get'],
        ['g\\"et', 'create'],
      ] as const) {
        for (const where of ['top', 'nested'] as const) {
          for (const spaced of [false, true]) {
            const text = duplicated(JSON.parse(`"${first}"`), JSON.parse(`"${second}"`), where, spaced).replace('"username":"u"', `"username":"u","n":[${Array(6).fill(n).join(',')}]`);
            const value = valueOf(text) as { verb?: string; requestObject?: [number, { verb: string }] };
            expect(value.verb ?? value.requestObject?.[1].verb, text).toBe(JSON.parse(`"${first}"`));
          }
        }
      }
    }
  });

  it('keeps the first value of random keys given twice, anywhere', () => {
    fc.assert(
      fc.property(json, json, json, fc.constantFrom('top', 'nested') as fc.Arbitrary<'top' | 'nested'>, fc.boolean(), (first, second, other, where, spaced) => {
        const text = duplicated(first, second, where, spaced).replace('"u"', JSON.stringify(other));
        const value = valueOf(text) as { verb?: unknown; requestObject?: [number, { verb: unknown }] };
        expect(where === 'top' ? value.verb : value.requestObject?.[1].verb).toEqual(JSON.parse(JSON.stringify(first)));
      }),
      { numRuns: 2000 },
    );
  });

  it(`refuses a value more than ${MAX_DEPTH} levels deep, as fastjson does, even one a key given twice leaves out`, () => {
    const nested = (levels: number, inner = '') => '['.repeat(levels) + inner + ']'.repeat(levels);
    expect(parseAuditJson(nested(MAX_DEPTH)).ok).toBe(true);
    expect(parseAuditJson(nested(MAX_DEPTH - 1, '1')).ok).toBe(true);
    expect(parseAuditJson(nested(MAX_DEPTH, '1'))).toEqual({ ok: false, message: 'JSON nested more than 300 levels deep' });
    expect(parseAuditJson(nested(MAX_DEPTH + 1)).ok).toBe(false);
    expect(parseAuditJson(`{"a":${nested(MAX_DEPTH - 1)}}`).ok).toBe(true);
    expect(parseAuditJson(`{"a":${nested(MAX_DEPTH - 1, '{}')}}`).ok).toBe(false);
    expect(parseAuditJson(`{"a":${nested(MAX_DEPTH - 2, '{}')}}`).ok).toBe(true);
    expect(parseAuditJson(`{"a":${nested(MAX_DEPTH - 2, '{"b":1}')}}`).ok).toBe(false);
    expect(parseAuditJson(`{"a":${nested(MAX_DEPTH)},"a":1}`).ok).toBe(false);
    // JSON.parse takes any depth; this does not recurse past the limit.
    expect(parseAuditJson(nested(100_000)).ok).toBe(false);
    expect(parseAuditJson(`{"a":1,"a":${nested(100_000)}}`).ok).toBe(false);
  });

  it('reports what JSON.parse refuses without quoting the text', () => {
    expect(parseAuditJson('{"password":"hunter2" x')).toEqual({ ok: false, message: expect.stringMatching(/^invalid JSON: /) });
    expect(JSON.stringify(parseAuditJson('token=hunter2'))).not.toContain('hunter2');
  });
});

const read = (text: string) => {
  const json = parseAuditJson(text);
  if (!json.ok) throw new Error(json.message);
  return json.value as Record<string, Json>;
};

describe('texts the plugin reads and JSON.parse refuses (fastjson is lenient)', () => {
  it('reads a number as any run of number characters, or nan/inf after at most one sign, its value its text', () => {
    const v = read('{"a":NaN,"b":-Inf,"c":1.2.3,"d":[+nan,.e,01,+1],"e":7}');
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => asString(v[k] as Json))).toEqual(['NaN', '-Inf', '1.2.3', '[+nan,.e,01,+1]', '7']);
    expect(compactJson(v)).toBe('{"a":NaN,"b":-Inf,"c":1.2.3,"d":[+nan,.e,01,+1],"e":7}');
    for (const refused of ['{"a":Infinity}', '{"a":-}', '{"a":--inf}', '{"a":1,}', '[1,]', '{"a":nul}', '{"a":"x}', '{"a":1}x']) expect(parseAuditJson(refused).ok, refused).toBe(false);
  });

  it('reads strings as fastjson does: control characters as they are, unknown and broken escapes as written, surrogate escapes in pairs', () => {
    const v = read('{"a":"x\ty\u0001","b":"\\x\\u12","c":"\\uZZZZ","d":"\\ud800","e":"\\ud800\\u0041","f":"\\ud83d\\ude00"}');
    expect(v).toEqual({ a: 'x\ty\u0001', b: '\\x\\u12', c: '\\uZZZZ', d: '\\ud800', e: '\ufffd', f: '😀' });
    // Valid JSON too: JSON.parse makes a lone surrogate of the escape, fastjson keeps it as written.
    expect(read('{"d":"\\udc00"}')).toEqual({ d: '\\udc00' });
  });
});

describe('numbers of valid JSON JavaScript writes otherwise', () => {
  it('are read as their text, as the plugin reads them, in compact and spread-out texts alike', () => {
    for (const n of ['1.0', '-0', '1e3', '1E2', '2e2', '-12E2', '0.05', '5e-2', '0.10', '12345678901234567890', '9007199254740993']) {
      for (const text of [`{"code":${n},"x":"y"}`, `{ "code": ${n}, "x": "y" }`, `{"code":${n},"x":"\\u0079"}`]) {
        expect(asString(read(text).code as Json), text).toBe(n);
      }
    }
    expect(read('{"code":200,"n":[1.5,-7,0.25],"id":"2e2x"}')).toEqual({ code: 200, n: [1.5, -7, 0.25], id: '2e2x' });
  });
});

describe('hundreds spelt with an exponent as long as their digits (2e2 for 200)', () => {
  // Texts as a writer may spell them: escapes before and after the numbers, keys that are array
  // indexes (which JSON.parse's objects list first), hundreds in either spelling.
  const hundred = fc.constantFrom('200', '2e2', '2E2', '1200', '12e2', '-300', '-3E2', '100', '1e2');
  const string = fc.constantFrom('"x"', '"x\\"200"', '"\\u0041\\n"', '"2e2"', '"\\\\"', '"a200b"');
  const key = fc.constantFrom('"a"', '"b"', '"1"', '"0"', '"k\\"y"', '"code"');
  const text = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, hundred, string, fc.constantFrom('7', '1.5', 'true', 'null'), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 3 }).map((values) => `[${values.join(',')}]`),
    object: fc.uniqueArray(fc.tuple(key, tie('value')), { maxLength: 4, selector: ([k]) => k }).map((members) => `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  })).object;

  it('read as the plugin reads them: their text where JavaScript spells them otherwise', () => {
    fc.assert(
      fc.property(text, (t) => {
        const expected = compactJson(new FastjsonReader(t, false, true).read() as Json);
        expect(compactJson(valueOf(t) as Json)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('leave a text that spells them as JavaScript does to JSON.parse alone, escapes before them or not', () => {
    const read = vi.spyOn(FastjsonReader.prototype, 'read');
    try {
      for (const t of ['{"a":"x\\"y\\u0041","b":[1,{"c":"\\n","d":[100,"\\t",300]}],"responseStatus":{"metadata":{},"code":200},"n":-1200}', '{"code":300,"kind":"Event"}']) {
        expect(valueOf(t)).toEqual(JSON.parse(t));
      }
      expect(read).not.toHaveBeenCalled();
      // An array index as a key: its members are not walked in the text's order, the text is searched.
      expect(valueOf('{"b":"x200","1":200}')).toEqual({ 1: 200, b: 'x200' });
      expect(read).not.toHaveBeenCalled();
      expect(asString(valueOf('{"b":"x200","1":2e2}') as Record<string, Json>)).toBe('{"1":2e2,"b":"x200"}');
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });
});
