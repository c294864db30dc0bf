import { asArray, asRecord, asString } from './access.js';
import type { K8sObject } from './object.js';

/**
 * The field managers whose server-side apply configuration sets the field at `path` (mapping keys
 * only), read from metadata.managedFields of an object read back from a cluster. An Apply entry
 * of the object itself (not of a subresource such as scale) owns the fields its configuration
 * sets; a field another manager changed since is no longer in it. Empty when the object has no
 * managedFields (`kubectl get` leaves them out unless asked with --show-managed-fields).
 */
export function appliersOf(object: K8sObject, path: readonly string[]): string[] {
  const managers: string[] = [];
  for (const entry of asArray(asRecord(object.body.metadata)?.managedFields)) {
    const record = asRecord(entry);
    if (!record || record.operation !== 'Apply' || asString(record.subresource)) continue;
    if (record.fieldsType !== undefined && record.fieldsType !== 'FieldsV1') continue;
    let fields = asRecord(record.fieldsV1);
    for (const key of path) fields = asRecord(fields?.[`f:${key}`]);
    if (fields) managers.push(asString(record.manager) ?? '');
  }
  return managers;
}
