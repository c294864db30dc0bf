/*
 * Differential test of which audit events Rampart reads and at what time, against the k8saudit
 * plugin's own Go code (v0.18.0), see README.md. The plugin reads `stageTimestamp` with Go's
 * time.Parse(time.RFC3339Nano, ...) and drops an event without one, or with one Go refuses; the
 * plugin SDK hands the time to Falco as uint64(UnixNano()), and the zero time as "now". Builds
 * test/oracles/k8saudit/cmd/events once and sends it thousands of Events and EventLists whose
 * timestamps are RFC 3339 and every near miss of it.
 *
 *   K8SAUDIT_EVENTS_ORACLE_RUNS=50000 K8SAUDIT_EVENTS_ORACLE_SEED=random npx vitest run test/oracles/k8saudit-events.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { duplicate, withDuplicateKey } from './k8saudit-duplicates.js';
import { DEFAULT_MAX_EVENT_SIZE } from '../../src/runtime/inputs/event-size.js';
import { k8sAuditDecoderFor } from '../../src/runtime/inputs/events.js';

const ORACLE_DIR = fileURLToPath(new URL('./k8saudit/', import.meta.url));
const HAVE_GO = goAvailable('k8saudit events');
const RUNS = Number(process.env.K8SAUDIT_EVENTS_ORACLE_RUNS ?? 4000);
const SEED = process.env.K8SAUDIT_EVENTS_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.K8SAUDIT_EVENTS_ORACLE_SEED ?? 20261207);

let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'k8saudit-events', './cmd/events');
}, 900_000);

afterAll(() => built?.remove());

interface OracleAnswer {
  readonly events: readonly { readonly ts?: string; readonly error?: string }[];
  readonly error?: string;
}

/** A payload, and the plugin's maxEventSize to read it with (its default when not given). */
interface Sized {
  readonly payload: string;
  readonly maxEventSize?: number;
}

