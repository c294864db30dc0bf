import { describe, expect, it } from 'vitest';
import { appliersOf } from './managed-fields.js';
import { K8sObject } from './object.js';

const NO_POSITIONS = { locate: () => ({ line: 1, column: 1 }) };

const withManagedFields = (managedFields: unknown) =>
  new K8sObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', managedFields } }, { file: 'test.yaml', documentIndex: 0, basePath: [], locator: NO_POSITIONS });

const replicas = { 'f:spec': { 'f:replicas': {} } };

describe('appliersOf', () => {
  it('names the Apply managers of the object itself whose configuration holds the field', () => {
    const object = withManagedFields([
      { manager: 'flux', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: replicas },
      { manager: 'argocd-controller', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:selector': {} } } },
    ]);
    expect(appliersOf(object, ['spec', 'replicas'])).toEqual(['flux', 'argocd-controller']);
  });

  it('leaves out updates, subresource entries, other fields and other field formats', () => {
    const object = withManagedFields([
      { manager: 'kubectl-edit', operation: 'Update', fieldsV1: replicas },
      { manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', fieldsV1: replicas },
      { manager: 'tool', operation: 'Apply', subresource: 'status', fieldsV1: replicas },
      { manager: 'helm', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } },
      { manager: 'future', operation: 'Apply', fieldsType: 'FieldsV2', fieldsV1: replicas },
    ]);
    expect(appliersOf(object, ['spec', 'replicas'])).toEqual([]);
  });

  it('reads malformed managedFields as none', () => {
    for (const bad of [undefined, null, 'x', [null, 'x', { operation: 'Apply', fieldsV1: 'x' }]]) {
      expect(appliersOf(withManagedFields(bad), ['spec', 'replicas'])).toEqual([]);
    }
  });
});
