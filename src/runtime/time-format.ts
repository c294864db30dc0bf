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

/** Parses an RFC 3339 timestamp with up to nanosecond precision to nanoseconds since the epoch. */
export function parseRfc3339(text: string): bigint | undefined {
  // Audit timestamps repeat their second many times over: the seconds part is cached.
  const head = text.slice(0, 19);
  let seconds = head === lastHead ? lastSeconds : secondsCache.get(head);
  if (seconds === undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(head)) return undefined;
    const ms = Date.parse(`${head}Z`);
    if (Number.isNaN(ms)) return undefined;
    seconds = BigInt(ms / 1000) * 1_000_000_000n;
    if (secondsCache.size > 4096) secondsCache.clear();
    secondsCache.set(head, seconds);
  }
  lastHead = head;
  lastSeconds = seconds;
  let i = 19;
  let frac = 0;
  let digits = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    while (i < text.length && digits < 9) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0) return undefined;
  }
  const nanos = seconds + BigInt(frac * (POWERS_OF_TEN[9 - digits] as number));
  if (i === text.length - 1 && (text.charCodeAt(i) === 90 || text.charCodeAt(i) === 122)) return nanos;
  const z = /^([+-])(\d{2}):(\d{2})$/.exec(text.slice(i));
  if (!z) return undefined;
  const offset = BigInt((Number(z[2]) * 60 + Number(z[3])) * 60) * 1_000_000_000n;
  return z[1] === '+' ? nanos - offset : nanos + offset;
}

// `10 ** n` with a variable n is a slow call; a table is not.
const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
const secondsCache = new Map<string, bigint>();
let lastHead = '';
let lastSeconds: bigint | undefined;

/** A value of a time field as nanoseconds, whatever scalar form the source gave. */
export function toNanos(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}
