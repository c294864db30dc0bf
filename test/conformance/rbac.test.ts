/*
 * Every vector of the Kubernetes RBAC conformance data (test/conformance/rbac/README.md):
 * RuleAllows, authorizer decisions over roles and bindings, the escalation check's Covers,
 * non-resource URL coverage, subject matching and rule resolution, against src/rbac.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSources } from '../../src/inputs/load.js';
import { authorize, rulesFor } from '../../src/rbac/authorizer.js';
import { covers, nonResourceURLCovers } from '../../src/rbac/covers.js';
import { type RequestAttributes, ruleAllows } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { plainRule, ruleOf } from '../../src/rbac/rules.js';
import { firstApplyingSubject } from '../../src/rbac/subjects.js';

const strings = z.array(z.string()).optional();
const Rule = z.object({ verbs: strings, apiGroups: strings, resources: strings, resourceNames: strings, nonResourceURLs: strings });
const Subject = z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() });
const RoleRef = z.object({ kind: z.string(), name: z.string() });
const ResourceRequest = z.object({
  resourceRequest: z.literal(true),
  verb: z.string(),
  apiGroup: z.string(),
  resource: z.string(),
  subresource: z.string(),
  name: z.string(),
  namespace: z.string(),
});
const NonResourceRequest = z.object({ resourceRequest: z.literal(false), verb: z.string(), path: z.string() });
const AuthorizerRequest = z.object({
  user: z.string().optional(),
  groups: z.array(z.string()).optional(),
  verb: z.string(),
  path: z.string().optional(),
  resource: z.string().optional(),
  subresource: z.string().optional(),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});
const Rbac = {
  roles: z.array(z.object({ namespace: z.string(), name: z.string(), rules: z.array(Rule) })).optional(),
  clusterRoles: z.array(z.object({ name: z.string(), rules: z.array(Rule) })).optional(),
  roleBindings: z.array(z.object({ namespace: z.string(), roleRef: RoleRef, subjects: z.array(Subject) })).optional(),
  clusterRoleBindings: z.array(z.object({ roleRef: RoleRef, subjects: z.array(Subject) })).optional(),
};
const Vectors = z.object({
  ruleAllows: z.array(z.object({ name: z.string(), rule: Rule, cases: z.array(z.object({ request: z.union([ResourceRequest, NonResourceRequest]), expected: z.boolean() })) })),
  authorizer: z.array(z.object({ name: z.string(), ...Rbac, shouldPass: z.array(AuthorizerRequest), shouldFail: z.array(AuthorizerRequest) })),
  covers: z.array(z.object({ name: z.string(), ownerRules: z.array(Rule), servantRules: z.array(Rule), expectedCovered: z.boolean(), expectedUncoveredRules: z.array(Rule) })),
  nonResourceURLCovers: z.array(z.object({ owner: z.string(), requested: z.string(), expected: z.boolean() })),
  appliesTo: z.array(z.object({ name: z.string(), subjects: z.array(Subject), user: z.object({ name: z.string(), groups: z.array(z.string()).optional() }), bindingNamespace: z.string(), expected: z.boolean() })),
  ruleResolver: z.object({
    ...Rbac,
    cases: z.array(z.object({ user: z.object({ name: z.string().optional(), groups: z.array(z.string()).optional() }), namespace: z.string(), effectiveRules: z.array(z.string()) })),
  }),
});

const vectors = Vectors.parse(JSON.parse(readFileSync(path.join(import.meta.dirname, 'rbac/k8s-rbac-test-vectors.json'), 'utf8')));

type RbacObjects = { [K in keyof typeof Rbac]?: z.infer<(typeof Rbac)[K]> };

type VectorRule = z.infer<typeof Rule>;

/**
 * Upstream's authorizer test hands the authorizer rules for both resources and non-resource URLs
 * (`admin(*,*,*)`), which the API server refuses (ValidatePolicyRule) and Rampart's model therefore
 * leaves out. To the authorizer such a rule is its two halves: a resource request reads only the
 * verbs, groups, resources and names, a non-resource request only the verbs and URLs.
 */
function asStored(rules: readonly VectorRule[]): VectorRule[] {
  return rules.flatMap((rule) => {
    const { nonResourceURLs, ...resources } = rule;
    const both = (nonResourceURLs?.length ?? 0) > 0 && [rule.apiGroups, rule.resources, rule.resourceNames].some((l) => (l?.length ?? 0) > 0);
    return both ? [resources, { verbs: rule.verbs, nonResourceURLs }] : [rule];
  });
}

