import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../../test/helpers/fixture-scan.js';
import lowGroupId from '../low-group-id/index.js';
import lowUserId from './index.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.4.2
        - name: proxy
          image: registry.example.com/proxy:2.0
          securityContext: {runAsUser: 20000, runAsGroup: 20000}
---
apiVersion: v1
kind: Pod
metadata:
  name: job
  namespace: shop
spec:
  securityContext: {runAsUser: 20001, runAsGroup: 20001}
  containers:
    - name: job
      image: registry.example.com/job:1.0
`;

function scan(check: typeof lowUserId, params: unknown): string[] {
  const { findings, errors } = scanManifestWithCheck(MANIFEST, check, params);
  expect(errors).toEqual([]);
  return findings.map((f) => `${f.location.line}: ${f.message}`);
}

describe('low-user-id and low-group-id reportUnset', () => {
  it('report nothing for an unset id by default', () => {
    expect(scan(lowUserId, {})).toEqual([]);
    expect(scan(lowGroupId, {})).toEqual([]);
  });

  it('report each container that sets no id and inherits none, at the container', () => {
    expect(scan(lowUserId, { reportUnset: true })).toEqual([
      `14: container "api" sets no runAsUser, so it runs as the image's user, which may be at or below 10000`,
    ]);
    expect(scan(lowGroupId, { reportUnset: true, threshold: 20000 })).toEqual([
      `14: container "api" sets no runAsGroup, so it runs as the image's group, which may be at or below 20000`,
      '18: container "proxy" runs as GID 20000, at or below 20000 (runAsGroup)',
    ]);
  });
});
