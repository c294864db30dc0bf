import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/custom-rules/checkov/policy.js';
import { loadFiles } from '../../src/inputs/load.js';
import { ObjectIndex } from '../../src/k8s/object-index.js';
import { tempDir } from '../helpers/temp.js';
import { findCheckov, runCheckov, writePolicies } from './checkov/checkov.js';

/*
 * Differential oracle for Checkov policies with connection conditions: random and/or trees of
 * connections (exists, not_exists, one_exists), attribute conditions and resource_type filters, on
 * a random set of objects that Checkov's edge builders connect (labels and selectors, network
 * policies, bindings with roleRefs and subjects, service accounts), judged by the real Checkov
 * and by Rampart's graph (src/custom-rules/checkov/graph.ts, connections.ts). Every resource's
 * verdict must agree: failed when Checkov writes a failed record for it, passed when only passed
 * ones, none when none.
 */

const KINDS = ['Pod', 'Deployment', 'Service', 'NetworkPolicy', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const;
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const compact = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

const labels = fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b', 'x'), { maxKeys: 2 });
const podSpec = fc
  .record({ serviceAccountName: optional(fc.constantFrom('sa1', 'sa2', 'nobody')), image: fc.constantFrom('nginx', 'registry.example.com/app') })
  .map((s) => compact({ serviceAccountName: s.serviceAccountName, containers: [{ name: 'c', image: s.image }] }));
const subject = fc
  .record({ kind: fc.constantFrom('ServiceAccount', 'User', 'Group'), name: fc.constantFrom('sa1', 'sa2', 'u'), namespace: optional(fc.constantFrom('ns1', 'ns2')) })
  .map(compact);
const rules = fc.array(fc.record({ apiGroups: fc.constant(['']), resources: fc.subarray(['pods', 'secrets', 'configmaps'], { minLength: 1 }), verbs: fc.subarray(['get', 'list', 'create', '*'], { minLength: 1 }) }), { maxLength: 2 });

const objectOf = fc.record({
  kind: fc.constantFrom(...KINDS),
  namespace: fc.constantFrom('ns1', 'ns2'),
  labels: optional(labels),
  selector: optional(labels),
  podSelector: fc.option(fc.oneof(labels.map((l) => ({ matchLabels: l })), fc.constant({})), { nil: undefined, freq: 5 }),
  template: optional(fc.record({ labels: optional(labels), spec: podSpec })),
  spec: podSpec,
  roleRef: fc.record({ kind: fc.constantFrom('Role', 'ClusterRole'), name: fc.constantFrom('r1', 'r2', 'sa1') }),
  subjects: optional(fc.array(subject, { maxLength: 2 })),
  rules,
  name: fc.constantFrom('r1', 'r2', 'sa1', 'sa2'),
});

/** A Kubernetes object of the kind drawn; service accounts and roles take names references use. */
function sampleObject(o: { kind: (typeof KINDS)[number]; namespace: string; labels?: Record<string, string>; selector?: Record<string, string>; podSelector?: unknown; template?: { labels?: Record<string, string>; spec: unknown }; spec: unknown; roleRef: unknown; subjects?: unknown[]; rules: unknown[]; name: string }) {
  return (i: number): Record<string, unknown> => {
    const named = ['ServiceAccount', 'Role', 'ClusterRole'].includes(o.kind) ? `${o.name}` : `o${i}`;
    const metadata = compact({ name: named, namespace: o.kind.startsWith('Cluster') ? undefined : o.namespace, labels: o.labels });
    const apiVersion = { Deployment: 'apps/v1', NetworkPolicy: 'networking.k8s.io/v1', Role: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1' }[o.kind as string] ?? 'v1';
    const base = { apiVersion, kind: o.kind, metadata };
    switch (o.kind) {
      case 'Pod':
        return { ...base, spec: o.spec };
      case 'Deployment':
        return { ...base, spec: compact({ selector: o.selector ? { matchLabels: o.selector } : undefined, template: o.template ? { metadata: compact({ labels: o.template.labels }), spec: o.template.spec } : undefined }) };
      case 'Service':
        return { ...base, spec: compact({ selector: o.selector, ports: [{ port: 80 }] }) };
      case 'NetworkPolicy':
        return { ...base, spec: compact({ podSelector: o.podSelector, policyTypes: ['Ingress'] }) };
      case 'ServiceAccount':
        return base;
      case 'Role':
      case 'ClusterRole':
        return { ...base, rules: o.rules };
      default:
        return { ...base, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...(o.roleRef as object) }, ...(o.subjects ? { subjects: o.subjects } : {}) };
    }
  };
}

const kinds = fc.subarray([...KINDS], { minLength: 1, maxLength: 3 });
const connection = fc
  .record({ operator: fc.constantFrom('exists', 'not_exists', 'one_exists'), from: kinds, to: kinds })
  .map(({ operator, from, to }) => ({ cond_type: 'connection', operator, resource_types: from, connected_resource_types: to }));
const attribute = fc
  .record({
    kinds,
    test: fc.constantFrom<Record<string, unknown>>(
      { attribute: 'metadata.labels.app', operator: 'equals', value: 'a' },
      { attribute: 'metadata.namespace', operator: 'equals', value: 'ns1' },
      { attribute: 'spec.containers.*.image', operator: 'starting_with', value: 'registry.example.com/' },
      { attribute: 'spec.serviceAccountName', operator: 'exists' },
      { attribute: 'rules.*.verbs', operator: 'contains', value: '*' },
      { attribute: 'subjects.*.kind', operator: 'not_within', value: ['ServiceAccount'] },
      { attribute: 'metadata.name', operator: 'starting_with', value: 'o' },
      // A top-level list of one item is that item too (Checkov's own CKV2_K8S checks read `rules.resources`).
      { attribute: 'rules.verbs', operator: 'contains', value: '*' },
      { attribute: 'rules.resources', operator: 'not_intersects', value: ['secrets', '*'] },
      { attribute: 'rules.0.verbs', operator: 'contains', value: 'get' },
      { attribute: 'subjects.kind', operator: 'equals', value: 'ServiceAccount' },
      { attribute: 'subjects', operator: 'length_equals', value: 1 },
    ),
  })
  .map(({ kinds: resourceTypes, test }) => ({ cond_type: 'attribute', resource_types: resourceTypes, ...test }));
const filter = kinds.map((values) => ({ cond_type: 'filter', attribute: 'resource_type', operator: 'within', value: values }));

const definition: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ tree: Record<string, unknown>; item: Record<string, unknown> }>((tie) => ({
  tree: fc.oneof(
    { weight: 2, arbitrary: connection },
    { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('and', 'or'), first: connection, rest: fc.array(tie('item'), { maxLength: 3 }) }).map(({ op, first, rest }) => ({ [op]: [first, ...rest] })) },
  ),
  item: fc.oneof({ weight: 3, arbitrary: attribute }, { weight: 2, arbitrary: connection }, { weight: 2, arbitrary: filter }, { weight: 1, depthSize: 'small', arbitrary: tie('tree') }),
})).tree;

