import { daysFromCivil, daysInMonth } from '../core/civil-date.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const BILLION = 1_000_000_000n;

interface Civil {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

function civil(sec: bigint, utc: boolean): Civil {
  const d = new Date(Number(sec) * 1000);
  return utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

/**
 * A formatter whose text up to the seconds is computed once per second: consecutive alerts share
 * their second, so formatting an event time is a lookup and the nanoseconds.
 */
function perSecond(utc: boolean, head: (c: Civil) => string, tail: string): (ns: bigint) => string {
  let lastSec: bigint | undefined;
  let lastHead = '';
  return (ns) => {
    let sec = ns / BILLION;
    let frac = ns % BILLION;
    if (frac < 0n) {
      frac += BILLION;
      sec -= 1n;
    }
    if (sec !== lastSec) {
      lastSec = sec;
      lastHead = head(civil(sec, utc));
    }
    return `${lastHead}${String(frac).padStart(9, '0')}${tail}`;
  };
}

const hms = (c: Civil) => `${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
const ymd = (c: Civil) => `${c.y}-${pad(c.mo)}-${pad(c.d)}`;

/** libsinsp `evt.time`: local wall-clock time `HH:MM:SS.nnnnnnnnn`. */
export const formatTime = perSecond(false, (c) => `${hms(c)}.`, '');

/** libsinsp `evt.time.s`: `HH:MM:SS`. */
export function formatTimeSeconds(ns: bigint): string {
  return formatTime(ns).slice(0, 8);
}

/** libsinsp `evt.time.iso8601`: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`. */
export const formatIso8601 = perSecond(true, (c) => `${ymd(c)}T${hms(c)}.`, '+0000');

/** libsinsp `evt.datetime`: local `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`. */
export const formatDatetime = perSecond(false, (c) => `${ymd(c)} ${hms(c)}.`, '');

/** The `time` property of Falco's JSON alerts: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`. */
export const formatAlertTime = perSecond(true, (c) => `${ymd(c)}T${hms(c)}.`, 'Z');

/**
 * Reads a time as Go's `time.Parse(time.RFC3339Nano, text)` does (the k8saudit plugin reads
 * `stageTimestamp` so), to nanoseconds since the epoch; undefined where Go returns an error. That
 * is RFC 3339 with Go's own leniencies and strictness:
 *
 * - `YYYY-MM-DDTHH:MM:SS`, the year 0000 to 9999, the day checked against its month (and leap
 *   years); the hour may be one digit (`T7:04:05`), every other number is two;
 * - an optional fraction: a `.` or a `,` and any number of digits, of which the first nine count
 *   (the rest is read and dropped, not rounded);
 * - `Z` (upper case only) or an offset `+hh:mm`/`-hh:mm` up to 24:60 (Go's layout parser allows an
 *   offset of 24 hours or 60 minutes), and nothing after it.
 */
export function parseRfc3339(text: string): bigint | undefined {
  // Until the seconds: `2006-01-02T15:04:05` (19 characters), or 18 with a one-digit hour.
  const headLength = isDigitAt(text, 12) ? 19 : 18;
  if (text.length <= headLength) return undefined;
  // Audit timestamps repeat their second many times over: the seconds part is cached.
  const head = text.slice(0, headLength);
  let seconds = head === lastHead ? lastSeconds : secondsCache.get(head);
  if (seconds === undefined) {
    const parsed = headSeconds(head);
    if (parsed === undefined) return undefined;
    seconds = BigInt(parsed) * BILLION;
    if (secondsCache.size > 4096) secondsCache.clear();
    secondsCache.set(head, seconds);
  }
  lastHead = head;
  lastSeconds = seconds;
  let i = headLength;
  let frac = 0;
  let digits = 0;
  const sep = text.charCodeAt(i);
  if ((sep === 46 || sep === 44) && isDigitAt(text, i + 1)) {
    i++;
    while (isDigitAt(text, i)) {
      if (digits < 9) {
        frac = frac * 10 + (text.charCodeAt(i) - 48);
        digits++;
      }
      i++;
    }
  }
  const nanos = seconds + BigInt(frac * (POWERS_OF_TEN[9 - digits] as number));
  if (text.charCodeAt(i) === 90) return i === text.length - 1 ? nanos : undefined;
  // `+hh:mm` or `-hh:mm`, the last six characters.
  if (text.length - i !== 6 || text.charCodeAt(i + 3) !== 58) return undefined;
  const hours = twoDigits(text, i + 1);
  const minutes = twoDigits(text, i + 4);
  if (!(hours <= 24 && minutes <= 60)) return undefined;
  const offset = BigInt((hours * 60 + minutes) * 60) * BILLION;
  const sign = text.charCodeAt(i);
  return sign === 43 ? nanos - offset : sign === 45 ? nanos + offset : undefined;
}

// `10 ** n` with a variable n is a slow call; a table is not.
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
const secondsCache = new Map<string, bigint>();
let lastHead = '';
let lastSeconds: bigint | undefined;

const isDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** The number two digits at `i` make, or NaN (which every range check refuses). */
const twoDigits = (text: string, i: number): number => (isDigitAt(text, i) && isDigitAt(text, i + 1) ? (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48 : Number.NaN);

/** Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS` (or `...T H:MM:SS` with a one-digit hour), if Go reads it. */
function headSeconds(head: string): number | undefined {
  const century = twoDigits(head, 0);
  const year = century * 100 + twoDigits(head, 2);
  const month = twoDigits(head, 5);
  const day = twoDigits(head, 8);
  const short = head.length === 18;
  const hour = short ? (isDigitAt(head, 11) ? head.charCodeAt(11) - 48 : Number.NaN) : twoDigits(head, 11);
  const at = short ? 12 : 13;
  const minute = twoDigits(head, at + 1);
  const second = twoDigits(head, at + 4);
  if (head.charCodeAt(4) !== 45 || head.charCodeAt(7) !== 45 || head.charCodeAt(10) !== 84 || head.charCodeAt(at) !== 58 || head.charCodeAt(at + 3) !== 58) return undefined;
  // NaN fails each of these comparisons.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)) return undefined;
  return daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
}


/** A value of a time field as nanoseconds, whatever scalar form the source gave. */
export function toNanos(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}
