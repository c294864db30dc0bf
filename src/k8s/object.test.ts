import { describe, expect, it } from 'vitest';
import { isReadFromCluster, K8sObject } from './object.js';

const NO_POSITIONS = { locate: () => ({ line: 1, column: 1 }) };

const withMetadata = (metadata: Record<string, unknown>) =>
  new K8sObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...metadata } }, { file: 'test.yaml', documentIndex: 0, basePath: [], locator: NO_POSITIONS });

describe('isReadFromCluster', () => {
  it('counts a uid, a resourceVersion or a creationTimestamp the API server set', () => {
    expect(isReadFromCluster(withMetadata({ uid: '5d3c1a7e-0f4b-4c2a-9d8e-1b2c3d4e5f60' }))).toBe(true);
    expect(isReadFromCluster(withMetadata({ resourceVersion: '48213' }))).toBe(true);
    expect(isReadFromCluster(withMetadata({ creationTimestamp: '2025-03-14T09:26:53Z' }))).toBe(true);
  });

  it('does not count the null creationTimestamp of a manifest never stored (kubectl --dry-run, controller-gen), nor empty values', () => {
    expect(isReadFromCluster(withMetadata({}))).toBe(false);
    expect(isReadFromCluster(withMetadata({ creationTimestamp: null }))).toBe(false);
    expect(isReadFromCluster(withMetadata({ creationTimestamp: '', uid: '', resourceVersion: '' }))).toBe(false);
  });
});
