import { describe, expect, it } from 'vitest';
import { parseManifests } from '../k8s/yaml/parse.js';
import { decodeUtf8 } from './utf8.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** The problems of a file's bytes parsed as a manifest stream, as `line:column message`. */
function problems(text: string, file = 'x.yaml'): string[] {
  const { text: decoded, notUtf8 } = decodeUtf8(bytes(text));
  return parseManifests(decoded, file, notUtf8).problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`);
}

describe('decodeUtf8', () => {
  it('decodes UTF-8 as it is, and lists nothing', () => {
    expect(decodeUtf8(Buffer.from('name: café ✓ 🚀\n'))).toEqual({ text: 'name: café ✓ 🚀\n' });
  });

  it('reads each byte that starts no UTF-8 character as one U+FFFD, as Go does, and says what go-yaml says of it', () => {
    const decoded = decodeUtf8(bytes('# don\x92t\nname: caf\xe9\nok: caf\xc3\xa9\nn: \xed\xa0\x80'));
    expect(decoded.text).toBe('# don\uFFFDt\nname: caf\uFFFD\nok: café\nn: \uFFFD\uFFFD\uFFFD');
    expect(decoded.notUtf8).toEqual([
      { offset: 5, byte: 0x92, reason: 'invalid leading UTF-8 octet' },
      { offset: 17, byte: 0xe9, reason: 'invalid trailing UTF-8 octet' },
      { offset: 31, byte: 0xed, reason: 'invalid Unicode character' },
      { offset: 32, byte: 0xa0, reason: 'invalid leading UTF-8 octet' },
      { offset: 33, byte: 0x80, reason: 'invalid leading UTF-8 octet' },
    ]);
  });

  it('names a sequence cut short by the end of the document kubectl hands go-yaml as incomplete', () => {
    const reasons = (text: string) => decodeUtf8(bytes(text)).notUtf8?.map((m) => m.reason);
    expect(reasons('a: caf\xe9\n---\nb: 1\n')).toEqual(['incomplete UTF-8 octet sequence']);
    expect(reasons('a: caf\xe9\r\n')).toEqual(['incomplete UTF-8 octet sequence']);
    expect(reasons('a: caf\xe9\n-- x\n')).toEqual(['invalid trailing UTF-8 octet']);
    expect(reasons('a: \xe2\x82')).toEqual(['invalid trailing UTF-8 octet', 'invalid leading UTF-8 octet']);
    expect(reasons('a: \xc0\x80\n')).toEqual(['invalid length of a UTF-8 sequence', 'invalid leading UTF-8 octet']);
  });
});

describe('bytes that are not UTF-8 in a manifest', () => {
  it('refuse the YAML document that holds them, at the first of them, and only that one', () => {
    const { text, notUtf8 } = decodeUtf8(bytes('# don\x92t run as root\nkind: Pod\n---\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n---\nkind: Service\n'));
    const parsed = parseManifests(text, 'x.yaml', notUtf8);
    expect(parsed.documents.map((d) => [d.index, (d.value as { kind: string }).kind])).toEqual([[2, 'Service']]);
    expect(parsed.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`)).toEqual([
      '1:6 invalid YAML: not UTF-8 (the byte 0x92 here starts no UTF-8 character), which kubectl refuses ("invalid leading UTF-8 octet"): save the file as UTF-8',
      '6:12 invalid YAML: not UTF-8 (the byte 0xE9 here starts no UTF-8 character), which kubectl refuses ("incomplete UTF-8 octet sequence"): save the file as UTF-8',
    ]);
  });

  it('are placed where they are after the characters the reader leaves out or adds (a byte order mark, CRs, empty entries)', () => {
    expect(problems('\xef\xbb\xbfa: 1\r\n---\r\n\xef\xbb\xbfb: caf\xe9\r\n')).toEqual([expect.stringMatching(/^3:7 invalid YAML: not UTF-8 \(the byte 0xE9 /)]);
    expect(problems('a:\n- x\n  -\n- y\n---\nb: \xe9\xe9\n')).toEqual([expect.stringMatching(/^6:4 invalid YAML: not UTF-8 /)]);
    expect(problems('# \xfc\n---\nkind: A\n')).toEqual([expect.stringMatching(/^1:3 invalid YAML: not UTF-8 \(the byte 0xFC /)]);
  });

  it('are read as U+FFFD in a stream of JSON objects, as kubectl reads it; a stream that opens with [ is YAML to kubectl', () => {
    const json = decodeUtf8(bytes('{"metadata": {"name": "caf\xe9"}}\n{"kind": "B"}\n'));
    const parsed = parseManifests(json.text, 'x.json', json.notUtf8);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents.map((d) => d.value)).toEqual([{ metadata: { name: 'caf\uFFFD' } }, { kind: 'B' }]);
    expect(problems('[{"kind": "caf\xe9"}]\n', 'x.json')).toEqual([expect.stringMatching(/^1:15 invalid YAML: not UTF-8 /)]);
    expect(problems('{"a": 1}\nkind: caf\xe9\n', 'x.json')).toEqual([expect.stringMatching(/^2:10 invalid YAML: not UTF-8 /)]);
    // After a byte order mark, or a comment, kubectl reads YAML.
    expect(problems('\xef\xbb\xbf{"kind": "caf\xe9"}\n', 'x.json')).toEqual([expect.stringMatching(/^1:14 invalid YAML: not UTF-8 /)]);
    expect(problems(' \n{"kind": "caf\xe9"}\n', 'x.json')).toEqual([]);
  });
});
