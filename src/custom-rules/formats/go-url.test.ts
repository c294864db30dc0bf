import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goUrlParseError } from './go-url.js';

// Verdicts recorded from Go 1.26's url.Parse (go.mod `go 1.26`, default GODEBUG).
const cases: ReadonlyArray<readonly [string, boolean]> = [
  ['http://example.com/path?q=1#frag', true],
  ['http://[::1%25en0]:80/x', true],
  ['mailto:a@b', true],
  ['//host:port', false],
  ['//host:80', true],
  ['a:b', true],
  ['./a:b', true],
  ['a/b:c', true],
  [':x', false],
  ['*', true],
  ['', true],
  ['http://a b.com/', false],
  ['http://[fe80::1%en0]/', false],
  ['http://a:1:2/', false],
  ['HTTP://a:1:2/', false],
  ['pg://a:1,b:2/', true],
  ['pg://a:1:2/', true],
  ['http://[::1]:x', false],
  ['http://[::1]:', true],
  ['http://[1.2.3.4]/', false],
  ['http://[::ffff:1.2.3.4]/', true],
  ['x://[::1.2.3.4]/', true],
  ['http://[::01.2.3.4]/', false],
  ['http://[::1', false],
  ['http://a[::1]/', false],
  ['http://[::1]]/', false],
  ['http://[::]/', true],
  ['http://[1::2::3]/', false],
  ['http://[12345::]/', false],
  ['http://[1:2:3:4:5:6:7:8]/', true],
  ['http://[1:2:3:4:5:6:7::8]/', false],
  ['http://[::1%25]/', false],
  ['http://[::1%25%20x]/', true],
  ['http://[::1%25%41]/', true],
  ['http://[::1%25%e9]/', false],
  ['http://%41.com/', false],
  ['http://%e9.com/', true],
  ['http://é.com/', true],
  ['http://a%zz/', false],
  ['http://host{}/', false],
  ['http://host"/', true],
  ['http://x/%zz', false],
  ['http://x/%4', false],
  ['http://x/?%zz', true],
  ['http://x/#%zz', false],
  ['http://host/a b', true],
  ['a#\u0001', true],
  ['a\u0001#b', false],
  ['http://x/\u007f', false],
  ['http://u:p@host/', true],
  ['http://u:p@ss@host/', true],
  ['http://u p@host/', false],
  ['http://é@host/', false],
  ['http://%zz@host/', false],
  ['1http://x', false],
  ['http:opaque%zz', true],
  ['///a:b', true],
  ['//a:b', false],
  ['http:///a%zz', false],
];

describe('goUrlParseError', () => {
  it.each(cases)('%j → accepted %s', (input, accepted) => {
    expect(goUrlParseError(input) === undefined).toBe(accepted);
  });

  it('gives a short reason', () => {
    expect(goUrlParseError(':x')).toBe('missing protocol scheme');
    expect(goUrlParseError('//host:port')).toBe('invalid port ":port" after host');
    expect(goUrlParseError('a\tb')).toBe('invalid control character in URL');
  });

  it('never throws and returns a string or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' })), (s) => {
        const r = goUrlParseError(s);
        return r === undefined || typeof r === 'string';
      }),
    );
  });

  it('ignores a fragment that has no % escapes', () => {
    const noHash = fc.string({ unit: 'grapheme-composite' }).map((s) => s.replaceAll('#', ''));
    fc.assert(
      fc.property(noHash, noHash, (u, frag) => {
        const f = frag.replaceAll('%', '');
        expect(goUrlParseError(`${u}#${f}`) === undefined).toBe(goUrlParseError(u) === undefined);
      }),
    );
  });
});
