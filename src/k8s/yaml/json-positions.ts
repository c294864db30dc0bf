import { FLAG_KEY, KIND_MAPPING, KIND_OTHER, KIND_SEQUENCE, OPEN_BASE } from './position-recorder.js';

/** The event recorded at the end of an object's key. */
export const JSON_KEY_EVENT = KIND_OTHER | FLAG_KEY;

/*
 * JSON (e.g. `kubectl get -o json`) is parsed with JSON.parse, many times faster than a YAML
 * parser but without positions. This scan records the same events the YAML loader records (once
 * per JSON document, which also counts its keys). It assumes the text is valid JSON.
 */
export function recordJsonEvents(text: string): Int32Array {
  let events = new Int32Array(1024);
  let length = 0;
  const push = (event: number) => {
    if (length === events.length) {
      const bigger = new Int32Array(events.length * 2);
      bigger.set(events);
      events = bigger;
    }
    events[length++] = event;
  };
  const kinds: number[] = [];
  let expectKey = false;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      push(p + OPEN_BASE);
      kinds.push(c === 0x7b ? KIND_MAPPING : KIND_SEQUENCE);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      push(kinds.pop() ?? KIND_OTHER);
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = kinds[kinds.length - 1] === KIND_MAPPING;
    } else if (c === 0x22 /* " */) {
      push(p + OPEN_BASE);
      for (p++; p < text.length && text.charCodeAt(p) !== 0x22; p++) if (text.charCodeAt(p) === 0x5c) p++;
      push(expectKey ? JSON_KEY_EVENT : KIND_OTHER);
      expectKey = false;
    } else if (c !== 0x3a /* : */ && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      push(p + OPEN_BASE);
      while (p + 1 < text.length && !',]} \n\r\t'.includes(text[p + 1] ?? '')) p++;
      push(KIND_OTHER);
    }
  }
  return events.slice(0, length);
}
