/*
 * Differential test of src/rbac against Kubernetes' own RBAC code (see README.md): random roles,
 * bindings and requests, decided by the RBAC authorizer (plugin/pkg/auth/authorizer/rbac), rule
 * resolution (pkg/registry/rbac/validation RulesFor) and the escalation check's Covers
 * (k8s.io/component-helpers), all v1.37.2, built from test/oracles/rbac; who-can's answers
 * against the authorizer asked for each subject, with and without each name.
 *
 *   RBAC_ORACLE_RUNS=2000 RBAC_ORACLE_SEED=123 npx vitest run test/oracles/rbac.oracle.test.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { loadSources, readFiles } from '../../src/inputs/load.js';
import { authorize, rulesFor } from '../../src/rbac/authorizer.js';
import { covers } from '../../src/rbac/covers.js';
import type { RequestAttributes, ResourceAttributes } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import { type PlainRule, RULE_LISTS, ruleOf } from '../../src/rbac/rules.js';
import type { Principal, UserInfo } from '../../src/rbac/subjects.js';
import { whoCan } from '../../src/rbac/who-can.js';

const ORACLE_DIR = fileURLToPath(new URL('./rbac/', import.meta.url));
const HAVE_GO = goAvailable('rbac');
const WORLDS = Number(process.env.RBAC_ORACLE_RUNS ?? 300);
const SEED = process.env.RBAC_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.RBAC_ORACLE_SEED ?? 20260804);

let oracle: string;
let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'rbac');
  oracle = built.binary;
}, 900_000);

afterAll(() => built?.remove());

function ask(cases: readonly unknown[]): unknown[] {
  const run = spawnSync(oracle, [], { input: cases.map((c) => JSON.stringify(c)).join('\n'), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`RBAC oracle failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(cases.length);
  return lines.map((l): unknown => JSON.parse(l));
}

// Small alphabets, so that random rules and requests meet often.
const NAMESPACES = ['ns1', 'ns2'];
const VERBS = ['get', 'list', 'create', 'impersonate', 'GET'];
const GROUPS = ['', 'apps', 'rbac.authorization.k8s.io'];
const RESOURCES = ['pods', 'pods/exec', 'pods/status', 'deployments', 'deployments/scale', 'users', 'Pods'];
const NAMES = ['a', 'b', ''];
const URLS = ['/api', '/api/v1', '/apis/apps', '/healthz', '/'];
const USERS = ['alice', 'bob', 'system:serviceaccount:ns1:sa1', 'system:serviceaccount:ns2:sa1', 'system:serviceaccount:ns1:sa2'];
const GROUP_NAMES = ['devs', 'system:authenticated', 'system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:masters'];

const subset = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 0, maxLength: values.length });
const some = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1, maxLength: 2 });
// Mostly short non-empty lists (a rule with an empty list allows nothing), sometimes with '*'.
const withStar = (values: readonly string[]) =>
  fc.oneof({ weight: 6, arbitrary: some(values) }, { weight: 2, arbitrary: some([...values, '*']) }, { weight: 1, arbitrary: subset(values) });

const resourcesArb = fc.oneof({ weight: 4, arbitrary: withStar(RESOURCES) }, { weight: 1, arbitrary: subset(['*/scale', '*/exec', 'pods']) });
const resourceNamesArb = fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: subset(NAMES) });
const urlsArb = subset([...URLS, '/api/*', '/ap*', '*', '/apis**']);

const ruleArb: fc.Arbitrary<PlainRule> = fc.record({
  verbs: withStar(VERBS),
  apiGroups: withStar(GROUPS),
  resources: resourcesArb,
  resourceNames: resourceNamesArb,
  nonResourceURLs: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: urlsArb }),
});

/**
 * The rules of the worlds' roles: mostly rules the API server stores (for resources, often for
 * some resourceNames, so that a role's rules name different names for one request; for
 * non-resource URLs alone, in ClusterRoles), sometimes any rule, which it often refuses (non-resource
 * URLs with resources, or in a Role; no verbs), and then the whole role never exists.
 */
