import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { cleanUpOnSignal } from '../core/signal-cleanup.js';
import { BackgroundWriter } from './background-writer.js';
import type { ReportSink } from './format.js';

/** A report destination: written chunk by chunk, then finished (or aborted on failure). */
export interface ReportOutput extends ReportSink {
  finish(): void;
  abort(): void;
}

/**
 * Encodes text chunks straight into a reusable byte buffer and flushes it when full: a large
 * report (hundreds of MB of JSON) never exists as one string, and is copied only once. (Joining
 * small chunks into a longer string first costs more than it saves: a 10,000-workload JSON
 * report took 0.6 s longer that way.)
 */
class ByteSink {
  private readonly buffer = Buffer.allocUnsafeSlow(1 << 20);
  private used = 0;

  constructor(private readonly flush: (bytes: Buffer) => void) {}

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (text.length * 3 > this.buffer.length - this.used) {
      this.drain();
      if (text.length * 3 > this.buffer.length) {
        this.flush(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Hands out what is buffered; `flush` must consume the bytes before returning. */
  drain(): void {
    if (this.used === 0) return;
    this.flush(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  finish(): void {
    this.drain();
  }

  abort(): void {}
}

/** Text in, bytes out to a descriptor: `finish` writes what is left, `abort` drops it. */
interface TextToBytes {
  write(text: string): void;
  finish(): void;
  abort(): void;
}

/** How a regular file is written, and how anything else (a pipe, a device) is. */
function textToBytes(file: string, fd: number, regular: boolean): TextToBytes {
  if (regular) {
    return new FileByteSink(fd, (error) => {
      throw reportFileError(file, error);
    });
  }
  return new ByteSink((bytes) => writing(file, () => writeAll(fd, bytes)));
}

/**
 * A ByteSink for a regular file: the first buffer is written here, and the rest of a larger
 * report by a BackgroundWriter while the caller goes on (see there for why). Failures go to
 * `fail`, which throws.
 */
class FileByteSink {
  private buffer: Buffer = Buffer.allocUnsafeSlow(BackgroundWriter.slotBytes);
  private used = 0;
  private background: BackgroundWriter | undefined;
  private slot = -1;

  constructor(
    private readonly fd: number,
    private readonly fail: (error: unknown) => never,
  ) {}

  write(text: string): void {
    if (text.length * 3 > this.buffer.length - this.used) {
      this.handOff();
      if (text.length * 3 > this.buffer.length) {
        this.guarded(() => (this.background ? this.background.writeNow(Buffer.from(text, 'utf8')) : writeAll(this.fd, Buffer.from(text, 'utf8'))));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Writes everything (waiting for the worker); the descriptor may be closed afterwards. */
  finish(): void {
    this.guarded(() => {
      if (!this.background) {
        writeAll(this.fd, this.buffer.subarray(0, this.used));
        this.used = 0;
        return;
      }
      this.background.queue(this.slot, this.used);
      this.used = 0;
      this.background.close();
    });
  }

  /** Drops what is not written yet; the descriptor may be closed afterwards. */
  abort(): void {
    this.background?.cancel();
  }

  private handOff(): void {
    if (this.used === 0) return;
    this.guarded(() => {
      if (this.background) this.background.queue(this.slot, this.used);
      else {
        writeAll(this.fd, this.buffer.subarray(0, this.used));
        this.background = new BackgroundWriter(this.fd);
      }
      this.used = 0;
      const next = this.background.takeSlot();
      this.slot = next.slot;
      this.buffer = next.bytes;
    });
  }

  private guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.fail(error);
    }
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}

/** A report file that cannot be written: the message names the file and the reason, in one line. */
export class ReportFileError extends Error {}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a parent is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EFBIG: 'file too large',
  EDQUOT: 'disk quota exceeded',
  ENXIO: 'no such device or address',
};

/** The ReportFileError for a failure to write `file` (a Node.js system error, or anything else). */
export function reportFileError(file: string, error: unknown): ReportFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? code ?? (error instanceof Error ? error.message : String(error));
  return new ReportFileError(`cannot write ${file}: ${reason}`);
}

/** Runs a file system step of writing `file`, reporting its failure as a ReportFileError. */
function writing<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw reportFileError(file, error);
  }
}

/**
 * A report file written atomically: into a temporary file beside it, renamed into place only
 * when complete, so a failed run never leaves a half-written report behind. A file replaced keeps
 * its permissions; a new one gets 0644 (less what the umask takes away). A symbolic link is
 * followed (the file it points to is replaced, the link kept); a device or pipe (`/dev/null`,
 * `/dev/stdout`, a FIFO) is written directly, never replaced. Failures throw ReportFileError.
 */
export function fileOutput(file: string): ReportOutput {
  // `/dev/stdout` is written to the descriptor itself, also when it is a file (`> out.txt`),
  // which a rename would replace behind the shell's back.
  const own = standardStreamAt(file);
  if (own !== undefined) return fdOutput(file, own, isRegularFile(own), () => {}, () => {}, false);
  const target = existingTarget(file);
  if (target && !target.regular) return fdOutput(file, writing(file, () => openSync(target.path, 'w')), false, () => {}, () => {});
  const finalPath = target?.path ?? file;
  const { temp, fd } = writing(file, () => createTemporaryBeside(finalPath, target?.mode ?? 0o644, remember));
  const discard = () => {
    rmSync(temp, { force: true });
    forget(temp);
  };
  if (target) {
    // A file replaced keeps its permissions (a private 0600 report stays private); the umask may
    // have taken bits away from them at creation.
    try {
      fchmodSync(fd, target.mode);
    } catch (error) {
      closeSync(fd);
      discard();
      throw reportFileError(file, error);
    }
  }
  return fdOutput(
    file,
    fd,
    true,
    () => {
      renameSync(temp, finalPath);
      forget(temp);
    },
    discard,
  );
}

/**
 * Creates a new temporary file in the directory of `file` (`wx`: never an existing one) and opens
 * it for writing; `register` sees its path before it exists. The name is short and of fixed length
 * (`.rampart-` and 16 hex digits), so that it fits the file system's limit on names (255 bytes)
 * however long the final name is.
 */
export function createTemporaryBeside(file: string, mode: number, register: (temp: string) => void = () => {}): { temp: string; fd: number } {
  const dir = path.dirname(file);
  for (let attempt = 0; ; attempt++) {
    const temp = path.join(dir, `.rampart-${randomBytes(8).toString('hex')}.tmp`);
    register(temp);
    try {
      return { temp, fd: openSync(temp, 'wx', mode) };
    } catch (error) {
      forget(temp);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 9) throw error;
    }
  }
}

/**
 * Temporary report files being written. Report files are written synchronously, so the default
 * action of Ctrl-C or a CI timeout's SIGTERM would kill the process in the middle of a write and
 * leave the temporary file behind: a write in progress completes (or, between asynchronous
 * steps, its temporary file is removed), and the process then ends by the same signal.
 */
const temporaries = new Map<string, () => void>();

/** Removes `temp` (a file or a directory) should SIGINT, SIGTERM or SIGHUP end the process before `forget(temp)`. */
export function remember(temp: string): void {
  if (temporaries.has(temp)) return;
  temporaries.set(temp, cleanUpOnSignal(() => rmSync(temp, { force: true, recursive: true })));
}

export function forget(temp: string): void {
  temporaries.get(temp)?.();
  temporaries.delete(temp);
}

/** The file `file` names, if it exists: its real path (for a regular file), and its permissions. */
function existingTarget(file: string): { path: string; regular: boolean; mode: number } | undefined {
  let regular: boolean;
  let mode: number;
  try {
    const stats = statSync(file);
    regular = stats.isFile();
    mode = stats.mode & 0o777;
  } catch {
    return undefined;
  }
  // A pipe or device is opened by the name given: `/dev/stdout` and `/dev/fd/N` lead to a pipe
  // that has no path a real path could be resolved to.
  if (!regular) return { path: file, regular, mode };
  try {
    return { path: realpathSync(file), regular, mode };
  } catch {
    return undefined;
  }
}

/**
 * The descriptor of this process's standard output or error when `file` names it (`/dev/stdout`,
 * `/dev/fd/2`): a socket there cannot be opened again by name, and need not be.
 */
function standardStreamAt(file: string): number | undefined {
  try {
    const named = statSync(file);
    for (const fd of [1, 2]) {
      const own = fstatSync(fd);
      if (own.dev === named.dev && own.ino === named.ino) return fd;
    }
  } catch {
    // Not a standard stream, or it is closed: the file is opened by name.
  }
  return undefined;
}

/** Writes to an open file descriptor, closed (unless borrowed) before `done` (after the last write) or `undo` (on failure). */
function fdOutput(file: string, fd: number, regular: boolean, done: () => void, undo: () => void, owned = true): ReportOutput {
  let open = owned;
  const sink = textToBytes(file, fd, regular);
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    write: (chunk) => sink.write(chunk),
    finish() {
      sink.finish();
      writing(file, () => {
        close();
        done();
      });
    },
    abort() {
      try {
        sink.abort();
        close();
      } finally {
        undo();
      }
    },
  };
}

/** Writes a whole small file atomically. */
export function writeFileAtomic(file: string, text: string): void {
  writeFileAtomicWith(file, (sink) => sink.write(text));
}

/** Writes a file atomically, chunk by chunk: it appears complete when `render` returns, or not at all. */
export function writeFileAtomicWith(file: string, render: (sink: ReportSink) => void): void {
  const output = fileOutput(file);
  try {
    render(output);
    output.finish();
  } catch (error) {
    output.abort();
    throw error;
  }
}

/** A whole report: into `file` atomically, or to standard output without one. */
export function writeReport(file: string | undefined, text: string): void {
  writeReportWith(file, (sink) => sink.write(text));
}

/**
 * A report written chunk by chunk: into `file` atomically (complete or not at all), or to standard
 * output. Reports written a line at a time (millions of lines for a large connectivity map) are
 * joined into blocks first: encoding each line on its own costs more (2 million short lines:
 * 0.36 s instead of 0.26 s).
 */
export function writeReportWith(file: string | undefined, render: (sink: ReportSink) => void): void {
  const inBlocks = (sink: ReportSink) => {
    const blocks = new BlockSink(sink);
    render(blocks);
    blocks.flush();
  };
  if (file) return writeFileAtomicWith(file, inBlocks);
  const out = stdoutOutput();
  inBlocks(out);
  out.finish();
}

/** Joins small chunks into blocks of about BLOCK_CHARACTERS before handing them on. */
class BlockSink implements ReportSink {
  private parts: string[] = [];
  private characters = 0;

