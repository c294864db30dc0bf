import { isUtf8 } from 'node:buffer';
import type { NotUtf8 } from '../k8s/yaml/not-utf8.js';

/**
 * Text of bytes meant as UTF-8, and where they are not. Valid UTF-8 (nearly every file) is
 * checked at memory speed and decoded at once. Otherwise each byte that starts no UTF-8 character
 * becomes a U+FFFD, one per byte as Go's encoding/json reads it (kubectl's JSON path, which takes
 * such text), and is listed with what go-yaml's reader says of it (kubectl's YAML path, which
 * refuses the document that holds it).
 */
export function decodeUtf8(bytes: Buffer): { readonly text: string; readonly notUtf8?: readonly NotUtf8[] } {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const notUtf8: NotUtf8[] = [];
  let text = '';
  let from = 0;
  for (let p = 0; p < bytes.length; ) {
    if (bytes[p]! < 0x80) {
      p++;
      continue;
    }
    const width = characterWidth(bytes, p);
    if (width > 0) {
      p += width;
      continue;
    }
    text += bytes.toString('utf8', from, p);
    notUtf8.push({ offset: text.length, byte: bytes[p]!, reason: goYamlReason(bytes, p) });
    text += '\uFFFD';
    from = ++p;
  }
  return { text: text + bytes.toString('utf8', from), notUtf8 };
}

const isTrailing = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;
const within = (byte: number | undefined, low: number, high: number) => byte !== undefined && byte >= low && byte <= high;

/** The length of the UTF-8 character at `p` (RFC 3629: no overlong form, surrogate or code point past U+10FFFF), or 0. */
function characterWidth(bytes: Buffer, p: number): number {
  const lead = bytes[p]!;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return isTrailing(bytes[p + 1]) ? 2 : 0;
  if (lead < 0xf0) {
    const second = within(bytes[p + 1], lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf);
    return second && isTrailing(bytes[p + 2]) ? 3 : 0;
  }
  if (lead < 0xf5) {
    const second = within(bytes[p + 1], lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf);
    return second && isTrailing(bytes[p + 2]) && isTrailing(bytes[p + 3]) ? 4 : 0;
  }
  return 0;
}

/**
 * go-yaml's reader error (yaml_parser_update_buffer) for bytes that are not UTF-8 at `p`, reading
 * the document kubectl hands it. kubectl splits a file into documents at the lines that start
 * with `---` and reads it line by line: each line of a document ends with an LF, a CRLF read as
 * one, and the last line of the file gets one if it has none.
 */
function goYamlReason(bytes: Buffer, p: number): string {
  const lead = bytes[p]!;
  const width = (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 0;
  if (width === 0) return 'invalid leading UTF-8 octet';
  const after: number[] = [];
  for (let q = p + 1; after.length < width - 1; ) {
    if (q >= bytes.length) {
      if (bytes[bytes.length - 1] !== 0x0a) after.push(0x0a);
      break;
    }
    const crlf = bytes[q] === 0x0d && bytes[q + 1] === 0x0a;
    const byte = crlf ? 0x0a : bytes[q]!;
    after.push(byte);
    q += crlf ? 2 : 1;
    if (byte === 0x0a && bytes[q] === 0x2d && bytes[q + 1] === 0x2d && bytes[q + 2] === 0x2d) break;
  }
  if (after.length < width - 1) return 'incomplete UTF-8 octet sequence';
  let value = lead & (0x7f >> width);
  for (const byte of after) {
    if (!isTrailing(byte)) return 'invalid trailing UTF-8 octet';
    value = (value << 6) | (byte & 0x3f);
  }
  if (value < [0, 0, 0x80, 0x800, 0x10000][width]!) return 'invalid length of a UTF-8 sequence';
  return 'invalid Unicode character';
}
