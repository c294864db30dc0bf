import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

/** Line and column by counting, the slow way. */
function naive(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

describe('LineIndex', () => {
  it('gives the line and column of any offset, asked in any order', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n', 'é'), { maxLength: 400 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (t, picks) => {
        const index = new LineIndex(t);
        for (const pick of picks) {
          const offset = pick % (t.length + 1);
          expect(index.position(offset)).toEqual(naive(t, offset));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers nearby offsets after a far one', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const index = new LineIndex(text);
    const at = (line: number) => text.indexOf(`line ${line - 1}\n`);
    expect(index.position(at(900)).line).toBe(900);
    expect(index.position(at(905)).line).toBe(905);
    expect(index.position(at(930)).line).toBe(930);
    expect(index.position(at(2)).line).toBe(2);
    expect(index.position(text.length)).toEqual({ line: 1000, column: 9 });
  });
});
