import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

const FLUSH_AT = 1 << 20;

/**
 * Writes a report to `file` atomically: into a temporary file beside it, renamed into place only
 * when complete, so a failed run never leaves a half-written report behind.
 */
export function writeFileAtomic(file: string, chunks: Iterable<string>): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeBuffered(chunks, (text) => writeSync(fd, text));
    closeSync(fd);
    renameSync(temp, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes to stdout, waiting when the pipe is full; a closed pipe (e.g. `| head`) ends quietly. */
export async function writeStdout(chunks: Iterable<string>): Promise<void> {
  const out = process.stdout;
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  };
  out.on('error', onError);
  const pending: string[] = [];
  let size = 0;
  const flush = async () => {
    if (pending.length === 0 || closed) return;
    const text = pending.join('');
    pending.length = 0;
    size = 0;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for (const chunk of chunks) {
    if (closed) break;
    pending.push(chunk);
    size += chunk.length;
    if (size >= FLUSH_AT) await flush();
  }
  await flush();
  out.off('error', onError);
}

function writeBuffered(chunks: Iterable<string>, write: (text: string) => void): void {
  const pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= FLUSH_AT) {
      write(pending.join(''));
      pending.length = 0;
      size = 0;
    }
  }
  if (pending.length > 0) write(pending.join(''));
}
