import { civilFromDays, daysFromCivil, daysInMonth } from '../../core/civil-date.js';

/* metav1.Time (RFC 3339, written in UTC without fraction) and metav1.MicroTime (six fraction digits), as encoding/json writes them after decoding. */

/**
 * time.Parse with layout RFC3339 (or RFC3339Micro), as its general parser reads it (the fast path
 * accepts a subset with the same result): a one-digit hour, a comma before the fraction, and zone
 * offsets up to 24:60 pass. The marshaled text, null for the zero time; undefined if it does not parse.
 */
export function goTime(text: string, micro: boolean): string | null | undefined {
  const match = micro
    ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)[.,]([+-]?\d*)(Z|[+-]\d\d:\d\d)$/.exec(text)
    : /^(\d{4})-(\d\d)-(\d\d)T(\d\d?):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  // RFC3339Micro: exactly six characters after the point, which time's atoi reads with an optional sign.
  if (micro && (frac.length !== 6 || /^-\d*[1-9]/.test(frac))) return undefined;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  let offset = 0;
  if (zone !== 'Z') {
    const [zh, zm] = [Number(zone!.slice(1, 3)), Number(zone!.slice(4, 6))];
    if (zh > 24 || zm > 60) return undefined;
    offset = (zone![0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60;
  }
  // Six characters are one integer of microseconds (a sign shifts the digits); more digits of a
  // fraction after RFC 3339 seconds are cut at nanoseconds.
  const nanos = micro ? Math.abs(Number(frac)) * 1000 : Number(frac.slice(0, 9).padEnd(9, '0'));
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds === daysFromCivil(1, 1, 1) * 86400 && nanos === 0) return null;
  const days = Math.floor(seconds / 86400);
  const clock = seconds - days * 86400;
  const [uy, um, ud] = civilFromDays(days);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${uy < 0 ? '-' + pad(-uy, 4) : pad(uy, 4)}-${pad(um)}-${pad(ud)}`;
  const time = `${pad(Math.floor(clock / 3600))}:${pad(Math.floor(clock / 60) % 60)}:${pad(clock % 60)}`;
  return `${date}T${time}${micro ? '.' + pad(Math.floor(nanos / 1000), 6) : ''}Z`;
}
