import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../../test/helpers/cli.js';
import { tempDir, writeBelow } from '../../test/helpers/temp.js';
import { messagesAlone } from '../../test/helpers/lone-object.js';
import { customRuleSchema } from './config-schema.js';
import { compileSchema } from './json-schema.js';
import { customRuleCheck } from './rule.js';

const FIX = 'src/custom-rules/fixtures';

interface JsonFinding {
  readonly ruleId: string;
  readonly category: string;
  readonly severity: string;
  readonly path: string;
  readonly location: { readonly file: string; readonly line: number };
  readonly message: string;
  readonly references: ReadonlyArray<{ readonly url: string }>;
  readonly remediation: string;
}

function scanJson(args: readonly string[]) {
  const result = rampart(['scan', '--format', 'json', ...args]);
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }) : undefined };
}

function configIn(dir: string, rules: string): string {
  const file = path.join(dir, '.rampart.yaml');
  writeFileSync(file, `customRules:\n${rules}`);
  return file;
}

describe('custom rules in .rampart.yaml', () => {
  it('checks each target against its schema and reports the value refused, at its line', () => {
    const { code, report } = scanJson([`${FIX}/manifests.yaml`, '--config', `${FIX}/rampart.yaml`]);
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, f.path, f.location.line]);
    expect(custom).toEqual([
      ['two-replicas', 'spec.replicas', 7],
      ['pod-team-label', 'spec.template.metadata.labels', 11],
      ['no-quay-images', 'spec.template.spec.initContainers[0].image', 15],
      ['memory-limit-range', 'spec.template.spec.containers[0].resources.limits.memory', 20],
      ['no-quay-images', 'spec.template.spec.containers[1].image', 22],
      ['memory-limit-range', 'spec.template.spec.containers[1].resources.limits.memory', 24],
      ['no-host-path', 'spec.template.spec.volumes[1]', 28],
      ['ingress-class', 'spec', 57],
    ]);
    const messages = new Map(report!.findings.map((f) => [`${f.ruleId} ${f.path}`, f]));
    expect(messages.get('memory-limit-range spec.template.spec.containers[0].resources.limits.memory')?.message).toBe(
      'container "web": Memory limit outside 100M to 6G (resources.limits.memory "8Gi" is above the maximum of 6G)',
    );
    expect(messages.get('memory-limit-range spec.template.spec.containers[1].resources.limits.memory')?.message).toContain('"512" is below the minimum of 100M');
    expect(messages.get('ingress-class spec')?.message).toBe('Ingress "web": Every Ingress names its class (spec must have required property \'ingressClassName\')');
    const quay = messages.get('no-quay-images spec.template.spec.containers[1].image');
    expect(quay?.message).toBe('container "sidecar": Image pulled from quay.io (image matches what the schema\'s "not" forbids)');
    expect(quay?.remediation).toBe('Mirror the image into the company registry.');
    expect(quay?.references.map((r) => r.url)).toEqual(['https://example.com/policies/registries']);
  });

  it('takes a severity from rules:, an annotation exemption and every report format, like any rule', () => {
    const dir = tempDir('rampart-custom-');
    const config = configIn(dir, '  - {id: no-latest, title: Image tagged latest, severity: high, target: container, schema: {properties: {image: {not: {pattern: ":latest$"}}}}}\n');
    writeFileSync(config, `${readFileSync(config, 'utf8')}rules:\n  no-latest: low\n`);
    const pod = (name: string, annotations = '') =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n${annotations}spec:\n  containers:\n    - {name: app, image: "nginx:latest"}\n`;
    writeFileSync(path.join(dir, 'pods.yaml'), `${pod('a')}---\n${pod('b', '  annotations: {rampart.dev/ignore: no-latest, rampart.dev/ignore-reason: test pod}\n')}`);
    const { report } = scanJson([path.join(dir, 'pods.yaml'), '--rule', 'no-latest']);
    expect(report!.findings.map((f) => [f.ruleId, f.path, f.severity])).toEqual([['no-latest', 'spec.containers[0].image', 'low']]);
    const sarif = rampart(['scan', path.join(dir, 'pods.yaml'), '--rule', 'no-latest', '--format', 'sarif']);
    const rules = JSON.parse(sarif.stdout).runs[0].tool.driver.rules as Array<{ id: string }>;
    expect(rules.map((r) => r.id)).toEqual(['no-latest']);
  });

  it('names kinds as Kind, group/Kind or apiVersion/Kind, the core group as core/ or v1/', () => {
    const dir = tempDir('rampart-custom-');
    const config = configIn(dir, '  - {id: named, title: Object without the owner label, severity: low, target: object, kinds: [v1/Service, core/ConfigMap, apps/v1/Deployment, batch/Job, Secret], schema: {properties: {metadata: {properties: {labels: {required: [owner]}}, required: [labels]}}}}\n');
    const object = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${kind.toLowerCase()}, namespace: shop}\n`;
    writeFileSync(
      path.join(dir, 'objects.yaml'),
      [object('v1', 'Service'), object('v1', 'ConfigMap'), object('apps/v1', 'Deployment'), object('batch/v1', 'Job'), object('v1', 'Secret'), object('example.com/v1', 'Service'), object('apps/v1beta2', 'Deployment'), object('v1', 'Pod')].join('---\n'),
    );
    const { report } = scanJson([path.join(dir, 'objects.yaml'), '--config', config, '--rule', 'named']);
    expect(report!.findings.map((f) => f.message.split(':')[0])).toEqual(['Service "service"', 'ConfigMap "configmap"', 'Deployment "deployment"', 'Job "job"', 'Secret "secret"']);
  });

  it('are listed and explained by `rampart rules --config`', () => {
    const list = rampart(['rules', '--config', `${FIX}/rampart.yaml`, '--format', 'json']);
    const custom = (JSON.parse(list.stdout) as Array<{ id: string; category: string; admission: boolean }>).filter((r) => r.category === 'custom');
    expect(custom.map((r) => r.id)).toEqual(['no-quay-images', 'memory-limit-range', 'no-host-path', 'pod-team-label', 'two-replicas', 'ingress-class']);
    expect(custom.every((r) => r.admission)).toBe(true);
    const explain = rampart(['rules', 'explain', 'no-quay-images', '--config', `${FIX}/rampart.yaml`]);
    expect(explain.stdout).toContain('Mirror the image into the company registry.');
    // What the rule checks, as written: its schema, or its Checkov policy's definition.
    expect(explain.stdout).toContain('Condition (JSON Schema, on each container)\n  {\n    "$schema": "http://json-schema.org/draft/2019-09/schema",\n    "type": "object",');
    const checkov = rampart(['rules', 'explain', 'owner-label', '--config', `${FIX}/checkov-rules.yaml`]);
    expect(checkov.stdout).toContain("Condition (Checkov policy definition, on each resource of its resource_types that Checkov makes of an object (a workload's pod template is a Pod))\n  {\n    \"cond_type\": \"attribute\",");
    const cel = rampart(['rules', 'explain', 'memory-limit-required', '--config', `${FIX}/cel-rules.yaml`]);
    expect(cel.stdout).toContain("Condition (CEL expression, as kube-linter's cel-expression evaluates it, on each object of its kinds, as `object`)\n  object.spec.template.spec.containers.exists(c, !has(c.resources.limits) || !has(c.resources.limits.memory))\n    ? \"a container has no memory limit\"");
    expect(rampart(['rules', 'explain', 'no-quay-images']).code).toBe(2);
  });

  it('can be bound for admission: the webhook denies what the rule reports', () => {
    const dir = tempDir('rampart-custom-');
    const config = path.join(dir, '.rampart.yaml');
    writeFileSync(config, `${readFileSync(`${FIX}/rampart.yaml`, 'utf8')}admission:\n  bindings:\n    - rules: [no-quay-images]\n      action: enforce\n`);
    const test = rampart(['admission', 'test', `${FIX}/manifests.yaml`, '--config', config]);
    expect(test.code).toBe(1);
    expect(test.stdout).toContain('violates Rampart rules: no-quay-images (container "sidecar": Image pulled from quay.io');
    expect(test.stdout).toContain('ALLOWED  DaemonSet shop/agent');
  });

  it('refuses, with exit code 2 and the place in the file, a built-in id, a schema that does not compile and a RE2-foreign pattern', () => {
    const dir = tempDir('rampart-custom-');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
    const run = (rules: string) => rampart(['scan', path.join(dir, 'pod.yaml'), '--config', configIn(dir, rules)]);
    const builtIn = run('  - id: privileged-container\n    title: Mine instead\n    severity: high\n    target: container\n    schema: {}\n');
    expect(builtIn.code).toBe(2);
    expect(builtIn.stderr).toMatch(/\.rampart\.yaml:2:\d+: customRules\[0\] \(privileged-container\): "privileged-container" is the id of a built-in rule/);
    const badSchema = run('  - id: broken\n    title: Broken schema\n    severity: high\n    target: container\n    schema: {type: objekt}\n');
    expect(badSchema.code).toBe(2);
    expect(badSchema.stderr).toMatch(/\.rampart\.yaml:6:\d+: customRules\[0\] \(broken\): its schema is not a valid JSON Schema/);
    // RE2 has no lookahead; Polaris (Go) refuses the same pattern.
    const lookahead = run('  - id: lookahead\n    title: Lookahead pattern\n    severity: high\n    target: container\n    schema: {properties: {image: {pattern: "^(?!quay)"}}}\n');
    expect(lookahead.code).toBe(2);
    expect(lookahead.stderr).toContain('customRules[0] (lookahead): its schema is not a valid JSON Schema');
    const badQuantity = run('  - id: bad-bound\n    title: Bad bound\n    severity: high\n    target: container\n    schema: {properties: {resources: {properties: {limits: {properties: {cpu: {resourceMaximum: lots}}}}}}}\n');
    expect(badQuantity.stderr).toContain('resourceMaximum: "lots" is not a Kubernetes quantity');
    const noKinds = run('  - id: any-object\n    title: Any object at all\n    severity: low\n    target: object\n    schema: {}\n');
    expect(noKinds.stderr).toContain('target object needs kinds');
    for (const r of [builtIn, badSchema, lookahead, badQuantity, noKinds]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('custom rules written as Checkov policies', () => {
  it('evaluates a Checkov YAML policy definition (checkov:) on the objects of its resource_types, as Checkov does', () => {
    const { code, report } = scanJson([`${FIX}/checkov-manifests.yaml`, '--config', `${FIX}/checkov-rules.yaml`]);
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, f.path, f.location.line]);
    expect(custom).toEqual([
      // Checkov judges web's pod template as a Pod of its own; one privileged container of two fails not_equals.
      ['no-privileged-containers', 'spec.template.spec.containers[1].securityContext.privileged', 15],
      // Checkov's runner makes a list of the annotations: "API" is one word.
      ['described', 'metadata.annotations.description', 19],
      // web's pod passes: one of its images matches, which is all Checkov asks of a wildcard.
      ['images-from-registry', 'spec.template.spec.containers[0].image', 27],
      // A label key with dots; a missing field is reported at the nearest one the object has.
      ['owner-label', 'metadata', 42],
      // Port 22 is in the ranges range_not_includes refuses.
      ['no-ssh-port', 'spec.ports[0].port', 55],
      // 0.0.0.0/0 lies in neither allowed network; web-egress's 10.20.0.0/16 lies in 10.0.0.0/8.
      ['egress-inside-company', 'spec.egress[0].to[0].ipBlock.cidr', 71],
    ]);
    expect(report!.findings.find((f) => f.ruleId === 'no-privileged-containers')?.message).toBe(
      "Deployment \"web\": Containers do not run privileged (the pod of its template (Checkov's Pod.shop.web.app-web) fails the Checkov condition spec.containers.1.securityContext.privileged not_equals true)",
    );
    // kinds can narrow what a policy judges, never widen it: Checkov judges its resource_types only.
    const dir = tempDir('rampart-custom-');
    const wide = configIn(dir, '  - {id: star-kinds, title: Star, severity: high, target: object, kinds: ["*"], checkov: {cond_type: attribute, resource_types: [ConfigMap], attribute: spec.missing, operator: exists}}\n');
    expect(scanJson([`${FIX}/checkov-manifests.yaml`, '--config', wide, '--rule', 'star-kinds']).report!.findings).toEqual([]);
    const owner = report!.findings.find((f) => f.ruleId === 'owner-label');
    expect(owner?.message).toBe('Service "api": Every Service names its owner (fails the Checkov condition metadata.labels.app.kubernetes.io/owner exists)');
  });

  it("judges what Checkov's runner makes of an object: a workload's template as a Pod, its annotations as a list", () => {
    const dir = tempDir('rampart-custom-');
    const rule = (id: string, definition: string) => `  - {id: ${id}, title: ${id}, severity: high, target: object, checkov: ${definition}}\n`;
    const config = configIn(
      dir,
      // Written as for the API's objects, these never hold in Checkov: the Deployment it judges has
      // no spec.template, and its annotations are metadata.annotations.0.<key>.
      rule('deployment-template', '{cond_type: attribute, resource_types: [Deployment], attribute: spec.template.spec.containers.*.image, operator: exists}') +
        rule('annotation-key', '{cond_type: attribute, resource_types: [Deployment], attribute: metadata.annotations.description, operator: exists}') +
        // The pod takes the Deployment's namespace and annotations, which the template does not have.
        rule('pod-namespace', '{cond_type: attribute, resource_types: [Pod], attribute: metadata.namespace, operator: not_equals, value: shop}') +
        rule('pod-annotation', '{cond_type: attribute, resource_types: [Pod], attribute: metadata.annotations.0.description, operator: not_exists}'),
    );
    const { code, report } = scanJson([`${FIX}/checkov-manifests.yaml`, '--config', config, '--no-config-file']);
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, f.path, f.location.line]);
    expect(custom).toEqual([
      ['pod-namespace', 'metadata.namespace', 3],
      ['annotation-key', 'metadata.annotations', 3],
      ['pod-annotation', 'metadata.annotations.description', 3],
      // The Deployment Checkov judges has no spec.template: the nearest field it has.
      ['deployment-template', 'spec', 4],
      ['pod-namespace', 'metadata.namespace', 19],
      ['annotation-key', 'metadata.annotations', 19],
      ['pod-annotation', 'metadata.annotations.description', 19],
      ['deployment-template', 'spec', 20],
    ]);
  });

  it('evaluates jsonpath_ operators on what the JSONPath finds, every value having to pass, as Checkov does', () => {
    const dir = tempDir('rampart-custom-');
    const rule = (id: string, definition: string) => `  - {id: ${id}, title: ${id}, severity: high, target: object, checkov: ${definition}}\n`;
    const config = configIn(
      dir,
      rule('no-privileged-containers', `{cond_type: attribute, resource_types: [Pod], attribute: "$.spec.containers[?(@.securityContext.privileged == true)].name", operator: jsonpath_not_exists}`) +
        rule('company-registry', `{cond_type: attribute, resource_types: [Pod], attribute: "$.spec.containers[*].image", operator: jsonpath_starting_with, value: registry.example.com/}`) +
        rule('service-owner', `{cond_type: attribute, resource_types: [Service], attribute: "$.metadata.labels.'app.kubernetes.io/owner'", operator: jsonpath_exists}`),
    );
    const { code, report, stderr } = scanJson([`${FIX}/checkov-manifests.yaml`, '--config', config, '--no-config-file']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, f.path, f.location.line, f.message]);
    expect(custom).toEqual([
      ['no-privileged-containers', 'spec.template.spec.containers[1].name', 12, expect.stringContaining('spec.containers.[1].name jsonpath_not_exists')],
      ['company-registry', 'spec.template.spec.containers[1].image', 13, expect.stringContaining('spec.containers.[1].image jsonpath_starting_with "registry.example.com/"')],
      ['company-registry', 'spec.template.spec.containers[0].image', 27, expect.stringContaining('spec.containers.[0].image jsonpath_starting_with')],
      // Nothing found: judged on the JSONPath as an attribute, which has no value.
      ['service-owner', '', 40, expect.stringContaining("$.metadata.labels.'app.kubernetes.io/owner' jsonpath_exists")],
    ]);
  });

  it("evaluates connection conditions on Checkov's graph of every object scanned, as Checkov does", () => {
    const { code, report } = scanJson([`${FIX}/checkov-manifests.yaml`, `${FIX}/checkov-lonely-pod.yaml`, '--config', `${FIX}/checkov-connection-rules.yaml`]);
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, path.basename(f.location.file), f.location.line, f.message]);
    expect(custom).toEqual([
      ['service-has-workload', 'checkov-manifests.yaml', 47, 'Service "bastion": Every Service selects a workload (fails the Checkov condition connection exists between ["Service"] and ["Deployment","Pod"])'],
      // The template pods of web and api are selected by their NetworkPolicies; this one by none.
      ['pods-isolated', 'checkov-lonely-pod.yaml', 1, 'Pod "lonely": Every pod is selected by a NetworkPolicy (fails the Checkov condition connection exists between ["Pod","Deployment"] and ["NetworkPolicy"])'],
    ]);
    // Alone, the pod has no NetworkPolicy to connect to either; the Services are not scanned.
    const alone = scanJson([`${FIX}/checkov-lonely-pod.yaml`, '--config', `${FIX}/checkov-connection-rules.yaml`]);
    expect(alone.report!.findings.filter((f) => f.category === 'custom').map((f) => f.ruleId)).toEqual(['pods-isolated']);
  });

  it('leaves connection conditions out for an admitted object, which comes without the others', () => {
    const definition = { cond_type: 'connection', resource_types: ['Pod'], connected_resource_types: ['NetworkPolicy'], operator: 'exists' };
    const check = customRuleCheck(customRuleSchema.parse({ id: 'isolated', title: 'Isolated', severity: 'high', target: 'object', checkov: definition }));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', labels: { app: 'p' } }, spec: { containers: [{ name: 'c', image: 'c' }] } };
    expect(messagesAlone(check, pod, false)).toEqual(['Pod "p": Isolated (fails the Checkov condition connection exists between ["Pod"] and ["NetworkPolicy"])']);
    expect(messagesAlone(check, pod, true)).toEqual([]);
  });

  it('refuses, with exit code 2 and the place in the file, a checkov definition it cannot evaluate as Checkov does', () => {
    const dir = tempDir('rampart-custom-');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
    const run = (definition: string, extra = '') => rampart(['scan', path.join(dir, 'pod.yaml'), '--config', configIn(dir, `  - id: mine\n    title: Mine\n    severity: high\n    target: object\n${extra}    checkov: ${definition}\n`)]);
    const connection = run('{or: [{not: {cond_type: connection, resource_types: [Pod], connected_resource_types: [Service], operator: exists}}, {cond_type: connection, resource_types: [Pod], connected_resource_types: [Service], operator: exists}]}');
    expect(connection.code).toBe(2);
    expect(connection.stderr).toMatch(/\.rampart\.yaml:6:\d+: customRules\[0\] \(mine\): its checkov policy cannot be evaluated as Checkov evaluates it: definition\.or\[0\]\.not: Checkov has no "not" of a connection/);
    const lookahead = run('{cond_type: attribute, resource_types: [Pod], attribute: metadata.name, operator: regex_match, value: "^(?!x)"}');
    expect(lookahead.stderr).toContain('its regular expression is not one RE2 runs');
    const noKinds = run('{cond_type: attribute, attribute: metadata.name, operator: exists}');
    expect(noKinds.stderr).toContain('resource_types must name the kinds it judges');
    const unknown = run("{cond_type: attribute, resource_types: [Pod], attribute: '$..image', operator: jsonpath_exists}");
    expect(unknown.stderr).toContain('a JSONPath that reaches keys it does not name (`..`, or a `*` or filter on the top level) is not supported (in Checkov it also searches its internal copies of the object)');
    const badPath = run("{cond_type: attribute, resource_types: [Pod], attribute: '$.spec[', operator: jsonpath_exists}");
    expect(badPath.stderr).toContain('its attribute is not a JSONPath Checkov reads');
    const both = run('{cond_type: attribute, resource_types: [Pod], attribute: metadata.name, operator: exists}', '    schema: {}\n');
    expect(both.stderr).toContain('a custom rule needs one condition: a schema, a schema template, a checkov policy definition, a cel expression or a kube-linter template');
    for (const r of [connection, lookahead, noKinds, unknown, badPath, both]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('custom rules written as CEL expressions', () => {
  it("evaluates a cel expression on each object of its kinds as kube-linter's cel-expression does, with the objects of its directory as objects", () => {
    const { code, report } = scanJson([`${FIX}/cel-manifests.yaml`, '--config', `${FIX}/cel-rules.yaml`]);
    expect(code).toBe(1);
    const custom = report!.findings.filter((f) => f.category === 'custom').map((f) => [f.ruleId, f.location.line, f.message]);
    expect(custom).toEqual([
      ['no-system-group-binding', 1, 'ClusterRoleBinding "everyone": ClusterRoleBinding binds a system group (binds the group system:authenticated)'],
      // The container has no resources in the file; in Go's JSON form it has resources: {}, so has(c.resources.limits) is false instead of an error.
      ['memory-limit-required', 17, 'Deployment "web": Containers set a memory limit (a container has no memory limit)'],
      // replicas is a double: 8.0 > 5.0, written back as 8.
      ['replicas-written', 17, 'Deployment "web": Deployment replicas above five (runs 8 replicas)'],
      // No replicas in the file, and none in Go's JSON form (a nil pointer is left out): reading it fails, which is a finding, as in kube-linter.
      ['replicas-written', 31, expect.stringMatching(/^Deployment "LoadTest": Deployment replicas above five \(the CEL expression failed: .*replicas/)],
      // matches() is RE2's: (?i) works.
      ['case-insensitive-name', 31, 'Deployment "LoadTest": Name mentions a test (named LoadTest)'],
      ['service-selects-a-deployment', 53, 'Service "orphan": Service selects no Deployment of the input (no Deployment has the labels of its selector)'],
    ]);
  });

  it('gives objects the objects kube-linter lints together: those of the same directory', () => {
    const dir = tempDir('rampart-custom-');
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web:1}]\n';
    writeBelow(dir, 'a/service.yaml', service);
    writeBelow(dir, 'b/deployment.yaml', deployment);
    const rule = ['--config', `${FIX}/cel-rules.yaml`, '--rule', 'service-selects-a-deployment'];
    expect(scanJson([path.join(dir, 'a'), path.join(dir, 'b'), ...rule]).report!.findings.map((f) => f.ruleId)).toEqual(['service-selects-a-deployment']);
    writeBelow(dir, 'a/deployment.yaml', deployment);
    expect(scanJson([path.join(dir, 'a'), ...rule]).report!.findings).toEqual([]);
  });

  it("sees an object as kube-linter's cel-expression does: creationTimestamp null in its metadata and its pod template's", () => {
    const dir = tempDir('rampart-custom-');
    const deployment = (metadata: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {${metadata}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: web}]\n`;
    writeFileSync(path.join(dir, 'deploy.yaml'), [deployment('name: web'), deployment('name: api, creationTimestamp: "2024-05-01T12:30:00Z"')].join('---\n'));
    const cel = "object.metadata.creationTimestamp == null && object.spec.template.metadata.creationTimestamp == null ? 'never stored' : 'stored ' + string(object.metadata.creationTimestamp)";
    const r = rampart(['scan', path.join(dir, 'deploy.yaml'), '--format', 'json', '--config', configIn(dir, `  - id: stored\n    title: Stored\n    severity: low\n    target: object\n    kinds: [apps/Deployment]\n    cel: ${JSON.stringify(cel)}\n`), '--rule', 'stored']);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.message)).toEqual([
      'Deployment "web": Stored (never stored)',
      'Deployment "api": Stored (stored 2024-05-01T12:30:00Z)',
    ]);
  });

  it('says what a non-string result is, and refuses an expression cel-go does not compile with exit code 2 and its line', () => {
    const dir = tempDir('rampart-custom-');
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
    const run = (cel: string, extra = '') => rampart(['scan', path.join(dir, 'pod.yaml'), '--format', 'json', '--config', configIn(dir, `  - id: mine\n    title: Mine\n    severity: high\n    target: object\n    kinds: [Pod]\n${extra}    cel: ${JSON.stringify(cel)}\n`)]);
    const bool = run('has(object.spec.hostNetwork)');
    expect(bool.code).toBe(1);
    expect((JSON.parse(bool.stdout) as { findings: JsonFinding[] }).findings.find((f) => f.ruleId === 'mine')?.message).toBe('Pod "p": Mine (the CEL expression failed: expected string, got false)');
    expect(run("object.metadata.name == 'q' ? 'q' : ''").code).toBe(0);
    const broken = run('object.(');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/\.rampart\.yaml:7:\d+: customRules\[0\] \(mine\): its cel expression is not one cel-go compiles/);
    // cel-go's standard environment has no string extensions: kube-linter cannot compile this either.
    const extension = run("object.metadata.name.lowerAscii() == 'p' ? 'p' : ''");
    expect(extension.code).toBe(2);
    expect(extension.stderr).toContain("undeclared reference to 'lowerAscii'");
    // Two issues are said in one line, as every configuration error is.
    const two = run("object.metadata.name.lowerAscii() == 'p' && object.metadata.name.upperAscii() == 'P' ? 'p' : ''");
    expect(two.code).toBe(2);
    expect(two.stderr.trim().split('\n')).toHaveLength(1);
    expect(two.stderr).toContain("undeclared reference to 'lowerAscii' (in container ''); <input>:1:65: undeclared reference to 'upperAscii'");
    const both = run("''", '    schema: {}\n');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('a custom rule needs one condition');
    const container = rampart(['scan', path.join(dir, 'pod.yaml'), '--config', configIn(dir, "  - {id: mine, title: Mine, severity: high, target: container, cel: \"''\"}\n")]);
    expect(container.code).toBe(2);
    expect(container.stderr).toContain('a cel expression judges whole objects: use target object');
    for (const r of [broken, extension, both, container]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the JSON Schema of custom rules', () => {
  it('matches patterns with RE2, in time linear in the input, anywhere in the string', () => {
    const validate = compileSchema({ properties: { image: { pattern: '(a+)+$' } } });
    const started = performance.now();
    expect(validate({ image: `${'a'.repeat(50_000)}!` })?.message).toBe('image must match pattern "(a+)+$"');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(compileSchema({ properties: { image: { pattern: 'quay' } } })({ image: 'registry/quay/x' })).toBeUndefined();
  });

  it("compares quantities with Polaris' resourceMinimum and resourceMaximum, inclusive, and fails what is no quantity string", () => {
    const validate = compileSchema({ properties: { cpu: { resourceMinimum: '100m', resourceMaximum: '2' } } });
    expect(validate({ cpu: '100m' })).toBeUndefined();
    expect(validate({ cpu: '2000m' })).toBeUndefined();
    expect(validate({ cpu: '0.099' })?.message).toBe('cpu "0.099" is below the minimum of 100m');
    expect(validate({ cpu: '2001m' })?.message).toBe('cpu "2001m" is above the maximum of 2');
    expect(validate({ cpu: 1 })?.message).toBe('cpu is no quantity string');
    // A value that is no quantity is not repeated: it could be a secret's.
    expect(validate({ cpu: 's3cr3t' })?.message).toBe('cpu is no quantity string');
    expect(() => compileSchema({ properties: { cpu: { resourceMinimum: 'x' } } })).toThrow(/resourceMinimum: "x" is not a Kubernetes quantity/);
  });

  it('checks an object with a key valueOf or toString as any other, whatever keywords the schema uses', () => {
    // ajv's own equality called such keys as methods: every const or enum check on that object
    // was an internal error, exit code 2.
    const dir = tempDir('rampart-custom-');
    const config = configIn(
      dir,
      `  - id: allowed-flags
    title: Flags are on or off
    severity: high
    target: object
    kinds: [ConfigMap]
    schema:
      properties:
        data:
          not: {const: {}}
          additionalProperties: {enum: ["on", "off"]}
          propertyNames: {maxLength: 20}
`,
    );
    const manifest = path.join(dir, 'flags.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flags, namespace: app}\ndata:\n  valueOf: "on"\n  toString: maybe\n');
    const { code, report, stderr } = scanJson([manifest, '--config', config, '--no-config-file']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const found = report!.findings.filter((f) => f.ruleId === 'allowed-flags').map((f) => [f.path, f.location.line, f.message]);
    expect(found).toEqual([['data.toString', 6, 'ConfigMap "flags": Flags are on or off (data.toString must be equal to one of the allowed values)']]);
  });

  it("validates format as Polaris does (a host name, an e-mail address), and leaves a format it does not know alone", () => {
    const dir = tempDir('rampart-custom-');
    const config = configIn(
      dir,
      `  - id: ingress-hosts
    title: Ingress hosts are host names and name an owner
    severity: medium
    target: object
    kinds: [Ingress]
    schema:
      properties:
        metadata:
          properties:
            annotations:
              properties:
                owner: {format: email}
                ticket: {format: ticket-number}
        spec:
          properties:
            rules:
              items:
                properties:
                  host: {format: hostname}
`,
    );
    const manifest = path.join(dir, 'ingress.yaml');
    writeFileSync(
      manifest,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {owner: "Web Team <web@example.com>", ticket: "#12"}
spec:
  rules:
    - host: shop.example.com
    - host: shop_v2.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
  annotations:
    owner: web team
spec:
  rules:
    - host: api.example.com
`,
    );
    const { code, report, stderr } = scanJson([manifest, '--config', config, '--no-config-file', '--fail-on', 'medium']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const found = report!.findings.filter((f) => f.ruleId === 'ingress-hosts').map((f) => [f.path, f.location.line, f.message]);
    expect(found).toEqual([
      ['spec.rules[1].host', 10, 'Ingress "web": Ingress hosts are host names and name an owner (spec.rules[1].host must match format "hostname")'],
      ['metadata.annotations.owner', 18, 'Ingress "api": Ingress hosts are host names and name an owner (metadata.annotations.owner must match format "email")'],
    ]);
  });

  it('reads draft-07 and 2019-09 schemas alike, whatever $schema URI they name', () => {
    for (const $schema of ['http://json-schema.org/draft-07/schema', 'http://json-schema.org/draft/2019-09/schema', 'https://example.com/unknown']) {
      const validate = compileSchema({ $schema, type: 'object', required: ['a'] });
      expect(validate({})?.message).toBe("must have required property 'a'");
      expect(validate({ a: 1 })).toBeUndefined();
    }
  });
});
