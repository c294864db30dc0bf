/*
 * Roles the API server refuses (ValidatePolicyRule on each rule, pkg/apis/rbac/validation) never
 * exist: the model leaves them out, so they grant nothing and replace no bootstrap role, and keeps
 * why; the scan's role rules leave them alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { describeFieldError } from '../../src/rbac/binding-validation.js';
import { resourceRequest } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { refusalProblems } from '../../src/rbac/refused.js';
import { roleErrors } from '../../src/rbac/role-validation.js';
import { whoCan } from '../../src/rbac/who-can.js';

const FILE = path.join(import.meta.dirname, 'fixtures', 'refused-roles.yaml');
const loaded = loadSources([{ name: 'refused-roles.yaml', text: readFileSync(FILE, 'utf8') }]);
const errorsOf = (name: string, copy = 0) => {
  const role = loaded.objects.filter((o) => o.name === name && (o.kind === 'Role' || o.kind === 'ClusterRole'))[copy];
  expect(role).toBeDefined();
  return role ? roleErrors(role).map(describeFieldError) : [];
};
const roleOf = (text: string) => {
  const objects = loadSources([{ name: 'role.yaml', text: `apiVersion: rbac.authorization.k8s.io/v1\n${text}` }]).objects;
  expect(objects).toHaveLength(1);
  return objects[0] ? roleErrors(objects[0]).map(describeFieldError) : [];
};
/** The users allowed to get pods in shop (not the bootstrap policy's groups and ServiceAccounts). */
const users = (model: RbacModel) =>
  whoCan(model, resourceRequest({ verb: 'get', resource: 'pods', namespace: 'shop' }))
    .allowed.filter((s) => s.principal.kind === 'User' && !s.principal.name.startsWith('system:'))
    .map((s) => s.principal.name);

describe('roles the API server refuses', () => {
  it('are read without problems', () => expect(loaded.problems).toEqual([]));

  it('name every invalid field, worded as the API server words it', () => {
    expect(errorsOf('urls-in-role')).toEqual(['rules[0].nonResourceURLs: Invalid value: ["/metrics"]: namespaced rules cannot apply to non-resource URLs']);
    expect(errorsOf('mixed-in-role')).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(errorsOf('mixed')).toEqual(['rules[0].nonResourceURLs: Invalid value: ["*"]: rules cannot apply to both regular resources and non-resource URLs']);
    expect(errorsOf('named-urls')).toEqual(['rules[1].nonResourceURLs: Invalid value: ["/metrics"]: rules cannot apply to both regular resources and non-resource URLs']);
    expect(errorsOf('no-verbs')).toEqual(['rules[1].verbs: Required value: verbs must contain at least one value']);
    expect(errorsOf('no-api-groups')).toEqual(['rules[0].apiGroups: Required value: resource rules must supply at least one api group']);
    expect(errorsOf('no-resources')).toEqual(['rules[1].resources: Required value: resource rules must supply at least one resource']);
    expect(errorsOf('empty-rule')).toEqual([
      'rules[1].verbs: Required value: verbs must contain at least one value',
      'rules[1].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].resources: Required value: resource rules must supply at least one resource',
    ]);
    expect(errorsOf('copied', 0)).toEqual(['rules[0].verbs: Required value: verbs must contain at least one value']);
    expect(errorsOf('view')).toEqual(['rules[0].nonResourceURLs: Invalid value: ["/metrics"]: rules cannot apply to both regular resources and non-resource URLs']);
    for (const accepted of ['urls', 'empty', 'no-rules', 'aggregated', 'ok']) expect(errorsOf(accepted), accepted).toEqual([]);
    expect(errorsOf('copied', 1)).toEqual([]);
  });

  it('fail to decode with a list item or list that is not what the API server expects, and only that is said', () => {
    expect(roleOf('kind: ClusterRole\nmetadata: {name: x}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get, 5]}, {verbs: []}]')).toEqual(['rules[0].verbs[1]: Invalid value: 5: must be a string']);
    expect(roleOf('kind: ClusterRole\nmetadata: {name: x}\nrules: [{apiGroups: [""], resources: pods, verbs: [get]}]')).toEqual(['rules[0].resources: Invalid value: "pods": must be a list of strings']);
    expect(roleOf('kind: Role\nmetadata: {name: x, namespace: shop}\nrules: {verbs: [get]}')).toEqual(['rules: Invalid value: must be a list']);
    expect(roleOf('kind: Role\nmetadata: {name: x, namespace: shop}\nrules: [get]')).toEqual(['rules[0]: Invalid value: must be an object']);
    // A null rule decodes to an empty one; Go's JSON escapes <, > and & in a value.
    expect(roleOf('kind: ClusterRole\nmetadata: {name: x}\nrules: [null]')).toHaveLength(3);
    expect(roleOf('kind: Role\nmetadata: {name: x, namespace: shop}\nrules: [{nonResourceURLs: ["/a<b>&c"], verbs: [get]}]')).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/a\\u003cb\\u003e\\u0026c"]: namespaced rules cannot apply to non-resource URLs',
    ]);
  });

  it('grant nothing, replace no bootstrap role, and leave the next copy of their name in place', () => {
    const model = new RbacModel(loaded.objects, { defaults: false });
    expect(users(model)).toEqual(['copied-user', 'ok-user']);
    expect(model.rejectedRoles.map((r) => r.object.name)).toEqual(['urls-in-role', 'mixed-in-role', 'mixed', 'named-urls', 'no-verbs', 'no-api-groups', 'no-resources', 'empty-rule', 'copied', 'view']);
    expect(model.rejectedBindings).toEqual([]);
    expect(model.role('shop', 'urls-in-role')).toBeUndefined();
    expect(model.clusterRole('mixed')).toBeUndefined();
    // The bootstrap view stays, with what it grants.
    const withDefaults = new RbacModel(loaded.objects, { defaults: true });
    expect(withDefaults.clusterRole('view')?.bootstrap).toBe(true);
    expect(users(withDefaults)).toEqual(['copied-user', 'ok-user', 'viewer']);
    // Non-resource URLs of a ClusterRole are accepted.
    expect(whoCan(model, { resourceRequest: false, verb: 'get', path: '/healthz/ready' }).allowed.map((s) => s.principal.name)).toEqual(['url-user']);
  });

  it('are input errors at their first invalid field, in input order with refused bindings', () => {
    const problems = refusalProblems(loaded.objects);
    expect(problems).toHaveLength(10);
    expect(problems[0]).toEqual({
      code: 'rbac-role-invalid',
      message: 'Role shop/urls-in-role is refused by the API server (rules[0].nonResourceURLs: Invalid value: ["/metrics"]: namespaced rules cannot apply to non-resource URLs), so it never exists and grants nothing',
      location: { file: 'refused-roles.yaml', line: 7, column: 5 },
    });
    expect(problems.map((p) => p.location?.line)).toEqual([7, 20, 29, 38, 51, 57, 67, 77, 86, 104]);
  });
});
