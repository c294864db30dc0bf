import { describe, expect, it } from 'vitest';
import { compileSchema } from '../json-schema.js';
import { POLARIS_FORMATS } from './formats.js';

/*
 * Verdicts of qri-io/jsonschema 0.2.1 (Polaris' JSON Schema library) on each format, recorded from
 * it; test/oracles/jsonschema.oracle.test.ts draws thousands more and asks the library itself.
 */
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['date-time', '2026-12-07T10:00:00Z', true],
  ['date-time', '2026-12-07t10:00:00z', true],
  ['date-time', '2026-12-07T1:00:00Z', true],
  ['date-time', '2026-12-07T10:00:00,5+01:00', true],
  ['date-time', '2026-12-07 10:00:00Z', false],
  ['date-time', '2026-02-29T10:00:00Z', false],
  ['date-time', '2026-12-07T10:00:00+0100', false],
  ['date', '2024-02-29', true],
  ['date', '2023-02-29', false],
  ['date', '2024-2-01', false],
  ['time', '23:59:59Z', true],
  ['time', '24:00:00Z', false],
  ['time', '10:00:00', false],
  ['email', 'a@example.com', true],
  ['email', 'Jo Q <a@example.com>', true],
  ['email', 'a@b@c', false],
  ['email', 'a..b@example.com', false],
  ['idn-email', 'jörg@bücher.example', true],
  ['hostname', 'web-1.example.com', true],
  ['hostname', '-web.example', false],
  ['hostname', 'b_c.example', false],
  ['hostname', 'a.b.', false],
  ['idn-hostname', 'bücher.example', true],
  ['idn-hostname', 'a b', false],
  ['idn-hostname', 'zero\u200bwidth', false],
  ['ipv4', '10.0.0.1', true],
  ['ipv4', '10.0.0.01', false],
  ['ipv4', '10.0.0', false],
  ['ipv4', '::ffff:10.0.0.1', true],
  ['ipv6', '2001:db8::1', true],
  ['ipv6', 'fe80::1%eth0', false],
  ['ipv6', '1::2::3', false],
  ['ipv6', '10.0.0.1', false],
  ['uri', 'https://example.com/a?b#c', true],
  ['uri', 'example.com/a', false],
  ['uri', 'http://[::1%25en0]:8080/', true],
  ['uri', 'http://a b/', false],
  ['uri', 'http://host:x/', false],
  ['uri-reference', '/relative/path', true],
  ['uri-reference', 'a\\b', false],
  ['uri-reference', '%zz', false],
  ['iri', 'urn:isbn:0451450523', true],
  ['iri-reference', '../x', true],
  ['uri-template', 'https://example.com/{id}/items{?page}', true],
  ['uri-template', 'https://example.com/{id', false],
  ['json-pointer', '', true],
  ['json-pointer', '/a~0b/c~1d', true],
  ['json-pointer', '/a~2', false],
  ['json-pointer', 'a/b', false],
  ['relative-json-pointer', '0', true],
  ['relative-json-pointer', '1/a', true],
  ['relative-json-pointer', '2#', true],
  ['relative-json-pointer', '-1/a', false],
  ['relative-json-pointer', '+1', true],
  ['regex', '^[a-z]+$', true],
  ['regex', '(?P<name>x)', true],
  ['regex', '(?=look)', false],
  ['regex', 'a{1001}', false],
  ['regex', '(', false],
  ['no-such-format', 'anything', true],
];

describe('the formats of custom rule schemas', () => {
  it.each(CASES)('%s %j is %s', (format, text, valid) => {
    expect(compileSchema({ format })(text) === undefined).toBe(valid);
  });

  it('covers every format the library knows, and checks strings only', () => {
    expect(new Set(CASES.map(([format]) => format))).toEqual(new Set([...Object.keys(POLARIS_FORMATS), 'no-such-format']));
    expect(compileSchema({ format: 'ipv4' })(12)).toBeUndefined();
    expect(compileSchema({ properties: { host: { format: 'hostname' } } })({ host: 'a_b' })?.message).toBe('host must match format "hostname"');
  });
});
