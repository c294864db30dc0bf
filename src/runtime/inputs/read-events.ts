import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type EventDecoder, type ParsedEvent, nowNanos } from './events.js';

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
  const input = file === '-' ? stdin : createReadStream(file, { encoding: 'utf8' });
  const name = file === '-' ? '<stdin>' : file;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let pending: string[] | undefined;
  for await (const line of lines) {
    lineNo++;
    if (pending) {
      pending.push(line);
      continue;
    }
    const text = line.trim();
    if (text === '') continue;
    const events = decoder.decode(text, nowNanos);
    const [first] = events;
    if (events.length === 1 && first && !first.ok && first.message.startsWith('invalid JSON') && lineNo === 1 && /^[[{]/.test(text)) {
      // Maybe one multi-line JSON document: collect the rest and decide at the end.
      pending = [line];
      continue;
    }
    for (const event of events) yield { event, where: `${name}:${lineNo}` };
  }
  if (pending) {
    const whole = decoder.decode(pending.join('\n'), nowNanos);
    const [first] = whole;
    if (first && !first.ok && first.message.startsWith('invalid JSON')) yield { event: first, where: `${name}:1` };
    else for (const event of whole) yield { event, where: `${name}:1` };
  }
}
