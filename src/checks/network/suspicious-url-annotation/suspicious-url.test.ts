import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suspiciousUrlCharacter } from './index.js';

// Trivy's KCV-0094 pattern, with RE2's `\s` ([\t\n\f\r ]) written out: JavaScript's `\s` is wider.
const TRIVY = /https?:\/\/[^\t\n\f\r <>"{}|^`\\]*[\r\n<>"{}|^`\\][^\t\n\f\r ]*/;

describe('suspiciousUrlCharacter', () => {
  it("finds a suspicious character exactly where Trivy's pattern matches", () => {
    const pieces = fc.constantFrom('http', 'https', '://', 'http://', 'https://', 'x', '/', ' ', '\t', '\v', '\n', '\r', '<', '"', '\\', '|', '%3C', 'hxxp://');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')), (text) => {
        expect(suspiciousUrlCharacter(text) !== undefined).toBe(TRIVY.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('names the first suspicious character of the URL, and reads a long value once', () => {
    expect(suspiciousUrlCharacter('see https://a.example/x"y<')).toBe('"');
    expect(suspiciousUrlCharacter('https://a.example/ "not-in-the-url"')).toBeUndefined();
    // Many URL starts and no white space: linear, where a backtracking pattern would not end.
    expect(suspiciousUrlCharacter('http://'.repeat(200_000))).toBeUndefined();
    expect(suspiciousUrlCharacter(`${'http://'.repeat(200_000)}>`)).toBe('>');
  });
});
