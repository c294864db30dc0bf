import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../src/runtime/time-format.js';

/** Timestamps as kube-apiserver and other producers write them: any fraction length, Z or an offset. */
const timestamps = fc
  .record({
    ms: fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    zone: fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00'),
  })
  .map(({ ms, fraction, zone }) => {
    const head = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
    return { text: `${head}${fraction === undefined ? '' : `.${fraction}`}${zone}`, head, fraction: fraction ?? '', zone };
  })
  .filter(({ head }) => /^\d{4}-/.test(head));

/** An independent reading: Date.parse for the seconds, the fraction's digits as written. */
function expected(head: string, fraction: string, zone: string): bigint {
  const offset = zone.length === 1 ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60;
  const seconds = BigInt(Date.parse(`${head}Z`) / 1000 - offset);
  return seconds * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
}

describe('RFC 3339 timestamps', () => {
  it('parse to nanoseconds since the epoch, in any zone and with any fraction length', () => {
    fc.assert(
      fc.property(timestamps, ({ text, head, fraction, zone }) => {
        expect(parseRfc3339(text)).toBe(expected(head, fraction, zone));
      }),
    );
  });

  it('read consecutive timestamps of one second correctly (the cached second is not reused wrongly)', () => {
    expect(parseRfc3339('2026-06-01T00:00:01.5Z')).toBe(1780272001_500000000n);
    expect(parseRfc3339('2026-06-01T00:00:01Z')).toBe(1780272001_000000000n);
    expect(parseRfc3339('2026-06-01T00:00:02.000000001Z')).toBe(1780272002_000000001n);
    expect(parseRfc3339('1970-01-01T00:00:00.000000042Z')).toBe(42n);
    expect(parseRfc3339('1969-12-31T23:59:59.5Z')).toBe(-500_000_000n);
  });

  it("read what Go's time.Parse(time.RFC3339Nano) reads beyond RFC 3339, as Go reads it", () => {
    const cases: [string, bigint][] = [
      // Any number of fractional digits: the first nine count, the rest is dropped (not rounded).
      ['2024-05-01T10:00:00.1234567891Z', 1714557600_123456789n],
      ['2024-05-01T10:00:00.99999999999999999999Z', 1714557600_999999999n],
      // A comma before the fraction, a one-digit hour.
      ['2024-05-01T10:00:00,5Z', 1714557600_500000000n],
      ['2024-05-01T7:00:00Z', 1714546800_000000000n],
      ['2024-05-01T7:00:00.25+01:00', 1714543200_250000000n],
      // Offsets up to 24 hours and 60 minutes.
      ['2024-05-01T10:00:00+24:00', 1714471200_000000000n],
      ['2024-05-01T10:00:00-00:60', 1714561200_000000000n],
      // Years 0000 to 9999 of the proleptic Gregorian calendar (year 0 is a leap year).
      ['0000-02-29T00:00:00Z', -62162121600_000000000n],
      ['0099-01-01T00:00:00Z', -59042995200_000000000n],
      ['9999-12-31T23:59:59.999999999Z', 253402300799_999999999n],
      ['2000-02-29T00:00:00Z', 951782400_000000000n],
    ];
    for (const [text, nanos] of cases) expect(parseRfc3339(text), text).toBe(nanos);
  });

  it("reject what Go's time.Parse(time.RFC3339Nano) refuses", () => {
    const bad = [
      ['', '2026-06-01', '2026-06-01T00:00:00', '2026-06-01T00:00:00.Z', '2026-06-01T00:00:00,Z', '2026-06-01T00:00:00.x', '2026-06-01T00:00:00+0100', 'x026-06-01T00:00:00Z'],
      // 'Z' in upper case only; nothing after the zone; no spaces.
      ['2024-05-01T10:00:00z', '2024-05-01T10:00:00Zz', '2024-05-01T10:00:00+01:00Z', '2024-05-01T10:00:00Z ', ' 2024-05-01T10:00:00Z', '2024-05-01 10:00:00Z', '2024-05-01t10:00:00Z'],
      // Out of range: months, days of the month (leap years included), hours, minutes, seconds, offsets.
      ['2026-13-01T00:00:00Z', '2026-00-01T00:00:00Z', '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-05-00T10:00:00Z'],
      ['2024-05-01T24:00:00Z', '2024-05-01T10:60:00Z', '2024-05-01T10:00:60Z', '2024-05-01T10:00:00+25:00', '2024-05-01T10:00:00+00:61'],
      // One digit where Go wants two, three where it wants two, signs and other digits.
      ['2024-5-01T10:00:00Z', '2024-05-1T10:00:00Z', '2024-05-01T10:0:00Z', '2024-05-01T10:00:0Z', '2024-05-01T010:00:00Z', '2024-05-01T10:00:00+1:00', '2024-05-01T10:00:00+01:0', '+024-05-01T10:00:00Z', '２０２４-05-01T10:00:00Z', '2024-05-01T10:00:00\u221201:00'],
    ].flat();
    for (const text of bad) expect(parseRfc3339(text), text).toBeUndefined();
  });
});