type Verdict = 'PASSED' | 'FAILED' | 'NONE';

describe('Checkov connection oracle', () => {
  const checkov = findCheckov();

  it.skipIf(!checkov)('custom rules with Checkov connection conditions pass and fail the resources Checkov passes and fails', () => {
    const seed = Number(process.env.RAMPART_ORACLE_SEED ?? 20261207);
    const policies = fc.sample(definition, { seed, numRuns: Number(process.env.CONNECTION_POLICIES ?? 150) });
    // Two objects of one kind, namespace and name are one resource id, which Checkov's results cannot tell apart: the second is left out.
    const seen = new Set<string>();
    const objects = fc
      .sample(objectOf, { seed: seed + 1, numRuns: 48 })
      .map((o, i) => sampleObject(o as Parameters<typeof sampleObject>[0])(i + 1))
      .filter((o) => {
        const metadata = o.metadata as { name: string; namespace?: string };
        const id = `${String(o.kind)}.${metadata.namespace ?? 'default'}.${metadata.name}`;
        return !seen.has(id) && Boolean(seen.add(id));
      });

    const dir = process.env.RAMPART_ORACLE_KEEP ?? tempDir('rampart-checkov-connections-');
    const { policyDir, ids } = writePolicies(dir, policies);
    mkdirSync(path.join(dir, 'in'));
    // One file: Checkov's identity of a result is its resource id and its file.
    const file = 'in/objects.yaml';
    writeFileSync(path.join(dir, file), objects.map((o) => JSON.stringify(o)).join('\n---\n'));

    const expected = new Map<string, Verdict>();
    for (const v of runCheckov(checkov!, dir, [file], ids, { externalChecksDir: policyDir })) {
      const key = `${v.check} ${v.resource}`;
      if (v.result === 'FAILED' || !expected.has(key)) expected.set(key, v.result === 'FAILED' ? 'FAILED' : 'PASSED');
    }

    const loaded = loadFiles([path.join(dir, file)]);
    expect(loaded.objects).toHaveLength(objects.length);
    const index = new ObjectIndex(loaded.objects);
    const disagreements: string[] = [];
    let connected = 0;
    policies.forEach((d, i) => {
      const policy = compilePolicy(d);
      const ours = new Map<string, Verdict>();
      for (const o of loaded.objects) {
        for (const { resource, verdict } of policy.verdicts(o, index)) ours.set(resource.id, verdict === undefined ? 'NONE' : verdict.passed ? 'PASSED' : 'FAILED');
      }
      const theirs = [...expected.keys()].filter((k) => k.startsWith(`${ids[i]} `)).map((k) => k.slice(ids[i]!.length + 1));
      for (const id of new Set([...ours.keys(), ...theirs])) {
        const mine = ours.get(id) ?? 'NONE';
        const checkovs = expected.get(`${ids[i]} ${id}`) ?? 'NONE';
        if (mine !== checkovs) disagreements.push(`${ids[i]} on ${id}: Checkov ${checkovs}, Rampart ${mine}\n  policy ${JSON.stringify(d)}`);
      }
      connected += ours.size;
    });
    if (disagreements.length > 0) writeFileSync(path.join(dir, 'objects.json'), JSON.stringify(objects, null, 1));
    expect(disagreements.slice(0, 5)).toEqual([]);
    const failed = [...expected.values()].filter((v) => v === 'FAILED').length;
    const passed = [...expected.values()].filter((v) => v === 'PASSED').length;
    if (process.env.CHECKOV_ORACLE_PRINT) console.log(`${policies.length} policies, ${objects.length} objects: ${passed} passed, ${failed} failed, ${connected} verdicts`);
    expect(failed).toBeGreaterThan(300);
    expect(passed).toBeGreaterThan(300);
  }, 300_000);
});
