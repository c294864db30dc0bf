import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../src/runtime/time-format.js';

/** Timestamps as kube-apiserver and other producers write them: any fraction length, Z or an offset. */
const timestamps = fc
  .record({
    ms: fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    zone: fc.constantFrom('Z', 'z', '+00:00', '+05:30', '-08:00', '+14:00'),
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

  it('reject what is not RFC 3339', () => {
    for (const bad of ['', '2026-06-01', '2026-06-01T00:00:00', '2026-06-01T00:00:00.Z', '2026-06-01T00:00:00.1234567890Z', '2026-06-01T00:00:00+0100', '2026-13-01T00:00:00Z', 'x026-06-01T00:00:00Z']) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});
