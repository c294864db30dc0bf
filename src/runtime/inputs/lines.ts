import { isAscii } from 'node:buffer';

/**
 * Decodes bytes to text for JSON.parse. Audit events are almost always ASCII, and a one-byte
 * (Latin-1) string of ASCII bytes is the same text, made without UTF-8 decoding and parsed faster;
 * anything else is decoded as UTF-8.
 */
export function decodeText(bytes: Buffer, start = 0, end = bytes.length): string {
  const view = bytes.subarray(start, end);
  return isAscii(view) ? view.toString('latin1') : view.toString('utf8');
}

/** A bound on line length, for inputs read without end (a followed log): longer lines are skipped. */
export interface LineLimit {
  readonly maxLineBytes: number;
  /** Called once for each line skipped for its length, with its 1-based number. */
  onOverlong(lineNo: number): void;
}

/**
 * Splits a byte stream into lines (without the newline; a trailing CR is kept off too). Empty
 * lines are not passed on, but count: each line comes with its 1-based number in the stream.
 */
export class LineSplitter {
  // The bytes after the last newline, chunk by chunk: joined once, when their line ends, so a very
  // long line costs time linear in its length.
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private lineNo = 0;
  /** In a line longer than the limit: its bytes are dropped up to its newline. */
  private skipping = false;

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly limit?: LineLimit,
  ) {}

  feed(chunk: Buffer): void {
    let bytes = chunk;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) return;
      this.skipping = false;
      this.lineNo++;
      bytes = chunk.subarray(nl + 1);
    } else if (this.carryBytes > 0) {
      // Only the line that spans the chunks is joined; the rest of the chunk is not copied.
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.keep(chunk);
        return;
      }
      const joined = Buffer.concat([...this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = [];
      this.carryBytes = 0;
      this.feed(joined);
      bytes = chunk.subarray(nl + 1);
    }
    const ascii = isAscii(bytes);
    let start = 0;
    for (let end = bytes.indexOf(10); end !== -1; start = end + 1, end = bytes.indexOf(10, start)) {
      const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end;
      this.lineNo++;
      if (stop > start) this.onLine(ascii ? bytes.toString('latin1', start, stop) : decodeText(bytes, start, stop), this.lineNo);
    }
    if (start < bytes.length) this.keep(bytes.subarray(start));
  }

  /** Emits a last line that had no newline. */
  end(): void {
    if (this.skipping) this.lineNo++;
    else if (this.carryBytes > 0) this.onLine(decodeText(Buffer.concat(this.carry)), ++this.lineNo);
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }

  // A copy: the caller may reuse its buffer for the next chunk.
  private keep(bytes: Buffer): void {
    this.carry.push(Buffer.from(bytes));
    this.carryBytes += bytes.length;
    if (this.limit && this.carryBytes > this.limit.maxLineBytes) {
      this.carry = [];
      this.carryBytes = 0;
      this.skipping = true;
      this.limit.onOverlong(this.lineNo + 1);
    }
  }
}
