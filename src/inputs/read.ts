import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../core/result.js';
import { STDIN, unreadable } from './files.js';

export const STDIN_NAME = '<stdin>';

/** Reads a manifest file (or all of stdin) as UTF-8 text. */
export function readInput(file: string): Result<{ name: string; text: string }> {
  const name = file === STDIN ? STDIN_NAME : file;
  try {
    const buffer = readFileSync(file === STDIN ? 0 : file);
    if (buffer.includes(0)) return fail({ code: 'input-binary', message: 'not a text file (contains NUL bytes)', location: { file: name } });
    return ok({ name, text: buffer.toString('utf8') });
  } catch (error) {
    return fail({ code: 'input-unreadable', message: unreadable(error), location: { file: name } });
  }
}
