import { isSafeNumber, parse as losslessParse } from 'lossless-json';
import { parseRfc3339, toNanos } from '../time-format.js';
import { isObject } from '../sources/json-value.js';
import { jsonErrorMessage } from './json-error.js';

/** One event ready for the engine, or a problem with the input it came from. */
export type ParsedEvent = { readonly ok: true; readonly payload: unknown; readonly ts: bigint } | { readonly ok: false; readonly message: string };

/** Turns one JSON text into the events it holds for a source; used by every input (file, stdin, webhook). */
export interface EventDecoder {
  readonly source: string;
  decode(text: string, now: () => bigint): ParsedEvent[];
}

export const nowNanos = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** The event time of an audit Event: stageTimestamp (the plugin's choice), else requestReceivedTimestamp, else now. */
export function auditEventTime(e: unknown, now: () => bigint): bigint {
  if (!isObject(e)) return now();
  return timestamp(e.stageTimestamp) ?? timestamp(e.requestReceivedTimestamp) ?? now();
}

const timestamp = (v: unknown): bigint | undefined => (typeof v === 'string' ? parseRfc3339(v) : undefined);

/** audit.k8s.io Events: a JSON object that is an `Event`, or an `EventList` whose items are Events. */
export const k8sAuditDecoder: EventDecoder = {
  source: 'k8s_audit',
  decode(text, now) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return [{ ok: false, message: `invalid JSON: ${jsonErrorMessage(error)}` }];
    }
    return auditEventsOf(value, now);
  },
};

/** An audit event whose timestamp is parsed only when something reads it (outputs, time fields). */
class AuditEvent {
  readonly ok = true;
  private time: bigint | undefined;

  constructor(
    readonly payload: unknown,
    private readonly now: () => bigint,
  ) {}

  get ts(): bigint {
    this.time ??= auditEventTime(this.payload, this.now);
    return this.time;
  }
}

const NOT_AUDIT: ParsedEvent = { ok: false, message: 'data not recognized as a k8s audit event' };

export function auditEventsOf(value: unknown, now: () => bigint): ParsedEvent[] {
  if (!isObject(value)) return [NOT_AUDIT];
  if (value.kind === 'EventList') {
    const items = value.items;
    if (!Array.isArray(items)) return [{ ok: false, message: 'data not recognized as a k8s audit event: EventList without items' }];
    return items.map((e: unknown): ParsedEvent => (isObject(e) ? new AuditEvent(e, now) : NOT_AUDIT));
  }
  if (value.kind === 'Event' || (value.kind === undefined && value.auditID !== undefined)) return [new AuditEvent(value, now)];
  return [NOT_AUDIT];
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
