import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockAttribute, blockAttributesOf } from './vertex.js';

// Keys that flatten onto one another ('a' then 'b' below it, and 'a.b' itself), list indices and the empty key Checkov drops.
const key = fc.constantFrom('a', 'b', 'a.b', 'b.0', '0', '', 'kind');
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<unknown>('x', 'y', 1, true, null) },
    { weight: 2, depthSize: 'small', arbitrary: fc.dictionary(key, tie('value'), { maxKeys: 4 }) },
    { weight: 1, depthSize: 'small', arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
  ),
})).value;
const body = fc.dictionary(key, value, { maxKeys: 5 });
const asked = fc.constantFrom('a', 'a.b', 'a.b.b', 'a.a.b', 'a.0', 'a.0.b', 'a.b.0', 'b.0', 'b.0.a', 'a.', '.a', 'kind', 'c');

describe("one attribute of Checkov's KubernetesBlock", () => {
  it('is the value that flattening every attribute holds for it', () => {
    fc.assert(
      fc.property(body, fc.array(asked, { minLength: 1, maxLength: 4 }), (drawn, keys) => {
        const every = blockAttributesOf(drawn);
        // The very value (a mapping or list of the body itself), not an equal one.
        for (const k of [...keys, ...every.keys()]) expect(blockAttribute(drawn, k), k).toBe(every.get(k));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the last value written for a key written twice', () => {
    const drawn = { a: { b: 'nested', 'b.c': 'dotted' }, 'a.b': 'top', x: [{ y: 1 }] };
    expect([blockAttribute(drawn, 'a.b'), blockAttribute(drawn, 'a.b.c'), blockAttribute(drawn, 'x.0.y'), blockAttribute(drawn, 'x.0')]).toEqual(['top', 'dotted', 1, { y: 1 }]);
    expect(blockAttributesOf(drawn).get('a.b')).toBe('top');
  });
});
