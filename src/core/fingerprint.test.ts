import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

const location = { file: 'k8s/app.yaml', line: 1, column: 1 };
const finding = (ruleId: string, name: string, path: string, apiVersion = 'apps/v1') => ({
  ruleId,
  object: { apiVersion, kind: 'Deployment', namespace: 'shop', name },
  path,
  location,
});

describe('fingerprint', () => {
  it('is 32 hex digits and stable across runs (a known value)', () => {
    expect(fingerprint(finding('privileged-container', 'web', 'spec.template'))).toBe(fingerprint(finding('privileged-container', 'web', 'spec.template')));
    expect(fingerprint(finding('a', 'b', 'c'))).toMatch(/^[0-9a-f]{32}$/);
    // Baseline files hold these values: a change of the hash would make every accepted finding new.
    const job = { apiVersion: 'batch/v1', kind: 'Job', namespace: 'team-17', name: 'app-1467' };
    expect(fingerprint({ ruleId: 'automount-service-account-token', object: job, path: 'spec.template.spec.automountServiceAccountToken', location })).toBe('0003a420f31af6c0955ab6c16158cf23');
  });

  it('ignores the API version but not the group', () => {
    expect(fingerprint(finding('r', 'n', 'p', 'apps/v1'))).toBe(fingerprint(finding('r', 'n', 'p', 'apps/v1beta2')));
    expect(fingerprint(finding('r', 'n', 'p', 'apps/v1'))).not.toBe(fingerprint(finding('r', 'n', 'p', 'extensions/v1beta1')));
  });

  it('tells objects without a name apart by their file, and named objects not', () => {
    const unnamed = { ruleId: 'kubelet-config-insecure', object: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', name: '' }, path: 'readOnlyPort' };
    const inFile = (file: string) => fingerprint({ ...unnamed, location: { file, line: 3, column: 1 } });
    expect(inFile('clusters/a/kubelet.yaml')).not.toBe(inFile('clusters/b/kubelet.yaml'));
    expect(inFile('clusters/a/kubelet.yaml')).toBe(fingerprint({ ...unnamed, location: { file: 'clusters/a/kubelet.yaml', line: 9, column: 2 } }));
    expect(fingerprint(finding('r', 'web', 'p'))).toBe(fingerprint({ ...finding('r', 'web', 'p'), location: { file: 'elsewhere.yaml', line: 5, column: 1 } }));
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
