import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../../test/helpers/fixture-scan.js';
import check from './index.js';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  containers:
    - name: api
      image: registry.example.com/api:1.4.2
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: "4", memory: 8Gi}
`;

function scan(params: unknown): string[] {
  const { findings, errors } = scanManifestWithCheck(MANIFEST, check, params);
  expect(errors).toEqual([]);
  return findings.map((f) => f.message);
}

describe('resources-out-of-range parameters', () => {
  it('enforces configured bounds per resource and field, comparing amounts across units', () => {
    // Polaris' cpuLimitsRange example: CPU limits from 200m to 2; memory limits up to 6G (decimal).
    expect(scan({ cpu: { limits: { min: '200m', max: '2' } }, memory: { limits: { max: '6G' } } })).toEqual([
      'container "api" sets resources.limits.cpu to "4", above the maximum of 2',
      'container "api" sets resources.limits.memory to "8Gi", above the maximum of 6G',
    ]);
    // 8Gi is 8589934592 bytes, under 8.6G.
    expect(scan({ memory: { limits: { max: '8.6G' } } })).toEqual([]);
    // A field written replaces that field's default; the other fields keep theirs, and {} removes one.
    expect(scan({ cpu: { requests: { min: '250m' } } })).toEqual(['container "api" sets resources.requests.cpu to "100m", below the minimum of 250m']);
    const unitless = MANIFEST.replace('cpu: "4"', 'cpu: "400"');
    const messages = (params: unknown) => scanManifestWithCheck(unitless, check, params).findings.map((f) => f.message);
    expect(messages({ cpu: { requests: { min: '250m' } } })).toContain('container "api" sets resources.limits.cpu to "400", above the maximum of 128 (400 cores; millicores are written with m, as in 400m)');
    expect(messages({ cpu: { requests: { min: '250m' }, limits: {} } })).toEqual(['container "api" sets resources.requests.cpu to "100m", below the minimum of 250m']);
  });

  it('refuses a bound that is no quantity, naming it', () => {
    const parsed = check.parseParams({ memory: { limits: { max: '6 gigs' } } });
    expect(parsed).toMatchObject({ ok: false, path: ['memory', 'limits', 'max'] });
  });
});

describe('resources-out-of-range leaves other rules their cases', () => {
  it('judges neither zero, nor missing values, nor values that are no quantity', () => {
    const manifest = MANIFEST.replace('requests: {cpu: 100m, memory: 64Mi}', 'requests: {cpu: "0", memory: 0}').replace('limits: {cpu: "4", memory: 8Gi}', 'limits: {memory: lots}');
    expect(manifest).toContain('lots');
    expect(scan({})).toEqual([]);
    const { findings } = scanManifestWithCheck(manifest, check, {});
    expect(findings).toEqual([]);
  });
});
