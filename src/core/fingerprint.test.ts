import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

const finding = (ruleId: string, name: string, path: string, apiVersion = 'apps/v1') => ({
  ruleId,
  object: { apiVersion, kind: 'Deployment', namespace: 'shop', name },
  path,
});

describe('fingerprint', () => {
  it('is 32 hex digits and stable across runs (a known value)', () => {
    expect(fingerprint(finding('privileged-container', 'web', 'spec.template'))).toBe(fingerprint(finding('privileged-container', 'web', 'spec.template')));
    expect(fingerprint(finding('a', 'b', 'c'))).toMatch(/^[0-9a-f]{32}$/);
    // Baseline files hold these values: a change of the hash would make every accepted finding new.
    const job = { apiVersion: 'batch/v1', kind: 'Job', namespace: 'team-17', name: 'app-1467' };
    expect(fingerprint({ ruleId: 'automount-service-account-token', object: job, path: 'spec.template.spec.automountServiceAccountToken' })).toBe('0003a420f31af6c0955ab6c16158cf23');
  });

  it('ignores the API version but not the group', () => {
    expect(fingerprint(finding('r', 'n', 'p', 'apps/v1'))).toBe(fingerprint(finding('r', 'n', 'p', 'apps/v1beta2')));
    expect(fingerprint(finding('r', 'n', 'p', 'apps/v1'))).not.toBe(fingerprint(finding('r', 'n', 'p', 'extensions/v1beta1')));
  });

  it('differs whenever rule, object or path differ (no collisions in random samples)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string(), fc.string(), fc.string()), { minLength: 2, maxLength: 200, selector: (t) => t.join('\u0001') }), (tuples) => {
        const prints = new Set(tuples.map(([r, n, p]) => fingerprint(finding(r, n, p))));
        expect(prints.size).toBe(tuples.length);
      }),
    );
  });
});