function upstream(payloads: readonly Sized[]): OracleAnswer[] {
  const input = payloads.map((p) => JSON.stringify(p)).join('\n');
  const run = spawnSync(built?.binary ?? 'false', [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as OracleAnswer);
}

const NOT_AUDIT = 'data not recognized as a k8s audit event';

/** Rampart's words for the plugin's errors (Rampart's messages never quote the event). */
function ours(error: string, payload: string, maxEventSize = DEFAULT_MAX_EVENT_SIZE): string {
  if (error.startsWith('parsing time ')) return "can't parse stageTimestamp as an RFC 3339 time";
  const size = /^event larger than maxEventSize: size=(\d+)$/.exec(error)?.[1];
  if (size !== undefined) return `event of ${size} bytes is larger than the maximum event size (${maxEventSize})`;
  // fastjson's fork sometimes panics on the way out of an error in an array (parseArray gives its
  // caller an offset from the start of the text, not of the array: a slice out of range) instead
  // of saying why: for a valid JSON text, its depth; otherwise its syntax.
  if (error.includes('too big depth for the nested JSON; it exceeds 300') || (error.startsWith('JSON parser panic') && isJson(payload))) return 'JSON nested more than 300 levels deep';
  // A text fastjson refuses for its syntax: Rampart gives JSON.parse's reason (or its own).
  if (error.startsWith('cannot parse JSON') || error.startsWith('unexpected tail') || error.startsWith('JSON parser panic')) return 'invalid JSON';
  return error;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const NOW = -1n; // never a time the plugin gives: those are unsigned

/** Each event of the payload: its time (`now` for the current time), or why it is dropped. */
function rampart({ payload, maxEventSize }: Sized): string[] {
  // Rampart may say more than the plugin about a payload it does not recognize ("EventList without items").
  return k8sAuditDecoderFor(maxEventSize)
    .decode(payload, () => NOW)
    .map((e) => (e.ok ? (e.ts === NOW ? 'now' : String(e.ts)) : e.message.startsWith(NOT_AUDIT) ? NOT_AUDIT : e.message.startsWith('invalid JSON') ? 'invalid JSON' : e.message));
}

function compare(texts: readonly (string | Sized)[]): { readonly read: number; readonly dropped: number } {
  const payloads = texts.map((t) => (typeof t === 'string' ? { payload: t } : t));
  const answers = upstream(payloads);
  let read = 0;
  let dropped = 0;
  payloads.forEach((sized, i) => {
    const answer = answers[i];
    const { payload, maxEventSize } = sized;
    // An error for the payload drops all of it: Rampart reports it once, as one unreadable event.
    const want = answer?.error !== undefined ? [ours(answer.error, payload)] : (answer?.events ?? []).map((e) => e.ts ?? ours(e.error ?? '', payload, maxEventSize));
    // An EventList item that is not an object has no stageTimestamp for the plugin; Rampart says it is not an audit event.
    const got = answer?.error !== undefined ? rampart(sized) : rampart(sized).map((e) => (e === NOT_AUDIT ? "can't read stageTimestamp" : e));
    expect(got, `${payload} (maxEventSize ${maxEventSize ?? 'default'})`).toEqual(want);
    for (const e of want) if (/^\d+$|^now$/.test(e)) read++;
    else dropped++;
  });
  return { read, dropped };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** A number of `width` digits, mostly in range, now and then out of it, one digit short or long, or not a number. */
const field = (min: number, max: number, width = 2) =>
  fc.oneof(
    { weight: 60, arbitrary: fc.integer({ min, max }).map((n) => pad(n, width)) },
    { weight: 2, arbitrary: fc.constantFrom(min - 1, max + 1, max + 2, 10 ** width - 1).map((n) => (n < 0 ? '-1' : pad(n, width))) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 ** width - 1 }).map((n) => pad(n, width + 1)) },
    { weight: 1, arbitrary: fc.constantFrom('', 'x', ' 1', '+1', '-1', '1 ', '٣', '１２') },
  );
const year = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1960, max: 2300 }).map((n) => pad(n, 4)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)) },
  // Leap years and not, the ends of the range, the years where UnixNano wraps around.
  { weight: 3, arbitrary: fc.constantFrom('0000', '0001', '0004', '0100', '1600', '1677', '1678', '1900', '1969', '1970', '2000', '2024', '2100', '2262', '2263', '9999') },
  { weight: 1, arbitrary: fc.constantFrom('202', '20245', '+202', '-202', ' 202', '２０２４', 'x024') },
);
const sep = (c: string, others: string) => fc.oneof({ weight: 60, arbitrary: fc.constant(c) }, { weight: 1, arbitrary: fc.constantFrom(...others.split('|')) });
const fraction = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom('.', '.', '.', ','), fc.stringMatching(/^[0-9]{1,20}$/)).map(([s, d]) => s + d) },
  { weight: 1, arbitrary: fc.constantFrom('.', ',', '.x', '..5', '. 5', '.5.5', ',,1', '.-1', '.+1', '.٣') },
);
const zone = fc.oneof(
  { weight: 8, arbitrary: fc.constant('Z') },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('+', '-'), field(0, 24), field(0, 60)).map(([s, h, m]) => `${s}${h}:${m}`) },
  { weight: 2, arbitrary: fc.constantFrom('z', '', 'Zz', 'ZZ', 'Z ', ' Z', 'UTC', 'GMT', '+0100', '+01', '+01:00:00', '+01:00Z', 'Z+01:00', '−01:00', '±01:00', '+01;00', ' +01:00', '+24:60', '-24:60', '+25:00', '+00:61') },
);
/** RFC 3339 timestamps and their near misses, now and then mutated a character further. */
const timestamp = fc
  .tuple(year, sep('-', '/||_|−'), field(1, 12), sep('-', '/||_'), field(1, 31), sep('T', 't| |_|TT|'), field(0, 23), sep(':', '.||;|::'), field(0, 59), sep(':', '.||;'), field(0, 59), fraction, zone)
  .map((parts) => parts.join(''))
  .chain((text) =>
    fc.oneof(
      { weight: 16, arbitrary: fc.constant(text) },
      { weight: 1, arbitrary: fc.nat({ max: text.length }).map((i) => text.slice(0, i) + text.slice(i + 1)) },
      { weight: 1, arbitrary: fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('0', '9', '-', ':', '.', ',', 'T', 'Z', '+', ' ', 'é', '\u0000')).map(([i, c]) => text.slice(0, i) + c + text.slice(i)) },
    ),
  );
