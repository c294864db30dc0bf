import { describe, expect, it } from 'vitest';
import { compareGo, goQuote, isGoPrintable, joinQuote, pluralize, sortedSet, wellFormed } from './go.js';

describe('Go text helpers', () => {
  it('quotes like fmt %q (outputs taken from Go 1.26)', () => {
    const cases: Array<[string, string]> = [
      ['plain', '"plain"'],
      ['a"b\\c', '"a\\"b\\\\c"'],
      ['x\u00a0\n', '"x\\u00a0\\n"'],
      ['\x00\x07\x7f', '"\\x00\\a\\x7f"'],
      ['soft\u00ad', '"soft\\u00ad"'],
      ['\u200d\ufeff', '"\\u200d\\ufeff"'],
      ['\u{1fae8}', '"\u{1fae8}"'],
      ['\u{e0001}', '"\\U000e0001"'],
      ['é😀', '"é😀"'],
      ['\u0085', '"\\u0085"'],
      ['\ufffd', '"\ufffd"'],
      ['', '""'],
    ];
    for (const [input, quoted] of cases) expect(goQuote(input), JSON.stringify(input)).toBe(quoted);
  });

  it('knows Go printability, not the Unicode version of Node.js', () => {
    expect(isGoPrintable(0x20)).toBe(true);
    expect(isGoPrintable(0x7f)).toBe(false);
    expect(isGoPrintable(0xa0)).toBe(false);
    expect(isGoPrintable(0xad)).toBe(false);
    expect(isGoPrintable(0x4e00)).toBe(true);
    expect(isGoPrintable(0x1fae8)).toBe(true); // Unicode 15.0
    expect(isGoPrintable(0x1fae9)).toBe(false); // Unicode 16.0, unknown to Go 1.26
    expect(isGoPrintable(0x10ffff)).toBe(false);
  });

  it('orders strings by code point like Go (sort.Strings output)', () => {
    const sorted = ['u\ue000', 'u\u{1f600}', 'u\uffee', 'u\u{10000}', 'ua', 'u'].sort(compareGo);
    expect(sorted).toEqual(['u', 'ua', 'u\ue000', 'u\uffee', 'u\u{10000}', 'u\u{1f600}']);
    expect(sortedSet(['b', 'a', 'b', 'c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(sortedSet([])).toEqual([]);
  });

  it('replaces lone surrogates as Go decoding JSON does', () => {
    expect(wellFormed('a\ud800b')).toBe('a\ufffdb');
    expect(wellFormed('\udc00')).toBe('\ufffd');
    expect(wellFormed('ok\u{1f600}')).toBe('ok\u{1f600}');
  });

  it('joins and pluralizes like upstream', () => {
    expect(joinQuote([])).toBe('');
    expect(joinQuote(['a'])).toBe('"a"');
    expect(joinQuote(['a', 'b'])).toBe('"a", "b"');
    expect(pluralize('container', 'containers', 1)).toBe('container');
    expect(pluralize('container', 'containers', 0)).toBe('containers');
  });
});
