/*
 * Least privilege from audit logs against audit2rbac (test/conformance/rbac/audit2rbac/):
 * - demo.log, audit2rbac's own sample log: the roles expected.json documents (alice's are in
 *   audit2rbac's README; bob's and sa1's follow from its algorithm), both with the discovery role
 *   audit2rbac assumes and with the roles every user has in a Kubernetes v1.37 cluster;
 * - process-cases.json, the 13 table cases of audit2rbac's TestProcessOptions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSources } from '../../src/inputs/load.js';
import { parseAuditLog } from '../../src/rbac/audit/events.js';
import { DEFAULT_GENERATE_OPTIONS, type GeneratedRoles, generateRoles } from '../../src/rbac/audit/generate.js';
import { baselineModel, minimize } from '../../src/rbac/audit/minimize.js';
import type { RequestAttributes } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { plainRule } from '../../src/rbac/rules.js';

const DIR = path.join(import.meta.dirname, 'rbac/audit2rbac');
const strings = z.array(z.string()).optional();
const Rule = z.object({ verbs: z.array(z.string()), apiGroups: strings, resources: strings, resourceNames: strings, nonResourceURLs: strings });
const Generated = z.object({ clusterRules: z.array(Rule).nullable(), roles: z.record(z.string(), z.array(Rule)) });
const Expected = z.object({
  users: z.record(z.string(), Generated.extend({ subject: z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() }) })),
});
const Request = z.union([
  z.object({ resourceRequest: z.literal(true), verb: z.string(), apiGroup: z.string(), resource: z.string(), subresource: z.string(), name: z.string(), namespace: z.string() }),
  z.object({ resourceRequest: z.literal(false), verb: z.string(), path: z.string() }),
]);
const Subject = z.object({ kind: z.string(), name: z.string() });
const Cases = z.object({
  user: z.object({ name: z.string(), groups: z.array(z.string()) }),
  existing: z.object({
    clusterRoles: z.array(z.object({ name: z.string(), rules: z.array(Rule) })),
    clusterRoleBindings: z.array(z.object({ name: z.string(), roleRef: Subject, subjects: z.array(Subject) })),
  }),
  cases: z.array(
    z.object({
      name: z.string(),
      options: z.object({ expandMultipleNamesToUnnamed: z.boolean(), expandMultipleNamespacesToClusterScoped: z.boolean() }),
      requests: z.array(Request),
      expected: Generated,
    }),
  ),
});

const read = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));

/** The generated rules in the shape of the expectations: lists as the API prints them, empty ones left out. */
function shape(g: GeneratedRoles) {
  return {
    clusterRules: g.clusterRules ? g.clusterRules.map(plainRule) : null,
    roles: Object.fromEntries([...g.namespaceRules].map(([ns, rules]) => [ns, rules.map(plainRule)])),
  };
}

function modelOf(existing: z.infer<typeof Cases>['existing']): RbacModel {
  const apiVersion = 'rbac.authorization.k8s.io/v1';
  const items = [
    ...existing.clusterRoles.map((r) => ({ apiVersion, kind: 'ClusterRole', metadata: { name: r.name }, rules: r.rules })),
    ...existing.clusterRoleBindings.map((b) => ({ apiVersion, kind: 'ClusterRoleBinding', metadata: { name: b.name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...b.roleRef }, subjects: b.subjects })),
  ];
  const loaded = loadSources([{ name: 'existing.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
  expect(loaded.problems).toEqual([]);
  return new RbacModel(loaded.objects, { defaults: false });
}

/** audit2rbac's getDiscoveryRoles(): what it assumes every user has. */
const AUDIT2RBAC_DISCOVERY = modelOf({
  clusterRoles: [{ name: 'system:discovery', rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/version', '/swagger*', '/api*'] }] }],
  clusterRoleBindings: [
    { name: 'system:discovery', roleRef: { kind: 'ClusterRole', name: 'system:discovery' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:unauthenticated' }] },
  ],
});

describe('audit2rbac demo.log', () => {
  const log = parseAuditLog(readFileSync(path.join(DIR, 'demo.log'), 'utf8'), 'demo.log');
  const expected = Expected.parse(read('expected.json'));

  it('reads all 37 events', () => {
    expect(log.problems).toEqual([]);
    expect(log.requests).toHaveLength(37);
  });

  it.each(Object.entries(expected.users))('%s, with the roles every v1.37 user has', (user, want) => {
    const [result] = minimize(log.requests, { user, defaults: true });
    expect(result && shape(result.generated)).toEqual({ clusterRules: want.clusterRules, roles: want.roles });
    expect(result?.generated.subject).toEqual(want.subject);
  });

  it.each(Object.entries(expected.users))('%s, with audit2rbac’s discovery role', (user, want) => {
    const requests = log.requests.filter((r) => r.user.name === user);
    expect(shape(generateRoles(AUDIT2RBAC_DISCOVERY, requests))).toEqual({ clusterRules: want.clusterRules, roles: want.roles });
  });

  it('needs rules for the discovery requests when no role is assumed', () => {
    const [bob] = minimize(log.requests, { user: 'bob', defaults: false });
    expect(bob?.generated.clusterRules?.some((r) => r.nonResourceURLs.includes('/api'))).toBe(true);
    expect(baselineModel(false).bindings).toEqual([]);
  });
});

describe('audit2rbac TestProcessOptions', () => {
  const table = Cases.parse(read('process-cases.json'));
  const existing = modelOf(table.existing);
  it('holds the 13 upstream cases', () => expect(table.cases).toHaveLength(13));
  it.each(table.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const requests = c.requests.map((request: RequestAttributes) => ({ user: table.user, request }));
    const generated = generateRoles(existing, requests, { ...DEFAULT_GENERATE_OPTIONS, ...c.options });
    expect(shape(generated)).toEqual(c.expected);
  });
});
