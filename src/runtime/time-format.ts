const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The date and time of a whole second, cached: alerts of one second share it. */
const secondParts = new Map<string, { y: number; mo: number; d: number; h: number; mi: number; s: number }>();

function parts(ns: bigint, utc: boolean) {
  const sec = ns / 1_000_000_000n;
  const key = `${utc ? 'u' : 'l'}${sec}`;
  let p = secondParts.get(key);
  if (p === undefined) {
    p = civil(ns, utc);
    if (secondParts.size > 1024) secondParts.clear();
    secondParts.set(key, p);
  }
  return { ...p, frac: pad(Number(((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n), 9) };
}

function civil(ns: bigint, utc: boolean) {
  const ms = Number(ns / 1_000_000n);
  const d = new Date(ms);
  return utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

/** libsinsp `evt.time`: local wall-clock time `HH:MM:SS.nnnnnnnnn`. */
export function formatTime(ns: bigint): string {
  const p = parts(ns, false);
  return `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${p.frac}`;
}

/** libsinsp `evt.time.s`: `HH:MM:SS`. */
export function formatTimeSeconds(ns: bigint): string {
  return formatTime(ns).slice(0, 8);
}

/** libsinsp `evt.time.iso8601`: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`. */
export function formatIso8601(ns: bigint): string {
  const p = parts(ns, true);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${p.frac}+0000`;
}

/** libsinsp `evt.datetime`: local `YYYY-MM-DD HH:MM:SS.nnnnnnnnn`. */
export function formatDatetime(ns: bigint): string {
  const p = parts(ns, false);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${p.frac}`;
}

/** The `time` property of Falco's JSON alerts: UTC `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`. */
export function formatAlertTime(ns: bigint): string {
  const p = parts(ns, true);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${p.frac}Z`;
}

/** Parses an RFC 3339 timestamp with up to nanosecond precision to nanoseconds since the epoch. */
export function parseRfc3339(text: string): bigint | undefined {
  // Audit timestamps repeat their second many times over: the seconds part is cached.
  const head = text.slice(0, 19);
  let seconds = secondsCache.get(head);
  if (seconds === undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(head)) return undefined;
    const ms = Date.parse(`${head}Z`);
    if (Number.isNaN(ms)) return undefined;
    seconds = BigInt(ms / 1000);
    if (secondsCache.size > 4096) secondsCache.clear();
    secondsCache.set(head, seconds);
  }
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
  const zone = text.slice(i);
  let offset = 0n;
  if (zone !== 'Z' && zone !== 'z') {
    const z = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
    if (!z) return undefined;
    offset = BigInt((Number(z[2]) * 60 + Number(z[3])) * 60) * (z[1] === '+' ? -1n : 1n);
  }
  return (seconds + offset) * 1_000_000_000n + BigInt(frac * 10 ** (9 - digits));
}

const secondsCache = new Map<string, bigint>();

/** A value of a time field as nanoseconds, whatever scalar form the source gave. */
export function toNanos(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}
