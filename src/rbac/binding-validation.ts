/*
 * Whether the API server accepts a RoleBinding or ClusterRoleBinding: ValidateRoleBinding,
 * ValidateClusterRoleBinding and ValidateRoleBindingSubject (pkg/apis/rbac/validation, v1.37),
 * after the defaults of pkg/apis/rbac/v1/defaults.go (an empty roleRef.apiGroup becomes
 * rbac.authorization.k8s.io; an empty subject apiGroup becomes rbac.authorization.k8s.io for a
 * User or Group, and stays '' for a ServiceAccount). A rejected binding never exists in a cluster:
 * it grants nothing to any of its subjects. Of the metadata, the name is judged here
 * (name-validation.ts); the namespace, labels and annotations elsewhere, as for every kind.
 */
import { formatPath, type Path } from '../core/path.js';
import { asArray, asRecord } from '../k8s/access.js';
import { dns1123SubdomainErrors } from '../k8s/apimachinery-validation.js';
import type { K8sObject } from '../k8s/object.js';
import { goQuote, wellFormed } from '../pss/go.js';
import { pathSegmentNameErrors, rbacNameErrors } from './name-validation.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One field error of a refused RBAC object, worded as the API server's field.Error. */
export interface FieldError {
  readonly path: Path;
  readonly message: string;
}

/** A string as field.Error writes it (%q), and strconv.Quote the supported values. */
const quote = (value: string) => goQuote(wellFormed(value));
const unsupported = (value: string, supported: readonly string[]) => `Unsupported value: ${quote(value)}: supported values: ${supported.map(quote).join(', ')}`;

/**
 * A string field as the API server decodes it: absent or null is '', anything else but a string
 * fails to decode (the whole binding is refused).
 */
function stringField(record: Record<string, unknown>, field: string, path: Path, errors: FieldError[]): string {
  const value = record[field];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  errors.push({ path: [...path, field], message: `Invalid value: ${JSON.stringify(value) ?? String(value)}: must be a string` });
  return '';
}

const cache = new WeakMap<K8sObject, readonly FieldError[]>();

/** The reasons the API server refuses this binding; empty when it accepts it. */
export function bindingErrors(binding: K8sObject): readonly FieldError[] {
  let errors = cache.get(binding);
  if (!errors) cache.set(binding, (errors = validate(binding)));
  return errors;
}

function validate(binding: K8sObject): FieldError[] {
  const errors: FieldError[] = rbacNameErrors(binding);
  const clusterWide = binding.kind === 'ClusterRoleBinding';
  const body = binding.body;

  const refValue = body.roleRef;
  const ref = asRecord(refValue) ?? {};
  if (refValue !== undefined && refValue !== null && !asRecord(refValue)) errors.push({ path: ['roleRef'], message: 'Invalid value: must be an object' });
  const refGroup = stringField(ref, 'apiGroup', ['roleRef'], errors) || RBAC_GROUP;
  const refKind = stringField(ref, 'kind', ['roleRef'], errors);
  const refName = stringField(ref, 'name', ['roleRef'], errors);
  if (refGroup !== RBAC_GROUP) errors.push({ path: ['roleRef', 'apiGroup'], message: unsupported(refGroup, [RBAC_GROUP]) });
  const kinds = clusterWide ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(refKind)) errors.push({ path: ['roleRef', 'kind'], message: unsupported(refKind, kinds) });
  if (refName === '') errors.push({ path: ['roleRef', 'name'], message: 'Required value' });
  else for (const m of pathSegmentNameErrors(refName)) errors.push({ path: ['roleRef', 'name'], message: `Invalid value: ${quote(refName)}: ${m}` });

  const subjects = body.subjects;
  if (subjects !== undefined && subjects !== null && !Array.isArray(subjects)) errors.push({ path: ['subjects'], message: 'Invalid value: must be a list' });
  asArray(subjects).forEach((item, i) => {
    const path: Path = ['subjects', i];
    // A null subject decodes to the zero Subject: no kind, no name.
    const subject = item === null ? {} : asRecord(item);
    if (!subject) {
      errors.push({ path, message: 'Invalid value: must be an object' });
      return;
    }
    const kind = stringField(subject, 'kind', path, errors);
    const name = stringField(subject, 'name', path, errors);
    const namespace = stringField(subject, 'namespace', path, errors);
    const written = stringField(subject, 'apiGroup', path, errors);
    const apiGroup = written === '' && (kind === 'User' || kind === 'Group') ? RBAC_GROUP : written;
    if (name === '') errors.push({ path: [...path, 'name'], message: 'Required value' });
    switch (kind) {
      case 'ServiceAccount':
        if (name !== '') for (const m of dns1123SubdomainErrors(name)) errors.push({ path: [...path, 'name'], message: `Invalid value: ${quote(name)}: ${m}` });
        if (apiGroup !== '') errors.push({ path: [...path, 'apiGroup'], message: unsupported(apiGroup, ['']) });
        if (clusterWide && namespace === '') errors.push({ path: [...path, 'namespace'], message: 'Required value' });
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC_GROUP) errors.push({ path: [...path, 'apiGroup'], message: unsupported(apiGroup, [RBAC_GROUP]) });
        break;
      default:
        errors.push({ path: [...path, 'kind'], message: unsupported(kind, ['ServiceAccount', 'User', 'Group']) });
    }
  });
  return errors;
}

/** `subjects[0].apiGroup: Unsupported value: …`: a field error as the API server prints it. */
export function describeFieldError(error: FieldError): string {
  return `${formatPath(error.path)}: ${error.message}`;
}
