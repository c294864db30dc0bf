import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goMailParseError } from './go-mail.js';

// Verdicts recorded from Go 1.26's net/mail.ParseAddress.
const cases: ReadonlyArray<readonly [string, boolean]> = [
  ['Barry Gibbs <bg@example.com>', true],
  ['bg@example.com', true],
  ['"Joe Q. Public" <john.q.public@example.com>', true],
  ['<boss@nil.test>', true],
  ['Who? <one@y.test>', true],
  ['"Giant; \\"Big\\" Box" <sysservices@example.net>', true],
  ['john.doe@example.com (John Doe)', true],
  ['Jörg <jörg@exämple.com>', true],
  ['é@é', true],
  ['a\u00a0b@c.d', true],
  ['"first last"@example.com', true],
  ['""@example.com', false],
  ['"" <a@b.c>', true],
  ['"\\ "@b.c', true],
  ['"a\\\u0000"@b.c', false],
  ['"unclosed@b.c', false],
  ['a..b@c.d', false],
  ['.a@b.c', false],
  ['a.@b.c', false],
  ['John..Doe <a@b.c>', true],
  ['.John. <a@b.c>', true],
  ['Jo\\hn <a@b.c>', false],
  ['"Jo\\hn" <a@b.c>', true],
  ['a @b.c', false],
  ['a@ b.c', true],
  ['\ta@b.c\t', true],
  ['< a@b.c>', true],
  ['<a@b.c >', false],
  ['Name <a@b.c', false],
  ['Name <@b.c>', false],
  ['a@b.c extra', false],
  ['a@b.c, d@e.f', false],
  ['<a@b.c>,', false],
  ['John Doe', false],
  ['john.doe', false],
  ['', false],
  [' ', false],
  ['(only comment)', false],
  ['<a@b.c> (comment)', true],
  ['a@b.c (unclosed', false],
  ['a@b.c (nested (comment) \\) ok)', true],
  ['Name (c) <a@b.c>', true],
  ['Name (unclosed <a@b.c>', false],
  ['user@[192.168.0.1]', true],
  ['user@[::1]', true],
  ['user@[::ffff:1.2.3.4]', true],
  ['user@[IPv6:::1]', false],
  ['user@[1.2.3]', false],
  ['user@[01.2.3.4]', false],
  ['user@[fe80::1%eth0]', false],
  ['Group: a@b.c;', true],
  ['Group: a@b.c; (trailing comment)', true],
  ['Group: a@b.c, d@e.f;', false],
  ['Group:;', false],
  ['Group: a@b.c', false],
  ['g: h: a@b.c;;', false],
  ['=?utf-8?q?J=C3=B6rg?= <a@b.c>', true],
  ['=?UTF-8?B?SsO2cmc=?= <a@b.c>', true],
  ['=?ISO-8859-1?Q?J=F6rg?= <a@b.c>', true],
  ['=?us-ascii?q?Keith_Moore?= <a@b.c>', true],
  // An unknown charset fails the phrase unless a word came before it...
  ['=?koi8-r?q?x?= <a@b.c>', false],
  ['Joe =?koi8-r?q?x?= <a@b.c>', true],
  // ...but only once the word decodes; malformed encoded words are plain text.
  ['=?koi8-r?q?=zz?= <a@b.c>', true],
  ['=?UTF-8?B?SsO2cmc?= <a@b.c>', true],
  ['=?x?= <a@b.c>', true],
  // An encoded word decoding to nothing does not count as a word.
  ['=?utf-8?q??= <a@b.c>', false],
  ['x =?utf-8?q??= <a@b.c>', true],
  // No comment is skipped after a leading encoded word.
  ['=?utf-8?q?a?= (c) <a@b.c>', false],
  // strings.EqualFold equates U+017F with "s".
  ['=?uſ-ascii?q?x?= <a@b.c>', true],
  ['a@b.c (=?koi8-r?q?x?=)', false],
  ['a@b.c (=?utf-8?q?J=C3=B6rg?=)', true],
];

describe('goMailParseError', () => {
  it.each(cases)('%j parses in Go: %s', (text, ok) => {
    const reason = goMailParseError(text);
    if (ok) expect(reason).toBeUndefined();
    else expect(reason).toMatch(/^mail: |^charset not supported$/);
  });

  it('gives Go-style reasons', () => {
    expect(goMailParseError('John Doe')).toBe('mail: no angle-addr');
    expect(goMailParseError('Group:;')).toBe('mail: empty group');
    expect(goMailParseError('Name <a@b.c')).toBe('mail: unclosed angle-addr');
  });

  it('never throws', () => {
    const unit = fc.oneof(
      fc.constantFrom(...'@<>()"\\[],:;.=? \t', '=?utf-8?q?', '=?koi8-r?b?', '?=', '\ud800', 'é', '☃'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        const reason = goMailParseError(text);
        expect(reason === undefined || typeof reason === 'string').toBe(true);
      }),
    );
  });
});
