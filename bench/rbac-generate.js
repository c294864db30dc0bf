#!/usr/bin/env node
// Writes a large cluster's RBAC as one multi-document YAML file: 200 team namespaces with 3,000
// ServiceAccounts, 1,400 Roles and 5,000 RoleBindings, plus 700 ClusterRoles (operators,
// aggregated CRD roles, readers, node agents) and 700 ClusterRoleBindings. Shapes follow real
// clusters: most bindings are small and namespaced, a few operators hold broad or wildcard
// rules, CRD roles carry aggregate-to-* labels, subjects mix ServiceAccounts, users and groups.
// Deterministic (seeded).
//
//   node bench/rbac-generate.js bench/out/rbac-cluster.yaml
import { writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/rbac-generate.js OUT.yaml\n');
  process.exit(2);
}

let seed = 20260804;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const pad = (n, width = 3) => String(n).padStart(width, '0');

const NAMESPACES = 200;
const SA_PER_NS = 15;
const ROLES_PER_NS = 7;
const BINDINGS_PER_NS = 25;
const RBAC = 'rbac.authorization.k8s.io/v1';

const docs = [];
const yamlList = (values) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
const rule = (groups, resources, verbs, names) =>
  `  - apiGroups: ${yamlList(groups)}\n    resources: ${yamlList(resources)}\n${names ? `    resourceNames: ${yamlList(names)}\n` : ''}    verbs: ${yamlList(verbs)}`;
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

const ROLE_TEMPLATES = [
  ['deployer', [rule(['apps'], ['deployments', 'statefulsets'], [...READ, ...WRITE]), rule([''], ['services', 'configmaps'], [...READ, ...WRITE])]],
  ['config-reader', [rule([''], ['configmaps'], READ), rule([''], ['secrets'], ['get'], ['app-credentials', 'tls'])]],
  ['secrets-reader', [rule([''], ['secrets'], READ)]],
  ['debugger', [rule([''], ['pods', 'pods/log'], READ), rule([''], ['pods/exec', 'pods/portforward'], ['create'])]],
  ['leader-election', [rule(['coordination.k8s.io'], ['leases'], [...READ, ...WRITE]), rule([''], ['events'], ['create', 'patch'])]],
  ['job-runner', [rule(['batch'], ['jobs', 'cronjobs'], [...READ, ...WRITE]), rule([''], ['pods'], READ)]],
  ['ingress-admin', [rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], [...READ, ...WRITE])]],
];

for (let n = 0; n < NAMESPACES; n++) {
  const ns = `team-${pad(n)}`;
  docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {pod-security.kubernetes.io/enforce: baseline}`);
  for (let s = 0; s < SA_PER_NS; s++) docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${s === 0 ? 'default' : `app-${s}`}\n  namespace: ${ns}`);
  for (const [name, rules] of ROLE_TEMPLATES.slice(0, ROLES_PER_NS)) {
    docs.push(`apiVersion: ${RBAC}\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n${rules.join('\n')}`);
  }
  for (let b = 0; b < BINDINGS_PER_NS; b++) {
    const toClusterRole = random() < 0.25;
    const roleRef = toClusterRole
      ? `{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${pick(['view', 'view', 'edit', 'admin', `crd-${pad(Math.floor(random() * 150))}-view`])}}`
      : `{apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${ROLE_TEMPLATES[b % ROLES_PER_NS][0]}}`;
    const subjects = [];
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const r = random();
      if (r < 0.6) subjects.push(`  - {kind: ServiceAccount, name: app-${1 + Math.floor(random() * (SA_PER_NS - 1))}${random() < 0.5 ? `, namespace: ${ns}` : ''}}`);
      else if (r < 0.85) subjects.push(`  - {kind: User, name: user-${Math.floor(random() * 2000)}@example.com, apiGroup: rbac.authorization.k8s.io}`);
      else subjects.push(`  - {kind: Group, name: ${ns}-devs, apiGroup: rbac.authorization.k8s.io}`);
    }
    docs.push(`apiVersion: ${RBAC}\nkind: RoleBinding\nmetadata:\n  name: binding-${b}\n  namespace: ${ns}\nroleRef: ${roleRef}\nsubjects:\n${subjects.join('\n')}`);
  }
}

