import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forget, remember } from './write.js';

/** Where a piece of spooled text is. */
export interface SpoolSegment {
  readonly offset: number;
  readonly length: number;
}

/**
 * Text set aside to be read back piece by piece later: for report formats whose headers hold
 * totals known only at the end (JUnit test suites open with their counts), so that the findings
 * of a large scan are not all held in memory until then. The text goes to a private temporary
 * file, removed by `dispose`, or if the process ends first, on exit or on the signals that report
 * files are cleaned up on; where no temporary file can be made, it stays in memory.
 */
export class Spool {
  private readonly file: { readonly dir: string; readonly fd: number } | undefined;
  private readonly memory: string[] = [];
  private size = 0;
  private disposed = false;
  private readonly cleanup = () => this.dispose();

  constructor() {
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'rampart-'));
      this.file = { dir, fd: openSync(path.join(dir, 'spool'), 'w+', 0o600) };
      process.once('exit', this.cleanup);
      remember(dir);
    } catch {
      this.file = undefined;
    }
  }

  append(text: string): SpoolSegment {
    if (!this.file) {
      this.memory.push(text);
      return { offset: this.memory.length - 1, length: text.length };
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done, bytes.length - done, this.size + done);
    const segment = { offset: this.size, length: bytes.length };
    this.size += bytes.length;
    return segment;
  }

  read(segment: SpoolSegment): string {
    if (!this.file) return this.memory[segment.offset] ?? '';
    const bytes = Buffer.allocUnsafe(segment.length);
    for (let done = 0; done < segment.length; ) {
      const read = readSync(this.file.fd, bytes, done, segment.length - done, segment.offset + done);
      if (read === 0) throw new Error('spool file ended early');
      done += read;
    }
    return bytes.toString('utf8');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.memory.length = 0;
    process.off('exit', this.cleanup);
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    forget(this.file.dir);
  }
}
