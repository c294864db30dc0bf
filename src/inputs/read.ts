import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants } from 'node:buffer';
import { fail, ok, type Result } from '../core/result.js';
import type { NotUtf8 } from '../k8s/yaml/not-utf8.js';
import { STDIN, TOO_LARGE, unreadable } from './files.js';
import { decodeUtf8 } from './utf8.js';

export const STDIN_NAME = '<stdin>';

/** A file's text, and where its bytes are not UTF-8 (see decodeUtf8). */
export interface InputText {
  readonly name: string;
  readonly text: string;
  readonly notUtf8?: readonly NotUtf8[];
}

/**
 * The most bytes read from a stream (standard input, a pipe, a device): those of the longest
 * string the JavaScript engine holds (about 512 MiB), beyond which a regular file fails to decode
 * (ERR_STRING_TOO_LONG) too.
 */
const MAX_STREAM_BYTES = constants.MAX_STRING_LENGTH;
const CHUNK_BYTES = 1 << 16;

const NO_TEXT = 'not a text file (contains NUL bytes)';

/** Whether the bytes open with a UTF-16 byte order mark (either order). */
function utf16(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * A file's text: UTF-8 (and where it is not: see decodeUtf8), or UTF-16 after its byte order
 * mark, as go-yaml (and so kubectl) reads it; undefined for a file with NUL characters, which is
 * no text.
 */
function decodeText(buffer: Buffer): { readonly text: string; readonly notUtf8?: readonly NotUtf8[] } | undefined {
  if (utf16(buffer)) {
    const text = new TextDecoder(buffer[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buffer.subarray(2));
    return text.includes('\u0000') ? undefined : { text };
  }
  return buffer.includes(0) ? undefined : decodeUtf8(buffer);
}

/** Why the bytes of an input are not read to their end. */
interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** A regular file's bytes at once; anything else's (see readStream). */
function readBytes(fd: number, maxBytes: number): Buffer | Refusal {
  const stats = fstatSync(fd);
  // A regular file of size 0 may still hold something (/proc): read as a stream.
  return stats.isFile() && stats.size > 0 ? readFileSync(fd) : readStream(fd, maxBytes);
}

/**
 * All of a stream (standard input, a pipe, a device), in chunks: refused once it holds more
 * than `maxBytes` (twice that for UTF-16), or as soon as it shows a NUL byte outside UTF-16, so
 * that an endless one (/dev/zero, /dev/urandom, `yes |`) ends in an error, not in a crash.
 */
function readStream(fd: number, maxBytes: number): Buffer | Refusal {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const chunks: Buffer[] = [];
  let total = 0;
  // Known once two bytes are read: a UTF-16 stream holds NUL bytes, its text none.
  let wide: boolean | undefined;
  for (;;) {
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    const bytes = Buffer.from(chunk.subarray(0, read));
    chunks.push(bytes);
    total += read;
    if (wide === undefined && total >= 2) {
      const opening = Buffer.concat(chunks, total);
      wide = utf16(opening);
      if (!wide && opening.includes(0)) return { code: 'input-binary', message: NO_TEXT };
    } else if (wide === false && bytes.includes(0)) return { code: 'input-binary', message: NO_TEXT };
    if (total > (wide ? 2 * maxBytes : maxBytes)) return { code: 'input-unreadable', message: TOO_LARGE };
  }
}

/**
 * Reads a manifest file (or all of stdin) as text (see decodeText); a stream (stdin, a pipe, a
 * device) holds at most `maxBytes`.
 */
export function readInput(file: string, maxBytes = MAX_STREAM_BYTES): Result<InputText> {
  const name = file === STDIN ? STDIN_NAME : file;
  let opened: number | undefined;
  try {
    const fd = file === STDIN ? 0 : (opened = openSync(file, 'r'));
    const bytes = readBytes(fd, maxBytes);
    if (!Buffer.isBuffer(bytes)) return fail({ ...bytes, location: { file: name } });
    const text = decodeText(bytes);
    if (text === undefined) return fail({ code: 'input-binary', message: NO_TEXT, location: { file: name } });
    return ok({ name, ...text });
  } catch (error) {
    return fail({ code: 'input-unreadable', message: unreadable(error), location: { file: name } });
  } finally {
    if (opened !== undefined) closeSync(opened);
  }
}
