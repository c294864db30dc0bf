/*
 * The RBAC objects of the input the API server refuses (bindingErrors, roleErrors), as the input
 * errors the rbac commands report: such an object never exists in a cluster.
 */
import type { Problem } from '../core/result.js';
import { type K8sObject, namespaceOrDefault } from '../k8s/object.js';
import { bindingErrors, describeFieldError, type FieldError } from './binding-validation.js';
import { roleErrors } from './role-validation.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Why the API server refuses this Role, ClusterRole, RoleBinding or ClusterRoleBinding; empty when it accepts it, or it is none of them. */
export function refusalErrors(object: K8sObject): readonly FieldError[] {
  if (object.group !== RBAC_GROUP || object.name === '') return [];
  if (object.kind === 'Role' || object.kind === 'ClusterRole') return roleErrors(object);
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') return bindingErrors(object);
  return [];
}

/**
 * The input error for a refused RBAC object, at its first invalid field: `RoleBinding shop/rb is
 * refused by the API server (subjects[0].apiGroup: …; …), so it grants nothing to any of its
 * subjects`, `Role shop/r is refused by the API server (rules[0].nonResourceURLs: …), so it never
 * exists and grants nothing`.
 */
export function refusalProblem(object: K8sObject, errors: readonly FieldError[]): Problem {
  const first = errors[0];
  const { line, column } = object.locate(first ? first.path : []);
  const namespaced = object.kind === 'Role' || object.kind === 'RoleBinding';
  const name = namespaced ? `${namespaceOrDefault(object)}/${object.name}` : object.name;
  const role = object.kind === 'Role' || object.kind === 'ClusterRole';
  return {
    code: role ? 'rbac-role-invalid' : 'rbac-binding-invalid',
    message: `${object.kind} ${name} is refused by the API server (${errors.map(describeFieldError).join('; ')}), so it ${role ? 'never exists and grants nothing' : 'grants nothing to any of its subjects'}`,
    location: { file: object.source.file, line, column },
  };
}

/** The input errors for the RBAC objects among `objects` the API server refuses, in input order. */
export function refusalProblems(objects: readonly K8sObject[]): Problem[] {
  return objects.flatMap((o) => {
    const errors = refusalErrors(o);
    return errors.length > 0 ? [refusalProblem(o, errors)] : [];
  });
}
