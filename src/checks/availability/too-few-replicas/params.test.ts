import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../../test/helpers/fixture-scan.js';
import check from './index.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - {name: api, image: "registry.example.com/api:1.4.2"}
`;

function scan(params: unknown): string[] {
  const { findings, errors } = scanManifestWithCheck(MANIFEST, check, params);
  expect(errors).toEqual([]);
  return findings.map((f) => f.message);
}

describe('too-few-replicas parameters', () => {
  it('uses the configured minimum', () => {
    expect(scan({ minReplicas: 3 })).toEqual([
      'Deployment "api" runs 2 replicas (spec.replicas: 2); at least 3 are needed to survive the loss of a pod or node',
    ]);
    expect(scan({ minReplicas: 2 })).toEqual([]);
  });

  it('rejects a minimum that is not a positive integer', () => {
    expect(check.parseParams({ minReplicas: 0 }).ok).toBe(false);
    expect(check.parseParams({ minReplicas: 1.5 }).ok).toBe(false);
  });
});