const stageTimestamp = fc.oneof(
  { weight: 20, arbitrary: timestamp },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, 1714557600, true, '', {}, ['2024-05-01T10:00:00Z'], { time: '2024-05-01T10:00:00Z' }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[-0-9:T.,Z+ z]{0,40}$/) },
);
const event = fc.record(
  {
    kind: fc.constantFrom('Event', 'Event', undefined),
    apiVersion: fc.constantFrom('audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'v0', undefined),
    auditID: fc.uuid(),
    stageTimestamp,
    requestReceivedTimestamp: fc.constantFrom('2024-05-01T10:00:00.000000Z', undefined, 'now'),
  },
  { requiredKeys: ['stageTimestamp'] },
);
/** The kind of a payload: the plugin reads an object whose kind is "Event" or "EventList", whatever else it holds. */
const kind = fc.oneof({ weight: 12, arbitrary: fc.constant('Event') }, { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'event', 'Status', 'EventList', 1, ['Event']) });
const single = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(event, kind).map(([e, k]) => ({ ...e, kind: k })) },
  { weight: 1, arbitrary: fc.array(event, { maxLength: 4 }).map((items) => ({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items })) },
);
/** A JSON array is read element by element: Events, EventLists, arrays again; anything else drops the whole payload. */
const element = fc.oneof({ weight: 12, arbitrary: single }, { weight: 2, arbitrary: fc.array(single, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(null, 1, 'x', {}, [null]) });
const payload = fc.oneof({ weight: 5, arbitrary: single }, { weight: 1, arbitrary: fc.array(element, { maxLength: 4 }) });
/** The value given to a key a second time: often one that decides what the plugin reads (kind, stageTimestamp, items). */
const other = fc.oneof(stageTimestamp.filter((t) => t !== undefined), kind.filter((k) => k !== undefined), fc.array(event, { maxLength: 2 }), fc.constantFrom(null, 1, 'Event', 'EventList', {}));

/*
 * Sizes: the plugin drops an event larger than maxEventSize bytes as fastjson writes it back (the
 * text as it came, less the whitespace between tokens). Events padded with escapes, multi-byte
 * characters and numbers of every spelling, written compact or spread out, a fifth with a key given
 * twice, read with a limit near the payload's length so that events fall on both sides of it.
 */
const padding = fc.string({ unit: fc.constantFrom('a', 'a', 'a', 'a', '"', '\\', '\n', 'é', '€', '😀', '<', '/'), maxLength: 120 });
const NUMBERS = ['1000', '1e3', '1E400', '0.001', '1.0', '-0', '12e2', '7', '-12.5'];
const sizedEvent = fc.record(
  { kind: fc.constant('Event'), auditID: fc.uuid(), stageTimestamp: fc.constantFrom('2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123456Z', 'x'), pad: padding, n: fc.constantFrom(...NUMBERS.map((n) => `#${n}#`)) },
  { requiredKeys: ['kind', 'stageTimestamp'] },
);
const sizedPayload = fc.oneof(
  { weight: 3, arbitrary: sizedEvent },
  { weight: 2, arbitrary: fc.array(sizedEvent, { minLength: 1, maxLength: 5 }).map((items) => ({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items })) },
  { weight: 1, arbitrary: fc.array(sizedEvent, { minLength: 1, maxLength: 3 }) },
);
/** The payload as text: compact, spread out, with \u escapes and \/ and numbers spelt in full or not, a key given twice now and then. */
const sizedText = fc
  .tuple(sizedPayload, fc.option(duplicate(fc.oneof(padding, fc.constantFrom(1, null, 'Event'))), { freq: 4 }), fc.constantFrom(undefined, undefined, 1, '\t'), fc.boolean(), fc.boolean())
  .map(([p, dup, indent, unicodeEscapes, spaced]) => {
    let text = dup ? withDuplicateKey(p, dup) : JSON.stringify(p);
    if (indent !== undefined) text = JSON.stringify(JSON.parse(text), null, indent);
    if (unicodeEscapes) text = text.replaceAll('é', '\\u00e9').replaceAll('/', '\\/');
    if (spaced) text = text.replaceAll(',"', ' ,\n "');
    return text.replace(/"#([^#"]+)#"/g, '$1');
  });
const sized = fc.tuple(sizedText, fc.double({ min: 0.15, max: 1.05, noNaN: true }), fc.integer({ min: -4, max: 4 })).map(([payload, factor, delta]): Sized => ({ payload, maxEventSize: Math.max(1, Math.round(payload.length * factor) + delta) }));

