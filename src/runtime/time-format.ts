const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function parts(ns: bigint, utc: boolean) {
  const ms = Number(ns / 1_000_000n);
  const d = new Date(ms);
  const frac = pad(Number(((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n), 9);
  return utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), frac }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds(), frac };
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
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3] === 'z' ? 'Z' : m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

/** A value of a time field as nanoseconds, whatever scalar form the source gave. */
export function toNanos(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}
