import {
  celEnv,
  celFunc,
  celMethod,
  CelScalar,
  celUint,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  mapType,
  objectType,
  type CelFunc,
  type CelMap,
  type CelValue,
} from '@bufbuild/cel';
import { compareGo } from '../../pss/go.js';
import { formatGoFloat, parseGoFloat, parseGoInt, parseGoUint } from './go-strconv.js';

/*
 * Functions that replace or complete @bufbuild/cel's standard ones where cel-go answers
 * differently. Functions given to celEnv take the place of the standard one of the same name and
 * argument types; one of other argument types is tried after the standard ones.
 */

const { BOOL, DOUBLE, DYN, INT, STRING, UINT } = CelScalar;
const TIMESTAMP = objectType('google.protobuf.Timestamp');
const DURATION = objectType('google.protobuf.Duration');

/** What has(x.f) and x[k] are rewritten to (cel-go-check.ts): names no CEL expression can call. */
export const HAS_FIELD = '@has';
export const INDEX = '@index';

const fail = (message: string): never => {
  throw new Error(message);
};
const orFail = <T>(value: T | undefined, message: string): T => (value === undefined ? fail(message) : value);
const conversionError = (to: string): string => `type conversion error from 'string' to '${to}'`;

const library = celEnv().funcs;
/** @bufbuild/cel's own function; throws its error. */
function callLibrary(name: string, target: CelValue | undefined, args: CelValue[]): CelValue {
  const result = library.find(name)?.call(0, target, args);
  if (isCelError(result)) throw result;
  return orFail(result, `no such overload: ${name}`);
}

// ---- numbers and strings

const INT64_MIN = -(2n ** 63n);
const GO_BOOLS = new Map<string, boolean>([...['1', 't', 'T', 'TRUE', 'true', 'True'].map((s) => [s, true] as const), ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s) => [s, false] as const)]);

/**
 * cel-go's equality. It differs from @bufbuild/cel's on an int or uint compared with a double:
 * cel-go converts the integer to a double (losing precision past 2^53), @bufbuild/cel compares
 * exactly. Lists and maps compare their elements so; other values as @bufbuild/cel does.
 */
function celGoEquals(a: CelValue, b: CelValue): boolean {
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) {
    return typeof x === typeof y ? x === y : Number(x) === Number(y);
  }
  if (isCelList(a)) return isCelList(b) && a.size === b.size && [...a].every((v, i) => celGoEquals(v, b.get(i)!));
  if (isCelMap(a)) return isCelMap(b) && a.size === b.size && [...a].every(([k, v]) => hasKey(b, k) && celGoEquals(v, b.get(k)!));
  return callLibrary('_==_', undefined, [a, b]) === true;
}

// ---- lists and maps

type MapKey = Parameters<CelMap['get']>[0];
const isMapKey = (key: CelValue): key is MapKey => ['string', 'bigint', 'number', 'boolean'].includes(typeof key) || isCelUint(key);
/**
 * Whether a map has the key. @bufbuild/cel's has() of a map literal is false for a key whose
 * value is null; get() gives null for it, and undefined for a key not there.
 */
const hasKey = (map: CelMap, key: CelValue): boolean => isMapKey(key) && map.get(key) !== undefined;

/**
 * x[k]. @bufbuild/cel's own indexing throws (an exception, not a CEL error that && and || absorb
 * as cel-go does) on a list and an index that is not a whole number.
 */
function index(x: CelValue, key: CelValue): CelValue {
  const text = String(isCelUint(key) ? key.value : key);
  if (isCelList(x)) {
    const i = typeof key === 'bigint' || typeof key === 'number' ? Number(key) : isCelUint(key) ? Number(key.value) : NaN;
    if (!Number.isInteger(i)) fail(`unsupported index value ${text} in list`);
    return orFail(x.get(i), `index out of bounds: ${text}`);
  }
  if (isCelMap(x) && isMapKey(key)) return orFail(x.get(key), `no such key: ${text}`);
  return fail(`no such overload: index with ${text}`);
}

// ---- timestamps and durations

/** The fields of a google.protobuf.Timestamp or Duration message. */
interface SecondsAndNanos {
  readonly seconds: bigint;
  readonly nanos: number;
}
const secondsAndNanos = (value: { readonly message: object }): SecondsAndNanos => value.message as SecondsAndNanos;

/** Go's time.RFC3339Nano in UTC: no trailing zeros in the fraction. (cel-go keeps a parsed offset; @bufbuild/cel's Timestamp has none.) */
function rfc3339Nano({ seconds, nanos }: SecondsAndNanos): string {
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

// cel-go's range of timestamps: years 1 to 9999.
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-](\d\d):(\d\d))$/;
/** cel-go's timestamp(string): strict RFC 3339 read by Go's time.Parse, which refuses a day the month does not have. */
function parseTimestamp(text: string): CelValue {
  const fields = (RFC3339.exec(text) ?? fail(`invalid RFC 3339 timestamp "${text}"`)).slice(1).map((field = '0') => Number(field));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = fields;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day < 1 || day > days || hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) fail(conversionError('google.protobuf.Timestamp'));
  // Go reads nanoseconds, and drops further digits. (@bufbuild/cel refuses years past 9999 and before 1 in UTC.)
  return callLibrary('timestamp', undefined, [text.replace(/(\.\d{9})\d+/, '$1')]);
}

