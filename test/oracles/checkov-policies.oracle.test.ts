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
 * Differential oracle for custom rules written as Checkov YAML policies (`checkov:`): random
 * policies (attribute conditions with every supported operator, also as a `jsonpath_` operator on
 * a JSONPath, filters, and/or/not) on random
 * Kubernetes objects, judged by the real Checkov (--external-checks-dir) and by Rampart's
 * evaluator on the objects as Rampart reads them. Every verdict must agree: passed, failed, or
 * none (an object of another kind, or one where Python raises and Checkov gives no verdict).
 *
 * The objects avoid what the two YAML readers read differently (YAML 1.1 words such as `yes`,
 * floats written as whole numbers), and the policies compare no whole mapping as text (Checkov's
 * text of a mapping holds its line numbers): both are documented differences.
 */

const KINDS = ['Pod', 'Deployment', 'Service'] as const;
const scalar = fc.oneof(
  fc.constantFrom('', 'true', 'True', '1', '10', 'abc', 'nginx:latest', 'registry.example.com/app', "a'b", '[1, 2]', '{"a": 1}', 'TCP', ' 5 ', '1e3', 'inf', '8000-8100', '*', ' a  b\tc\u3000d ', '10.0.0.0/8'),
  fc.constantFrom(0, 1, 2, 10, 80, 443, -1, 1.5),
  fc.boolean(),
  fc.constant(null),
);
const stringList = fc.array(fc.constantFrom('a', 'b', 'abc', '', 'x y', '80-90'), { maxLength: 3 });
/** Networks as Python's ipaddress reads them or refuses them (leading zeros, two slashes, a bad mask). */
const cidr = fc.constantFrom(
  '10.0.0.0/8', '10.1.0.0/16', '10.1.2.3/24', '10.0.0.1', '0.0.0.0/0', '192.168.0.0/255.255.0.0', '10.0.0.0/0.0.255.255', '10.0.0.0/255.0.255.0',
  '010.0.0.0/8', '10.0.0.0/33', '10.0.0.0/024', '10.0.0/8', '1.2.3.4/5/6', '::/0', '::1', 'fe80::/10', 'fe80::1%eth0/64', '2001:db8::/32',
  '2001:db8:0:0:0:0:0:1/128', '::ffff:10.0.0.1/120', '1::2::3', '12345::/16', 'abc', '',
);
const cidrs = fc.oneof(cidr, fc.array(cidr, { maxLength: 3 }));
const ranges = fc.oneof(
  fc.constantFrom('80', '8000-8100', '1-65535', '5-3', 'a-b', '1-2-3', ' 443 ', 'http'),
  fc.constantFrom(80, 443, 8080, 0),
  fc.array(fc.constantFrom('80', '8000-8100', '90-95', 443, 'x', null), { maxLength: 3 }),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const compact = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

const container = fc
  .record({
    name: fc.constantFrom('app', 'side'),
    image: optional(scalar),
    args: optional(stringList),
    securityContext: optional(fc.record({ privileged: optional(scalar), runAsUser: optional(scalar) }).map(compact)),
    ports: optional(fc.array(fc.record({ containerPort: optional(scalar), protocol: optional(scalar) }).map(compact), { maxLength: 2 })),
  })
  .map(compact);

/** Annotations (none that Checkov reads as a skip), on objects and on pod templates. */
const annotations = fc.dictionary(fc.constantFrom('note', 'team', 'a.b/c'), scalar, { maxKeys: 2 });
const labels = fc.dictionary(fc.constantFrom('app', 'team', 'app.kubernetes.io/name'), scalar, { maxKeys: 2 });
/**
 * A pod template: Checkov judges the one of a Deployment as a Pod of its own when it has labels
 * (then its id holds the Deployment's name) or a name (left out: the ids of two would be the same).
 */
const template = fc
  .record({ labels: optional(labels), annotations: optional(annotations), containers: optional(fc.array(container, { maxLength: 2 })) })
  .map((t) => ({ metadata: compact({ labels: t.labels, annotations: t.annotations }), spec: compact({ containers: t.containers }) }));

const object = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    labels: optional(labels),
    annotations: optional(annotations),
    replicas: optional(scalar),
    type: optional(scalar),
    containers: optional(fc.array(container, { maxLength: 2 })),
    template: optional(template),
    extra: optional(fc.oneof(scalar, stringList, fc.dictionary(fc.constantFrom('k', 'l'), scalar, { maxKeys: 2 }))),
    net: optional(fc.oneof(cidrs, ranges, fc.constantFrom(5, 3232235521))),
    // A field at the top level, as a Role's rules: a list of one item is that item to Checkov's checks.
    top: optional(fc.oneof(fc.array(fc.dictionary(fc.constantFrom('k', 'l'), scalar, { maxKeys: 2 }), { maxLength: 2 }), fc.array(scalar, { maxLength: 2 }))),
  })
  .map((o) => ({ ...o, spec: compact({ replicas: o.replicas, type: o.type, containers: o.containers, template: o.template, extra: o.extra, net: o.net }) }));

