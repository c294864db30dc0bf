import { describe, expect, it } from 'vitest';
import { searchMatcher } from './full-match.js';
import { withGoClassNames } from './go-class-names.js';

describe("Unicode class names read as Go 1.26's regexp reads them", () => {
  it.each([
    ['\\p{greek}', '\\p{Greek}'],
    ['[\\P{ GREEK }x]', '[\\P{Greek}x]'],
    ['\\p{^uppercase-letter}', '\\p{^Lu}'],
    ['\\p{Letter}\\pl', '\\p{L}\\pL'],
    ['\\p{lc}\\p{ascii}\\p{ANY}', '\\p{LC}\\p{Ascii}\\p{Any}'],
    ['\\p{Old_Italic}', '\\p{Old_Italic}'],
    ['\\\\p{greek}', '\\\\p{greek}'],
    ['\\Q\\p{greek}\\E\\p{greek}', '\\Q\\p{greek}\\E\\p{Greek}'],
    ['\\p{nope}', '\\p{nope}'],
    ['\\p{greek', '\\p{greek'],
    ['plain', 'plain'],
  ])('%s is %s', (written, read) => {
    expect(withGoClassNames(written)).toBe(read);
  });

  it('lets a pattern with a loose name match, and still refuses a name Go does not know', () => {
    expect(searchMatcher('^\\p{greek}+$')('αβγ')).toBe(true);
    expect(searchMatcher('^\\p{uppercase letter}')('abc')).toBe(false);
    expect(() => searchMatcher('\\p{nope}')).toThrow();
  });
});
