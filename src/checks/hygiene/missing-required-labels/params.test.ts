import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../../test/helpers/fixture-scan.js';
import check from './index.js';

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels: {team: payments}
  annotations: {owner: "payments@example.com"}
`;

function scan(params: unknown): string[] {
  const { findings, errors } = scanManifestWithCheck(MANIFEST, check, params);
  expect(errors).toEqual([]);
  return findings.map((f) => f.path);
}

describe('missing-required-labels parameters', () => {
  it('reports every configured label and annotation that is absent', () => {
    expect(scan({ labels: ['team', 'tier'], annotations: ['owner', 'runbook'] })).toEqual([
      'metadata.labels.tier',
      'metadata.annotations.runbook',
    ]);
  });

  it('is silent when nothing is required', () => {
    expect(scan({ labels: [] })).toEqual([]);
  });

  it('rejects unknown and malformed parameters', () => {
    expect(check.parseParams({ label: ['team'] }).ok).toBe(false);
    expect(check.parseParams({ labels: [''] }).ok).toBe(false);
  });
});
