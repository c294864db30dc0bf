/*
 * The RBAC model: aggregated ClusterRoles as the aggregation controller fills them, the bootstrap
 * policy (and its invariants upstream tests pin: admin ⊇ edit ⊇ view), duplicates, and role
 * references the authorizer cannot resolve.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { authorize } from '../../src/rbac/authorizer.js';
import { bootstrapObjects } from '../../src/rbac/bootstrap.js';
import { covers } from '../../src/rbac/covers.js';
import { resourceRequest } from '../../src/rbac/matching.js';
import { RbacModel, nearestCopies } from '../../src/rbac/model.js';
import { plainRule } from '../../src/rbac/rules.js';
import { serviceAccountUser } from '../../src/rbac/subjects.js';

function model(yaml: string, defaults = false): RbacModel {
  const loaded = loadSources([{ name: 'test.yaml', text: yaml }]);
  expect(loaded.problems).toEqual([]);
  return new RbacModel(loaded.objects, { defaults });
}

const rulesOf = (m: RbacModel, name: string) => (m.clusterRole(name)?.rules ?? []).map(plainRule);

describe('aggregated ClusterRoles', () => {
  it('take the rules of the matching ClusterRoles by name order, without duplicates or themselves', () => {
    const m = model(`
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: agg, labels: {team: a}}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {team: a}}]}
rules: [{apiGroups: [""], resources: [ignored], verbs: [get]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: b-role, labels: {team: a}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}, {apiGroups: [""], resources: [secrets], verbs: [list]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: a-role, labels: {team: a}}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: other, labels: {team: b}}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
`);
    expect(rulesOf(m, 'agg')).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    // Each rule remembers the role it is written in.
    expect(m.clusterRole('agg')?.rules.map((r) => r.role?.name)).toEqual(['a-role', 'b-role']);
  });

  it('settle when aggregated roles aggregate each other, and an empty selector matches every ClusterRole', () => {
    const m = model(`
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: xr, labels: {in-y: "true"}}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {in-x: "true"}}]}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: yr, labels: {in-x: "true"}}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {in-y: "true"}}]}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: leaf, labels: {in-x: "true"}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: everything}
aggregationRule: {clusterRoleSelectors: [{}]}
`);
    expect(rulesOf(m, 'xr')).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(rulesOf(m, 'yr')).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(rulesOf(m, 'everything')).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    expect(m.aggregatedInto(m.clusterRole('leaf') ?? expect.fail()).map((r) => r.name).sort()).toEqual(['everything', 'xr', 'yr']);
  });

  it('with an invalid selector or no selectors are refused by the API server: they never exist', () => {
    const m = model(`
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: bad}
aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: a, operator: Bogus}]}]}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: none}
aggregationRule: {}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: leaf, labels: {a: b}}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`);
    expect(m.clusterRole('bad')).toBeUndefined();
    expect(m.clusterRole('none')).toBeUndefined();
    expect(m.rejectedRoles.map((r) => r.object.name)).toEqual(['bad', 'none']);
  });
});

describe('the bootstrap policy', () => {
  const m = new RbacModel([], { defaults: true });
  const rules = (name: string) => m.clusterRole(name)?.rules ?? [];

  it('holds every bootstrap object of Kubernetes v1.37', () => {
    const kinds = bootstrapObjects().map((o) => o.kind);
    expect(kinds.filter((k) => k === 'ClusterRole')).toHaveLength(73);
    expect(kinds.filter((k) => k === 'ClusterRoleBinding')).toHaveLength(54);
    expect(kinds.filter((k) => k === 'Role')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'RoleBinding')).toHaveLength(7);
  });

  it('aggregates view into edit into admin (TestEditViewRelationship), and view reads no Secrets', () => {
    expect(rules('view').length).toBeGreaterThan(10);
    expect(covers(rules('edit'), rules('view')).covered).toBe(true);
    expect(covers(rules('admin'), rules('edit')).covered).toBe(true);
    expect(covers(rules('edit'), rules('admin')).covered).toBe(false);
    const getSecret = resourceRequest({ verb: 'get', resource: 'secrets', namespace: 'shop' });
    expect(rules('view').some((r) => r.resources.includes('secrets'))).toBe(false);
    expect(rules('edit').some((r) => r.resources.includes('secrets') && r.verbs.includes('get'))).toBe(true);
    expect(getSecret.namespace).toBe('shop');
  });

  it('grants controllers their roles through their kube-system ServiceAccounts', () => {
    const user = serviceAccountUser('kube-system', 'clusterrole-aggregation-controller');
    const escalate = resourceRequest({ verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' });
    expect(authorize(m, user, escalate).allowed).toBe(true);
    expect(authorize(new RbacModel([], { defaults: false }), user, escalate).allowed).toBe(false);
  });
});

describe('rules', () => {
  it('grant nothing when a list holds a non-string: the API server refuses the whole role', () => {
    const m = model(`
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: odd}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"], resourceNames: [{}]}, {apiGroups: [""], resources: [pods], verbs: [get]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: odd}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: odd}
subjects: [{kind: User, name: u}]
`);
    const user = { name: 'u', groups: [] };
    expect(authorize(m, user, resourceRequest({ verb: 'delete', resource: 'secrets', name: 'x' })).allowed).toBe(false);
    expect(authorize(m, user, resourceRequest({ verb: 'get', resource: 'pods', name: 'x' })).allowed).toBe(false);
    expect(m.rejectedRoles.map((r) => r.errors)).toEqual([[{ path: ['rules', 0, 'resourceNames', 0], message: 'Invalid value: {}: must be a string' }]]);
  });
});

describe('objects and references', () => {
  it('keeps the first copy of an object, and an input object replaces the bootstrap one', () => {
    const m = model(
      `
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: view}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: view}
rules: []
`,
      true,
    );
    expect(rulesOf(m, 'view')).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(m.clusterRole('view')?.bootstrap).toBe(false);
  });

  it('resolves nothing for a ClusterRoleBinding to a Role, another roleRef kind or group, and puts unnamespaced RoleBindings in default', () => {
    const m = model(`
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: r}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: ok}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: u}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: crb-to-role}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: u}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: other-group}
roleRef: {apiGroup: example.com, kind: Role, name: r}
subjects: [{kind: User, name: u}]
`);
    const [ok, crb, other] = m.bindings;
    expect(ok && m.roleOf(ok)?.namespace).toBe('default');
    expect(crb && m.roleOf(crb)).toBeUndefined();
    expect(other && m.roleOf(other)).toBeUndefined();
    const get = (namespace: string) => resourceRequest({ verb: 'get', resource: 'pods', namespace });
    expect(authorize(m, { name: 'u', groups: [] }, get('default')).allowed).toBe(true);
    expect(authorize(m, { name: 'u', groups: [] }, get('')).allowed).toBe(false);
  });

  it('resolves a roleRef with an empty apiGroup, which the API server defaults to rbac.authorization.k8s.io', () => {
    const m = model(`
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: empty-group}
roleRef: {apiGroup: "", kind: ClusterRole, name: reader}
subjects: [{kind: User, name: u}]
`);
    const [binding] = m.bindings;
    expect(binding && m.roleOf(binding)?.name).toBe('reader');
    expect(authorize(m, { name: 'u', groups: [] }, resourceRequest({ verb: 'get', resource: 'pods', namespace: 'shop' })).allowed).toBe(true);
  });

  describe('copies in several files (alternative installs side by side)', () => {
    const ROLE = (verbs: string) => `kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: controller}
rules: [{apiGroups: [""], resources: [secrets], verbs: [${verbs}]}]
`;
    const BINDING = (subjects: string) => `kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: controller}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: controller}
subjects: ${subjects}
`;
    // The first file is a Kustomize base whose subject has the placeholder namespace Kustomize
    // replaces (without one, the API server would refuse the ClusterRoleBinding).
    const files = [
      { name: 'base/rbac.yaml', text: `${ROLE('get')}---\n${BINDING('[{kind: ServiceAccount, name: controller, namespace: system}]')}` },
      { name: 'install.yaml', text: `${ROLE('get, list')}---\n${BINDING('[{kind: ServiceAccount, name: controller, namespace: tools}]')}` },
      { name: 'extra.yaml', text: BINDING('[{kind: User, name: alice}]') },
    ];
    const loaded = loadSources(files);
    const m = new RbacModel(loaded.objects, { defaults: false });
    const [baseBinding, installBinding, extraBinding] = m.bindings;

    it('keeps every file\'s copy of a binding, and takes each binding\'s role from its own file when it holds one', () => {
      expect(m.bindings.map((b) => b.object.source.file)).toEqual(['base/rbac.yaml', 'install.yaml', 'extra.yaml']);
      expect(baseBinding && m.roleOf(baseBinding)?.rules.map(plainRule)).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
      expect(installBinding && m.roleOf(installBinding)?.rules.map(plainRule)).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
      // A file without the role gets the nearest copy: extra.yaml sits beside install.yaml.
      expect(extraBinding && m.roleOf(extraBinding)?.object.source.file).toBe('install.yaml');
      const list = resourceRequest({ verb: 'list', resource: 'secrets', namespace: '' });
      expect(authorize(m, serviceAccountUser('tools', 'controller'), list).allowed).toBe(true);
      expect(authorize(m, { name: 'alice', groups: [] }, list).allowed).toBe(true);
      expect(authorize(m, serviceAccountUser('default', 'controller'), list).allowed).toBe(false);
    });

    it('gives each role object its own entry, bound by the bindings that resolve to it', () => {
      const installRole = loaded.objects.find((o) => o.kind === 'ClusterRole' && o.source.file === 'install.yaml');
      const baseRole = loaded.objects.find((o) => o.kind === 'ClusterRole' && o.source.file === 'base/rbac.yaml');
      const installEntry = installRole && m.entryOf(installRole);
      const baseEntry = baseRole && m.entryOf(baseRole);
      expect(installEntry?.object).toBe(installRole);
      expect(baseEntry?.object).toBe(baseRole);
      expect(installEntry && m.bindingsTo(installEntry).map((b) => b.object.source.file)).toEqual(['install.yaml', 'extra.yaml']);
      expect(baseEntry && m.bindingsTo(baseEntry).map((b) => b.object.source.file)).toEqual(['base/rbac.yaml']);
      expect(m.clusterRoles().map((r) => r.object.source.file)).toEqual(['base/rbac.yaml', 'install.yaml']);
    });

    it('reduces copies of a binding to the one written nearest to the asking object', () => {
      const near = (file: string) => loaded.objects.find((o) => o.source.file === file);
      const nearInstall = near('install.yaml');
      const nearOther = { ...nearInstall, source: { ...nearInstall?.source, file: 'elsewhere.yaml' } } as NonNullable<typeof nearInstall>;
      expect(nearInstall && nearestCopies(m.bindings, nearInstall).map((b) => b.object.source.file)).toEqual(['install.yaml']);
      expect(nearestCopies(m.bindings, nearOther).map((b) => b.object.source.file)).toEqual(['install.yaml']);
      const nearBase = near('base/rbac.yaml');
      expect(nearBase && nearestCopies(m.bindings, nearBase).map((b) => b.object.source.file)).toEqual(['base/rbac.yaml']);
    });
  });

  describe('copies of an aggregated ClusterRole', () => {
    // Two providers ship an aggregated role of one name, each filled from its own roles; the
    // second also keeps a copy of the first's contributing role, with other rules.
    const AGGREGATED = (label: string) => `kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: manager}
aggregationRule: {clusterRoleSelectors: [{matchLabels: {${label}: "true"}}]}
rules: []
`;
    const PART = (name: string, label: string, resource: string) => `kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: ${name}, labels: {${label}: "true"}}
rules: [{apiGroups: [""], resources: [${resource}], verbs: [get]}]
`;
    const BINDING = (namespace: string) => `kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: manager}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: manager}
subjects: [{kind: ServiceAccount, name: manager, namespace: ${namespace}}]
`;
    const files = [
      { name: 'core/rbac/aggregated.yaml', text: AGGREGATED('core/manager') },
      { name: 'core/rbac/parts.yaml', text: PART('core-part', 'core/manager', 'configmaps') },
      { name: 'core/rbac/binding.yaml', text: BINDING('core') },
      { name: 'kubeadm/rbac/aggregated.yaml', text: AGGREGATED('kubeadm/manager') },
      { name: 'kubeadm/rbac/parts.yaml', text: `${PART('kubeadm-part', 'kubeadm/manager', 'secrets')}---\n${PART('core-part', 'kubeadm/manager', 'nodes')}` },
      { name: 'kubeadm/rbac/binding.yaml', text: BINDING('kubeadm') },
    ];
    const loaded = loadSources(files);
    const m = new RbacModel(loaded.objects, { defaults: false });
    const get = (resource: string) => resourceRequest({ verb: 'get', resource, namespace: '' });

    it('fills each copy from the roles of its own install, and binds each install to its own copy', () => {
      const [coreBinding, kubeadmBinding] = m.bindings;
      expect(coreBinding && m.roleOf(coreBinding)?.rules.map((r) => r.resources)).toEqual([['configmaps']]);
      expect(kubeadmBinding && m.roleOf(kubeadmBinding)?.rules.map((r) => r.resources)).toEqual([['nodes'], ['secrets']]);
      const core = serviceAccountUser('core', 'manager');
      const kubeadm = serviceAccountUser('kubeadm', 'manager');
      expect([authorize(m, core, get('configmaps')).allowed, authorize(m, core, get('secrets')).allowed]).toEqual([true, false]);
      expect([authorize(m, kubeadm, get('secrets')).allowed, authorize(m, kubeadm, get('nodes')).allowed, authorize(m, kubeadm, get('configmaps')).allowed]).toEqual([true, true, false]);
    });

    it("lists each filled copy, and follows a contributing role only into its own install's copy", () => {
      expect(m.clusterRoles().filter((r) => r.name === 'manager').map((r) => [r.object.source.file, r.rules.length])).toEqual([
        ['core/rbac/aggregated.yaml', 1],
        ['kubeadm/rbac/aggregated.yaml', 2],
      ]);
      const corePart = loaded.objects.find((o) => o.name === 'core-part' && o.source.file === 'core/rbac/parts.yaml');
      const entry = corePart && m.entryOf(corePart);
      expect(entry && m.aggregatedInto(entry).map((r) => r.object.source.file)).toEqual(['core/rbac/aggregated.yaml']);
    });
  });
});