// 700 ClusterRoles: 100 operators, 300 aggregated CRD roles (view and edit for 150 CRDs), 200
// readers, 100 node agents and platform tools.
const clusterRoles = [];
for (let i = 0; i < 100; i++) {
  const rules = [rule([`op${i}.example.com`], ['*'], ['*']), rule([''], ['configmaps', 'services', 'events'], [...READ, ...WRITE]), rule(['apps'], ['deployments', 'statefulsets'], [...READ, ...WRITE])];
  if (i % 10 === 0) rules.push(rule([''], ['secrets'], READ));
  if (i % 25 === 0) rules.push(rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], [...READ, 'update', 'patch']));
  if (i === 42) rules.push(rule(['*'], ['*'], ['*']));
  clusterRoles.push([`operator-${pad(i)}`, rules, '']);
}
for (let i = 0; i < 150; i++) {
  clusterRoles.push([`crd-${pad(i)}-view`, [rule([`crd${i}.example.com`], ['widgets', 'gadgets'], READ)], 'rbac.authorization.k8s.io/aggregate-to-view: "true"']);
  clusterRoles.push([`crd-${pad(i)}-edit`, [rule([`crd${i}.example.com`], ['widgets', 'gadgets'], [...READ, ...WRITE])], 'rbac.authorization.k8s.io/aggregate-to-edit: "true"']);
}
for (let i = 0; i < 200; i++) clusterRoles.push([`reader-${pad(i)}`, [rule(['', 'apps', 'batch'], ['pods', 'deployments', 'jobs', 'services', 'nodes'], READ)], '']);
for (let i = 0; i < 100; i++) {
  const rules = [rule([''], ['nodes', 'nodes/metrics', 'nodes/stats'], READ)];
  if (i % 20 === 0) rules.push(rule([''], ['nodes/proxy'], ['get']));
  if (i % 33 === 0) rules.push(rule(['rbac.authorization.k8s.io'], ['clusterroles', 'clusterrolebindings'], ['get', 'list', 'create', 'bind']));
  clusterRoles.push([`node-agent-${pad(i)}`, rules, '']);
}
for (const [name, rules, label] of clusterRoles) {
  docs.push(`apiVersion: ${RBAC}\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${label ? `  labels:\n    ${label}\n` : ''}rules:\n${rules.join('\n')}`);
}

// 700 ClusterRoleBindings: each operator and node agent to its ServiceAccount, readers to groups
// and users, a few to built-in roles.
const crb = [];
for (let i = 0; i < 100; i++) crb.push([`operator-${pad(i)}`, `operator-${pad(i)}`, `  - {kind: ServiceAccount, name: app-1, namespace: team-${pad(i)}}`]);
for (let i = 0; i < 100; i++) crb.push([`node-agent-${pad(i)}`, `node-agent-${pad(i)}`, `  - {kind: ServiceAccount, name: app-2, namespace: team-${pad(100 + i)}}`]);
for (let i = 0; i < 200; i++) crb.push([`reader-${pad(i)}`, `reader-${pad(i)}`, `  - {kind: Group, name: team-${pad(i)}-devs, apiGroup: rbac.authorization.k8s.io}`]);
for (let i = 0; i < 290; i++) {
  crb.push([`user-${pad(i)}-view`, pick(['view', 'view', `reader-${pad(Math.floor(random() * 200))}`]), `  - {kind: User, name: user-${i}@example.com, apiGroup: rbac.authorization.k8s.io}`]);
}
for (let i = 0; i < 10; i++) crb.push([`platform-admin-${i}`, 'cluster-admin', `  - {kind: User, name: admin-${i}@example.com, apiGroup: rbac.authorization.k8s.io}`]);
for (const [name, role, subjects] of crb) {
  docs.push(`apiVersion: ${RBAC}\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects:\n${subjects}`);
}

writeFileSync(file, `${docs.join('\n---\n')}\n`);
const count = (kind) => docs.filter((d) => d.includes(`\nkind: ${kind}\n`)).length;
process.stderr.write(
  `wrote ${file}: ${count('RoleBinding')} RoleBindings, ${count('ClusterRoleBinding')} ClusterRoleBindings, ${count('Role')} Roles, ${count('ClusterRole')} ClusterRoles, ${count('ServiceAccount')} ServiceAccounts, ${count('Namespace')} Namespaces\n`,
);
