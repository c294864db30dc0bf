import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../../test/helpers/cli.js';
import { tempDir } from '../../test/helpers/temp.js';
import { messagesAlone } from '../../test/helpers/lone-object.js';
import { customRuleSchema } from './config-schema.js';
import { customRuleCheck } from './rule.js';
import * as templated from './templated.js';

const FIX = 'src/custom-rules/fixtures';

interface JsonFinding {
  readonly ruleId: string;
  readonly category: string;
  readonly path: string;
  readonly location: { readonly line: number };
  readonly message: string;
}

function customFindings(args: readonly string[]) {
  const result = rampart(['scan', '--format', 'json', ...args]);
  const findings = result.stdout ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.category === 'custom') : [];
  return { ...result, findings };
}

/** A directory holding a .rampart.yaml of `rules` (YAML list items). */
function tempDirWith(rules: string): string {
  const dir = tempDir('rampart-templated-');
  writeFileSync(path.join(dir, '.rampart.yaml'), `customRules:\n${rules}`);
  return dir;
}

/** Scans `manifests` with the custom rules `rules` (YAML list items). */
function scanIn(manifests: string, rules: string) {
  const dir = tempDirWith(rules);
  writeFileSync(path.join(dir, 'manifests.yaml'), manifests);
  return customFindings([path.join(dir, 'manifests.yaml'), '--config', path.join(dir, '.rampart.yaml')]);
}

