/*
 * Whether the API server accepts a Role or ClusterRole: ValidatePolicyRule on each of its rules
 * (pkg/apis/rbac/validation, v1.37), called by ValidateRole with isNamespaced and by
 * ValidateClusterRole without. A refused role never exists in a cluster: it grants nothing, the
 * bindings that name it refer to a missing role, and it does not replace the bootstrap role of
 * its name. Metadata (name, namespace) is judged elsewhere, as for bindings.
 */
import type { Path } from '../core/path.js';
import { asArray, asRecord } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import type { FieldError } from './binding-validation.js';

/** A value as Go's json.Marshal writes it, for field.Invalid's value: `["/metrics"]`. */
const goJson = (value: unknown) => (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * A list of strings as the API server decodes it: absent or null is empty; anything else but a
 * list of strings fails to decode (`decoding` gets why).
 */
function stringList(record: Record<string, unknown>, field: string, path: Path, decoding: FieldError[]): string[] {
  const value = record[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    decoding.push({ path: [...path, field], message: `Invalid value: ${goJson(value)}: must be a list of strings` });
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === 'string') out.push(item);
    else decoding.push({ path: [...path, field, i], message: `Invalid value: ${goJson(item)}: must be a string` });
  });
  return out;
}

const cache = new WeakMap<K8sObject, readonly FieldError[]>();

/** The reasons the API server refuses this Role or ClusterRole; empty when it accepts it. */
export function roleErrors(role: K8sObject): readonly FieldError[] {
  let errors = cache.get(role);
  if (!errors) cache.set(role, (errors = validate(role)));
  return errors;
}

function validate(role: K8sObject): FieldError[] {
  // A role that does not decode is refused before it is validated: only why it does not decode.
  const decoding: FieldError[] = [];
  const errors: FieldError[] = [];
  const namespaced = role.kind === 'Role';
  const rules = role.body.rules;
  if (rules !== undefined && rules !== null && !Array.isArray(rules)) decoding.push({ path: ['rules'], message: 'Invalid value: must be a list' });
  asArray(rules).forEach((item, i) => {
    const path: Path = ['rules', i];
    // A null rule decodes to an empty one.
    const rule = item === null ? {} : asRecord(item);
    if (!rule) {
      decoding.push({ path, message: 'Invalid value: must be an object' });
      return;
    }
    const verbs = stringList(rule, 'verbs', path, decoding);
    const apiGroups = stringList(rule, 'apiGroups', path, decoding);
    const resources = stringList(rule, 'resources', path, decoding);
    const resourceNames = stringList(rule, 'resourceNames', path, decoding);
    const nonResourceURLs = stringList(rule, 'nonResourceURLs', path, decoding);
    // ValidatePolicyRule, word for word.
    if (verbs.length === 0) errors.push({ path: [...path, 'verbs'], message: 'Required value: verbs must contain at least one value' });
    if (nonResourceURLs.length > 0) {
      const urls = goJson(nonResourceURLs);
      if (namespaced) errors.push({ path: [...path, 'nonResourceURLs'], message: `Invalid value: ${urls}: namespaced rules cannot apply to non-resource URLs` });
      if (apiGroups.length > 0 || resources.length > 0 || resourceNames.length > 0) {
        errors.push({ path: [...path, 'nonResourceURLs'], message: `Invalid value: ${urls}: rules cannot apply to both regular resources and non-resource URLs` });
      }
      return;
    }
    if (apiGroups.length === 0) errors.push({ path: [...path, 'apiGroups'], message: 'Required value: resource rules must supply at least one api group' });
    if (resources.length === 0) errors.push({ path: [...path, 'resources'], message: 'Required value: resource rules must supply at least one resource' });
  });
  return decoding.length > 0 ? decoding : errors;
}
