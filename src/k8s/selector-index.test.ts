import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectorIndex } from './selector-index.js';
import { matchesSelector, parseLabelSelector } from './selectors.js';

const KEYS = ['app', 'tier', 'env', 'constructor'] as const;
const VALUES = ['a', 'b', ''] as const;

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 });
// Raw selectors as manifests write them, invalid ones included, or none at all.
const rawSelector = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.record(
    {
      matchLabels: labels,
      matchExpressions: fc.array(
        fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }) }, { requiredKeys: ['key', 'operator'] }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('SelectorIndex', () => {
  it('finds exactly the selectors that match, in their order', () => {
    fc.assert(
      fc.property(fc.array(rawSelector, { maxLength: 40 }), fc.array(labels, { minLength: 1, maxLength: 10 }), (raws, labelSets) => {
        const items = raws.map((raw, i) => ({ i, selector: raw === undefined ? undefined : parseLabelSelector(raw) }));
        const index = new SelectorIndex(items, (item) => item.selector);
        for (const set of labelSets) {
          const expected = items.filter((item) => item.selector !== undefined && matchesSelector(item.selector, set));
          expect(index.matching(set)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
