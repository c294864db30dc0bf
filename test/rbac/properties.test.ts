/*
 * Properties over random rules and inputs: the escalation check's Covers never claims more than
 * RuleAllows grants; who-can lists for some names exactly the names the authorizer allows;
 * audit2rbac's compaction never changes what rules allow; the audit log reader and the subject
 * parser never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../src/rbac/audit/events.js';
import { compactGenerated } from '../../src/rbac/audit/generate.js';
import { loadSources } from '../../src/inputs/load.js';
import { authorize } from '../../src/rbac/authorizer.js';
import { covers } from '../../src/rbac/covers.js';
import { type RequestAttributes, ruleAllows, rulesAllow } from '../../src/rbac/matching.js';
import { RbacModel } from '../../src/rbac/model.js';
import type { PlainRule } from '../../src/rbac/rules.js';
import { describePrincipal, parsePrincipal, type Principal } from '../../src/rbac/subjects.js';
import { whoCan } from '../../src/rbac/who-can.js';

const VERBS = ['get', 'list', 'create', 'bind'];
const GROUPS = ['', 'apps'];
const RESOURCES = ['pods', 'pods/exec', 'deployments', 'deployments/scale'];
const NAMES = ['a', 'b'];
const URLS = ['/api', '/api/v1', '/apis', '/healthz'];

const pick = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 0, maxLength: values.length });
const withStar = (values: readonly string[]) => fc.oneof({ weight: 4, arbitrary: pick(values) }, { weight: 1, arbitrary: pick([...values, '*']) });

const ruleArb: fc.Arbitrary<PlainRule> = fc.record({
  verbs: withStar(VERBS),
  apiGroups: withStar(GROUPS),
  resources: fc.oneof(withStar(RESOURCES), pick([...RESOURCES, '*/scale', '*/exec'])),
  resourceNames: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: pick(NAMES) }),
  nonResourceURLs: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: pick([...URLS, '/api/*', '/ap*', '*']) }),
});

/** Every request the small alphabet can express. */
const UNIVERSE: RequestAttributes[] = [
  ...VERBS.flatMap((verb) =>
    GROUPS.flatMap((apiGroup) =>
      RESOURCES.flatMap((combined) => {
        const [resource = '', subresource = ''] = combined.split('/');
        return ['', ...NAMES].map((name) => ({ resourceRequest: true as const, verb, apiGroup, resource, subresource, name, namespace: '' }));
      }),
    ),
  ),
  ...VERBS.flatMap((verb) => URLS.map((path) => ({ resourceRequest: false as const, verb, path }))),
];

describe('Covers', () => {
  it('covers only what the owner rules allow', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), ruleArb, (owners, servant) => {
        if (!covers(owners, [servant]).covered) return;
        for (const request of UNIVERSE) if (ruleAllows(request, servant)) expect(rulesAllow(request, owners)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('covers a rule by itself, except (as upstream) a rule with both resourceNames and nonResourceURLs', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const quirk = rule.resourceNames.length > 0 && rule.nonResourceURLs.length > 0 && rule.verbs.length > 0;
        // Upstream breaks the URLs out without names, and an owner with names covers no nameless piece.
        expect(covers([rule], [rule]).covered).toBe(!quirk);
      }),
      { numRuns: 300 },
    );
  });
});

