/*
 * The name check of ValidateObjectMeta as ValidateRole, ValidateClusterRole, ValidateRoleBinding
 * and ValidateClusterRoleBinding run it (pkg/apis/rbac/validation, v1.37): their name function,
 * ValidateRBACName, is content.IsPathSegmentName, for metadata.name and also (it ignores the
 * prefix flag) for metadata.generateName. RBAC names need not be DNS names: `system:node` is one,
 * `a/b`, `50%`, `.` and `..` are not.
 */
import { asRecord } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import { goQuote, wellFormed } from '../pss/go.js';
import type { FieldError } from './binding-validation.js';

/** content.IsPathSegmentName. */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%'].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/** Why the API server refuses the name (and generateName) of this Role, ClusterRole or binding. */
export function rbacNameErrors(object: K8sObject): FieldError[] {
  const metadata = asRecord(object.body.metadata);
  const errors: FieldError[] = [];
  // generateName first, as ValidateObjectMetaAccessor checks it. An object with only a
  // generateName gets a name of it plus five random characters before validation; that name's
  // errors repeat the generateName's '/' and '%' with a value no one can know, and are left out.
  for (const field of ['generateName', 'name'] as const) {
    const value = metadata?.[field];
    if (typeof value !== 'string' || value === '') continue;
    for (const m of pathSegmentNameErrors(value)) errors.push({ path: ['metadata', field], message: `Invalid value: ${goQuote(wellFormed(value))}: ${m}` });
  }
  return errors;
}