  constructor(private readonly sink: ReportSink) {}

  write(chunk: string): void {
    this.parts.push(chunk);
    this.characters += chunk.length;
    if (this.characters >= BLOCK_CHARACTERS) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink.write(this.parts.join(''));
    this.parts = [];
    this.characters = 0;
  }
}

const BLOCK_CHARACTERS = 1 << 16;

/** Standard output; a closed pipe (e.g. `| head`) ends the output quietly. */
export function stdoutOutput(): ReportOutput {
  if (stdoutIsFileOrDevice()) {
    // A file or device (`> report.json`, `> /dev/full`) is written synchronously, so a failure
    // (a full disk) is known at once and ends the command with exit code 2 instead of an 'error'
    // event that the process may exit before seeing.
    const sink = textToBytes('standard output', 1, isRegularFile(1));
    return { write: (chunk) => sink.write(chunk), finish: () => sink.finish(), abort: () => sink.finish() };
  }
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  };
  process.stdout.on('error', onError);
  // process.stdout may queue what it is given (it writes asynchronously on some platforms),
  // so it gets a copy of the reused buffer.
  const sink = new ByteSink((bytes) => {
    if (!closed) process.stdout.write(Buffer.from(bytes));
  });
  return {
    write: (chunk) => sink.write(chunk),
    finish: () => sink.drain(),
    abort: () => sink.drain(),
  };
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/** Whether standard output is a regular file or a device other than a terminal (not a pipe or socket). */
function stdoutIsFileOrDevice(): boolean {
  if (process.stdout.isTTY) return false;
  try {
    const stats = fstatSync(1);
    return stats.isFile() || stats.isCharacterDevice();
  } catch {
    return false;
  }
}