export const CEL_GO_FUNCS: CelFunc[] = [
  celFunc('string', [DOUBLE], STRING, (x) => formatGoFloat(x, 'g')),
  // strconv's parsers; @bufbuild/cel uses Number() and BigInt(), which take '', ' 1', '0x10'.
  celFunc('double', [STRING], DOUBLE, (s) => parseGoFloat(s) ?? fail(conversionError('double'))),
  celFunc('int', [STRING], INT, (s) => parseGoInt(s) ?? fail(conversionError('int'))),
  celFunc('uint', [STRING], UINT, (s) => celUint(parseGoUint(s) ?? fail(conversionError('uint')))),
  celFunc('bool', [STRING], BOOL, (s) => GO_BOOLS.get(s) ?? fail(conversionError('bool'))),
  celFunc('_<_', [STRING, STRING], BOOL, (a, b) => compareGo(a, b) < 0),
  celFunc('_<=_', [STRING, STRING], BOOL, (a, b) => compareGo(a, b) <= 0),
  celFunc('_>_', [STRING, STRING], BOOL, (a, b) => compareGo(a, b) > 0),
  celFunc('_>=_', [STRING, STRING], BOOL, (a, b) => compareGo(a, b) >= 0),
  celFunc('_%_', [INT, INT], INT, (a, b) => {
    if (b === 0n) fail('modulus by zero');
    // @bufbuild/cel answers 0 for MIN_INT % -1.
    if (b === -1n && a === INT64_MIN) fail('integer overflow');
    return a % b;
  }),
  // @bufbuild/cel has matches() as a method only.
  celFunc('matches', [STRING, STRING], BOOL, (text, pattern) => callLibrary('matches', text, [pattern]) === true),
  celFunc('_==_', [DYN, DYN], BOOL, celGoEquals),
  celFunc('_!=_', [DYN, DYN], BOOL, (a, b) => !celGoEquals(a, b)),
  celFunc('@in', [DYN, listType(DYN)], BOOL, (x, list) => [...list].some((v) => celGoEquals(v, x))),
  // Also a key of a type no map key has (null, bytes, a list...): not in the map, where @bufbuild/cel has no overload.
  ...[STRING, DOUBLE, INT, UINT, BOOL, DYN].map((type) => celFunc('@in', [type, mapType(DYN, DYN)], BOOL, (key, map) => hasKey(map, key))),
  celFunc(INDEX, [DYN, DYN], DYN, index),
  // has(x.f): cel-go tests a map's key, fails for a list, and answers false for any other value.
  celFunc(HAS_FIELD, [DYN, STRING], BOOL, (x, field) => (isCelList(x) ? fail(`unsupported index type 'string' in list`) : isCelMap(x) && hasKey(x, field))),

  celFunc('string', [TIMESTAMP], STRING, (t) => rfc3339Nano(secondsAndNanos(t))),
  celFunc('string', [DURATION], STRING, (d) => {
    const { seconds, nanos } = secondsAndNanos(d);
    return `${formatGoFloat(Number(seconds) + nanos / 1e9, 'f')}s`;
  }),
  celFunc('timestamp', [STRING], DYN, parseTimestamp),
  // Seconds since the epoch; @bufbuild/cel reads milliseconds.
  celFunc('timestamp', [INT], DYN, (seconds) => (seconds < MIN_SECONDS || seconds > MAX_SECONDS ? fail('timestamp overflow') : callLibrary('timestamp', undefined, [seconds * 1000n]))),
  // Go's time.ParseDuration refuses '' and '-', and takes μ (U+03BC) for µ (U+00B5).
  celFunc('duration', [STRING], DYN, (s) => (/^[+-]?$/.test(s) ? fail(conversionError('google.protobuf.Duration')) : callLibrary('duration', undefined, [s.replaceAll('μs', 'µs')]))),
  celFunc('duration', [INT], DYN, () => fail('no such overload: duration(int)')),
  // Nanoseconds, and all of it in milliseconds; @bufbuild/cel gives seconds and the milliseconds of the last second.
  celFunc('int', [DURATION], INT, (d) => secondsAndNanos(d).seconds * 1_000_000_000n + BigInt(secondsAndNanos(d).nanos)),
  celMethod('getMilliseconds', DURATION, [], INT, function () {
    return secondsAndNanos(this).seconds * 1000n + BigInt(Math.trunc(secondsAndNanos(this).nanos / 1e6));
  }),
];
