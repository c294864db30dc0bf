import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('shows line breaks, escape sequences and bidirectional overrides as escapes', () => {
    expect(printable('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(printable('\x1b[2K')).toBe('\\x1b[2K');
    expect(printable('x\u0085y\u2028z\u202e')).toBe('x\\x85y\\u2028z\\u202e');
  });

  it('leaves printable text as it is, the same string', () => {
    const text = 'container "wörk-☃" uses image "nginx:1.25"';
    expect(printable(text)).toBe(text);
  });

  it('never leaves a control character, and loses nothing (text without backslashes reads back)', () => {
    const named: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
    const readBack = (out: string) => out.replace(/\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([nrt]))/g, (_, x?: string, u?: string, n?: string) => (n ? (named[n] ?? '') : String.fromCharCode(parseInt(x ?? u ?? '', 16))));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = printable(text);
        // eslint-disable-next-line no-control-regex -- control characters are what must be absent
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        if (!text.includes('\\')) expect(readBack(out)).toBe(text);
      }),
    );
  });
});
