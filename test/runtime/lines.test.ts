import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { LineSplitter } from '../../src/runtime/inputs/lines.js';

describe('LineSplitter', () => {
  it('yields the same lines as splitting the decoded text, however the bytes are chunked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', ' ', '"', '\r') }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), (lines, cuts) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const bytes = Buffer.from(text, 'utf8');
        const got: string[] = [];
        const s = new LineSplitter((l) => got.push(l));
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length] ?? 1;
          s.feed(bytes.subarray(at, at + size));
          at += size;
        }
        s.end();
        const expected = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l !== '');
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a very long line', () => {
  it('is joined once, when it ends, not again for every chunk (time linear in its length)', () => {
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const got: string[] = [];
      const s = new LineSplitter((l) => got.push(l));
      const chunk = Buffer.alloc(1024, 'a');
      for (let i = 0; i < 2000; i++) s.feed(chunk);
      s.feed(Buffer.from('b\nnext\n'));
      s.end();
      expect(got).toEqual([`${'a'.repeat(2000 * 1024)}b`, 'next']);
      expect(concat).toHaveBeenCalledTimes(1);
    } finally {
      concat.mockRestore();
    }
  });
});

describe('a line longer than the limit', () => {
  it('is skipped up to its newline and reported once; the lines after it keep their numbers', () => {
    const got: [string, number][] = [];
    const overlong: number[] = [];
    const s = new LineSplitter((l, n) => got.push([l, n]), { maxLineBytes: 10, onOverlong: (n) => overlong.push(n) });
    for (const piece of ['abc\nxxxx', 'xxxxxx', 'xxxxxx', 'xx\nok\n', 'yyyyyyyyyyyy', 'yy']) s.feed(Buffer.from(piece));
    s.end();
    expect(got).toEqual([
      ['abc', 1],
      ['ok', 3],
    ]);
    expect(overlong).toEqual([2, 4]);
  });

  it('is passed on whole when it fits', () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l), { maxLineBytes: 10, onOverlong: () => expect.unreachable() });
    for (const piece of ['0123', '45678', '9\n']) s.feed(Buffer.from(piece));
    expect(got).toEqual(['0123456789']);
  });
});