const resourceRuleArb: fc.Arbitrary<PlainRule> = fc.record({
  verbs: withStar(VERBS),
  apiGroups: withStar(GROUPS),
  resources: resourcesArb,
  resourceNames: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: some(NAMES.filter((n) => n !== '')) }, { weight: 1, arbitrary: subset(NAMES) }),
  nonResourceURLs: fc.constant<string[]>([]),
});
const urlRuleArb: fc.Arbitrary<PlainRule> = fc.record({ verbs: withStar(VERBS), apiGroups: fc.constant<string[]>([]), resources: fc.constant<string[]>([]), resourceNames: fc.constant<string[]>([]), nonResourceURLs: urlsArb });
const roleRuleArb = fc.oneof({ weight: 20, arbitrary: resourceRuleArb }, { weight: 1, arbitrary: urlRuleArb }, { weight: 1, arbitrary: ruleArb });
const clusterRoleRuleArb = fc.oneof({ weight: 8, arbitrary: resourceRuleArb }, { weight: 2, arbitrary: urlRuleArb }, { weight: 1, arbitrary: ruleArb });

const subjectArb = fc.oneof(
  fc.record({ kind: fc.constant('User'), name: fc.constantFrom(...USERS) }),
  fc.record({ kind: fc.constant('Group'), name: fc.constantFrom(...GROUP_NAMES) }),
  fc.record({ kind: fc.constant('ServiceAccount'), name: fc.constantFrom('sa1', 'sa2') }),
  fc.record({ kind: fc.constant('ServiceAccount'), name: fc.constantFrom('sa1', 'sa2'), namespace: fc.constantFrom(...NAMESPACES) }),
  fc.record({ kind: fc.constant('Robot'), name: fc.constantFrom(...USERS) }),
);

interface World {
  roles: Array<{ metadata: { name: string; namespace: string }; rules: PlainRule[] }>;
  clusterRoles: Array<{ metadata: { name: string }; rules: PlainRule[] }>;
  roleBindings: Array<{ metadata: { name: string; namespace: string }; roleRef: { apiGroup: string; kind: string; name: string }; subjects: unknown[] }>;
  clusterRoleBindings: Array<{ metadata: { name: string }; roleRef: { apiGroup: string; kind: string; name: string }; subjects: unknown[] }>;
}

const ROLE_NAMES = ['r0', 'r1', 'r2'];
const roleRefArb = fc.record({ apiGroup: fc.constant('rbac.authorization.k8s.io'), kind: fc.constantFrom('Role', 'ClusterRole'), name: fc.constantFrom(...ROLE_NAMES, 'missing') });

// Sometimes a role gives one grant for name a in one rule and for name b in another.
const splitByNames = fc.tuple(resourceRuleArb, fc.array(resourceRuleArb, { maxLength: 1 })).map(([rule, others]) => [{ ...rule, resourceNames: ['a'] }, ...others, { ...rule, resourceNames: ['b'] }]);
const roleRulesArb = fc.oneof({ weight: 3, arbitrary: fc.array(roleRuleArb, { minLength: 0, maxLength: 3 }) }, { weight: 1, arbitrary: splitByNames });
const clusterRoleRulesArb = fc.oneof({ weight: 3, arbitrary: fc.array(clusterRoleRuleArb, { minLength: 0, maxLength: 3 }) }, { weight: 1, arbitrary: splitByNames });
const worldArb: fc.Arbitrary<World> = fc
  .record({
    // Every role name exists in most places, so that bindings resolve often; 'missing' never does.
    roles: fc.array(fc.tuple(fc.constantFrom(...ROLE_NAMES), fc.constantFrom(...NAMESPACES), roleRulesArb), { minLength: 2, maxLength: 6 }),
    clusterRoles: fc.array(fc.tuple(fc.constantFrom(...ROLE_NAMES), clusterRoleRulesArb), { minLength: 1, maxLength: 3 }),
    roleBindings: fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACES), roleRef: roleRefArb, subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }) }), { maxLength: 6 }),
    clusterRoleBindings: fc.array(fc.record({ roleRef: roleRefArb, subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }) }), { maxLength: 4 }),
  })
  .map((w) => ({
    // Duplicates (same namespace and name) are kept on purpose: both sides take the first.
    roles: w.roles.map(([name, namespace, rules]) => ({ metadata: { name, namespace }, rules })),
    clusterRoles: w.clusterRoles.map(([name, rules]) => ({ metadata: { name }, rules })),
    roleBindings: w.roleBindings.map((b, i) => ({ metadata: { name: `rb${i}`, namespace: b.namespace }, roleRef: b.roleRef, subjects: b.subjects })),
    clusterRoleBindings: w.clusterRoleBindings.map((b, i) => ({ metadata: { name: `crb${i}` }, roleRef: b.roleRef, subjects: b.subjects })),
  }));

