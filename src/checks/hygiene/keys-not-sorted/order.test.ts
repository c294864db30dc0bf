import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './index.js';

/** Go's sort.Strings order: the strings' UTF-8 bytes compared one by one. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes order, as Go sorts them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(compareUtf8(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('puts characters beyond U+FFFF after U+E000..U+FFFF, where UTF-16 order would not', () => {
    expect(compareCodePoints('\u{1F600}', '\uFF01')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFF01').toBe(true);
  });
});
