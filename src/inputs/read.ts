import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../core/result.js';
import { STDIN, unreadable } from './files.js';

export const STDIN_NAME = '<stdin>';

/**
 * A file's text: UTF-8, or UTF-16 after its byte order mark, as go-yaml (and so kubectl) reads
 * it; undefined for a file with NUL characters, which is no text.
 */
function decodeText(buffer: Buffer): string | undefined {
  const bom = buffer.length >= 2 ? (buffer[0]! << 8) | buffer[1]! : 0;
  const text = bom === 0xfffe ? new TextDecoder('utf-16le').decode(buffer.subarray(2)) : bom === 0xfeff ? new TextDecoder('utf-16be').decode(buffer.subarray(2)) : buffer.includes(0) ? undefined : buffer.toString('utf8');
  return text?.includes('\u0000') ? undefined : text;
}

/** Reads a manifest file (or all of stdin) as text (see decodeText). */
export function readInput(file: string): Result<{ name: string; text: string }> {
  const name = file === STDIN ? STDIN_NAME : file;
  try {
    const text = decodeText(readFileSync(file === STDIN ? 0 : file));
    if (text === undefined) return fail({ code: 'input-binary', message: 'not a text file (contains NUL bytes)', location: { file: name } });
    return ok({ name, text });
  } catch (error) {
    return fail({ code: 'input-unreadable', message: unreadable(error), location: { file: name } });
  }
}