/** The vectors' roles and bindings as manifests, through the normal loader; no bootstrap policy. */
function modelOf(rbac: RbacObjects): RbacModel {
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace !== undefined ? { namespace } : {}) });
  const apiVersion = 'rbac.authorization.k8s.io/v1';
  const items = [
    ...(rbac.roles ?? []).map((r) => ({ apiVersion, kind: 'Role', metadata: meta(r.name, r.namespace), rules: asStored(r.rules) })),
    ...(rbac.clusterRoles ?? []).map((r) => ({ apiVersion, kind: 'ClusterRole', metadata: meta(r.name), rules: asStored(r.rules) })),
    ...(rbac.roleBindings ?? []).map((b, i) => ({ apiVersion, kind: 'RoleBinding', metadata: meta(`rb${i}`, b.namespace), roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...b.roleRef }, subjects: b.subjects })),
    ...(rbac.clusterRoleBindings ?? []).map((b, i) => ({ apiVersion, kind: 'ClusterRoleBinding', metadata: meta(`crb${i}`), roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...b.roleRef }, subjects: b.subjects })),
  ];
  const loaded = loadSources([{ name: 'vectors.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
  expect(loaded.problems).toEqual([]);
  const model = new RbacModel(loaded.objects, { defaults: false });
  expect(model.rejected).toEqual([]);
  return model;
}

function requestOf(r: z.infer<typeof AuthorizerRequest>): RequestAttributes {
  if (r.path !== undefined) return { resourceRequest: false, verb: r.verb, path: r.path };
  return { resourceRequest: true, verb: r.verb, apiGroup: r.apiGroup ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: '', namespace: r.namespace ?? '' };
}

describe('ruleAllows (RuleAllows)', () => {
  const cases = vectors.ruleAllows.flatMap((v) => v.cases.map((c, i) => [`${v.name} #${i}`, v.rule, c.request, c.expected] as const));
  it('covers every upstream case', () => expect(cases.length).toBe(91));
  it.each(cases)('%s', (_name, rule, request, expected) => {
    expect(ruleAllows(request, ruleOf(rule))).toBe(expected);
  });
});

describe('authorizer (Authorize)', () => {
  const requests = vectors.authorizer.flatMap((scenario) => [
    ...scenario.shouldPass.map((r, i) => [`${scenario.name}: pass #${i}`, scenario, r, true] as const),
    ...scenario.shouldFail.map((r, i) => [`${scenario.name}: fail #${i}`, scenario, r, false] as const),
  ]);
  it('covers the 4 upstream scenarios', () => expect(vectors.authorizer).toHaveLength(4));
  it.each(requests)('%s', (_name, scenario, request, expected) => {
    const model = modelOf(scenario);
    const decision = authorize(model, { name: request.user ?? '', groups: request.groups ?? [] }, requestOf(request));
    expect(decision.allowed).toBe(expected);
  });
});

describe('covers (escalation check)', () => {
  it.each(vectors.covers.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const result = covers(v.ownerRules.map((r) => ruleOf(r)), v.servantRules.map((r) => ruleOf(r)));
    expect(result.covered).toBe(v.expectedCovered);
    expect(result.uncovered.map(plainRule)).toEqual(v.expectedUncoveredRules.map((r) => plainRule(ruleOf(r))));
  });
});

describe('nonResourceURLCovers', () => {
  it.each(vectors.nonResourceURLCovers.map((v) => [`${v.owner} covers "${v.requested}"`, v] as const))('%s', (_name, v) => {
    expect(nonResourceURLCovers(v.owner, v.requested)).toBe(v.expected);
  });
});

describe('appliesTo (subject matching)', () => {
  it.each(vectors.appliesTo.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const subjects = v.subjects.map((s, i) => ({ ...s, namespace: s.namespace, path: ['subjects', i] }));
    expect(firstApplyingSubject({ name: v.user.name, groups: v.user.groups ?? [] }, subjects, v.bindingNamespace) >= 0).toBe(v.expected);
  });
});

describe('rule resolution (RulesFor)', () => {
  const resolver = vectors.ruleResolver;
  it.each(resolver.cases.map((c, i) => [`case ${i}: ${c.user.name ?? '(no user)'} in "${c.namespace}"`, c] as const))('%s', (_name, c) => {
    const model = modelOf(resolver);
    const rules = rulesFor(model, { name: c.user.name ?? '', groups: c.user.groups ?? [] }, c.namespace);
    expect(rules.map((g) => `${g.role.name}[${g.rule.index}]`)).toEqual(c.effectiveRules);
  });
});
