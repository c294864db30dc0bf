/*
 * Whether the API server accepts a Role or ClusterRole (pkg/apis/rbac/validation, v1.37):
 * ValidateRole and ValidateClusterRole check the name (name-validation.ts), each rule
 * (ValidatePolicyRule, with isNamespaced for a Role) and, for a ClusterRole, its aggregationRule. A
 * refused role never exists in a cluster: it grants nothing, the bindings that name it refer to a
 * missing role, and it does not replace the bootstrap role of its name. The namespace, labels and
 * annotations are judged elsewhere, as for every kind.
 */
import type { Path } from '../core/path.js';
import type { K8sObject } from '../k8s/object.js';
import { aggregationRuleErrors } from './aggregation-validation.js';
import type { FieldError } from './binding-validation.js';
import { goJson, recordList, stringList } from './go-decoding.js';
import { rbacNameErrors } from './name-validation.js';

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
  const errors: FieldError[] = rbacNameErrors(role);
  const namespaced = role.kind === 'Role';
  recordList(role.body, 'rules', [], decoding).forEach((rule, i) => {
    if (!rule) return;
    const path: Path = ['rules', i];
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
  // ValidateClusterRole only: a Role has no aggregationRule (the API server drops the unknown field).
  if (role.kind === 'ClusterRole') errors.push(...aggregationRuleErrors(role.body, decoding));
  return decoding.length > 0 ? decoding : errors;
}
