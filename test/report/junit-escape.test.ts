import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xml } from '../../src/report/junit.js';

/** XML escaping as a sequence of whole-string steps: drop what XML 1.0 forbids, then escape. */
function reference(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

describe('JUnit XML escaping', () => {
  it('equals dropping forbidden characters and then escaping markup, on any text', () => {
    const unit = fc.constantFrom('a', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0000', '\u0008', '\u000B', '\u001F', '\uFFFE', '\uFFFF', 'é', '\u{1F600}', ';', 'amp');
    fc.assert(fc.property(fc.string({ unit }), (text) => {
      expect(xml(text)).toBe(reference(text));
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(xml(text)).toBe(reference(text));
    }), { numRuns: 500 });
  });

  it('is the same text split anywhere (the report escapes the parts of a failure apart)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      expect(xml(a) + xml(b)).toBe(xml(a + b));
    }));
  });
});
