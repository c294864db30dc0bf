import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type EventDecoder, type ParsedEvent, nowNanos } from './events.js';
import { LineSplitter, decodeText } from './lines.js';

export interface EventWithOrigin {
  readonly event: ParsedEvent;
  /** `file:line` the event came from. */
  readonly where: string;
}

/**
 * Reads a file of events (or stdin for `-`): JSON lines, one Event or EventList per line. A file
 * that holds a single pretty-printed JSON document (not JSON lines) is read whole instead.
 */
export async function* readEventFile(file: string, decoder: EventDecoder, stdin: Readable = process.stdin): AsyncGenerator<EventWithOrigin> {
  for await (const batch of readEventBatches(file, decoder, stdin)) yield* batch;
}

/** readEventFile by chunks of the input: one await per chunk, not per event. */
export async function* readEventBatches(file: string, decoder: EventDecoder, stdin: Readable = process.stdin): AsyncGenerator<readonly EventWithOrigin[]> {
  const input = file === '-' ? stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const name = file === '-' ? '<stdin>' : file;
  let lineNo = 0;
  let pending: Buffer[] | undefined;
  let ready: EventWithOrigin[] = [];
  const splitter = new LineSplitter((line) => {
    lineNo++;
    const text = line.trim();
    if (text === '') return;
    const events = decoder.decode(text, nowNanos);
    const [first] = events;
    if (lineNo === 1 && events.length === 1 && first && !first.ok && first.message.startsWith('invalid JSON') && /^[[{]/.test(text)) {
      // Maybe one multi-line JSON document: keep everything and decide at the end.
      pending = [];
      return;
    }
    for (const event of events) ready.push({ event, where: `${name}:${lineNo}` });
  });
  let whole: Buffer[] | undefined;
  // Chunks are kept until the first line is decided, in case the input is one JSON document.
  let head: Buffer[] | undefined = [];
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (whole) {
      whole.push(bytes);
      continue;
    }
    head?.push(bytes);
    splitter.feed(bytes);
    if (pending) {
      whole = head ?? [bytes];
      continue;
    }
    if (lineNo > 0) head = undefined;
    if (ready.length > 0) {
      const out = ready;
      ready = [];
      yield out;
    }
  }
  if (whole) {
    const text = decodeText(Buffer.concat(whole));
    yield decoder.decode(text, nowNanos).map((event) => ({ event, where: `${name}:1` }));
    return;
  }
  splitter.end();
  if (ready.length > 0) yield ready;
}
