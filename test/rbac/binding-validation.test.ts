/*
 * Bindings the API server refuses (pkg/apis/rbac/validation, after the v1 defaults) never exist:
 * the model grants nothing through them, not even to their valid subjects, and keeps why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { bindingErrors, describeFieldError } from '../../src/rbac/binding-validation.js';
import { resourceRequest } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { whoCan } from '../../src/rbac/who-can.js';

const FILE = path.join(import.meta.dirname, 'fixtures', 'refused-bindings.yaml');
const loaded = loadSources([{ name: 'refused-bindings.yaml', text: readFileSync(FILE, 'utf8') }]);
const model = new RbacModel(loaded.objects, { defaults: false });
const errorsOf = (name: string) => {
  const binding = loaded.objects.find((o) => o.name === name);
  expect(binding).toBeDefined();
  return binding ? bindingErrors(binding).map(describeFieldError) : [];
};

describe('bindings the API server refuses', () => {
  it('are read without problems', () => expect(loaded.problems).toEqual([]));

  it('name every invalid field, worded as the API server words it', () => {
    expect(errorsOf('sa-api-group')).toEqual([
      'subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
      'subjects[2].kind: Unsupported value: "user": supported values: "ServiceAccount", "User", "Group"',
    ]);
    expect(errorsOf('unnamed-subject')).toEqual(['subjects[1].name: Required value']);
    expect(errorsOf('user-api-group')).toEqual(['subjects[0].apiGroup: Unsupported value: "iam.example.com": supported values: "rbac.authorization.k8s.io"']);
    expect(errorsOf('sa-name')).toEqual([expect.stringMatching(/^subjects\[0\]\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/)]);
    expect(errorsOf('sa-namespace')).toEqual(['subjects[1].namespace: Required value']);
    expect(errorsOf('role-kind')).toEqual(['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']);
    expect(errorsOf('ref-group')).toEqual(['roleRef.apiGroup: Unsupported value: "rbac.authorization.k8s.io/v1": supported values: "rbac.authorization.k8s.io"']);
    expect(errorsOf('ref-name')).toEqual(['roleRef.name: Invalid value: "a/b%": may not contain \'/\'', 'roleRef.name: Invalid value: "a/b%": may not contain \'%\'']);
    expect(errorsOf('ref-dot')).toEqual(['roleRef.name: Invalid value: "..": may not be \'..\'']);
    expect(errorsOf('defaulted')).toEqual([]);
  });

  it("quote values as Go's %q, and read a null subject as the zero one", () => {
    const errorsOfText = (text: string) => {
      const [binding] = loadSources([{ name: 'b.yaml', text: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: shop}\n${text}` }]).objects;
      return binding ? bindingErrors(binding).map(describeFieldError) : [];
    };
    // JSON would write U+0007 as \u0007 and leave DEL and U+200B as they are.
    expect(errorsOfText('roleRef: {kind: Role, name: "a/\\a\\x7f\\u200b"}')).toEqual(['roleRef.name: Invalid value: "a/\\a\\x7f\\u200b": may not contain \'/\'']);
    expect(errorsOfText('roleRef: {kind: "Role\\x7f", name: r}')).toEqual(['roleRef.kind: Unsupported value: "Role\\x7f": supported values: "Role", "ClusterRole"']);
    expect(errorsOfText('roleRef: {kind: Role, name: r}\nsubjects: [null]')).toEqual([
      'subjects[0].name: Required value',
      'subjects[0].kind: Unsupported value: "": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it('grant nothing, not even to their valid subjects, and the model keeps them apart', () => {
    const exec = resourceRequest({ verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' });
    const names = whoCan(model, exec).allowed.map((s) => `${s.principal.kind} ${s.principal.namespace ? `${s.principal.namespace}/` : ''}${s.principal.name}`);
    expect(names).toEqual(['User ok-user', 'Group ok-group', 'ServiceAccount shop/ok.sa-1']);
    expect(model.bindings.map((b) => b.name)).toEqual(['defaulted']);
    expect(model.rejectedBindings.map((r) => r.object.name)).toEqual(['sa-api-group', 'unnamed-subject', 'user-api-group', 'sa-name', 'sa-namespace', 'role-kind', 'ref-group', 'ref-name', 'ref-dot']);
  });

  it('leave the bootstrap binding of their name in place', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: everyone, apiGroup: example.com}]
`;
    const m = new RbacModel(loadSources([{ name: 'x.yaml', text }]).objects, { defaults: true });
    const admins = m.clusterRoleBindings.filter((b) => b.name === 'cluster-admin');
    expect(admins.map((b) => [b.bootstrap, b.subjects.map((s) => s.name)])).toEqual([[true, ['system:masters']]]);
  });
});
