/*
 * RBAC objects whose name the API server refuses (ValidateObjectMeta with ValidateRBACName, that
 * is content.IsPathSegmentName) never exist: they grant nothing and the model keeps why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { describeFieldError } from '../../src/rbac/binding-validation.js';
import { resourceRequest } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { refusalErrors, refusalProblems } from '../../src/rbac/refused.js';
import { whoCan } from '../../src/rbac/who-can.js';

const FILE = path.join(import.meta.dirname, 'fixtures', 'refused-names.yaml');
const loaded = loadSources([{ name: 'refused-names.yaml', text: readFileSync(FILE, 'utf8') }]);
const errorsOf = (name: string) => {
  const object = loaded.objects.find((o) => o.name === name);
  expect(object, name).toBeDefined();
  return object ? refusalErrors(object).map(describeFieldError) : [];
};
const users = (model: RbacModel, resource: string, namespace: string) =>
  whoCan(model, resourceRequest({ verb: 'get', resource, namespace }))
    .allowed.filter((s) => s.principal.kind === 'User' && !s.principal.name.startsWith('system:'))
    .map((s) => s.principal.name);

describe('RBAC objects whose name the API server refuses', () => {
  it('are read without problems', () => expect(loaded.problems).toEqual([]));

  it('name the invalid name, worded as the API server words it', () => {
    expect(errorsOf('readers/team-a')).toEqual(["metadata.name: Invalid value: \"readers/team-a\": may not contain '/'"]);
    expect(errorsOf('100%')).toEqual(["metadata.name: Invalid value: \"100%\": may not contain '%'"]);
    expect(errorsOf('admins/')).toEqual(["metadata.generateName: Invalid value: \"admins/\": may not contain '/'"]);
    expect(errorsOf('..')).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
    // %q escapes what is not printable.
    expect(errorsOf('a/b%\u0007')).toEqual(["metadata.name: Invalid value: \"a/b%\\a\": may not contain '/'", "metadata.name: Invalid value: \"a/b%\\a\": may not contain '%'"]);
    expect(errorsOf('Readers_1:x.')).toEqual([]);
    expect(errorsOf('reader')).toEqual([]);
  });

  it('checks the generateName beside a name too', () => {
    expect(errorsOf('system:viewer')).toEqual([]);
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ok, generateName: "."}\n';
    const [role] = loadSources([{ name: 'x.yaml', text }]).objects;
    expect(role ? refusalErrors(role).map(describeFieldError) : []).toEqual(["metadata.generateName: Invalid value: \".\": may not be '.'"]);
  });

  it('grant nothing', () => {
    const model = new RbacModel(loaded.objects, { defaults: true });
    expect(users(model, 'pods', 'shop')).toEqual(['ok-user']);
    expect(users(model, 'configmaps', 'other')).toEqual([]);
    expect(model.rejected.map((r) => r.object.name)).toEqual(['readers/team-a', '100%', 'admins/', '..', 'a/b%\u0007']);
    // The refused ClusterRole is aggregated into no one.
    expect(model.clusterRole('system:viewer')?.rules).toEqual([]);
  });

  it('are input errors at the name', () => {
    const problems = refusalProblems(loaded.objects);
    expect(problems.map((p) => [p.code, p.location?.line])).toEqual([
      ['rbac-binding-invalid', 12],
      ['rbac-binding-invalid', 18],
      ['rbac-binding-invalid', 24],
      ['rbac-role-invalid', 30],
      ['rbac-role-invalid', 38],
    ]);
    expect(problems[0]?.message).toBe(
      "RoleBinding shop/readers/team-a is refused by the API server (metadata.name: Invalid value: \"readers/team-a\": may not contain '/'), so it grants nothing to any of its subjects",
    );
  });
});
