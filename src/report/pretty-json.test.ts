import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderToString } from './format.js';
import { prettyJsonAt, writePrettyObject } from './pretty-json.js';

function written(fields: Parameters<typeof writePrettyObject>[1]): string {
  return renderToString((sink) => writePrettyObject(sink, fields));
}

describe('writePrettyObject', () => {
  it('writes what JSON.stringify(object, null, 2) writes, arrays streamed or not (random objects)', () => {
    const arrays = fc.dictionary(fc.string().filter((k) => k !== 'last'), fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }), { maxKeys: 4 });
    fc.assert(
      fc.property(arrays, fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (object, value, streamed) => {
        const fields = Object.entries(object).map(([name, items]) => [name, streamed ? { items: items.map((item) => prettyJsonAt(item, 2)) } : { value: items }] as const);
        const whole = { ...object, last: value };
        expect(written([...fields, ['last', { value }]])).toBe(`${JSON.stringify(whole, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('writes an empty object and empty arrays as JSON.stringify does', () => {
    expect(written([])).toBe('{}\n');
    expect(written([['a', { items: [] }]])).toBe('{\n  "a": []\n}\n');
  });
});
