import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabeledIndex } from './labeled-index.js';
import { matchesSelector, parseLabelSelector } from './selectors.js';

const KEYS = ['app', 'tier', 'env', 'constructor'] as const;
const VALUES = ['a', 'b', ''] as const;
const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 });
const selector = fc
  .record(
    {
      matchLabels: labels,
      matchExpressions: fc.array(
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }) }, { requiredKeys: ['key', 'operator'] }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .map(parseLabelSelector);

describe('LabeledIndex', () => {
  it('matches exactly the label sets the selector matches, in their order, small sets and large', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(labels, { maxLength: 20 }), fc.array(labels, { minLength: 32, maxLength: 100 })), fc.array(selector, { minLength: 1, maxLength: 8 }), (sets, selectors) => {
        const entries = sets.map((l, item) => ({ item, labels: l }));
        const index = new LabeledIndex(entries);
        for (const s of selectors) {
          const expected = entries.filter((e) => matchesSelector(s, e.labels)).map((e) => e.item);
          expect(index.matching(s)).toEqual(expected);
          expect(index.some(s)).toBe(expected.length > 0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
