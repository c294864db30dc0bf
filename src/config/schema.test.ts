import { describe, expect, it } from 'vitest';
import { configSchema } from './schema.js';

const withExpiry = (expires: unknown) => configSchema.safeParse({ exemptions: [{ rules: ['privileged-container'], reason: 'approved', expires }] });

describe('exemption expiry dates', () => {
  it.each(['2027-03-31', '2028-02-29', '2026-12-31', '0050-01-31', '0000-12-31', '0004-02-29'])('accepts the day %s', (date) => {
    const parsed = withExpiry(date);
    expect(parsed.success && parsed.data.exemptions[0]?.expires).toBe(date);
  });

  it.each(['2099-99-99', '2099-13-45', '2027-31-03', '2027-02-29', '2027-04-31', '2027-00-10', '0100-02-29', 'next week'])('refuses %s, which is no day of the calendar', (date) => {
    expect(withExpiry(date).success).toBe(false);
  });
});