const userArb: fc.Arbitrary<UserInfo> = fc.record({ name: fc.constantFrom(...USERS, ''), groups: fc.oneof(subset(GROUP_NAMES), fc.constant(['system:authenticated'])) });

const requestArb: fc.Arbitrary<RequestAttributes> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ resourceRequest: fc.constant(true as const), verb: fc.constantFrom(...VERBS), apiGroup: fc.constantFrom(...GROUPS), resource: fc.constantFrom('pods', 'deployments', 'users', 'Pods'), subresource: fc.constantFrom('', 'exec', 'status', 'scale'), name: fc.constantFrom(...NAMES), namespace: fc.constantFrom('', ...NAMESPACES) }) },
  { weight: 1, arbitrary: fc.record({ resourceRequest: fc.constant(false as const), verb: fc.constantFrom(...VERBS), path: fc.constantFrom(...URLS, '/apis', '/apiserver', '/apis/apps/v1') }) },
);

/**
 * Requests aimed at the world's own grants (a subject of each binding asking for what the first
 * rule of its role names, or with `everyRule` each rule), so that many are allowed.
 */
function aimedRequests(world: World, everyRule = false): Array<[UserInfo, RequestAttributes]> {
  const concrete = (values: readonly string[] | undefined, fallback: string) => {
    const first = values?.[0];
    return first === undefined || first === '*' ? fallback : first;
  };
  const out: Array<[UserInfo, RequestAttributes]> = [];
  const bindings = [...world.roleBindings.map((b) => ({ ...b, namespace: b.metadata.namespace })), ...world.clusterRoleBindings.map((b) => ({ ...b, namespace: '' }))];
  for (const b of bindings) {
    const roles = b.roleRef.kind === 'Role' ? world.roles.filter((r) => r.metadata.namespace === b.namespace) : world.clusterRoles;
    const rules = roles.find((r) => r.metadata.name === b.roleRef.name)?.rules ?? [];
    const subject = record(b.subjects[0]);
    if (!subject) continue;
    const name = typeof subject.name === 'string' ? subject.name : '';
    const ns = typeof subject.namespace === 'string' ? subject.namespace : b.namespace;
    const user: UserInfo =
      subject.kind === 'Group' ? { name: 'zed', groups: [name] } : subject.kind === 'ServiceAccount' ? { name: `system:serviceaccount:${ns}:${name}`, groups: [] } : { name, groups: [] };
    const namespace = b.namespace || 'ns1';
    for (const rule of everyRule ? rules : rules.slice(0, 1)) {
      const [resource = 'pods', subresource = ''] = concrete(rule.resources, 'pods').split('/');
      // A rule for non-resource URLs alone is aimed at with a non-resource request, a rule for resources alone with a resource request.
      const urls = (rule.nonResourceURLs?.length ?? 0) > 0;
      if (!urls || (rule.resources?.length ?? 0) > 0) {
        out.push([user, { resourceRequest: true, verb: concrete(rule.verbs, 'get'), apiGroup: concrete(rule.apiGroups, ''), resource: resource === '*' ? 'pods' : resource, subresource, name: concrete(rule.resourceNames, ''), namespace }]);
      }
      if (urls) out.push([user, { resourceRequest: false, verb: concrete(rule.verbs, 'get'), path: concrete(rule.nonResourceURLs, '/api').replace(/\*+$/, '') }]);
    }
  }
  return out;
}

