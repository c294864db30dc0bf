import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../../../test/helpers/cli.js';
import { tempDir } from '../../../test/helpers/temp.js';
import { messagesAlone } from '../../../test/helpers/lone-object.js';
import { customRuleSchema } from '../config-schema.js';
import { customRuleCheck } from '../rule.js';

const FIX = 'src/custom-rules/kube-linter/fixtures';

interface JsonFinding {
  readonly ruleId: string;
  readonly object: { readonly name: string };
  readonly path: string;
  readonly message: string;
}

function scan(args: readonly string[]) {
  const result = rampart(['scan', '--format', 'json', ...args]);
  const findings = result.stdout ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings : [];
  return { ...result, findings };
}

const RULES = ['no-extensions', 'core-but-not-v1', 'sockets-and-run', 'secret-access'].flatMap((id) => ['--rule', id]);

describe('kube-linter templates run as kube-linter runs them', () => {
  const { code, findings } = scan([FIX, '--config', `${FIX}/rules.yaml`, ...RULES]);
  const of = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => [f.object.name, f.path, f.message.replace(/^.*? \((.*)\)$/, '$1')]);

  it('disallowed-api-obj matches the group and version of apiVersion as apimachinery parses it', () => {
    expect(code).toBe(1);
    expect(of('no-extensions')).toEqual([['legacy', 'kind', 'disallowed API object found: extensions/v1beta1, Kind=Ingress']]);
    // Two slashes: no group nor version; `!` negates a pattern.
    expect(of('core-but-not-v1')).toEqual([
      ['odd', 'kind', 'disallowed API object found: /, Kind=Widget'],
      ['core-beta', 'kind', 'disallowed API object found: /v1beta1, Kind=Thing'],
    ]);
  });

  it('host-mounts reports each mount of a matching hostPath volume, once however many patterns match', () => {
    expect(of('sockets-and-run')).toEqual([
      ['agent', 'spec.template.spec.containers[0].volumeMounts[1]', 'host system directory "/var/run/docker.sock" is mounted on container "agent"'],
      ['agent', 'spec.template.spec.initContainers[0].volumeMounts[0]', 'host system directory "/var/run/docker.sock" is mounted on container "setup"'],
    ]);
  });

  it("access-to-resources looks for the binding's role among the objects of its directory, with kube-linter's quirks", () => {
    expect(of('secret-access')).toEqual([
      // Both without a namespace: "default". A wildcard resource counts.
      ['reader', 'roleRef', 'binding to "reader" role that has [get] access to [secrets], [list] access to [*]'],
      // A RoleBinding looks for a Role whatever its roleRef's kind.
      ['via-cluster-role', 'roleRef', 'role "aggregate" in namespace "web" not found'],
      // The aggregated ClusterRole's own rules grant nothing; a selector that is no valid label selector is skipped.
      ['aggregate', 'roleRef', 'binding via aggregationRule to "part" clusterrole that has [*] access to [secrets]'],
      ['admins', 'roleRef', 'clusterrole "Cluster_Admin" not found'],
      // The Role of the same name is in another directory.
      ['elsewhere', 'roleRef', 'role "elsewhere" in namespace "web" not found'],
    ]);
  });

  it('update-configuration reads each kind\'s strategy as the Go types hold it, and compares numbers and percentages apart', () => {
    const rollouts = scan([`${FIX}/rollouts.yaml`, '--config', `${FIX}/rules.yaml`, '--rule', 'rolling-bounds']);
    const found = rollouts.findings.map((f) => [f.object.name, f.path, f.message.replace(/^.*? \((.*)\)$/, '$1')]);
    expect(found).toEqual([
      // No strategy: type "", and the bounds ask for rolling parameters.
      ['unset', 'spec.strategy.type', 'object has no strategy type but must match regex ^RollingUpdate$'],
      ['unset', 'spec.strategy', 'object has no rolling update parameters defined'],
      ['too-wide', 'spec.strategy.rollingUpdate.maxSurge', 'object has a max surge of <nil> but at least 1 is required'],
      ['too-wide', 'spec.strategy.rollingUpdate.maxUnavailable', 'object has a max unavailable of 50% but no more than 25% is required'],
      // A number is never within a percentage bound; a string that is no percentage has no value.
      ['numbers', 'spec.strategy.rollingUpdate.maxUnavailable', 'object has a max unavailable of 1 but no more than 25% is required'],
      ['numbers', 'spec.strategy.rollingUpdate.maxSurge', 'object has a max surge of 2 but at least 1 is required'],
      // A StatefulSet has no maxSurge to check; a Job no update strategy at all.
      ['db', 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'object has a max unavailable of <nil> but no more than 25% is required'],
      ['agent', 'spec.updateStrategy', 'object has no rolling update parameters defined'],
      ['agent', 'spec.updateStrategy.type', 'object has OnDelete strategy type but must match regex ^RollingUpdate$'],
    ]);
  });

  it("anti-affinity judges each term against the template's own namespace and labels; one good term passes", () => {
    const spread = scan([`${FIX}/spread.yaml`, '--config', `${FIX}/rules.yaml`, '--rule', 'spread-replicas']);
    const terms = 'spec.template.spec.affinity.podAntiAffinity';
    expect(spread.findings.map((f) => [f.object.name, f.path, f.message.replace(/^.*? \((.*)\)$/, '$1')])).toEqual([
      ['none', 'spec.template.spec.affinity', 'object has 3 replicas but does not specify inter pod anti-affinity'],
      ['empty', terms, 'object has 2 replicas but does not specify preferred or required inter pod anti-affinity during scheduling'],
      ['apart', `${terms}.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm`, 'anti-affinity\'s topology key does not match "topology.kubernetes.io/zone"'],
      // The template has no namespace of its own.
      ['apart', `${terms}.requiredDuringSchedulingIgnoredDuringExecution[0]`, 'pod\'s namespace "" not found in anti-affinity\'s namespaces [web]'],
      ['apart', `${terms}.requiredDuringSchedulingIgnoredDuringExecution[1]`, 'pod\'s labels "app=apart,tier=db" do not match with anti-affinity\'s labels "app in (another,other),!legacy"'],
      ['apart', `${terms}.requiredDuringSchedulingIgnoredDuringExecution[2]`, '"Equals" is not a valid label selector operator'],
      [
        'apart',
        `${terms}.requiredDuringSchedulingIgnoredDuringExecution[3]`,
        "[key: Invalid value: \"app name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), " +
          "values[1][app name]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]",
      ],
    ]);
  });

  it('leaves access-to-resources out for an admitted binding, which comes without its roles', () => {
    const rule = customRuleSchema.parse({ id: 'secrets', title: 'Secrets', severity: 'high', target: 'object', kinds: ['RoleBinding'], kubeLinter: { template: 'access-to-resources', params: { resources: ['^secrets$'], verbs: ['^get$'], flagRolesNotFound: true } } });
    const check = customRuleCheck(rule);
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'a' }, roleRef: { kind: 'Role', name: 'r' } };
    expect(messagesAlone(check, binding, false)).toEqual(['RoleBinding "b": Secrets (role "r" in namespace "a" not found)']);
    expect(messagesAlone(check, binding, true)).toEqual([]);
  });

  it('refuses an unknown template or parameters kube-linter refuses, naming the line; rules explain shows the template', () => {
    const dir = tempDir('rampart-kube-linter-');
    const config = (kubeLinter: string) => {
      writeFileSync(path.join(dir, '.rampart.yaml'), `customRules:\n  - id: mine\n    title: Mine\n    severity: high\n    target: object\n    kinds: ["*"]\n    kubeLinter: ${kubeLinter}\n`);
      return rampart(['scan', `${FIX}/manifests.yaml`, '--config', path.join(dir, '.rampart.yaml')]);
    };
    const unknown = config('{template: node-affinity}');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\.rampart\.yaml:7:\d+: customRules\[0\] \(mine\): kube-linter template "node-affinity" is not one Rampart runs/);
    const pattern = config('{template: host-mounts, params: {dirs: ["("]}}');
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toContain('kube-linter refuses these parameters of host-mounts: invalid regex (');
    const param = config('{template: disallowed-api-obj, params: {kinds: Pod}}');
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('unknown parameter kinds (it takes group, version, kind)');
    const percent = config('{template: update-configuration, params: {strategyTypeRegex: Rolling, maxSurge: "150%"}}');
    expect(percent.code).toBe(2);
    expect(percent.stderr).toContain("invalid MaxSurge 150%: 150% isn't a valid percent");
    const required = config('{template: update-configuration, params: {maxSurge: "1"}}');
    expect(required.stderr).toContain('required param strategyTypeRegex not found');
    for (const r of [unknown, pattern, param, percent, required]) expect(r.stderr).not.toMatch(/\n\s+at /);
    const explained = rampart(['rules', 'explain', 'secret-access', '--config', `${FIX}/rules.yaml`]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('kube-linter template access-to-resources, run as kube-linter runs it');
  });
});
