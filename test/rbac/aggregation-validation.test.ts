/*
 * ClusterRoles whose aggregationRule the API server refuses (ValidateClusterRole: at least one
 * selector, each a valid label selector) never exist: the model leaves them out, and they do not
 * replace the bootstrap role of their name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { describeFieldError } from '../../src/rbac/binding-validation.js';
import { RbacModel } from '../../src/rbac/model.js';
import { refusalProblems } from '../../src/rbac/refused.js';
import { roleErrors } from '../../src/rbac/role-validation.js';

const FILE = path.join(import.meta.dirname, 'fixtures', 'refused-aggregations.yaml');
const loaded = loadSources([{ name: 'refused-aggregations.yaml', text: readFileSync(FILE, 'utf8') }]);
const errorsOf = (name: string) => {
  const role = loaded.objects.find((o) => o.name === name);
  expect(role).toBeDefined();
  return role ? roleErrors(role).map(describeFieldError) : [];
};
const roleOf = (text: string) => {
  const objects = loadSources([{ name: 'role.yaml', text: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n${text}` }]).objects;
  expect(objects).toHaveLength(1);
  return objects[0] ? roleErrors(objects[0]).map(describeFieldError) : [];
};

const KEY_NAME = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('aggregationRules the API server refuses', () => {
  it('are read without problems', () => expect(loaded.problems).toEqual([]));

  it('name every invalid field, worded as the API server words it', () => {
    const required = 'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil';
    expect(errorsOf('no-selectors')).toEqual([required]);
    expect(errorsOf('empty-selectors')).toEqual([required]);
    expect(errorsOf('bad-label')).toEqual([
      `aggregationRule.clusterRoleSelectors[1].matchLabels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      `aggregationRule.clusterRoleSelectors[1].matchLabels: Invalid value: "not ok": ${VALUE}`,
      'aggregationRule.clusterRoleSelectors[1]: Invalid value: null: invalid label selector.',
    ]);
    expect(errorsOf('bad-expressions')).toEqual([
      "aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "aggregationRule.clusterRoleSelectors[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[2].operator: Invalid value: "Equals": not a valid selector operator',
      `aggregationRule.clusterRoleSelectors[0].matchExpressions[2].key: Invalid value: "-tier": ${KEY_NAME}`,
      `aggregationRule.clusterRoleSelectors[0].matchExpressions[2].values[0]: Invalid value: "a<b": ${VALUE}`,
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ]);
    // A null requirement decodes to an empty one: no operator, an empty key.
    expect(errorsOf('edit')).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].key: Invalid value: "": name part must be non-empty',
      `aggregationRule.clusterRoleSelectors[0].matchExpressions[0].key: Invalid value: "": ${KEY_NAME}`,
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ]);
    for (const accepted of ['plain', 'null-rule', 'everything', 'selected']) expect(errorsOf(accepted), accepted).toEqual([]);
  });

  it('words keys, prefixes and operators as apimachinery v0.37 does', () => {
    const long = 'a'.repeat(64);
    expect(roleOf(`aggregationRule: {clusterRoleSelectors: [{matchLabels: {"/x": "${long}", "Example.com/y": "1"}}]}`)).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: "/x": prefix part must be non-empty',
      `aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: "${long}": must be no more than 63 bytes`,
      `aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: "Example.com/y": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ]);
    // The operator is written by json.Marshal (<, > and & escaped), a key by %q.
    expect(roleOf(`aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: "${'k'.repeat(64)}", operator: "<in>"}]}]}`)).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "\\u003cin\\u003e": not a valid selector operator',
      `aggregationRule.clusterRoleSelectors[0].matchExpressions[0].key: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 bytes`,
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ]);
  });

  it('fail to decode with a field that is not what the API server expects, and only that is said', () => {
    expect(roleOf('aggregationRule: [x]')).toEqual(['aggregationRule: Invalid value: must be an object']);
    expect(roleOf('aggregationRule: {clusterRoleSelectors: {matchLabels: {a: b}}}')).toEqual(['aggregationRule.clusterRoleSelectors: Invalid value: must be a list']);
    expect(roleOf('aggregationRule: {clusterRoleSelectors: [{matchLabels: {a: true}}, {}]}')).toEqual(['aggregationRule.clusterRoleSelectors[0].matchLabels.a: Invalid value: true: must be a string']);
    expect(roleOf('aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: a, operator: In, values: [1]}]}]}')).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values[0]: Invalid value: 1: must be a string',
    ]);
  });

  it('leave the role out, and the bootstrap role of their name in place', () => {
    const model = new RbacModel(loaded.objects, { defaults: true });
    expect(model.rejectedRoles.map((r) => r.object.name)).toEqual(['no-selectors', 'empty-selectors', 'bad-label', 'bad-expressions', 'edit']);
    expect(model.clusterRole('no-selectors')).toBeUndefined();
    expect(model.clusterRole('edit')?.bootstrap).toBe(true);
    expect(model.clusterRole('everything')?.aggregation).toHaveLength(2);
  });

  it('are input errors at their first invalid field', () => {
    const problems = refusalProblems(loaded.objects);
    expect(problems.map((p) => [p.code, p.location?.line])).toEqual([
      ['rbac-role-invalid', 5],
      ['rbac-role-invalid', 11],
      ['rbac-role-invalid', 19],
      ['rbac-role-invalid', 27],
      ['rbac-role-invalid', 36],
    ]);
    expect(problems[0]?.message).toBe(
      'ClusterRole no-selectors is refused by the API server (aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil), so it never exists and grants nothing',
    );
  });
});