const ATTRIBUTES = [
  'spec.containers.*.securityContext.privileged',
  'spec.containers.*.image',
  'spec.containers.*.args',
  'spec.containers.*.args.*',
  'spec.containers.*.ports.*.containerPort',
  'spec.containers.*.securityContext',
  'spec.containers',
  'spec.containers.0.image',
  'spec.replicas',
  'spec.type',
  'spec.extra',
  'spec.extra.k',
  'spec.net',
  'spec.missing',
  'metadata.labels',
  'metadata.labels.app',
  'metadata.labels.app.kubernetes.io/name',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.annotations.note',
  'metadata.annotations.0.note',
  'metadata.annotations.*',
  'spec.template',
  'spec.template.spec.containers.*.image',
  'spec.template.metadata.labels.app',
  '_parent_resource',
  'top',
  'top.k',
  'top.0',
  'top.0.k',
  'top.*.k',
  'apiVersion',
  'kind',
];
const OPERATORS = [
  'equals', 'not_equals', 'exists', 'not_exists', 'contains', 'not_contains', 'within', 'not_within', 'starting_with', 'not_starting_with',
  'ending_with', 'not_ending_with', 'regex_match', 'not_regex_match', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal',
  'is_empty', 'is_not_empty', 'is_true', 'is_false', 'length_equals', 'length_not_equals', 'length_greater_than', 'length_greater_than_or_equal',
  'length_less_than', 'length_less_than_or_equal', 'subset', 'not_subset', 'intersects', 'not_intersects', 'equals_ignore_case', 'not_equals_ignore_case',
  'number_of_words_equals', 'number_of_words_not_equals', 'number_of_words_greater_than', 'number_of_words_greater_than_or_equal',
  'number_of_words_less_than', 'number_of_words_less_than_or_equal', 'range_includes', 'range_not_includes', 'cidr_range_subset', 'cidr_range_not_subset',
];
/** JSONPaths for the jsonpath_ operators: children, indices, slices, filters, quoted keys, Checkov's flattened keys. */
const JSONPATHS = [
  '$.spec.containers[*].image',
  'spec.containers[*].securityContext.privileged',
  '$.spec.containers[0].ports[*].containerPort',
  "$.spec.containers[?(@.name == 'app')].image",
  '$.spec.containers[?(@.image)].name',
  '$.spec.containers[?(@.securityContext.runAsUser > 1)].name',
  '$.spec.containers[1:].args[*]',
  "$.metadata.labels.'app.kubernetes.io/name'",
  '$.metadata.annotations[*].note',
  '$.metadata.annotations[0]',
  "$.'spec.containers'[*].image",
  "$.'spec.containers.0.image'",
  '$.spec.replicas',
  '$.spec.missing',
  '$.spec.extra.k',
  '$.spec.net[*]',
  '$.top[*].k',
  '$.top.k',
  'top[0]',
  '$.metadata.name',
  'kind',
];
const REGEXES = ['^nginx', '.*:latest$', 'abc', '^$', '^[0-9]+$', 'True', '(?i)true', 'a|b', '.*'];
const kinds = fc.subarray([...KINDS], { minLength: 1 });

const condition: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ attribute: fc.constantFrom(...ATTRIBUTES), operator: fc.constantFrom(...OPERATORS), kinds, plain: fc.oneof(scalar, stringList), regex: fc.constantFrom(...REGEXES), net: cidrs, range: ranges })
      .map(({ attribute, operator, kinds: resourceTypes, plain, regex, net, range }) => {
        const value = operator.includes('regex') ? regex : operator.startsWith('cidr_') ? net : operator.startsWith('range_') ? range : plain;
        return { cond_type: 'attribute', resource_types: resourceTypes, attribute, operator, value };
      }) },
  { weight: 2, arbitrary: fc.record({ attribute: fc.constantFrom(...JSONPATHS), operator: fc.constantFrom(...OPERATORS), kinds, plain: fc.oneof(scalar, stringList), regex: fc.constantFrom(...REGEXES), net: cidrs, range: ranges })
      .map(({ attribute, operator, kinds: resourceTypes, plain, regex, net, range }) => {
        const value = operator.includes('regex') ? regex : operator.startsWith('cidr_') ? net : operator.startsWith('range_') ? range : plain;
        return { cond_type: 'attribute', resource_types: resourceTypes, attribute, operator: `jsonpath_${operator}`, value };
      }) },
  { weight: 1, arbitrary: kinds.map((values) => ({ cond_type: 'filter', attribute: 'resource_type', operator: 'within', value: values })) },
);
const definition: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: condition },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('and', 'or'), items: fc.array(condition, { minLength: 1, maxLength: 3 }) }).map(({ op, items }) => ({ [op]: items })) },
  { weight: 1, arbitrary: condition.map((c) => ({ not: c })) },
  { weight: 1, arbitrary: fc.record({ a: condition, b: condition, c: condition }).map(({ a, b, c }) => ({ or: [{ and: [a, b] }, { not: c }] })) },
);

