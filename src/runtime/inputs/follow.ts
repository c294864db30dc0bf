import { LineSplitter } from './lines.js';
import { type FSWatcher, closeSync, openSync, readSync, statSync, watch } from 'node:fs';

export interface FollowOptions {
  /** Read what the file already holds first (default: start at its end, like tail -F). */
  readonly fromStart?: boolean;
  readonly pollMs?: number;
  /** Lines longer than this are skipped and reported through onError (default MAX_LINE_BYTES). */
  readonly maxLineBytes?: number;
  onLine(line: string): void;
  onError?(message: string): void;
}

export interface Follower {
  stop(): void;
  /** Reads whatever is available now (tests call it instead of waiting for the poll). */
  poll(): void;
}

const CHUNK = 1 << 20;

/**
 * Longer lines are skipped, so a writer that stops writing newlines cannot make the follower's
 * memory grow without bound. An audit event holds at most a request and a response body, which the
 * API server limits to a few MiB.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Follows a growing JSON-lines file like `tail -F`: by name, so a rotated file (renamed away and
 * recreated, or truncated in place) is picked up from its start; a partial last line waits for its
 * newline. Polls (and wakes early on file-system notifications, where available).
 */
export function followFile(path: string, options: FollowOptions): Follower {
  let fd: number | undefined;
  let ino: number | undefined;
  let position = 0;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const newSplitter = () =>
    new LineSplitter(
      (line) => {
        if (line.trim() !== '') options.onLine(line);
      },
      { maxLineBytes, onOverlong: () => options.onError?.(`${path}: skipped a line longer than ${maxLineBytes} bytes`) },
    );
  let lines = newSplitter();
  let missingReported = false;
  const buffer = Buffer.alloc(CHUNK);

  const open = (atEnd: boolean) => {
    try {
      const st = statSync(path);
      fd = openSync(path, 'r');
      ino = st.ino;
      position = atEnd ? st.size : 0;
      lines = newSplitter();
      missingReported = false;
    } catch (error) {
      fd = undefined;
      if (!missingReported) options.onError?.(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}; waiting for it`);
      missingReported = true;
    }
  };

  const readAvailable = () => {
    if (fd === undefined) return;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, position);
      if (n <= 0) return;
      position += n;
      lines.feed(buffer.subarray(0, n));
    }
  };

  const poll = () => {
    if (fd === undefined) {
      open(false);
      readAvailable();
      return;
    }
    let st: { ino: number; size: number } | undefined;
    try {
      st = statSync(path);
    } catch {
      st = undefined;
    }
    readAvailable();
    if (st === undefined) return;
    if (st.ino !== ino) {
      closeSync(fd);
      fd = undefined;
      open(false);
      readAvailable();
    } else if (st.size < position) {
      position = 0;
      lines = newSplitter();
      readAvailable();
    }
  };

  open(options.fromStart !== true);
  if (options.fromStart) readAvailable();
  const timer = setInterval(poll, options.pollMs ?? 250);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path, { persistent: false }, () => poll());
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  return {
    poll,
    stop() {
      clearInterval(timer);
      watcher?.close();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