describe.skipIf(!HAVE_GO)('audit event times against the k8saudit plugin (Go, v0.18.0)', () => {
  it('agree on the timestamps kube-apiserver writes and on the corners of Go time.Parse', () => {
    const texts = [
      '2018-10-25T13:58:49.730588Z',
      '2024-05-01T10:00:00Z',
      '2024-05-01T10:00:00.1234567891Z',
      '2024-05-01T10:00:00.123456789123456789123Z',
      '2024-05-01T10:00:00,5Z',
      '2024-05-01T10:00:00z',
      '2024-05-01T7:00:00Z',
      '2024-05-01T10:00:00+24:60',
      '2024-05-01T10:00:00-24:60',
      '2024-05-01T10:00:00+25:00',
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T23:59:60Z',
      '0001-01-01T00:00:00Z',
      '0001-01-01T01:00:00+01:00',
      '0000-12-31T23:00:00-01:00',
      '1969-12-31T23:59:59.999999999Z',
      '1969-12-31T23:59:59.999999998Z',
      '1970-01-01T00:00:00Z',
      '1677-09-21T00:12:43.145224191Z',
      '1677-09-21T00:12:43.145224192Z',
      '2262-04-11T23:47:16.854775807Z',
      '2262-04-11T23:47:16.854775808Z',
      '9999-12-31T23:59:59.999999999-24:60',
      '0000-01-01T00:00:00+24:60',
      'garbage',
    ];
    const payloads = [
      ...texts.map((stageTimestamp) => JSON.stringify({ kind: 'Event', auditID: 'a', stageTimestamp, requestReceivedTimestamp: '2024-05-01T10:00:00Z' })),
      JSON.stringify({ kind: 'Event', auditID: 'a', requestReceivedTimestamp: '2024-05-01T10:00:00Z' }),
      JSON.stringify({ kind: 'Event', auditID: 'a', stageTimestamp: null }),
      JSON.stringify({ kind: 'Event', auditID: 'a', stageTimestamp: 1714557600 }),
      JSON.stringify({ kind: 'EventList', items: [{ stageTimestamp: '2024-05-01T10:00:00Z' }, { stageTimestamp: 'x' }, {}] }),
      // kind alone decides: no apiVersion or auditID needed, and no kind is no event.
      JSON.stringify({ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z' }),
      JSON.stringify({ apiVersion: 'audit.k8s.io/v1', auditID: 'a', stageTimestamp: '2024-05-01T10:00:00Z' }),
      JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1' }),
      JSON.stringify({ kind: 'EventList', items: {} }),
      // An empty items array is refused as no items at all (a fresh fastjson parser reads it as nil).
      JSON.stringify({ kind: 'EventList', items: [] }),
      JSON.stringify({ kind: 'EventList', items: null }),
      '{"kind":"EventList","items":[ ]}',
      JSON.stringify([{ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z' }, { kind: 'EventList', items: [] }]),
      // Arrays of payloads; one element that is not an audit event drops them all.
      JSON.stringify([{ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z' }, [{ kind: 'EventList', items: [{ stageTimestamp: 'x' }] }], []]),
      JSON.stringify([{ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z' }, { kind: 'Status' }]),
      JSON.stringify([[null]]),
      '[]',
      // A key given twice: the plugin's parser (fastjson) reads the first value.
      '{"kind":"Event","kind":"Status","stageTimestamp":"2024-05-01T10:00:00Z"}',
      '{"kind":"Status","kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z"}',
      '{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","stageTimestamp":"x"}',
      '{"kind":"Event","stageTimestamp":"x", "stageTimestamp":"2024-05-01T10:00:00Z"}',
      '{"kind":"EventList","items":[{"stageTimestamp":"2024-05-01T10:00:00Z"}],"items":{}}',
      '{"kind":"EventList","items":{},"items":[{"stageTimestamp":"2024-05-01T10:00:00Z"}]}',
      '[{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","x":[1e3,1000,1E400,0.001]},{"kind":"Event","kind":"Status"}]',
      // Nesting: fastjson refuses a value more than 300 levels deep (the payload is level 1).
      `${'['.repeat(299)}{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z"}${']'.repeat(299)}`,
      `${'['.repeat(298)}{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z"}${']'.repeat(298)}`,
      `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":${'['.repeat(299)}${']'.repeat(299)}}`,
      `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":${'['.repeat(298)}{}${']'.repeat(298)}}`,
      `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":${'['.repeat(299)}{}${']'.repeat(299)}}`,
      `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":${'['.repeat(299)}${']'.repeat(299)},"a":1}`,
      `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":1,"a":${'['.repeat(300)}${']'.repeat(300)}}`,
    ];
    compare(payloads);
  });

  it('agree on the texts fastjson reads and JSON.parse refuses, and on those both refuse', () => {
    const at = '"stageTimestamp":"2024-05-01T10:00:00Z"';
    const values = ['NaN', 'nan', 'nAN', '-Inf', '+inf', 'INF', '-nan', 'Infinity', '-Infinity', 'infx', '1.2.3', '01', '+1', '-', '+', '.', 'e', '.e', '1e', '--1', '-x', '1x', '0x10', 'NaNa', 'nul', 'tru', 'truex', '"a\\xb"', '"\\u12"', '"\\uZZZZ"', '"\\ud800"', '"\\ud800\\u0041"', '"a\tb"', '"a\u0001b"', '"a\nb"', '"\\"', "'x'", '[1,]', '{"a":1,}', '[,1]', '{,}', '{"a" 1}', '{"a":}', '"unterminated'];
    const payloads = values.flatMap((v) => [`{"kind":"Event",${at},"x":${v}}`, `{"kind":"Event",${at},"x":[${v}]}`, `{"kind":"EventList","items":[{${at},"x":${v}}]}`, `[{"kind":"Event",${at}},${v}]`, `{"kind":"Event",${at},"x":{"y":${v}}}`]);
    payloads.push(`{"kind":"Event",${at}}NaN`, ` {"kind":"Event",${at}} `, `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00\\x"}`, `{"kind":"Ev\\u0065nt",${at}}`, `{"kind":"Event","stage\tTimestamp":"2024-05-01T10:00:00Z"}`);
    compare(payloads);
  });

  it(`agree on ${RUNS} random Events, EventLists and arrays of them, a fifth with a key given twice (seed ${SEED})`, () => {
    const texts = fc.oneof({ weight: 4, arbitrary: payload.map((p) => JSON.stringify(p)) }, { weight: 1, arbitrary: fc.tuple(payload, duplicate(other)).map(([p, d]) => withDuplicateKey(p, d)) });
    const payloads = fc.sample(texts, { numRuns: RUNS, seed: SEED });
    const { read, dropped } = compare(payloads);
    // Both outcomes are well represented, so that neither side can pass by reading everything or nothing.
    expect(read).toBeGreaterThan(RUNS / 4);
    expect(dropped).toBeGreaterThan(RUNS / 4);
  });

  it('agree on the size limit (maxEventSize) at its edges, and on its default', () => {
    const event = (pad: string) => JSON.stringify({ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z', pad });
    // 262,144 bytes written back; the same spread out over lines; a byte more; a list of events each under it.
    const exact = event('x'.repeat(DEFAULT_MAX_EVENT_SIZE - event('').length));
    const payloads: Sized[] = [
      { payload: exact },
      { payload: JSON.stringify(JSON.parse(exact), null, 2) },
      { payload: event('x'.repeat(DEFAULT_MAX_EVENT_SIZE - event('').length + 1)) },
      { payload: event('é'.repeat((DEFAULT_MAX_EVENT_SIZE - event('').length) / 2)) },
      { payload: event(`${'é'.repeat((DEFAULT_MAX_EVENT_SIZE - event('').length) / 2 - 1)}xx`).replace('é', '\\u00e9') },
      { payload: JSON.stringify({ kind: 'EventList', items: Array.from({ length: 5 }, () => JSON.parse(event('x'.repeat(100_000))) as unknown) }) },
      { payload: event('x'.repeat(30)), maxEventSize: event('x'.repeat(30)).length },
      { payload: event('x'.repeat(30)), maxEventSize: event('x'.repeat(30)).length - 1 },
      // The time is read first: an event too large with a bad time is dropped for its time.
      { payload: event('x').replace('2024', 'x'), maxEventSize: 10 },
    ];
    compare(payloads);
  });

  it(`agree on the sizes of ${RUNS} random events read with a limit near them (seed ${SEED})`, () => {
    const { read, dropped } = compare(fc.sample(sized, { numRuns: RUNS, seed: SEED }));
    expect(read).toBeGreaterThan(RUNS / 4);
    expect(dropped).toBeGreaterThan(RUNS / 4);
  });
});