/** Requests without a name aimed at the world's rules for some names, in the namespace of each binding to them. */
function aimedUnnamedRequests(world: World): ResourceAttributes[] {
  const concrete = (values: readonly string[], fallback: string) => values.find((v) => v !== '*') ?? fallback;
  const bindings = [...world.roleBindings.map((b) => ({ ...b, namespace: b.metadata.namespace })), ...world.clusterRoleBindings.map((b) => ({ ...b, namespace: '' }))];
  return bindings.flatMap((b) => {
    const roles = b.roleRef.kind === 'Role' ? world.roles.filter((r) => r.metadata.namespace === b.namespace) : world.clusterRoles;
    const rules = roles.find((r) => r.metadata.name === b.roleRef.name)?.rules ?? [];
    return rules.flatMap((rule) => {
      if (rule.resourceNames.length === 0) return [];
      const [resource = 'pods', subresource = ''] = concrete(rule.resources, 'pods').split('/');
      return [{ resourceRequest: true as const, verb: concrete(rule.verbs, 'get'), apiGroup: concrete(rule.apiGroups, ''), resource: resource === '*' ? 'pods' : resource, subresource, name: '', namespace: b.namespace }];
    });
  });
}

function modelOf(world: World): RbacModel {
  const apiVersion = 'rbac.authorization.k8s.io/v1';
  const items = [
    ...world.roles.map((o) => ({ apiVersion, kind: 'Role', ...o })),
    ...world.clusterRoles.map((o) => ({ apiVersion, kind: 'ClusterRole', ...o })),
    ...world.roleBindings.map((o) => ({ apiVersion, kind: 'RoleBinding', ...o })),
    ...world.clusterRoleBindings.map((o) => ({ apiVersion, kind: 'ClusterRoleBinding', ...o })),
  ];
  const loaded = loadSources([{ name: 'world.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
  return new RbacModel(loaded.objects, { defaults: false });
}

/**
 * The world as a cluster holds it: without the roles and bindings the API server refuses
 * (Rampart's model drops them; upstream's authorizer and resolver read whatever they are given).
 * Upstream's validation pulls in most of the API server's dependencies, so they are sorted out with
 * Rampart's port of it (test/rbac/binding-validation.test.ts and role-validation.test.ts check it).
 * A refused role is dropped by its place in the world, so that a later copy of its name is the one
 * a cluster holds, on both sides.
 */
function admitted(world: World): World {
  const refused = new Set(modelOf(world).rejected.map((r) => r.object.source.basePath[1]));
  const kept = <T>(list: readonly T[], offset: number) => list.filter((_, i) => !refused.has(offset + i));
  const roles = world.roles.length;
  const clusterRoles = roles + world.clusterRoles.length;
  const roleBindings = clusterRoles + world.roleBindings.length;
  return {
    roles: kept(world.roles, 0),
    clusterRoles: kept(world.clusterRoles, roles),
    roleBindings: kept(world.roleBindings, clusterRoles),
    clusterRoleBindings: kept(world.clusterRoleBindings, roleBindings),
  };
}

/** A rule as five lists, for comparing with Go's JSON (which leaves empty lists out). */
function lists(rule: Partial<Record<string, unknown>>): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const list of RULE_LISTS) {
    const value = rule[list];
    out[list] = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }
  return out;
}

const answerOf = <T>(schema: (v: unknown) => T | undefined, value: unknown): T => {
  const parsed = schema(value);
  if (parsed === undefined) throw new Error(`unexpected oracle answer: ${JSON.stringify(value)}`);
  return parsed;
};
const record = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : undefined);

