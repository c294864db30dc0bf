import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { CheckRegistry } from '../../src/checks/registry.js';
import { celJudge } from '../../src/custom-rules/cel/cel-rule.js';
import * as templated from '../../src/custom-rules/templated.js';
import { customRuleCheck } from '../../src/custom-rules/rule.js';
import { compileGlob } from '../../src/config/glob.js';
import { globOf } from '../../src/config/import/kubescape.js';
import { kubeScoreCommands } from '../../src/config/import/kube-score.js';
import { loadConfigFile } from '../../src/config/load.js';
import { resolvePolicy } from '../../src/config/resolve.js';
import { rampart } from '../helpers/cli.js';
import { tempDir, writeBelow } from '../helpers/temp.js';

const FIX = 'test/config-import/fixtures';

function loadExclude(file: string): readonly string[] {
  const loaded = loadConfigFile(file);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value.config.exclude;
}

/** Imports a fixture, checks that Rampart loads the result, and returns the text and the resolved policy. */
function imported(tool: string, file = `${FIX}/${tool}.yaml`) {
  const r = rampart(['config', 'import', '--from', tool, file]);
  expect(r.code).toBe(0);
  const config = path.join(tempDir('rampart-import-'), '.rampart.yaml');
  writeFileSync(config, r.stdout);
  const loaded = loadConfigFile(config);
  if (!loaded.ok) throw new Error(loaded.error.message);
  // The custom rules the import wrote are rules of the file, as a scan with it has them.
  const registry = new CheckRegistry([...CHECKS.all(), ...loaded.value.config.customRules.map((rule) => customRuleCheck(rule, { celJudge, templated }))]);
  const resolved = resolvePolicy(loaded.value.config, registry, { today: '2026-06-01' }, config);
  if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join('; '));
  const active = new Set(resolved.value.policy.checks.map((c) => c.check.id));
  return { text: r.stdout, stderr: r.stderr, active, config: loaded.value.config };
}

/** Imports a file with `-o`, then scans `manifest` with only `rules`, under that configuration: the findings' rule ids and paths. */
function scanWithImport(tool: string, file: string, manifest: string, rules: readonly string[]): Array<[string, string]> {
  const dir = tempDir('rampart-import-');
  const out = path.join(dir, '.rampart.yaml');
  expect(rampart(['config', 'import', '--from', tool, file, '-o', out]).code).toBe(0);
  writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
  const scan = rampart(['scan', path.join(dir, 'manifest.yaml'), ...rules.flatMap((r) => ['--rule', r]), '--format', 'json']);
  return JSON.parse(scan.stdout).findings.map((f: { ruleId: string; path: string }) => [f.ruleId, f.path]);
}

