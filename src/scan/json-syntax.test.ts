import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax.js';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxError', () => {
  it('finds an error exactly where JSON.parse does not accept the text (random texts near JSON)', () => {
    const pieces = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '"a"', '"\\u00e9"', '"\\x"', '1', '-', '0.5', '01', '1e', 'true', 'nul', ' ', '\n', '\t', '\u0000', '\u001b', 'é');
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''))), (text) => {
        expect(jsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the line and column, and quotes what it found with control characters escaped', () => {
    expect(jsonSyntaxError('{\n  "schemaVersion": "1",\n  \u001b[31m}')).toEqual({ line: 3, column: 3, reason: 'expected a property name in double quotes, found "\\x1b"' });
    expect(jsonSyntaxError('{"a": "x\u0007y"}')).toEqual({ line: 1, column: 9, reason: 'control character "\\x07" in a string (write it as an escape)' });
    expect(jsonSyntaxError('{"findings": [1 2]}')).toEqual({ line: 1, column: 17, reason: 'expected "," or "]", found "2"' });
    expect(jsonSyntaxError('{"schemaVersion": "1",')).toEqual({ line: 1, column: 23, reason: 'the file ends before the JSON value does' });
    expect(jsonSyntaxError('{}\r\n}')?.line).toBe(2);
    expect(jsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
  });
});
