import { closeSync, fchmodSync, fsyncSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createTemporaryBeside, reportFileError } from './write.js';

/**
 * Writes a whole file atomically with an exact mode: the content goes into a new temporary file
 * beside it, created with that mode from the start (so a private key is never readable by others,
 * not even for a moment), and is renamed into place only when complete and synced. Failures throw
 * ReportFileError, naming the file (one line and exit code 2 in every command).
 */
export function writeFileAtomicWithMode(file: string, text: string, mode: number): void {
  let temp: string;
  try {
    temp = stageFile(file, text, mode);
  } catch (error) {
    throw reportFileError(file, error);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw reportFileError(file, error);
  }
}

/** Writes `text` with `mode` to a synced temporary file beside `file`; returns its path. */
export function stageFile(file: string, text: string, mode: number): string {
  const { temp, fd } = createTemporaryBeside(file, mode);
  let open = true;
  try {
    // The umask may have taken bits away from `mode`; the file gets exactly the mode asked for.
    fchmodSync(fd, mode);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    return temp;
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