describe('rampart config import', () => {
  it('turns kube-linter exclusions off and inclusions on, for exact equivalents, and lists the rest', () => {
    const { text, stderr, active } = imported('kube-linter');
    expect(active.has('writable-root-filesystem')).toBe(false);
    expect(active.has('privileged-container')).toBe(false);
    expect(CHECKS.get('privileged-port')?.enabledByDefault).toBe(false);
    expect(active.has('privileged-port')).toBe(true);
    expect(active.has('host-network')).toBe(true);
    expect(text).toMatch(/\n {2}privileged-container: off +# test\/config-import\/fixtures\/kube-linter.yaml checks.exclude\n/);
    expect(text).toContain('# - test/config-import/fixtures/kube-linter.yaml checks.exclude: kube-linter check "no-such-check" has no exact Rampart equivalent\n');
    // addAllBuiltIn: every built-in check as if included (those off by default in Rampart turned on, with kube-linter's thresholds).
    expect(active.has('missing-priority-class')).toBe(true);
    expect(text).toContain('  too-few-replicas: {enabled: true, params: {minReplicas: 3}}  # test/config-import/fixtures/kube-linter.yaml checks.addAllBuiltIn: minimum-three-replicas');
    expect(text).not.toContain('onlyRules');
    expect(stderr).toBe('imported 4 scan settings, 15 rule settings and 0 exemptions; 4 settings not imported (listed at the end)\n');
  });

  it("turns kube-linter's required-label and required-annotation checks into the keys missing-required-labels asks for", () => {
    const dir = tempDir('rampart-import-');
    const file = path.join(dir, '.kube-linter.yaml');
    const custom = (name: string, template: string, params: string) => `  - name: ${name}\n    template: ${template}\n    params: ${params}\n`;
    writeFileSync(
      file,
      'checks:\n  include: [required-label-owner, required-annotation-email, no-liveness-probe]\n  exclude: [required-annotation-email, skipped-label]\ncustomChecks:\n' +
        custom('team-label', 'required-label', '{key: team}') +
        custom('contact', 'required-annotation', '{key: example.com/contact}') +
        custom('skipped-label', 'required-label', '{key: skipped}') +
        custom('prod-env', 'required-label', '{key: env, value: "^prod$"}') +
        custom('any-owner', 'required-label', '{key: ".*owner"}'),
    );
    const { text, active, config } = imported('kube-linter', file);
    expect(active.has('missing-required-labels')).toBe(true);
    expect(config.rules['missing-required-labels']).toEqual({ enabled: true, params: { labels: ['owner', 'team'], annotations: ['example.com/contact'] } });
    expect(active.has('liveness-probe-missing')).toBe(true);
    expect(text).toContain('(kube-linter matches the keys as regular expressions anywhere in a key; this rule requires the keys themselves)');
    // A value pattern or a key that is a regular expression becomes a custom rule of its own.
    expect(config.customRules.map((r) => [r.id, r.target, r.kinds])).toEqual([
      ['prod-env', 'object', ['*']],
      ['any-owner', 'object', ['*']],
    ]);
    expect(text).not.toContain('not carried over');
    // An excluded check adds nothing; without any check left, the rule keeps its default keys and stays off.
    writeFileSync(file, 'checks:\n  include: [required-label-owner]\n  exclude: [required-label-owner]\n');
    expect(imported('kube-linter', file).active.has('missing-required-labels')).toBe(false);
  });

  it("carries kube-linter's ignorePaths over as exclusions from the file's directory, and says where they differ", () => {
    const { text, config } = imported('kube-linter');
    // Cleaned as kube-linter cleans them (./ and trailing slashes gone); absolute ones stay absolute.
    expect(config.exclude).toEqual(['charts/legacy/**', 'deploy/{dev,test}', '/**/testdata/**/*', '../shared/*.tmpl.yaml']);
    const comment = (pattern: string) => text.split('\n').find((line) => line.startsWith(`  - ${JSON.stringify(pattern)}  # `));
    expect(comment('charts/legacy/**')).toContain("(kube-linter's relative paths are from the directory it runs in, taken here to be its file's)");
    expect(comment('charts/legacy/**')).not.toContain('still reads');
    expect(comment('deploy/{dev,test}')).toContain('a directory it matches is left out with everything under it, where kube-linter still reads what is under it');
    expect(comment('/**/testdata/**/*')).not.toContain('relative');
    expect(text).toContain(`# - ${FIX}/kube-linter.yaml checks.ignorePaths: values-local.yaml: kube-linter matches it at the top level only (beside this file), a Rampart pattern without a slash at any depth`);
    expect(text).toContain(`# - ${FIX}/kube-linter.yaml checks.ignorePaths: ~/.kube/**: a path in the home directory of whoever runs kube-linter`);
  });

  it("carries kube-linter's cpu-requirements and memory-requirements checks over as resources-out-of-range bounds, flagging the same amounts", () => {
    const { text, config, stderr } = imported('kube-linter', `${FIX}/kube-linter-resources.yaml`);
    // Rampart's defaults stay where they are stricter (CPU requests up to 128, memory requests from 1Mi).
    expect(config.rules['resources-out-of-range']).toEqual({
      enabled: true,
      params: { cpu: { requests: { min: '100m', max: '128' } }, memory: { requests: { min: '1Mi', max: String(8193 * 2 ** 20 - 1) }, limits: { min: String(63 * 2 ** 20 + 1), max: String(8193 * 2 ** 20 - 1) } } },
    });
    expect(text).toContain('small-cpu-request (cpu-requirements) flags amounts up to 99m (a missing or zero value too, which cpu-requests-missing reports)');
    expect(text).toContain('band (memory-requirements): flags amounts from 10Mi to 20Mi; resources-out-of-range flags amounts outside its bounds, never inside');
    expect(text).toContain("cpu-limit (cpu-requirements): flags nothing, as kube-linter's cpu-requirements reads the CPU request only");
    expect(text).toContain('unset-again (cpu-requirements): flags a missing or zero request only, which cpu-requests-missing reports (on by default)');
    expect(text).toContain('everything (cpu-requirements): flags every container, whatever it sets');
    expect(text).toContain('broken (cpu-requirements): not a valid check of its template');
    // The excluded check adds no bound (its 4999m maximum would be stricter than 128) and is not listed.
    expect(text).not.toContain('skipped-cpu');
    expect(stderr).toBe('imported 1 rule setting and 0 exemptions; 5 settings not imported (listed at the end)\n');

    // kube-linter's bounds are inclusive: 99m and 63Mi are flagged, 100m and 63Mi and a byte are not; 8193Mi is, 8192Mi is not.
    const container = (name: string, requests: string, limits: string) =>
      `    - {name: ${name}, image: "registry.example.com/app:1.0", resources: {requests: ${requests}, limits: ${limits}}}\n`;
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: sizes, namespace: shop}\nspec:\n  containers:\n' +
      container('flagged', '{cpu: 99m, memory: 64Mi}', '{cpu: "1", memory: 63Mi}') +
      container('passes', '{cpu: 100m, memory: 8192Mi}', `{cpu: "1", memory: "${63 * 2 ** 20 + 1}"}`) +
      container('huge', '{cpu: 100m, memory: 64Mi}', '{cpu: "1", memory: 8193Mi}');
    expect(scanWithImport('kube-linter', `${FIX}/kube-linter-resources.yaml`, manifest, ['resources-out-of-range']).map(([, p]) => p)).toEqual([
      'spec.containers[0].resources.requests.cpu',
      'spec.containers[0].resources.limits.memory',
      'spec.containers[2].resources.limits.memory',
    ]);
  });

  it("carries kube-linter's latest-tag and image-pull-policy custom checks over as custom rules that flag the same containers", () => {
    const { config, text, stderr } = imported('kube-linter', `${FIX}/kube-linter-templates.yaml`);
    expect(config.customRules.map((r) => [r.id, r.severity, r.containers])).toEqual([
      ['no-dockerhub', 'high', ['container', 'initContainer']],
      ['no-latest-images', 'high', ['container', 'initContainer']],
      ['never-pull', 'high', ['container', 'initContainer']],
    ]);
    expect(text).toContain('both (latest-tag): not carried over: it sets both blockList and allowList, which kube-linter refuses');
    expect(stderr).toBe('imported 0 rule settings, 3 custom rules and 0 exemptions; 1 setting not imported (listed at the end)\n');
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  initContainers:\n    - {name: setup}\n  containers:\n' +
      '    - {name: ok, image: "registry.example.com/app:1.0"}\n    - {name: bare, image: nginx, imagePullPolicy: Never}\n    - {name: latest, image: "registry.example.com/app:latest"}\n';
    const findings = scanWithImport('kube-linter', `${FIX}/kube-linter-templates.yaml`, manifest, ['no-dockerhub', 'no-latest-images', 'never-pull']);
    // kube-linter reads a container without an image as the image "": neither allowed nor tagged.
    expect(findings.map(([rule, p]) => `${rule} ${p}`).sort()).toEqual([
      'never-pull spec.containers[1].imagePullPolicy',
      'no-dockerhub spec.containers[1].image',
      'no-dockerhub spec.initContainers[0]',
      'no-latest-images spec.containers[1].image',
      'no-latest-images spec.containers[2].image',
      'no-latest-images spec.initContainers[0]',
    ]);
  });

  it("carries kube-linter's required-label and required-annotation checks with patterns over as custom rules on every object, negations included", () => {
    const { config } = imported('kube-linter', `${FIX}/kube-linter-required-patterns.yaml`);
    expect(config.customRules.map((r) => [r.id, r.title])).toEqual([
      ['prod-env', 'No label matching "env=^prod$"'],
      ['any-owner', 'No label matching ".*owner=<any>"'],
      ['not-temp', 'No annotation matching "!^kubectl\\.kubernetes\\.io/=!^$"'],
    ]);
    const object = (kind: string, name: string, metadata: string) => `apiVersion: v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop${metadata}}\n`;
    const manifest = [
      object('ConfigMap', 'a', ', labels: {env: prod, team-owner: x}, annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}"}'),
      object('ConfigMap', 'b', ', labels: {env: production}, annotations: {note: hello}'),
      object('Service', 'c', ', annotations: {note: ""}'),
    ].join('---\n');
    // a: only kubectl's annotation; b: env is not exactly prod, no owner; c: no labels, and an empty annotation value.
    expect(scanWithImport('kube-linter', `${FIX}/kube-linter-required-patterns.yaml`, manifest, ['prod-env', 'any-owner', 'not-temp'])).toEqual([
      ['not-temp', 'metadata.annotations'],
      ['prod-env', 'metadata.labels'],
      ['any-owner', 'metadata.labels'],
      ['prod-env', 'metadata'],
      ['any-owner', 'metadata'],
      ['not-temp', 'metadata.annotations'],
    ]);
  });

  it("carries kube-linter's env-var, ports, service-account, dnsconfig-options, forbidden-* and disallowed-api-obj checks over as custom rules that flag what kube-linter flags", () => {
    const fixture = `${FIX}/kube-linter-more-templates.yaml`;
    const { config, text, stderr } = imported('kube-linter', fixture);
    expect(config.customRules.map((r) => [r.id, r.target])).toEqual([
      ['no-debug-env', 'container'],
      ['password-from-secret', 'container'],
      ['no-inject-off', 'object'],
      ['no-redis-port', 'container'],
      ['no-udp-dns', 'container'],
      ['no-builder-account', 'pod-spec'],
      ['ndots-two', 'pod-spec'],
      ['no-load-balancers', 'object'],
      ['no-ingress-objects', 'object'],
      // A group pattern is matched against a part of apiVersion: kube-linter's template, run as it is.
      ['no-extensions-group', 'object'],
      ['old-tags', 'container'],
    ]);
    expect(config.customRules.find((r) => r.id === 'no-extensions-group')?.kubeLinter).toEqual({ template: 'disallowed-api-obj', params: { group: 'extensions' } });
    expect(text).toContain('one-replica (minimum-replicas): not carried over: with minReplicas 1 it flags only workloads scaled to zero');
    // Included built-in checks and the minimum-replicas template set the thresholds of their rules; the strictest wins.
    expect(text).toContain('  too-few-replicas: {enabled: true, params: {minReplicas: 5}}');
    expect(text).toContain('  service-node-port: {enabled: true, params: {forbiddenTypes: ["NodePort", "LoadBalancer"]}}');
    expect(stderr).toBe('imported 2 rule settings, 11 custom rules and 0 exemptions; 1 setting not imported (listed at the end)\n');
    const manifest = readFileSync(`${FIX}/kube-linter-more-templates.manifest.yaml`, 'utf8');
    const rules = [...config.customRules.map((r) => r.id), 'too-few-replicas', 'service-node-port'];
    const findings = scanWithImport('kube-linter', fixture, manifest, rules).map(([rule, p]) => `${rule} ${p}`);
    expect(findings.sort()).toEqual([
      // DEBUG=True (case aside), not DEBUG_LEVEL nor DEBUG=false; a password written in the manifest, not one from a Secret.
      'ndots-two spec.template.spec.dnsConfig.options',
      'no-builder-account spec.template.spec',
      'no-debug-env spec.template.spec.containers[0].env[0]',
      'no-extensions-group kind',
      'no-ingress-objects kind',
      'no-ingress-objects kind',
      'no-inject-off metadata.annotations["sidecar.istio.io/inject"]',
      'no-load-balancers spec.type',
      'no-redis-port spec.template.spec.containers[0].ports[0]',
      // 53/UDP; 53 without a protocol is TCP.
      'no-udp-dns spec.template.spec.containers[0].ports[1]',
      // BlockList written as the built-in check writes it: kube-linter reads parameter names in any case.
      'old-tags spec.template.spec.containers[0].image',
      'password-from-secret spec.template.spec.containers[0].env[2]',
      'service-node-port spec.type',
      'too-few-replicas spec.replicas',
    ]);
  });

  it("carries kube-linter's cel-expression checks over as custom rules with cel:, on the kinds of their scope", () => {
    const fixture = `${FIX}/kube-linter-cel.yaml`;
    const { config, text } = imported('kube-linter', fixture);
    expect(config.customRules.map((r) => [r.id, r.kinds, r.cel !== undefined])).toEqual([
      ['no-system-group-binding', ['rbac.authorization.k8s.io/v1/ClusterRoleBinding'], true],
      ['require-memory-limit', ['apps/Deployment', 'apps/DaemonSet', 'apps/StatefulSet', 'apps/ReplicaSet', 'core/Pod', 'core/ReplicationController', 'batch/Job', 'batch/CronJob', 'apps.openshift.io/DeploymentConfig'], true],
      ['every-object-named', ['*'], true],
    ]);
    expect(text).toContain('requireMemoryLimit (cel-expression) (high: kube-linter fails on any finding) (its filter parameter is left out, as kube-linter itself ignores it)');
    expect(text).toContain('no-scope (cel-expression): not carried over: its scope names no object kinds');
    expect(text).toContain('unknown-kind (cel-expression): not carried over: its scope names object kinds Rampart does not know (Route)');
    expect(text).toMatch(/broken \(cel-expression\) \(high: kube-linter fails on any finding\): not carried over: its CEL expression is not one cel-go compiles/);
    const manifest = [
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: all}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: Group, name: "system:authenticated"}]',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tmp-web}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: web, image: web:1}]',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {a: c}}\n  template:\n    metadata: {labels: {a: c}}\n    spec:\n      containers: [{name: agent, image: agent:1}]',
    ].join('\n---\n');
    const findings = scanWithImport('kube-linter', fixture, manifest, ['no-system-group-binding', 'require-memory-limit', 'every-object-named']);
    expect(findings.map(([rule]) => rule).sort()).toEqual(['every-object-named', 'no-system-group-binding', 'require-memory-limit']);
  });

  it('turns on the rules of a built-in check that a custom check repeats, even when the built-in one is excluded', () => {
    const { text, active, config } = imported('kube-linter', `${FIX}/kube-linter-builtin-copies.yaml`);
    expect(active.has('privileged-container')).toBe(true);
    expect(active.has('privileged-port')).toBe(true);
    expect(active.has('sensitive-host-path')).toBe(true);
    expect(text).toContain("privileged-container: on  # test/config-import/fixtures/kube-linter-builtin-copies.yaml customChecks[0]: no-privileged (privileged, as kube-linter's built-in privileged-container)");
    expect(text).toContain('no-externalname (cel-expression): not carried over');
    // The same templates with other parameters: custom rules that run the template.
    expect(config.customRules.map((r) => [r.id, r.kubeLinter?.template, r.kinds?.length])).toEqual([
      ['spread-three', 'anti-affinity', 9],
      ['var-run', 'host-mounts', 9],
      ['bounded-rollouts', 'update-configuration', 9],
      ['secret-watchers', 'access-to-resources', 1],
    ]);
    expect(text).toContain("broken-bounds (update-configuration): not carried over: kube-linter refuses its parameters (configuration verification: invalid MaxSurge 150%: 150% isn't a valid percent)");
    expect(text).toContain('scoped-wider (access-to-resources): not carried over: its scope names object kinds other than Role, ClusterRole, ClusterRoleBinding, RoleBinding (DeploymentLike)');
  });

  it("turns kube-linter's doNotAutoAddDefaults into onlyRules: the rules of the checks included and of the custom checks", () => {
    const dir = tempDir('rampart-import-');
    const file = path.join(dir, '.kube-linter.yaml');
    writeFileSync(
      file,
      'checks:\n  doNotAutoAddDefaults: true\n  include: [privileged-container, host-network, minimum-three-replicas]\n  exclude: [host-network]\n' +
        'customChecks:\n  - {name: no-debug, template: env-var, params: {name: "^DEBUG$"}}\n',
    );
    const { text, active } = imported('kube-linter', file);
    expect(text).toContain('onlyRules: ["no-debug", "privileged-container", "too-few-replicas"]');
    expect([...active].sort()).toEqual(['no-debug', 'privileged-container', 'too-few-replicas']);
  });

  it("reads kube-score's command lines in a CI file: ignored tests off, optional tests on, the CPU and memory limit switches", () => {
    const { text, active, stderr } = imported('kube-score', `${FIX}/kube-score-ci.yml`);
    for (const rule of ['pod-not-selected-by-network-policy', 'pod-partially-isolated', 'image-tag-latest', 'liveness-probe-missing', 'readiness-probe-missing', 'cpu-limits-missing']) expect(active.has(rule)).toBe(false);
    expect(active.has('memory-limits-missing')).toBe(true);
    expect(active.has('seccomp-not-set')).toBe(true);
    expect(text).toMatch(/\n {2}liveness-probe-missing: off +# test\/config-import\/fixtures\/kube-score-ci.yml:11 --ignore-test pod-probes\n/);
    expect(text).toContain('kube-score-ci.yml:11 --kubernetes-version v1.29: pass --kube-version to rampart scan');
    expect(stderr).toBe('imported 6 rule settings and 0 exemptions; 1 setting not imported (listed at the end)\n');
    // A file with no kube-score command line says so.
    expect(imported('kube-score', `${FIX}/checkov.yaml`).text).toContain('no kube-score command line (kube-score score ...) found in it');
  });

  it("reads the configuration file of kube-score mkconfig: exclude and default checks left out ignored, include and optional checks added enabled", () => {
    const { text, active } = imported('kube-score', `${FIX}/kube-score.yml`);
    expect(active.has('liveness-probe-missing')).toBe(false);
    expect(active.has('pod-not-selected-by-network-policy')).toBe(true);
    expect(text).toContain('disableIgnoreChecksAnnotations: not carried over');
  });

  it('splits kube-score command lines as a shell does', () => {
    expect(kubeScoreCommands("make lint; kube-score score a.yaml --ignore-test 'x,y' \\\n  --ignore-test=\"z\" | tee out # --ignore-test w\nkube-score version\n")).toEqual([
      { args: ['a.yaml', '--ignore-test', 'x,y', '--ignore-test=z'], line: 1 },
    ]);
  });

  it('refuses, in one line naming the check, a kube-linter custom check whose parameters hold a regular expression Go does not compile, as kube-linter refuses its file', () => {
    const dir = tempDir('rampart-import-');
    const file = path.join(dir, '.kube-linter.yaml');
    const check = (name: string, template: string, params: string) => `  - name: ${name}\n    template: ${template}\n    params: ${params}\n`;
    for (const [template, params] of [
      ['latest-tag', '{blockList: ["(a"]}'],
      ['image-not-pinned-by-digest', '{allowList: ["registry[.example.com/"]}'],
      ['env-var', '{name: "^DEBUG(", value: "true"}'],
    ]) {
      // Excluded or not: kube-linter registers every custom check, and stops on this one.
      writeFileSync(file, `checks:\n  exclude: [broken]\ncustomChecks:\n${check('fine', 'latest-tag', '{blockList: [":latest$"]}')}${check('broken', template!, params!)}`);
      const r = rampart(['config', 'import', '--from', 'kube-linter', file]);
      expect(r.code, template).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr, template).toContain(`${file}:7: customChecks[1] (broken): its parameters hold a regular expression Go does not compile (error parsing regexp: `);
      expect(r.stderr).toContain('so kube-linter refuses the configuration');
    }
  });

  it('lets an exclusion win over an inclusion of the same check, as kube-linter does', () => {
    const dir = tempDir('rampart-import-');
    const both = path.join(dir, 'both.yaml');
    writeFileSync(both, 'checks:\n  include: [privileged-ports]\n  exclude: [privileged-ports]\n');
    const { text, active } = imported('kube-linter', both);
    expect(text.match(/privileged-port:/g)).toHaveLength(1);
    expect(active.has('privileged-port')).toBe(false);
  });

  it('refuses a kube-linter file whose checks.include names no check, as kube-linter does, and accepts what kube-linter accepts', () => {
    const dir = tempDir('rampart-import-');
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const refused: Array<[string, number, string]> = [
      [write('list.yaml', 'checks:\n  include:\n    - privileged-ports\n    - no-such-check\n'), 4, '"no-such-check"'],
      [write('string.yaml', 'checks:\n  exclude: [host-network]\n  include: "privileged-ports, no-such-check, other"\n'), 3, '"no-such-check", "other"'],
    ];
    for (const [file, line, names] of refused) {
      const r = rampart(['config', 'import', '--from', 'kube-linter', file]);
      expect(r.code, file).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${file}:${line}: checks.include: kube-linter has no check ${names}, so it refuses the configuration (check "no-such-check" not found)`);
    }
    // kube-linter looks up only the checks it runs: an unknown name also excluded, or only excluded,
    // passes; so does a custom check's name, and a built-in check Rampart has no rule for.
    const accepted = write(
      'accepted.yaml',
      'checks:\n  include: [ghost, my-check, kube-chainsaw-rbac]\n  exclude: [ghost, phantom]\ncustomChecks:\n  - {name: my-check, template: required-label, params: {key: team}}\n',
    );
    const { text } = imported('kube-linter', accepted);
    expect(text).toContain('kube-linter check "kube-chainsaw-rbac" has no exact Rampart equivalent');
  });

  it("carries Polaris' custom checks over as custom rules of the same target and schema, and says which cannot be", () => {
    const { config, text, stderr } = imported('polaris', `${FIX}/polaris-custom-checks.yaml`);
    // Container and pod spec checks are typed: Polaris validates them through their Go types.
    expect(config.customRules.map((r) => [r.id, r.target, r.severity, r.containers ?? null, r.typed ?? false])).toEqual([
      ['image-registry', 'container', 'medium', ['container', 'initContainer'], true],
      ['resource-limits', 'container', 'high', ['container'], true],
      ['label-matches-name', 'workload', 'medium', null, false],
      ['pdb-attached', 'workload', 'high', null, false],
      ['host-path-set', 'pod-spec', 'high', null, true],
    ]);
    // A schema map that uses the template language becomes the template Polaris renders: its JSON, keys sorted.
    expect(config.customRules[2]?.schemaTemplate).toBe(
      '{"properties":{"metadata":{"properties":{"labels":{"properties":{"app.kubernetes.io/name":{"const":"{{ .metadata.name }}"}},"type":"object"}},"type":"object"}},"type":"object"}',
    );
    expect(config.customRules[3]).toMatchObject({ kinds: ['Deployment'], schema: { type: 'object' }, additionalSchemas: { 'policy/PodDisruptionBudget': 'type: object' } });
    // A schema given as a JSON string is read into the rule.
    expect(config.customRules[4]?.schema).toMatchObject({ properties: { volumes: { items: { properties: { hostPath: { const: '' } } } } } });
    expect(text).toContain('customChecks.legacyJson: not carried over: its schema is under jsonSchema, which Polaris no longer reads');
    expect(text).toContain('customChecks.notRun: not run by Polaris, as checks.notRun is ignore, not warning or danger');
    // A custom check's own severity is not reported as an unknown Polaris check.
    expect(text).not.toContain('checks.imageRegistry: warning: Polaris check');
    // An exemption names the custom rules of the custom checks it names; one not imported is left out of it.
    expect(config.exemptions.map((e) => [e.rules, e.namespaces])).toEqual([[['host-network', 'image-registry'], ['legacy']]]);
    // RE2 has no lookahead: such a schema does not compile, in Polaris either.
    expect(text).toContain('customChecks.lookahead (checks.lookahead: warning): not carried over: its schema does not compile');
    expect(stderr).toBe('imported 0 rule settings, 5 custom rules and 1 exemption; 4 settings not imported (listed at the end)\n');
    // The rules run: a quay.io image and a container without a CPU limit.
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n    - name: web\n      image: quay.io/acme/web:1.0\n      resources: {limits: {memory: 1Gi}}\n';
    expect(scanWithImport('polaris', `${FIX}/polaris-custom-checks.yaml`, manifest, ['image-registry', 'resource-limits', 'host-path-set'])).toEqual([
      ['image-registry', 'spec.containers[0].image'],
      ['resource-limits', 'spec.containers[0].resources.limits'],
    ]);
    // A CPU limit written as a number is the quantity "1" in Go's typed container, which Polaris
    // validates: within the range, where the written number is no string.
    const numeric = manifest.replace('{memory: 1Gi}', '{memory: 1Gi, cpu: 1}').replace('quay.io/acme', 'acme');
    expect(scanWithImport('polaris', `${FIX}/polaris-custom-checks.yaml`, numeric, ['image-registry', 'resource-limits', 'host-path-set'])).toEqual([]);
    // The templated and the multi-resource checks run as in Polaris: the name label, and a PodDisruptionBudget in the namespace.
    const deployments = (label: string, pdb: boolean) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app.kubernetes.io/name: ${label}}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web}]\n` +
      (pdb ? '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec: {minAvailable: 1}\n' : '');
    const templatedRules = ['label-matches-name', 'pdb-attached'];
    expect(scanWithImport('polaris', `${FIX}/polaris-custom-checks.yaml`, deployments('api', false), templatedRules)).toEqual([
      ['pdb-attached', ''],
      ['label-matches-name', 'metadata.labels["app.kubernetes.io/name"]'],
    ]);
    expect(scanWithImport('polaris', `${FIX}/polaris-custom-checks.yaml`, deployments('web', true), templatedRules)).toEqual([]);
  });

  it("does not carry over a Polaris schema map whose template holds a quoted string, which Go's parser refuses once Polaris writes it as JSON", () => {
    const dir = tempDir('rampart-import-');
    const file = path.join(dir, 'polaris.yaml');
    writeFileSync(file, 'checks: {quoted: warning}\ncustomChecks:\n  quoted:\n    target: Controller\n    schema:\n      properties:\n        metadata:\n          properties:\n            name: {const: \'{{ index .metadata.labels "app" }}\'}\n');
    const { text, config } = imported('polaris', file);
    expect(config.customRules).toEqual([]);
    expect(text).toContain("customChecks.quoted (checks.quoted: warning): not carried over: its schema is a template Go's text/template does not parse (Polaris stops every audit on it): template: quoted:1: unexpected");
  });

  it("turns Polaris' ignored checks off, its warnings and dangers on, and carries its exemptions over with its matching", () => {
    const { active, config, text } = imported('polaris');
    expect(active.has('privileged-container')).toBe(false);
    expect(active.has('host-network')).toBe(true);
    // A check of Deployments only, whose rules also report StatefulSets: exempted on Deployments.
    expect(active.has('too-few-replicas')).toBe(true);
    expect(config.exemptions[0]).toEqual({
      rules: ['too-few-replicas'],
      kinds: ['Deployment'],
      reason: 'imported from Polaris test/config-import/fixtures/polaris.yaml checks.deploymentMissingReplicas: ignore (Polaris checks Deployment only)',
    });
    expect(config.exemptions[1]).toMatchObject({ rules: ['host-network'], namespaces: ['kube-system'], names: ['dns-controller*'] });
    // No rules: every Polaris check, so every rule equivalent to one, and no other.
    expect(config.exemptions[2]?.rules).toContain('privileged-container');
    expect(config.exemptions[2]?.rules).not.toContain('sensitive-host-path');
    expect(config.exemptions[2]?.rules).not.toContain('too-few-replicas');
    expect(config.exemptions[2]).toMatchObject({ names: ['node-agent*'] });
    expect(config.exemptions[2]?.kinds).toBeUndefined();
    expect(config.exemptions[3]).toMatchObject({ rules: ['missing-pod-disruption-budget', 'too-few-replicas'], kinds: ['Deployment'], names: ['node-agent*'] });
    // containerNames: findings in containers whose name starts so (Polaris matches prefixes; a pod-level finding such as host-pid's is in no container).
    expect(config.exemptions[4]).toMatchObject({ rules: ['host-pid', 'privileged-container'], containers: ['debugger*'] });
    expect(config.exemptions[5]).toMatchObject({ rules: ['privileged-container'], names: ['batch-runner*'] });
    expect(config.exemptions[5]?.kinds).toBeUndefined();
    expect(config.exemptions[6]).toMatchObject({ rules: ['missing-pod-disruption-budget'], kinds: ['Deployment'], names: ['batch-runner*'] });
    expect(config.exemptions).toHaveLength(7);
    expect(text).not.toContain('"deploymentMissingReplicas"');
    expect(text).not.toContain('"missingPodDisruptionBudget"');
    // A check whose concept's rules report more than it does is not turned off, and the file says why.
    expect(active.has('dangerous-capability')).toBe(true);
    expect(text).toContain('checks.dangerousCapabilities: ignore: Polaris check "dangerousCapabilities" is not carried over, as the Rampart rules of its concept report more than it: dangerous-capability reports');
    expect(text).toContain('Polaris check "notARealCheck" has no exact Rampart equivalent');
    // Checks at warning or danger turn on the equivalent rules Rampart has off by default.
    expect(CHECKS.get('cpu-limits-missing')?.enabledByDefault).toBe(false);
    expect([active.has('cpu-limits-missing'), active.has('liveness-probe-missing')]).toEqual([true, true]);
    expect(text).toContain('  liveness-probe-missing: on   # test/config-import/fixtures/polaris.yaml checks.livenessProbeMissing: danger\n');
    expect(text).not.toContain('memory-limits-missing: on');
  });

  it("carries a Polaris exemption's namespace over as Polaris compares it: as the manifest writes it, so default exempts no object that names none", () => {
    const file = path.join(tempDir('rampart-import-'), 'polaris.yaml');
    writeFileSync(file, 'checks:\n  hostNetworkSet: danger\nexemptions:\n  - namespace: default\n    rules: [hostNetworkSet]\n');
    const { config } = imported('polaris', file);
    expect(config.exemptions).toEqual([{ rules: ['host-network'], namespaces: ['default'], namespaceAsWritten: true, reason: `imported from Polaris ${file} exemptions[0]` }]);
    const deployment = (name: string, metadata: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${metadata}}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: "registry.example.com/c:1"}]\n`;
    const manifest = [deployment('unset', ''), deployment('written', ', namespace: default'), deployment('other', ', namespace: shop')].join('---\n');
    const dir = tempDir('rampart-import-');
    const out = path.join(dir, '.rampart.yaml');
    expect(rampart(['config', 'import', '--from', 'polaris', file, '-o', out]).code).toBe(0);
    writeFileSync(path.join(dir, 'manifest.yaml'), manifest);
    const scan = JSON.parse(rampart(['scan', path.join(dir, 'manifest.yaml'), '--rule', 'host-network', '--format', 'json']).stdout);
    expect(scan.findings.map((f: { object: { name: string } }) => f.object.name)).toEqual(['unset', 'other']);
  });

  it("reads the first Polaris releases' spellings: error for danger, notReadOnlyRootFileSystem", () => {
    const file = path.join(tempDir('rampart-import-'), 'polaris.yaml');
    writeFileSync(file, 'checks:\n  priorityClassNotSet: error\n  notReadOnlyRootFileSystem: ignore\n');
    const { active, text } = imported('polaris', file);
    expect([active.has('missing-priority-class'), active.has('writable-root-filesystem')]).toEqual([true, false]);
    expect(text).not.toContain('no exact Rampart equivalent');
  });

  it("turns Checkov's skipped Kubernetes checks off, soft-fail into failOn: never and check: into onlyRules; wildcards, severities and skipped paths are listed", () => {
    const { active, text, config } = imported('checkov');
    expect(config.failOn).toBe('never');
    expect(text).toContain("skip-path: Checkov's paths are regular expressions");
    expect(active.has('privileged-container')).toBe(false);
    expect(active.has('privilege-escalation-allowed')).toBe(true);
    // An item of a list of several holding a comma names no check: Checkov splits only a list of one item.
    expect(text).not.toMatch(/image-not-pinned-by-digest: off|image-pull-policy-not-always: off/);
    expect(text).toContain('checkov.yaml skip-check: "CKV_K8S_43, CKV_K8S_15" names no check: Checkov splits at commas only a list of one item (write each id as an item of its own)\n');
    // A wildcard (Python's fnmatch, as Checkov matches ids): CKV_K8S_3? is CKV_K8S_30 to CKV_K8S_39.
    expect(text).toMatch(/\n {2}seccomp-not-set: off +# test\/config-import\/fixtures\/checkov.yaml skip-check CKV_K8S_3\?\n/);
    expect(text).toContain('skip-check: CKV_K8S_3? matches 1 Kubernetes check with no exact Rampart rule (CKV_K8S_39)');
    expect(text).toContain('"LOW" is not a Kubernetes check id');
    // check: is an allow-list: only the rules of CKV_K8S_20 and CKV_K8S_21 run.
    expect(text).toContain('onlyRules: ["default-namespace", "privilege-escalation-allowed"]  # test/config-import/fixtures/checkov.yaml check (Checkov runs only these checks)');
    expect([...active].sort()).toEqual(['default-namespace', 'privilege-escalation-allowed']);
    expect(text).toContain("checkov.yaml soft-fail-on: CKV_K8S_16: not carried over (Rampart's failOn is one severity for every rule");
  });

  it("splits Checkov's check and skip-check at commas as Checkov does: a string or a list of one item, the spaces kept", () => {
    const dir = tempDir('rampart-import-');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const off = (text: string) => [...text.matchAll(/^ {2}([a-z-]+): off/gm)].map((m) => m[1]);
    // Two items: the second, holding a comma, names no check (Checkov runs CKV_K8S_21 and CKV_K8S_35).
    const two = imported('checkov', file('two.yaml', 'skip-check: [CKV_K8S_43, "CKV_K8S_21,CKV_K8S_35"]\n'));
    expect(off(two.text)).toEqual(['image-not-pinned-by-digest']);
    expect(two.text).toContain('two.yaml skip-check: "CKV_K8S_21,CKV_K8S_35" names no check: Checkov splits at commas only a list of one item');
    // One item is split; a space after a comma stays in the id, which then names no check.
    expect(off(imported('checkov', file('one.yaml', 'skip-check: ["CKV_K8S_21,CKV_K8S_43"]\n')).text)).toEqual(['default-namespace', 'image-not-pinned-by-digest']);
    const spaced = imported('checkov', file('spaced.yaml', 'skip-check: "CKV_K8S_21, CKV_K8S_43"\n'));
    expect(off(spaced.text)).toEqual(['default-namespace']);
    expect(spaced.text).toContain('spaced.yaml skip-check: " CKV_K8S_43" names no check: Checkov does not trim the spaces around an id\n');
    // check: the same, so Checkov runs CKV_K8S_20 alone.
    const allow = imported('checkov', file('allow.yaml', 'check: CKV_K8S_20, CKV_K8S_21\n'));
    expect([...allow.active]).toEqual(['privilege-escalation-allowed']);
    expect(allow.text).toContain('allow.yaml check: " CKV_K8S_21" names no check: Checkov does not trim the spaces around an id\n');
  });

  it('turns a rule off only when the configuration skips every check of the tool it stands for, and says which rules stay on', () => {
    const dir = tempDir('rampart-import-');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const off = (text: string) => [...text.matchAll(/^ {2}([a-z-]+): off/gm)].map((m) => m[1]);
    // CKV_K8S_25 (any capability added) alone: Checkov still runs CKV_K8S_28 (NET_RAW) and CKV_K8S_39 (SYS_ADMIN).
    const c25 = file('c25.yaml', 'skip-check: CKV_K8S_25\n');
    const one = imported('checkov', c25);
    expect(off(one.text)).toEqual(['capability-beyond-restricted']);
    expect(one.text).toContain(
      'c25.yaml skip-check: Checkov check "CKV_K8S_25": capability-beyond-baseline stays on, as it also checks what CKV_K8S_28 checks, which this configuration does not skip; dangerous-capability stays on, as it also checks what CKV_K8S_39 checks, which this configuration does not skip\n',
    );
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - name: c\n      image: registry.example.com/app:1.0\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n';
    expect(scanWithImport('checkov', c25, pod, ['dangerous-capability', 'capability-beyond-restricted']).map(([rule]) => rule)).toEqual(['dangerous-capability']);
    // Skipped together, the three checks turn their rules off; CKV_K8S_39, of no rule by itself, is not listed.
    const all = imported('checkov', file('all.yaml', 'skip-check: [CKV_K8S_25, CKV_K8S_28, CKV_K8S_39]\n'));
    expect(off(all.text)).toEqual(['capability-beyond-baseline', 'capability-beyond-restricted', 'dangerous-capability', 'net-raw-not-dropped']);
    expect(all.text).not.toContain('# Not imported');
    // Trivy's KSV-0106 alone turns nothing off: KSV-0022, KSV-0119, KSV-0005 and KSV-0120 still run.
    const trivy = imported('trivy', file('trivyignore', 'AVD-KSV-0106\n'));
    expect(off(trivy.text)).toEqual([]);
    expect(trivy.text).toContain('trivyignore:1: Trivy check "KSV-0106": capability-beyond-baseline stays on, as it also checks what KSV-0022, KSV-0119 check, which this configuration does not skip;');
    expect(trivy.text).toContain('dangerous-capability stays on, as it also checks what KSV-0005, KSV-0022, KSV-0120 check, which this configuration does not skip\n');
    // With dates, a rule is exempted until the first date among its checks, for the entry of that date.
    const datedFile = file('dated-trivyignore', 'KSV106\nKSV022 exp:2027-01-31\nKSV119\nKSV005\nKSV120 exp:2026-12-31\n');
    const dated = imported('trivy', datedFile);
    expect(off(dated.text)).toEqual([]);
    expect(dated.config.exemptions).toEqual([
      { rules: ['capability-beyond-baseline', 'capability-beyond-restricted'], reason: `imported from Trivy ${datedFile}:2 (KSV022)`, expires: '2027-01-30' },
      { rules: ['dangerous-capability'], reason: `imported from Trivy ${datedFile}:5 (KSV120)`, expires: '2026-12-30' },
    ]);
    // Polaris: clusterrolebindingClusterAdmin and rolebindingClusterAdminClusterRole both check what cluster-admin-binding checks.
    const polaris = imported(
      'polaris',
      file('polaris.yaml', 'checks:\n  clusterrolebindingClusterAdmin: ignore\nexemptions:\n  - {rules: [clusterrolebindingClusterAdmin], namespace: ops}\n  - {rules: [clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole], namespace: ci}\n'),
    );
    expect(polaris.active.has('cluster-admin-binding')).toBe(true);
    expect(polaris.text).toContain('checks.clusterrolebindingClusterAdmin: ignore: Polaris check "clusterrolebindingClusterAdmin": cluster-admin-binding stays on, as it also checks what rolebindingClusterAdminClusterRole checks, which this configuration does not skip\n');
    expect(polaris.config.exemptions.map((e) => [e.rules, e.namespaces])).toEqual([[['cluster-admin-binding'], ['ci']]]);
    expect(polaris.text).toContain('exemptions[0]: cluster-admin-binding is not exempted, as it also checks what rolebindingClusterAdminClusterRole checks, which this exemption does not name\n');
  });

  it("carries the YAML policies of Checkov's external-checks-dir over as custom rules that evaluate their definitions, and skip-check turns them off", () => {
    const fixture = `${FIX}/checkov-with-policies.yaml`;
    const { config, text, stderr, active } = imported('checkov', fixture);
    expect(config.customRules.map((r) => [r.id, r.severity, r.target, r.checkov !== undefined])).toEqual([
      ['ckv2-k8s-acme-4', 'high', 'object', true],
      ['ckv2-k8s-acme-5', 'high', 'object', true],
      ['ckv2-k8s-acme-1', 'critical', 'object', true],
      ['ckv2-k8s-acme-2', 'high', 'object', true],
      ['ckv2-k8s-acme-3', 'high', 'object', true],
    ]);
    expect(active.has('ckv2-k8s-acme-3')).toBe(false);
    expect(text).toContain('  ckv2-k8s-acme-3: off');
    expect(text).toContain('external-checks-dir: checkov-policies: 1 Python check (custom_check.py): Python checks run Python code, which Rampart does not');
    expect(text).toContain('checkov-policies/cloud/s3.yaml (CKV2_ACME_S3_1): not carried over: a policy for aws, not Kubernetes');
    expect(text).not.toContain('not carried over: Rampart cannot evaluate');
    expect(text).toMatch(/operator: jsonpath_exists/);
    expect(stderr).toBe('imported 2 rule settings, 5 custom rules and 0 exemptions; 2 settings not imported (listed at the end)\n');
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: a, image: a, securityContext: {privileged: true}}\n---\n' +
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop, labels: {owner: team}}\nspec:\n  template:\n    spec:\n      containers: [{name: b, image: b}]\n---\n' +
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: c, securityContext: {privileged: true}}]\n---\n' +
      'apiVersion: v1\nkind: Pod\nmetadata: {name: q, namespace: shop}\nspec:\n  containers: [{name: a, image: a}, {name: b}]\n';
    // CKV2_K8S_ACME_5 (jsonpath_exists on spec.containers[*].image) passes q, as in Checkov: the
    // JSONPath finds the one image there is, and every value found exists.
    expect(scanWithImport('checkov', fixture, manifest, ['ckv2-k8s-acme-1', 'ckv2-k8s-acme-2', 'ckv2-k8s-acme-3', 'ckv2-k8s-acme-4', 'ckv2-k8s-acme-5']).sort()).toEqual([
      ['ckv2-k8s-acme-1', 'spec.containers[0].securityContext.privileged'],
      ['ckv2-k8s-acme-1', 'spec.template.spec.containers[0].securityContext.privileged'],
      ['ckv2-k8s-acme-2', 'metadata'],
      // A connection: no Service selects either Deployment.
      ['ckv2-k8s-acme-4', ''],
      ['ckv2-k8s-acme-4', ''],
    ]);
  });

  it('imports a Checkov YAML policy file given by itself as one custom rule', () => {
    const { config } = imported('checkov', `${FIX}/checkov-policies/owner.yaml`);
    expect(config.customRules.map((r) => [r.id, r.title])).toEqual([['ckv2-k8s-acme-2', 'Workloads name their owner']]);
  });

  it('lists the keys a file format does not have, so a file given to the wrong --from says so', () => {
    const wrong = imported('trivy', `${FIX}/kube-linter.yaml`);
    expect(wrong.text).toContain(`${FIX}/kube-linter.yaml checks: not a setting of Trivy's file (is --from right?)`);
    expect(wrong.config.failOn).toBeUndefined();
    const dir = tempDir('rampart-import-keys-');
    const file = path.join(dir, '.kube-linter.yaml');
    writeFileSync(file, 'checks:\n  exclude: [privileged-container]\n  bogus: 1\n');
    expect(imported('kube-linter', file).text).toContain(`${file} checks.bogus: not a setting of kube-linter's file (is --from right?)`);
  });

  it("turns Trivy's ignored Kubernetes checks off, or exempts them until their expiry date", () => {
    const lines = imported('trivy', `${FIX}/trivyignore`);
    expect(lines.active.has('privileged-container')).toBe(false);
    expect(lines.active.has('low-user-id')).toBe(false);
    expect(lines.active.has('writable-root-filesystem')).toBe(true);
    expect(lines.config.exemptions).toEqual([
      { rules: ['writable-root-filesystem'], reason: `imported from Trivy ${FIX}/trivyignore:4 (KSV014)`, expires: '2027-03-30' },
      // KSV102 looks at workloads only; tiller-deployed also reports the Services in front of Tiller.
      expect.objectContaining({ rules: ['tiller-deployed'], kinds: ['Pod', 'ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] }),
    ]);
    expect(lines.text).toContain(': 2 ids are not Kubernetes manifest checks');
    // A five-digit id keeps its leading zero (KSV01010 is KSV-01010, not KSV-1010).
    expect(lines.text).toContain(':7: Trivy check "KSV-01010" is not carried over, as the Rampart rules of its concept report more than it');
    // Trivy's KCV checks of manifests (AVD-KCV-0094: suspicious URLs in annotations) are read too.
    expect(lines.active.has('suspicious-url-annotation')).toBe(false);
    expect(lines.stderr).toBe('imported 3 rule settings and 2 exemptions; 2 settings not imported (listed at the end)\n');
    const yaml = imported('trivy', `${FIX}/trivyignore.yaml`);
    expect(yaml.active.has('privileged-container')).toBe(false);
    expect(yaml.active.has('host-pid')).toBe(true);
    expect(yaml.config.exemptions).toEqual([
      { rules: ['host-network'], reason: 'CNI agents need the host network', expires: '2027-06-29' },
      // KSV-0110 checks Pods and workload controllers only: exempted on those kinds.
      {
        rules: ['default-namespace'],
        kinds: ['Pod', 'ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'],
        reason: 'the demo namespace is default on purpose',
        expires: '2027-01-30',
      },
    ]);
    expect(yaml.text).toContain('"AVD-KSV-0010" is ignored only in some paths');
    expect(yaml.text).toContain('"AVD-DS-0002" is not a Kubernetes manifest check');
  });

  it("reads Trivy's expiry dates as Trivy does: a .trivyignore.yaml whose date Trivy refuses is an error, a .trivyignore line with a bad date is skipped", () => {
    const dir = tempDir('rampart-import-');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    // yaml.v3's timestamps, unquoted (one-digit month and day too; a time is taken in UTC), and RFC 3339 text;
    // the exemption's last day is the day before the one the time falls on (UTC), when Trivy reports again.
    const good = imported('trivy', file('good.trivyignore.yaml', 'misconfigurations:\n  - {id: KSV017, expired_at: 2027-6-3}\n  - {id: KSV009, expired_at: "2027-06-30T23:30:00-05:00"}\n  - {id: KSV010, expired_at: 2027-02-28 10:00:00}\n'));
    expect(good.config.exemptions.map((e) => [e.rules, e.expires])).toEqual([
      [['privileged-container'], '2027-06-02'],
      [['host-network'], '2027-06-30'],
      [['host-pid'], '2027-02-27'],
    ]);
    const refused: Array<[string, number]> = [
      ['2027-02-30', 3],
      ['2027-13-45', 3],
      ['"tomorrow"', 3],
      // Quoted, a date is text that time.Time reads as RFC 3339 only.
      ['"2027-06-30"', 3],
      ['20270630', 3],
      ['{on: 2027-06-30}', 3],
    ];
    for (const [value, line] of refused) {
      const bad = file('bad.trivyignore.yaml', `misconfigurations:\n  - id: KSV017\n    expired_at: ${value}\n    statement: x\n`);
      const r = rampart(['config', 'import', '--from', 'trivy', bad]);
      expect(r.code, value).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), value).toHaveLength(1);
      expect(r.stderr, value).toContain(`${bad}:${line}: misconfigurations[0].expired_at: `);
      expect(r.stderr, value).toContain('is not a time Trivy reads (an unquoted YYYY-MM-DD, or an RFC 3339 time), so Trivy refuses the file');
    }
    // time.Parse("2006-01-02") refuses the date: Trivy warns and skips the line, ignoring nothing.
    const lines = imported('trivy', file('.trivyignore', 'KSV017 exp:2027-13-01\nKSV009 exp:2027-6-30\nKSV010 exp:2027-06-30\n'));
    expect(lines.text).toContain('.trivyignore:1: "KSV017" is not carried over: Trivy skips this line, as exp:2027-13-01 is not a date written YYYY-MM-DD\n');
    expect(lines.text).toContain('.trivyignore:2: "KSV009" is not carried over: Trivy skips this line, as exp:2027-6-30 is not a date written YYYY-MM-DD\n');
    expect(lines.config.exemptions.map((e) => [e.rules, e.expires])).toEqual([[['host-pid'], '2027-06-29']]);
    expect(lines.text).not.toContain('privileged-container');
  });

  it('stops exempting an imported Trivy ignore at the start of its expiry date (UTC), when Trivy reports the check again', () => {
    // Trivy drops an entry once its ExpiredAt (midnight UTC for a date) is before the clock: on the
    // day itself, the check is reported. A Rampart exemption holds through its `expires` day.
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: a, image: a, securityContext: {privileged: true}}\n';
    const files: Array<[string, string]> = [
      ['.trivyignore', 'KSV017 exp:2027-06-30\n'],
      ['.trivyignore.yaml', 'misconfigurations:\n  - {id: KSV017, expired_at: 2027-06-30, statement: approved}\n'],
      ['rfc3339.trivyignore.yaml', 'misconfigurations:\n  - {id: KSV017, expired_at: "2027-06-30T00:00:00Z", statement: approved}\n'],
    ];
    for (const [name, text] of files) {
      const dir = tempDir('rampart-import-');
      writeFileSync(path.join(dir, name), text);
      writeFileSync(path.join(dir, 'pod.yaml'), pod);
      expect(rampart(['config', 'import', '--from', 'trivy', path.join(dir, name), '-o', path.join(dir, '.rampart.yaml')]).code).toBe(0);
      const findings = (today: string) => JSON.parse(rampart(['scan', path.join(dir, 'pod.yaml'), '--rule', 'privileged-container', '--format', 'json'], { env: { RAMPART_TODAY: today } }).stdout).findings.length;
      expect([findings('2027-06-29'), findings('2027-06-30')], name).toEqual([0, 1]);
    }
    // Go's zero time (0001-01-01 at midnight UTC) is no expiry in Trivy: the check is ignored for good.
    const dir = tempDir('rampart-import-');
    const zero = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return imported('trivy', path.join(dir, name));
    };
    for (const none of [zero('.trivyignore', 'KSV017 exp:0001-01-01\n'), zero('zero.trivyignore.yaml', 'misconfigurations:\n  - {id: KSV017, expired_at: 0001-01-01}\n')]) {
      expect(none.config.exemptions).toEqual([]);
      expect(none.active.has('privileged-container')).toBe(false);
    }
    // A later time that day is not Go's zero time: long expired, the exemption is written with the earliest date the schema takes.
    expect(zero('late.trivyignore.yaml', 'misconfigurations:\n  - {id: KSV017, expired_at: 0001-01-01 00:00:01}\n').config.exemptions.map((e) => e.expires)).toEqual(['0000-12-31']);
  });

  it("carries Kubescape's exceptions over for their controls, where globs say exactly what its patterns match", () => {
    const { config, text } = imported('kubescape', `${FIX}/kubescape.json`);
    // host-ipc and host-pid also check what C-0276 and C-0275 check, which Kubescape still reports on those objects.
    expect(config.exemptions).toEqual([
      expect.objectContaining({ rules: ['host-network'], kinds: ['DaemonSet'], namespaces: ['monitoring'], names: ['node-exporter'] }),
      expect.objectContaining({ rules: ['host-network'], namespaces: ['kube-system'] }),
      expect.objectContaining({ rules: ['host-network'], namespaces: ['prod'], names: ['web-*'] }),
      // C-0035 and C-0185 both check what cluster-admin-binding checks: named together, the rule is exempted.
      expect.objectContaining({ rules: ['cluster-admin-binding'], kinds: ['ClusterRoleBinding'], names: ['argocd-*'] }),
      // Naming every control of host-ipc and host-pid exempts them.
      expect.objectContaining({ rules: ['host-ipc', 'host-network', 'host-pid'], namespaces: ['kube-system'], names: ['kube-proxy'] }),
      // Control ids as Kubescape matches them: in any case, or as a regular expression; C-0057, limited to NSA's results, is left out.
      expect.objectContaining({ rules: ['host-network', 'host-path-volume', 'host-port'], namespaces: ['batch'], names: ['runner'] }),
    ]);
    expect(text).toContain('"framework and patterns": controlID "C-0057" with frameworkName "NSA": Kubescape applies it only to that framework\'s results, which a Rampart exemption cannot say; not carried over\n');
    expect(text).toContain('"framework and patterns": controlID "C-004[26]" (a regular expression to Kubescape) matches 2 controls with no exact Rampart rule (C-0042, C-0046), whose rules stay as they are\n');
    expect(text).toContain('"framework and patterns": controlID "C-00((" names no control: Kubescape reads it as a regular expression, and this one does not compile\n');
    expect(text).toContain('"framework and patterns": controlID "X-.*" (a regular expression to Kubescape) matches none of the controls Rampart knows\n');
    // ".*" and a missing attribute both mean any: no glob is written for them.
    expect(config.exemptions[1]?.names).toBeUndefined();
    expect(config.exemptions[1]?.kinds).toBeUndefined();
    // Kubescape applies an exception to the resources it lists only: none, or one without attributes, exempts nothing.
    expect(text).toContain('"everything for one control": lists no resources, so Kubescape exempts nothing with it; not carried over\n');
    expect(text).toContain('"no attributes" resources[0]: sets no attribute, so Kubescape matches no resource with it; not carried over\n');
    expect(text).toContain('"no attributes" resources[1]: sets no attribute, so Kubescape matches no resource with it; not carried over\n');
    expect(text).toContain('frameworkName (only controlID is carried over)');
    expect(text).toContain('control "C-9999" has no exact Rampart equivalent');
    // Controls of a group the rules check as a whole, and controls no rule checks, say which they are.
    expect(text).toContain('control "C-0113" is not carried over: Rampart checks it as part of "Control-plane / kubelet flags in static-pod manifests (CIS)" (kube-apiserver-insecure-flags,');
    expect(text).toContain('control "C-0092" is not checked by any Rampart rule: CIS 1.1.x: permissions and ownership of files');
    expect(text).toContain('control "C-0205" is not checked by any Rampart rule: CIS 5.3.1:');
    expect(text).toContain('resources[3]: attributes {"namespace":"prod","app":"legacy"} use labels');
    // A kind the controls' rules never report on would make an exemption that silences nothing.
    expect(text).toContain('resources[4]: kind "Service" is not a kind that host-network reports on, so an exemption of it for that kind would silence nothing\n');
    expect(text).toContain('"monitoring agents": host-ipc is not exempted, as it also checks what C-0276 checks, which this exception does not name\n');
    expect(text).toContain('"monitoring agents": host-pid is not exempted, as it also checks what C-0275 checks, which this exception does not name\n');
    // Kubescape reports its RBAC controls on subjects; Rampart's rules report roles and bindings.
    expect(text).toContain('"platform accounts" resources[0]: kind "User" is not a kind that cluster-admin-binding reports on, so an exemption of it for that kind would silence nothing; Kubescape reports');
    expect(text).toContain('"platform accounts" resources[1]: kind "ServiceAccount" is not a kind that cluster-admin-binding reports on');
  });

  it('turns a Kubescape pattern into a glob only when both match exactly the same names', () => {
    const piece = fc.constantFrom('a', 'b', '-', '.*', '.', '+', '[a]', '?');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), fc.array(fc.constantFrom('a', 'b', '-', '.', 'x'), { maxLength: 6 }), (pieces, chars) => {
        const pattern = pieces.join('');
        const glob = globOf(pattern);
        if (glob === undefined || pattern === '') return;
        const name = chars.join('');
        expect(compileGlob(glob)(name)).toBe(new RegExp(`^${pattern}$`).test(name));
      }),
      { numRuns: 3000 },
    );
    expect(globOf('web-.*')).toBe('web-*');
    expect(globOf('a.b')).toBeUndefined();
  });

  it("carries over what Trivy's configuration file says of severities, the exit code, skipped paths and Helm values", () => {
    const trivy = imported('trivy', `${FIX}/trivy.yaml`);
    expect(trivy.config).toMatchObject({
      minSeverity: 'medium',
      failOn: 'medium',
      // Trivy matches a pattern without a slash at the top level only: a directory becomes dir/**.
      exclude: ['**/testdata', 'vendor/**', 'deploy/legacy', '**/*.tmpl.yaml'],
      helm: {
        values: ['charts/web/values-prod.yaml'],
        set: ['ingress.enabled=true', 'replicas=3'],
        setFile: ['config=charts/web/files/app.conf'],
        apiVersions: ['monitoring.coreos.com/v1'],
        kubeVersion: '1.33',
      },
    });
    expect(trivy.text).toContain('failOn: medium  # test/config-import/fixtures/trivy.yaml exit-code: 3 for severities MEDIUM, HIGH, CRITICAL (Rampart exits 1)');
    expect(trivy.text).toContain('scan.skip-files: values-local.yaml matches a file at the top level only in Trivy');
    expect(trivy.text).toContain('ignorefile: import it too: rampart config import --from trivy .trivyignore');
    expect(trivy.text).toContain('misconfiguration: scanners, include-non-failures: no Rampart equivalent');
    expect(trivy.text).toContain(': format, output, timeout: settings of Trivy');
    expect(trivy.stderr).toBe('imported 11 scan settings, 0 rule settings and 0 exemptions; 4 settings not imported (listed at the end)\n');
  });

  it("reads Trivy's defaults: every severity shown, exit code 0 whatever it finds; a severity list with gaps is no threshold", () => {
    const dir = tempDir('rampart-import-');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const quiet = imported('trivy', file('trivy.yaml', 'scan:\n  skip-dirs: [docs]\n'));
    expect(quiet.config).toMatchObject({ failOn: 'never', exclude: ['docs/**'] });
    expect(quiet.config.minSeverity).toBeUndefined();
    const gaps = imported('trivy', file('gaps.yaml', 'severity: LOW,CRITICAL\nexit-code: 1\n'));
    expect(gaps.config.failOn).toBeUndefined();
    expect(gaps.text).toContain('severity: LOW, CRITICAL is not every severity from one up to CRITICAL');
    expect(gaps.text).toContain('exit-code: 1 for severities LOW, CRITICAL, which failOn cannot say');
    expect(imported('trivy', file('typo.yaml', 'severity: [HIGH, CRITICAL, SEVERE]\n')).text).toContain('severity: SEVERE is not a Trivy severity');
    const everything = imported('trivy', file('all.yaml', 'exit-code: 1\n'));
    expect(everything.config.failOn).toBe('info');
  });

  it('writes -o atomically, and the scan then uses it', () => {
    const dir = tempDir('rampart-import-');
    const out = path.join(dir, '.rampart.yaml');
    expect(rampart(['config', 'import', '--from', 'checkov', `${FIX}/checkov.yaml`, '-o', out]).code).toBe(0);
    writeFileSync(path.join(dir, 'pod.yaml'), readFileSync('test/cli/fixtures/pod.yaml', 'utf8'));
    const scan = rampart(['scan', path.join(dir, 'pod.yaml'), '--format', 'json']);
    expect(JSON.parse(scan.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('privileged-container');
  });

  it('writes imported path patterns from the directory of the file -o writes', () => {
    const dir = tempDir('rampart-import-');
    writeBelow(dir, 'deploy/.kube-linter.yaml', 'checks:\n  ignorePaths: [charts/**, ../vendor/*.yaml, /srv/old/**]\n');
    writeBelow(dir, 'deploy/trivy.yaml', 'scan:\n  skip-dirs: [testdata]\n');
    const out = path.join(dir, '.rampart.yaml');
    expect(rampart(['config', 'import', '--from', 'kube-linter', path.join(dir, 'deploy/.kube-linter.yaml'), '-o', out]).code).toBe(0);
    expect(loadExclude(out)).toEqual(['deploy/charts/**', 'vendor/*.yaml', '/srv/old/**']);
    expect(rampart(['config', 'import', '--from', 'trivy', path.join(dir, 'deploy/trivy.yaml'), '-o', out]).code).toBe(0);
    expect(loadExclude(out)).toEqual(['deploy/testdata/**']);
    // Beside the imported file, as on standard output, the patterns stay as they were written.
    const beside = path.join(dir, 'deploy/.rampart.yaml');
    expect(rampart(['config', 'import', '--from', 'kube-linter', path.join(dir, 'deploy/.kube-linter.yaml'), '-o', beside]).code).toBe(0);
    expect(loadExclude(beside)).toEqual(['charts/**', '../vendor/*.yaml', '/srv/old/**']);
  });

  it("leaves out of the scan the files kube-linter's ignorePaths left out, imported beside its file", () => {
    const dir = tempDir('rampart-import-');
    writeFileSync(path.join(dir, '.kube-linter.yaml'), 'checks:\n  ignorePaths:\n    - legacy/**\n    - /**/testdata/**/*\n    - ./deploy/*.tmpl.yaml\n');
    const pod = readFileSync('test/cli/fixtures/pod.yaml', 'utf8');
    for (const file of ['legacy/old/a.yaml', 'app/testdata/b.yaml', 'app/c.yaml', 'deploy/d.tmpl.yaml', 'deploy/e.yaml', 'app/deploy/f.tmpl.yaml']) writeBelow(dir, file, pod);
    expect(rampart(['config', 'import', '--from', 'kube-linter', path.join(dir, '.kube-linter.yaml'), '-o', path.join(dir, '.rampart.yaml')]).code).toBe(0);
    const scan = rampart(['scan', dir, '--rule', 'privileged-container', '--format', 'json']);
    const files = new Set((JSON.parse(scan.stdout).findings as Array<{ location: { file: string } }>).map((f) => path.relative(dir, f.location.file)));
    expect([...files].sort()).toEqual(['app/c.yaml', 'app/deploy/f.tmpl.yaml', 'deploy/e.yaml']);
  });

  it('fails in one line, with exit code 2, without --from, on a missing file, on invalid YAML and on a Kubescape file that is not a JSON list', () => {
    const dir = tempDir('rampart-import-');
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'checks:\n  exclude: [a\n');
    // Kubescape reads its exceptions file as JSON: a trailing comma, YAML or an object is refused.
    const comma = path.join(dir, 'comma.json');
    writeFileSync(comma, '[\n  {"name": "x", "posturePolicies": [{"controlID": "C-0057"}],}\n]\n');
    const yamlExceptions = path.join(dir, 'exceptions.yaml');
    writeFileSync(yamlExceptions, '- name: x\n  posturePolicies: [{controlID: C-0057}]\n');
    const object = path.join(dir, 'object.json');
    writeFileSync(object, '{"name": "x"}\n');
    const cases: Array<[string[], RegExp]> = [
      [['config', 'import', `${FIX}/checkov.yaml`], /--from \(kube-linter, kube-score, polaris, checkov, trivy, kubescape\)/],
      [['config', 'import', '--from', 'checkov', path.join(dir, 'missing.yaml')], /missing\.yaml: no such file or directory/],
      [['config', 'import', '--from', 'kube-linter', broken], /broken\.yaml:3:1: invalid YAML: /],
      [['config', 'import', '--from', 'kubescape', comma], /comma\.json:2:62: invalid JSON: expected a property name in double quotes, found "\}" \(Kubescape reads its exceptions file as JSON, and refuses it\)/],
      [['config', 'import', '--from', 'kubescape', yamlExceptions], /exceptions\.yaml:1:1: invalid JSON: /],
      [['config', 'import', '--from', 'kubescape', object], /object\.json: not a JSON list of exceptions, which Kubescape refuses/],
    ];
    for (const [args, message] of cases) {
      const r = rampart(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