describe("custom rules with Polaris' templated schemas and additional schemas", () => {
  it('renders a schema for each object, looks for other objects in its namespace, and reports a template that fails on an object', () => {
    const { code, findings } = customFindings([`${FIX}/template-manifests.yaml`, '--config', `${FIX}/template-rules.yaml`]);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.ruleId, f.path, f.location.line, f.message])).toEqual([
      ['image-from-annotated-registry', 'spec.template.spec.containers[1].image', 21, 'container "sidecar": Image from the registry the workload\'s annotation names (image must match pattern "^registry.example.com/")'],
      ['pdb-attached', '', 33, 'Deployment "api": Should have a PodDisruptionBudget (no policy/PodDisruptionBudget in namespace "shop" or without one satisfies its additional schema (2 checked))'],
      ['instance-label-matches-name', 'metadata.labels["app.kubernetes.io/instance"]', 39, 'Deployment "api": Label app.kubernetes.io/instance must match metadata.name (metadata.labels.app.kubernetes.io/instance must be equal to constant)'],
      ['namespace-has-settings', '', 68, 'Namespace "other": Namespace should have a settings ConfigMap (no ConfigMap in namespace "other" or without one)'],
      [
        'replicas-compared',
        '',
        80,
        'StatefulSet "db": Replicas compared in a template (the schema template failed: template: replicas-compared:1:6: executing "replicas-compared" at <eq .spec.replicas "3">: error calling eq: incompatible types for comparison: int and string)',
      ],
      // `const: {{ $value }}` of the label "on" is the boolean true to YAML 1.1, which no PodDisruptionBudget's string equals.
      ['pdb-attached', '', 104, 'Deployment "edge": Should have a PodDisruptionBudget (no policy/PodDisruptionBudget in namespace "shop" or without one satisfies its additional schema (2 checked))'],
    ]);
  });

  it('gives templates the numbers Polaris does: integers as written, a Pod and .Polaris.PodSpec through their Go types as float64', () => {
    const manifests = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p-1000000}\nspec:\n  priority: 1000000\n  schedulerName: s-1000000\n  containers: [{name: a, image: a}]\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: p-1000000}\nspec:\n  priority: 1000000\n  template:\n    spec:\n      priority: 1000000\n      schedulerName: s-1000000\n      containers: [{name: a, image: a}]\n',
    ].join('---\n');
    const rules = [
      `  - id: name-object\n    title: Named after the number\n    severity: high\n    target: object\n    kinds: [Pod, Deployment]\n    schemaTemplate: 'properties: {metadata: {properties: {name: {const: "p-{{ .spec.priority }}"}}}}'\n`,
      `  - id: name-spec\n    title: Scheduler named after the number\n    severity: high\n    target: pod-spec\n    schemaTemplate: 'properties: {schedulerName: {const: "s-{{ .Polaris.PodSpec.priority }}"}}'\n`,
    ].join('');
    // The Pod's 1000000 is a float64 and prints as 1e+06; the Deployment's is an int. The typed pod spec's is a float64 in both.
    expect(scanIn(manifests, rules).findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ['name-object', 'metadata.name', 'Pod "p-1000000": Named after the number (metadata.name must be equal to constant)'],
      ['name-spec', 'spec.schedulerName', 'the pod spec: Scheduler named after the number (schedulerName must be equal to constant)'],
      ['name-spec', 'spec.template.spec.schedulerName', 'the pod spec: Scheduler named after the number (schedulerName must be equal to constant)'],
    ]);
  });

  it('renders a container rule for each container, with .Polaris.Container; blank output passes, and of several documents the last counts', () => {
    const manifests = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: init, image: "tool:latest"}]\n  containers:\n    - {name: a, image: "a:1.0"}\n    - {name: b, image: "b:latest"}\n';
    const rules = [
      "  - id: latest-pulls-always\n    title: A latest image is pulled always\n    severity: high\n    target: container\n    schemaTemplate: '{{ if hasSuffix .Polaris.Container.image \":latest\" }}required: [imagePullPolicy]{{ end }}'\n",
      "  - id: last-document\n    title: Last document\n    severity: high\n    target: object\n    kinds: [Pod]\n    schemaTemplate: \"required: [nothing]\\n---\\nrequired: [spec]\\n---\\n\"\n",
      '  - id: null-schema\n    title: Null schema\n    severity: high\n    target: object\n    kinds: [Pod]\n    schemaTemplate: "null"\n',
      // Blank as Go's strings.TrimSpace sees it (U+0085 is white space to Go, not to JavaScript's trim).
      '  - id: blank-schema\n    title: Blank schema\n    severity: high\n    target: object\n    kinds: [Pod]\n    schemaTemplate: "{{ if false }}required: [nothing]{{ end }} \\u0085\\n"\n',
      // U+200B is no white space: the text is a schema, and not a valid one.
      '  - id: not-blank\n    title: Not blank\n    severity: high\n    target: object\n    kinds: [Pod]\n    schemaTemplate: "{{ if false }}x{{ end }}\\u200B"\n',
    ].join('');
    expect(scanIn(manifests, rules).findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['not-blank', ''],
      ['latest-pulls-always', 'spec.initContainers[0]'],
      ['latest-pulls-always', 'spec.containers[1]'],
    ]);
  });

  it("keeps Polaris' namespaces: an object without one counts for every namespace, and nothing is defaulted to default", () => {
    const deployment = (name: string, namespace?: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a}]\n`;
    const pdb = (namespace?: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb${namespace ? `, namespace: ${namespace}` : ''}}\nspec: {minAvailable: 1}\n`;
    const rule = '  - id: pdb-exists\n    title: A PodDisruptionBudget exists\n    severity: high\n    target: workload\n    schema: {}\n    additionalSchemas:\n      policy/PodDisruptionBudget: {}\n';
    const flagged = (...docs: string[]) => scanIn(docs.join('---\n'), rule).findings.map((f) => f.message);
    expect(flagged(deployment('a', 'prod'), pdb())).toEqual([]);
    expect(flagged(deployment('a'), pdb('default'))).toEqual(['Deployment "a": A PodDisruptionBudget exists (no policy/PodDisruptionBudget in namespace "" or without one)']);
    expect(flagged(deployment('a', 'prod'), pdb('prod'), deployment('b', 'dev'))).toEqual(['Deployment "b": A PodDisruptionBudget exists (no policy/PodDisruptionBudget in namespace "dev" or without one)']);
  });

  it("reads an anyOf that a range over nothing left empty as Polaris does, matching nothing", () => {
    const manifests = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bare}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: any}\nspec:\n  selector: {matchLabels: {app: web}}\n';
    const rule = (combinator: string) =>
      `  - id: selects-${combinator.toLowerCase()}\n    title: A PodDisruptionBudget selects it\n    severity: high\n    target: workload\n    schema: {}\n    additionalSchemas:\n      policy/PodDisruptionBudget: |\n        properties:\n          spec:\n            properties:\n              selector:\n                properties:\n                  matchLabels:\n                    ${combinator}:\n                    {{ range $key, $value := .metadata.labels }}\n                    - required: ["{{ $key }}"]\n                    {{ end }}\n`;
    expect(scanIn(manifests, rule('anyOf') + rule('oneOf') + rule('allOf')).findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['selects-anyof', 'Deployment "bare": A PodDisruptionBudget selects it (no policy/PodDisruptionBudget in namespace "" or without one satisfies its additional schema (1 checked))'],
      ['selects-oneof', 'Deployment "bare": A PodDisruptionBudget selects it (no policy/PodDisruptionBudget in namespace "" or without one satisfies its additional schema (1 checked))'],
    ]);
  });

  it('refuses a template Go does not parse, with exit code 2 and its line, and shows templates in rules explain', () => {
    const dir = tempDir('rampart-templated-');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
    const config = (body: string) => {
      writeFileSync(path.join(dir, '.rampart.yaml'), `customRules:\n  - id: mine\n    title: Mine\n    severity: high\n    target: object\n    kinds: [Pod]\n${body}`);
      return rampart(['scan', path.join(dir, 'pod.yaml'), '--config', path.join(dir, '.rampart.yaml')]);
    };
    const unknown = config("    schemaTemplate: '{{ lower .metadata.name }}'\n");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\.rampart\.yaml:7:\d+: customRules\[0\] \(mine\): its schema template is not one Go's text\/template parses: template: mine:1: function "lower" not defined/);
    const additional = config("    schema: {}\n    additionalSchemas:\n      ConfigMap: '{{ if }}'\n");
    expect(additional.code).toBe(2);
    expect(additional.stderr).toMatch(/\.rampart\.yaml:9:\d+: customRules\[0\] \(mine\): its additional schema for ConfigMap is not a template/);
    const key = config('    schema: {}\n    additionalSchemas:\n      apps/v1/Deployment: {}\n');
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('the keys of additionalSchemas are group/Kind (the group of the apiVersion, no version), or Kind for the core group');
    const cel = config("    cel: \"''\"\n    additionalSchemas:\n      ConfigMap: {}\n");
    expect(cel.code).toBe(2);
    expect(cel.stderr).toContain('additionalSchemas go with a schema or a schema template');
    for (const r of [unknown, additional, key, cel]) expect(r.stderr).not.toMatch(/\n\s+at /);
    const explained = rampart(['rules', 'explain', 'pdb-attached', '--config', `${FIX}/template-rules.yaml`]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('And some policy/PodDisruptionBudget in the namespace passes (additionalSchemas, a Go template rendered with the target)');
    expect(explained.stdout).toContain('{{ range $key, $value := .spec.template.metadata.labels }}');
  });

  it('validates a typed container or pod spec as its Go type writes it, as Polaris does', () => {
    const manifests =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n' +
      '        - {name: a, image: a, resources: {limits: {cpu: 1}}}\n        - {name: b, image: b}\n';
    const cpu = "{properties: {resources: {properties: {limits: {properties: {cpu: {type: string, resourceMaximum: '2'}}}}}}}";
    const rule = (id: string, target: string, schema: string, typed: boolean) =>
      `  - id: ${id}\n    title: ${id}\n    severity: high\n    target: ${target}\n${typed ? '    typed: true\n' : ''}    schema: ${schema}\n`;
    const rules = [
      rule('cpu-typed', 'container', cpu, true),
      rule('cpu-written', 'container', cpu, false),
      rule('resources-typed', 'container', '{required: [resources]}', true),
      rule('resources-written', 'container', '{required: [resources]}', false),
      rule('spec-typed', 'pod-spec', '{properties: {containers: {items: {required: [resources]}}}}', true),
      rule('spec-written', 'pod-spec', '{properties: {containers: {items: {required: [resources]}}}}', false),
    ].join('');
    // Typed, `cpu: 1` is the quantity "1", and every container has resources ({} when none is written).
    expect(scanIn(manifests, rules).findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['cpu-written', 'spec.template.spec.containers[0].resources.limits.cpu'],
      ['resources-written', 'spec.template.spec.containers[1]'],
      ['spec-written', 'spec.template.spec.containers[1]'],
    ]);
    const refused = scanIn(manifests, rule('typed-workload', 'workload', '{}', true));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('typed applies to the schemas of targets container and pod-spec');
    const explained = rampart(['rules', 'explain', 'cpu-typed', '--config', path.join(tempDirWith(rules), '.rampart.yaml')]);
    expect(explained.stdout).toContain("each container, as the Kubernetes API's Go type writes it");
  });

  it('leaves additional schemas out for an admitted object, which comes alone, as Polaris does', () => {
    const rule = customRuleSchema.parse({ id: 'cm', title: 'A ConfigMap exists', severity: 'high', target: 'object', kinds: ['Pod'], schema: {}, additionalSchemas: { ConfigMap: {} } });
    const check = customRuleCheck(rule, { templated });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' } };
    expect(messagesAlone(check, pod, false)).toEqual(['Pod "p": A ConfigMap exists (no ConfigMap in namespace "a" or without one)']);
    expect(messagesAlone(check, pod, true)).toEqual([]);
  });
});