type Verdict = 'PASSED' | 'FAILED' | 'NONE';

describe('Checkov policy oracle', () => {
  const checkov = findCheckov();

  it.skipIf(!checkov)('custom rules written as Checkov policies pass and fail the objects Checkov passes and fails', () => {
    const seed = Number(process.env.RAMPART_ORACLE_SEED ?? 20261206);
    const policies = fc.sample(definition, { seed, numRuns: 160 }).filter((d) => {
      // Policies whose every condition is a filter judge every kind of every framework; left out, as Rampart refuses them.
      try {
        compilePolicy(d);
        return true;
      } catch {
        return false;
      }
    });
    const objects = fc.sample(object, { seed: seed + 1, numRuns: 60 });

    const dir = process.env.RAMPART_ORACLE_KEEP ?? tempDir('rampart-checkov-policies-');
    const { policyDir, ids } = writePolicies(dir, policies);
    mkdirSync(path.join(dir, 'in'));
    const files = objects.map((o, i) => {
      const file = `in/o${i + 1}.yaml`;
      const apiVersion = o.kind === 'Deployment' ? 'apps/v1' : 'v1';
      const body = compact({ apiVersion, kind: o.kind, metadata: compact({ name: `o${i + 1}`, namespace: 'ns', labels: o.labels, annotations: o.annotations }), spec: o.spec, top: o.top });
      writeFileSync(path.join(dir, file), JSON.stringify(body));
      return file;
    });

    const expected = new Map<string, Verdict>();
    for (const v of runCheckov(checkov!, dir, files, ids, { externalChecksDir: policyDir })) expected.set(`${v.check} ${v.resource}`, v.result === 'FAILED' ? 'FAILED' : 'PASSED');

    const disagreements: string[] = [];
    const loaded = loadFiles(files.map((f) => path.join(dir, f)));
    expect(loaded.objects).toHaveLength(objects.length);
    const index = new ObjectIndex(loaded.objects);
    let crashed = 0;
    let judgedPods = 0;
    policies.forEach((d, i) => {
      const policy = compilePolicy(d);
      // Every resource Checkov makes of the objects (a Deployment's template is a Pod of its own), by its id.
      const ours = new Map<string, { verdict: Verdict; object: unknown }>();
      for (const o of loaded.objects) {
        for (const { resource, verdict } of policy.verdicts(o, index)) {
          ours.set(resource.id, { verdict: verdict === undefined ? 'NONE' : verdict.passed ? 'PASSED' : 'FAILED', object: o.body });
        }
      }
      // Where Python raises on one resource, Checkov drops that resource's verdict for a single condition
      // (each is judged in a thread of its own), and every verdict of an and/or/not policy.
      const complex = !('cond_type' in d);
      const raised = [...ours.values()].some((r) => r.verdict === 'NONE');
      if (complex && raised) crashed++;
      const theirIds = [...expected.keys()].filter((k) => k.startsWith(`${ids[i]} `)).map((k) => k.slice(ids[i]!.length + 1));
      for (const id of new Set([...ours.keys(), ...theirIds])) {
        const mine = complex && raised ? 'NONE' : (ours.get(id)?.verdict ?? 'NONE');
        const theirs = expected.get(`${ids[i]} ${id}`) ?? 'NONE';
        if (mine !== theirs) disagreements.push(`${ids[i]} on ${id}: Checkov ${theirs}, Rampart ${mine}\n  policy ${JSON.stringify(d)}\n  object ${JSON.stringify(ours.get(id)?.object)}`);
      }
      judgedPods += [...ours.keys()].filter((id) => id.startsWith('Pod.ns.o')).length;
    });
    expect(crashed).toBeLessThan(policies.length / 3);
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The sample must exercise both outcomes, in numbers.
    const failed = [...expected.values()].filter((v) => v === 'FAILED').length;
    const passed = [...expected.values()].filter((v) => v === 'PASSED').length;
    if (process.env.CHECKOV_ORACLE_PRINT) console.log(`${policies.length} policies, ${objects.length} objects: ${passed} passed, ${failed} failed, ${crashed} policies Checkov drops`);
    expect(failed).toBeGreaterThan(1000);
    expect(passed).toBeGreaterThan(1000);
    // Pods of Deployment templates were judged, in numbers, and so were JSONPath conditions.
    expect(judgedPods).toBeGreaterThan(100);
    expect(policies.filter((d) => JSON.stringify(d).includes('"jsonpath_')).length).toBeGreaterThan(policies.length / 5);
  }, 300_000);
});