describe('who-can', () => {
  const RBAC = 'rbac.authorization.k8s.io';
  const bound = (kind: string, name: string) => ({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `${kind}-${name}`, namespace: 'shop' },
    roleRef: { apiGroup: RBAC, kind, name },
    subjects: [{ kind: 'User', apiGroup: RBAC, name: 'u' }],
  });

  // Rules that often meet the same request with different names, and sometimes without names.
  const one = (values: readonly string[]) => fc.subarray([...values], { minLength: 1, maxLength: 2 });
  const namedRuleArb: fc.Arbitrary<PlainRule> = fc.record({
    verbs: fc.oneof({ weight: 4, arbitrary: one(VERBS) }, { weight: 1, arbitrary: fc.constant(['*']) }),
    apiGroups: fc.oneof({ weight: 4, arbitrary: one(GROUPS) }, { weight: 1, arbitrary: fc.constant(['*']) }),
    resources: fc.oneof({ weight: 4, arbitrary: one(RESOURCES) }, { weight: 1, arbitrary: fc.constant(['*']) }),
    resourceNames: fc.oneof({ weight: 1, arbitrary: fc.constant<string[]>([]) }, { weight: 3, arbitrary: one(NAMES) }),
    nonResourceURLs: fc.constant<string[]>([]),
  });

  it('lists a subject for some names exactly when the authorizer allows it those names and not the request without one', () => {
    fc.assert(
      fc.property(fc.array(namedRuleArb, { minLength: 1, maxLength: 4 }), fc.array(namedRuleArb, { maxLength: 2 }), (roleRules, clusterRoleRules) => {
        const items = [
          { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'r', namespace: 'shop' }, rules: roleRules },
          { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'c' }, rules: clusterRoleRules },
          bound('Role', 'r'),
          bound('ClusterRole', 'c'),
        ];
        const loaded = loadSources([{ name: 'world.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]);
        const model = new RbacModel(loaded.objects, { defaults: false });
        const user = { name: 'u', groups: [] };
        for (const universal of UNIVERSE) {
          if (!universal.resourceRequest || universal.name !== '') continue;
          const request = { ...universal, namespace: 'shop' };
          const answer = whoCan(model, request);
          const allowed = authorize(model, user, request).allowed;
          const names = NAMES.filter((name) => authorize(model, user, { ...request, name }).allowed);
          expect(answer.allowed.some((s) => s.principal.name === 'u')).toBe(allowed);
          const restricted = answer.restricted.find((s) => s.principal.name === 'u');
          expect(restricted?.names ?? []).toEqual(allowed ? [] : names);
          // Each grant's own names are those of its role, which alone may allow fewer.
          for (const via of restricted?.via ?? []) expect(via.names.length).toBeGreaterThan(0);
          expect([...new Set(restricted?.via.flatMap((v) => v.names))].sort()).toEqual(allowed ? [] : names);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("audit2rbac's compaction", () => {
  const single = fc.record({
    verbs: fc.constantFrom(...VERBS).map((v) => [v]),
    apiGroups: fc.constantFrom(...GROUPS).map((g) => [g]),
    resources: fc.constantFrom(...RESOURCES).map((r) => [r]),
    resourceNames: fc.oneof(fc.constant<string[]>([]), fc.constantFrom(...NAMES).map((n) => [n])),
    nonResourceURLs: fc.constant<string[]>([]),
  });

  // Known deviation: audit2rbac merges a rule for some names into an equal rule for every name by
  // giving the merged rule those names, which narrows it; Rampart keeps the rule for every name.
  it('allows exactly what the rules it compacts allow', () => {
    fc.assert(
      fc.property(fc.array(single, { maxLength: 8 }), (rules) => {
        const compacted = compactGenerated(rules);
        expect(compacted.length).toBeLessThanOrEqual(rules.length);
        for (const request of UNIVERSE) expect(rulesAllow(request, compacted)).toBe(rulesAllow(request, rules));
      }),
      { numRuns: 500 },
    );
  });
});

describe('readers never throw', () => {
  it('the audit log reader reports each bad line', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 5 }), (lines) => {
        const log = parseAuditLog(lines.join('\n'), 'log');
        for (const p of log.problems) expect(p.location?.line).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('the subject parser reads back what it describes', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9.@-]{0,12}$/);
    const principal: fc.Arbitrary<Principal> = fc.oneof(
      name.map((n) => ({ kind: 'User' as const, name: n })),
      name.map((n) => ({ kind: 'Group' as const, name: n })),
      fc.tuple(name, name).map(([namespace, n]) => ({ kind: 'ServiceAccount' as const, namespace, name: n })),
    );
    fc.assert(
      fc.property(principal, (p) => {
        const text = describePrincipal(p).replace(' ', ':');
        expect(parsePrincipal(text)).toEqual(p);
      }),
    );
    fc.assert(fc.property(fc.string(), (s) => void parsePrincipal(s)));
  });
});
