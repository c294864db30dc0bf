import type { Extractor, FieldInfo, FieldRef } from '../fields.js';
import { formatDatetime, formatIso8601, formatTime, formatTimeSeconds, toNanos } from '../time-format.js';

const nanos = (v: unknown) => toNanos(v) ?? 0n;

/** Event fields libsinsp offers for every event, plugin events included (time, number, source). */
export function genericFields(): FieldInfo[] {
  return [
    { name: 'evt.num', type: 'uint64', list: false, arg: 'none', desc: 'Event number' },
    { name: 'evt.time', type: 'abstime', list: false, arg: 'none', desc: 'Event timestamp as a time string with nanoseconds', format: (v) => formatTime(nanos(v)) },
    { name: 'evt.time.s', type: 'string', list: false, arg: 'none', desc: 'Event timestamp as a time string with no nanoseconds' },
    { name: 'evt.time.iso8601', type: 'abstime', list: false, arg: 'none', desc: 'Event timestamp in ISO 8601 format, including nanoseconds and time zone offset (in UTC)', format: (v) => formatIso8601(nanos(v)) },
    { name: 'evt.datetime', type: 'abstime', list: false, arg: 'none', desc: 'Event timestamp as a date and time string with nanoseconds', format: (v) => formatDatetime(nanos(v)) },
    { name: 'evt.rawtime', type: 'abstime', list: false, arg: 'none', desc: 'Absolute event timestamp, i.e. nanoseconds from epoch' },
    { name: 'evt.rawtime.s', type: 'uint64', list: false, arg: 'none', desc: 'Integer part of the event timestamp (seconds since epoch)' },
    { name: 'evt.rawtime.ns', type: 'uint64', list: false, arg: 'none', desc: 'Fractional part of the absolute event timestamp' },
    { name: 'evt.source', type: 'string', list: false, arg: 'none', desc: 'The name of the source that produced the event' },
    { name: 'evt.hostname', type: 'string', list: false, arg: 'none', desc: 'The hostname of the machine running the engine' },
    { name: 'evt.pluginname', type: 'string', list: false, arg: 'none', desc: 'The name of the plugin that generated the event' },
  ];
}

export function genericExtractor(ref: FieldRef, hostname: string, plugin: string): Extractor | undefined {
  switch (ref.info.name) {
    case 'evt.num':
      return (e) => e.num;
    case 'evt.time':
    case 'evt.time.iso8601':
    case 'evt.datetime':
    case 'evt.rawtime':
      return (e) => e.ts;
    case 'evt.time.s':
      return (e) => formatTimeSeconds(e.ts);
    case 'evt.rawtime.s':
      return (e) => e.ts / 1_000_000_000n;
    case 'evt.rawtime.ns':
      return (e) => e.ts % 1_000_000_000n;
    case 'evt.source':
      return (e) => e.source;
    case 'evt.hostname':
      return () => hostname;
    case 'evt.pluginname':
      return () => plugin;
    default:
      return undefined;
  }
}
