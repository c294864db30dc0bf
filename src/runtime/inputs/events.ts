import { isSafeNumber, parse as losslessParse } from 'lossless-json';
import { parseRfc3339, toNanos } from '../time-format.js';
import { isObject } from '../sources/json-value.js';
import { parseAuditJson } from './audit-json.js';
import { DEFAULT_MAX_EVENT_SIZE } from './event-size.js';

/** One event ready for the engine, or a problem with the input it came from. */
export type ParsedEvent = { readonly ok: true; readonly payload: unknown; readonly ts: bigint } | { readonly ok: false; readonly message: string };

/** Turns one JSON text into the events it holds for a source; used by every input (file, stdin, webhook). */
export interface EventDecoder {
  readonly source: string;
  decode(text: string, now: () => bigint): ParsedEvent[];
}

export const nowNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

/**
 * The event time of an audit Event as Falco's k8saudit plugin sets it: its `stageTimestamp`,
 * parsed with Go's `time.Parse(time.RFC3339Nano, ...)`, handed to Falco as unsigned nanoseconds
 * (the plugin SDK's `uint64(UnixNano())`: a time before 1970 wraps around), and the current time
 * where that is the zero time or -1 (the SDK and the plugin API's "no timestamp, use now").
 * An event without a `stageTimestamp`, or with one Go refuses (any value that is not a string
 * included), is dropped by the plugin: the message says why.
 */
function auditEventTime(e: Record<string, unknown>, now: () => bigint): bigint | ParsedEvent {
  if (!Object.hasOwn(e, 'stageTimestamp')) return NO_STAGE_TIMESTAMP;
  const text = e.stageTimestamp;
  const nanos = typeof text === 'string' ? parseRfc3339(text) : undefined;
  if (nanos === undefined) return BAD_STAGE_TIMESTAMP;
  const ts = BigInt.asUintN(64, nanos);
  return nanos === GO_ZERO_TIME || ts === UINT64_MAX ? now() : ts;
}

const NO_STAGE_TIMESTAMP: ParsedEvent = { ok: false, message: "can't read stageTimestamp" };
const BAD_STAGE_TIMESTAMP: ParsedEvent = { ok: false, message: "can't parse stageTimestamp as an RFC 3339 time" };
/** Go's zero time.Time, 0001-01-01T00:00:00Z, in nanoseconds since the epoch. */
const GO_ZERO_TIME = -62_135_596_800_000_000_000n;
const UINT64_MAX = 2n ** 64n - 1n;


/**
 * audit.k8s.io Events: a JSON object that is an `Event`, an `EventList` whose items are Events, or
 * a JSON array of those; each larger than `maxEventSize` bytes is dropped, as the plugin drops it.
 */
export function k8sAuditDecoderFor(maxEventSize = DEFAULT_MAX_EVENT_SIZE): EventDecoder {
  return {
    source: 'k8s_audit',
    decode(text, now) {
      // JSON read as the plugin's parser reads it (the first value of a key given twice).
      const json = parseAuditJson(text, maxEventSize);
      if (!json.ok) return [json];
      return auditEventsOf(json.value, now, json.sizes && { maxEventSize, sizes: json.sizes });
    },
  };
}

export const k8sAuditDecoder: EventDecoder = k8sAuditDecoderFor();

/** The plugin's maxEventSize, and the sizes of the payload's objects when one of its events may be over it. */
export interface EventSizeLimit {
  readonly maxEventSize: number;
  readonly sizes: ReadonlyMap<object, number>;
}

/**
 * One Event of a payload: the event and its time, or why the plugin drops it. As in the plugin
 * (parseSingleAuditEventJSON), the time is read first, then the size.
 */
function auditEvent(e: Record<string, unknown>, now: () => bigint, limit: EventSizeLimit | undefined): ParsedEvent {
  const ts = auditEventTime(e, now);
  if (typeof ts !== 'bigint') return ts;
  const size = limit?.sizes.get(e);
  if (limit && size !== undefined && size > limit.maxEventSize) return { ok: false, message: `event of ${size} bytes is larger than the maximum event size (${limit.maxEventSize})` };
  return { ok: true, payload: e, ts };
}

const NOT_AUDIT: ParsedEvent = { ok: false, message: 'data not recognized as a k8s audit event' };
const NO_ITEMS: ParsedEvent = { ok: false, message: 'data not recognized as a k8s audit event: EventList without items' };

/**
 * The events of a payload as the k8saudit plugin reads them (ParseAuditEventsJSON), each read or
 * dropped with its reason; a payload the plugin does not recognize is dropped whole, as one
 * unreadable event.
 */
export function auditEventsOf(value: unknown, now: () => bigint, limit?: EventSizeLimit): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  const refused = collectAuditEvents(value, now, limit, events);
  return refused ? [refused] : events;
}

/**
 * Adds the events of `value` to `out`; returns why the whole payload is refused, if it is. A
 * JSON array is read element by element, each an Event, an EventList or an array again; one
 * element that is none of these makes the plugin drop the whole payload, the events already
 * read with it (parseAuditEventsAndPush pushes nothing when ParseAuditEventsJSON fails).
 */
function collectAuditEvents(value: unknown, now: () => bigint, limit: EventSizeLimit | undefined, out: ParsedEvent[]): ParsedEvent | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const refused = collectAuditEvents(element, now, limit, out);
      if (refused) return refused;
    }
    return undefined;
  }
  if (!isObject(value)) return NOT_AUDIT;
  // The plugin goes by `kind` alone (a string, exactly "Event" or "EventList"); `apiVersion` and
  // `auditID` are not looked at.
  if (value.kind === 'EventList') {
    const items = value.items;
    // An empty items array is no list either: the plugin tests `GetArray("items") != nil`, and
    // fastjson's fresh parser reads `[]` as a nil slice (its parseArray cuts the cached value's
    // slice to length 0, and a new value's is nil). So ParseAuditEventsPayload refuses
    // {"kind":"EventList","items":[]}, and so does each reader for its first payload; the readers
    // reuse their parser, and a later payload may find the slice left by an earlier array there
    // and read no events without an error (none are read either way).
    if (!Array.isArray(items) || items.length === 0) return NO_ITEMS;
    for (const e of items) out.push(isObject(e) ? auditEvent(e, now, limit) : NOT_AUDIT);
    return undefined;
  }
  if (value.kind === 'Event') {
    out.push(auditEvent(value, now, limit));
    return undefined;
  }
  return NOT_AUDIT;
}

/** Flat JSON events keyed by field names (the generic JSON-field source); big integers stay exact. */
export const jsonFieldsDecoder = (source: string): EventDecoder => ({
  source,
  decode(text, now) {
    let value: unknown;
    try {
      value = losslessParse(text, null, (n: string) => (isSafeNumber(n) ? Number(n) : /^-?\d+$/.test(n) ? BigInt(n) : Number(n)));
    } catch (error) {
      return [{ ok: false, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }];
    }
    if (!isObject(value)) return [{ ok: false, message: 'event is not a JSON object' }];
    const ts = toNanos(value['evt.rawtime']) ?? toNanos(value['evt.time']) ?? now();
    return [{ ok: true, payload: value, ts }];
  },
});