describe.skipIf(!HAVE_GO)('RBAC differential oracle (kubernetes v1.37.2)', () => {
  it(`agrees on Authorize and RulesFor over ${WORLDS} random worlds (seed ${SEED})`, () => {
    const samples = fc.sample(fc.tuple(worldArb, fc.array(fc.tuple(userArb, requestArb), { minLength: 20, maxLength: 20 }), userArb, fc.constantFrom('', ...NAMESPACES)), { numRuns: WORLDS, seed: SEED });
    const withAimed = samples.map(([world, requests, user, namespace]) => [world, [...requests, ...aimedRequests(world, true)], user, namespace] as const);
    const cases = withAimed.flatMap(([world, requests, user, namespace]) => [
      { op: 'authorize', world: admitted(world), requests: requests.map(([u, r]) => ({ user: u, ...r })) },
      { op: 'rules', world: admitted(world), user, namespace },
    ]);
    const answers = ask(cases);
    const mismatches: string[] = [];
    let allowed = 0;
    let total = 0;
    withAimed.forEach(([world, requests, user, namespace], i) => {
      const model = modelOf(world);
      const decisions = answerOf((v) => {
        const list = record(v)?.allowed;
        return Array.isArray(list) ? list : undefined;
      }, answers[2 * i]);
      requests.forEach(([u, r], j) => {
        const ours = authorize(model, u, r).allowed;
        total++;
        if (decisions[j] === true) allowed++;
        if (ours !== decisions[j]) mismatches.push(`authorize ${JSON.stringify({ world, user: u, request: r })}: upstream ${String(decisions[j])}, rampart ${ours}`);
      });
      const theirs = answerOf((v) => {
        const list = record(v)?.rules;
        return Array.isArray(list) ? list.map((x) => lists(record(x) ?? {})) : undefined;
      }, answers[2 * i + 1]);
      const ours = rulesFor(model, user, namespace).map((g) => lists({ ...g.rule }));
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(`rules ${JSON.stringify({ world, user, namespace })}: upstream ${JSON.stringify(theirs)}, rampart ${JSON.stringify(ours)}`);
    });
    expect(mismatches.slice(0, 3), `${mismatches.length} answers differ (seed ${SEED})`).toEqual([]);
    // Both outcomes must be well represented, or the sample proves little.
    expect(allowed).toBeGreaterThan(total / 40);
    expect(total - allowed).toBeGreaterThan(total / 4);
  });

  it('agrees on Authorize and RulesFor in the world of the real-world corpus: every subject bound there, asking for what its grants name and for what attackers want', () => {
    // The corpus joins projects that reuse names, while a cluster holds one object per kind,
    // namespace and name. Rampart reads copies in several files as alternative installs (each
    // binding through the role written nearest to it, docs/rbac.md), which no one cluster is: both
    // authorizers get the first copy of each, as a cluster the corpus's files were applied to in reverse.
    const seen = new Set<string>();
    const objects = loadSources(readFiles(['test/corpus']).sources).objects.filter((o) => {
      const key = `${o.apiVersion}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
      if (o.apiVersion !== 'rbac.authorization.k8s.io/v1' || seen.has(key)) return o.apiVersion !== 'rbac.authorization.k8s.io/v1';
      seen.add(key);
      return true;
    });
    const of = (kind: string) => objects.filter((o) => o.apiVersion === 'rbac.authorization.k8s.io/v1' && o.kind === kind).map((o) => o.body as never);
    const model = new RbacModel(objects, { defaults: false });
    // The authorizer reads an aggregated ClusterRole's rules as the aggregation controller leaves
    // them, which the oracle does not run (README): upstream gets them as Rampart fills them.
    const clusterRoles = of('ClusterRole').map((role: { metadata: { name: string }; aggregationRule?: unknown }) =>
      role.aggregationRule === undefined ? role : { ...role, rules: (model.clusterRole(role.metadata.name)?.rules ?? []).map((r) => ({ ...lists({ ...r }) })) },
    );
    const world: World = { roles: of('Role'), clusterRoles: clusterRoles as never, roleBindings: of('RoleBinding'), clusterRoleBindings: of('ClusterRoleBinding') };
    const namespaces = [...new Set(objects.map((o) => o.namespace).filter((n): n is string => typeof n === 'string' && n !== ''))].slice(0, 6);
    const users = new Map<string, UserInfo>();
    for (const binding of [...world.roleBindings, ...world.clusterRoleBindings]) {
      for (const subject of binding.subjects ?? []) {
        const s = record(subject);
        const name = typeof s?.name === 'string' ? s.name : '';
        const ns = typeof s?.namespace === 'string' ? s.namespace : (binding.metadata as { namespace?: string }).namespace ?? '';
        const user: UserInfo = s?.kind === 'Group' ? { name: 'someone', groups: [name, 'system:authenticated'] } : s?.kind === 'ServiceAccount' ? { name: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] } : { name, groups: ['system:authenticated'] };
        users.set(JSON.stringify(user), user);
      }
    }
    // verb, API group, resource, subresource, name
    const wanted = (
      [
        ['get', '', 'secrets', '', ''],
        ['list', '', 'secrets', '', ''],
        ['create', '', 'pods', '', ''],
        ['create', '', 'pods', 'exec', ''],
        ['patch', 'apps', 'deployments', '', ''],
        ['update', '', 'configmaps', '', 'leader'],
        ['create', '', 'serviceaccounts', 'token', ''],
        ['escalate', 'rbac.authorization.k8s.io', 'clusterroles', '', ''],
        ['bind', 'rbac.authorization.k8s.io', 'rolebindings', '', ''],
        ['impersonate', '', 'users', '', 'admin'],
        ['get', '', 'nodes', 'proxy', ''],
        ['create', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', '', ''],
        ['watch', 'cert-manager.io', 'certificates', '', ''],
      ] as const
    ).map(([verb, apiGroup, resource, subresource, name]) => ({ resourceRequest: true as const, verb, apiGroup, resource, subresource, name }));
    const requests: Array<[UserInfo, RequestAttributes]> = [...aimedRequests(world)];
    for (const user of users.values()) {
      for (const namespace of ['', ...namespaces]) for (const request of wanted) requests.push([user, { ...request, namespace }]);
      requests.push([user, { resourceRequest: false, verb: 'get', path: '/metrics' }]);
    }
    const rulesCases = [...users.values()].flatMap((user) => ['', ...namespaces].map((namespace) => ({ user, namespace })));
    const answers = ask([{ op: 'authorize', world, requests: requests.map(([u, r]) => ({ user: u, ...r })) }, ...rulesCases.map((c) => ({ op: 'rules', world, ...c }))]);
    const decisions = record(answers[0])?.allowed as boolean[];
    let allowed = 0;
    requests.forEach(([user, request], i) => {
      if (decisions[i]) allowed++;
      expect(authorize(model, user, request).allowed, JSON.stringify({ user, request })).toBe(decisions[i]);
    });
    rulesCases.forEach(({ user, namespace }, i) => {
      const theirs = (record(answers[i + 1])?.rules as unknown[]).map((x) => lists(record(x) ?? {}));
      expect(rulesFor(model, user, namespace).map((g) => lists({ ...g.rule })), JSON.stringify({ user, namespace })).toEqual(theirs);
    });
    expect(users.size).toBeGreaterThan(30);
    expect(allowed).toBeGreaterThan(requests.length / 40);
    expect(requests.length - allowed).toBeGreaterThan(requests.length / 4);
  });

  it(`agrees with who-can over ${WORLDS} random worlds: who is allowed a request without a name, and for which names the others are (seed ${SEED})`, () => {
    // A subject as the requester it stands for, keyed as upstream tells requesters apart: a User
    // subject named system:serviceaccount:NS:NAME is that ServiceAccount.
    const requesterOf = (p: Principal): [string, UserInfo] => {
      if (p.kind === 'Group') return [`group ${p.name}`, { name: '', groups: [p.name] }];
      const name = p.kind === 'ServiceAccount' ? `system:serviceaccount:${p.namespace ?? ''}:${p.name}` : p.name;
      return [`user ${name}`, { name, groups: [] }];
    };
    const samples = fc.sample(fc.tuple(worldArb, fc.array(requestArb, { minLength: 5, maxLength: 5 })), { numRuns: WORLDS, seed: SEED });
    const worlds = samples.map(([world, requests]) => {
      const model = modelOf(world);
      const requesters = new Map<string, UserInfo>();
      for (const b of model.bindings) {
        for (const p of b.principals) if (p) requesters.set(...requesterOf(p));
      }
      const candidates = [...requests.filter((r): r is ResourceAttributes => r.resourceRequest).map((r) => ({ ...r, name: '' })), ...aimedUnnamedRequests(world)];
      const unnamed = [...new Map(candidates.map((r) => [JSON.stringify(r), r])).values()];
      const asked = unnamed.flatMap((request) => [...requesters].flatMap(([key, user]) => NAMES.map((name) => ({ key, request, user, name }))));
      return { world, model, unnamed, asked };
    });
    const answers = ask(worlds.map((w) => ({ op: 'authorize', world: admitted(w.world), requests: w.asked.map((a) => ({ user: a.user, ...a.request, name: a.name })) })));
    const mismatches: string[] = [];
    let restricted = 0;
    worlds.forEach(({ world, model, unnamed, asked }, i) => {
      const decisions = answerOf((v) => {
        const list = record(v)?.allowed;
        return Array.isArray(list) ? list : undefined;
      }, answers[i]);
      // Upstream: per request and requester, allowed without a name, and the names it is allowed for.
      const theirs = new Map<string, { allowed: boolean; names: string[] }>();
      asked.forEach(({ key, request, name }, j) => {
        const k = `${JSON.stringify(request)} ${key}`;
        const entry = theirs.get(k) ?? { allowed: false, names: [] };
        if (decisions[j] === true) {
          if (name === '') entry.allowed = true;
          else entry.names.push(name);
        }
        theirs.set(k, entry);
      });
      for (const request of unnamed) {
        const answer = whoCan(model, request);
        const ours = new Map<string, { allowed: boolean; names: Set<string> }>();
        const entry = (p: Principal) => {
          const key = `${JSON.stringify(request)} ${requesterOf(p)[0]}`;
          const e = ours.get(key) ?? { allowed: false, names: new Set<string>() };
          ours.set(key, e);
          return e;
        };
        for (const s of answer.allowed) entry(s.principal).allowed = true;
        for (const s of answer.restricted) for (const n of s.names) entry(s.principal).names.add(n);
        for (const [key, t] of theirs) {
          if (!key.startsWith(`${JSON.stringify(request)} `)) continue;
          const o = ours.get(key) ?? { allowed: false, names: new Set<string>() };
          const expected = t.allowed ? { allowed: true, names: [] } : { allowed: false, names: t.names.sort() };
          const got = { allowed: o.allowed, names: o.allowed ? [] : [...o.names].sort() };
          if (!t.allowed && t.names.length > 0) restricted++;
          if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`who-can ${JSON.stringify({ world, request, requester: key })}: upstream ${JSON.stringify(expected)}, rampart ${JSON.stringify(got)}`);
        }
      }
    });
    expect(mismatches.slice(0, 3), `${mismatches.length} answers differ (seed ${SEED})`).toEqual([]);
    // Subjects allowed only for some names must be well represented, or the sample proves little.
    expect(restricted).toBeGreaterThan(WORLDS / 5);
  });

  it(`agrees on Covers for ${WORLDS * 5} random rule sets (seed ${SEED})`, () => {
    const samples = fc.sample(fc.tuple(fc.array(ruleArb, { maxLength: 4 }), fc.array(ruleArb, { minLength: 1, maxLength: 2 })), { numRuns: WORLDS * 5, seed: SEED });
    const answers = ask(samples.map(([owner, servant]) => ({ op: 'covers', owner, servant })));
    let covered = 0;
    samples.forEach(([owner, servant], i) => {
      const theirs = answerOf((v) => {
        const r = record(v);
        return r && typeof r.covered === 'boolean' && Array.isArray(r.uncovered) ? { covered: r.covered, uncovered: r.uncovered.map((x) => lists(record(x) ?? {})) } : undefined;
      }, answers[i]);
      const result = covers(owner.map((r) => ruleOf(r)), servant.map((r) => ruleOf(r)));
      if (result.covered) covered++;
      expect({ covered: result.covered, uncovered: result.uncovered.map((r) => lists({ ...r })) }, JSON.stringify({ owner, servant })).toEqual(theirs);
    });
    expect(covered).toBeGreaterThan(samples.length / 20);
  });
});
