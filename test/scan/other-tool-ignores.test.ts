import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../src/checks/equivalents.js';
import { OTHER_TOOL_RULES } from '../../src/checks/other-tool-rules.js';
import { type UnhonouredIgnore, otherToolIgnores } from '../../src/scan/other-tool-ignores.js';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const rules = (annotations: Record<string, string>, kind = 'Deployment') => [...(otherToolIgnores(annotations, kind)?.keys() ?? [])].sort();

describe("other scanners' exemption annotations", () => {
  it("map each tool's check to the Rampart rules that check exactly the same", () => {
    expect(rules({ 'ignore-check.kube-linter.io/privileged-container': 'why' })).toEqual(['privileged-container']);
    expect(rules({ 'ignore-check.kube-linter.io/run-as-non-root': '' })).toEqual(['root-group', 'run-as-non-root-not-set']);
    expect(rules({ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'TRUE' })).toEqual(['privileged-container']);
    expect(rules({ 'kube-score/ignore': ' container-security-context-privileged ,nope' })).toEqual(['privileged-container']);
    expect(rules({ 'checkov.io/skip1': 'CKV_K8S_16=debug pod' })).toEqual(['privileged-container']);
    expect(rules({ 'checkov.io/skip': 'CKV_K8S_16' })).toEqual(['privileged-container']);
    expect(rules({ 'bridgecrew.io/skip7': 'CKV_K8S_16=a=b' })).toEqual(['privileged-container']);
  });

  it('silence no rule that reports more than the check exempted', () => {
    // Polaris's check covers ALL, SYS_ADMIN and NET_ADMIN; dangerous-capability reports SYS_PTRACE and more.
    const unhonoured: UnhonouredIgnore[] = [];
    expect(otherToolIgnores({ 'polaris.fairwinds.com/dangerousCapabilities-exempt': 'true' }, 'Deployment', unhonoured)).toBeUndefined();
    expect(unhonoured).toEqual([{ key: 'polaris.fairwinds.com/dangerousCapabilities-exempt', tool: 'Polaris', id: 'dangerousCapabilities', why: expect.stringContaining('dangerous-capability reports') }]);
    // Checkov's bind check silences rbac-bind, not rbac-escalate or rbac-impersonate.
    expect(rules({ 'checkov.io/skip1': 'CKV_K8S_157' })).toEqual(['rbac-bind']);
    // Trivy's KSV-0022 (imported from .trivyignore) allows the default capabilities that capability-beyond-restricted reports.
    expect(rulesFor('Trivy', 'KSV-0022')).toEqual(['capability-beyond-baseline', 'dangerous-capability']);
  });

  it('silence, for a check of some kinds of object only, the rules of its concept on objects of those kinds', () => {
    // Polaris checks replicas and PodDisruptionBudgets on Deployments only; the rules also report StatefulSets.
    expect(rules({ 'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true' })).toEqual(['too-few-replicas']);
    expect(rules({ 'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true' })).toEqual(['missing-pod-disruption-budget']);
    const unhonoured: UnhonouredIgnore[] = [];
    expect(otherToolIgnores({ 'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true' }, 'StatefulSet', unhonoured)).toBeUndefined();
    expect(unhonoured).toEqual([
      { key: 'polaris.fairwinds.com/deploymentMissingReplicas-exempt', tool: 'Polaris', id: 'deploymentMissingReplicas', why: expect.stringContaining('Polaris checks Deployments only') },
    ]);
    // "All checks" of Polaris on a Deployment include them, on a StatefulSet not.
    expect(rules({ 'polaris.fairwinds.com/exempt': 'true' })).toEqual(expect.arrayContaining(['missing-pod-disruption-budget', 'too-few-replicas']));
    expect(rules({ 'polaris.fairwinds.com/exempt': 'true' }, 'StatefulSet')).not.toContain('too-few-replicas');
  });

  it('name the annotation as the reason', () => {
    expect(otherToolIgnores({ 'checkov.io/skip1': 'CKV_K8S_16=debug pod' }, 'Pod')?.get('privileged-container')).toBe('Checkov annotation checkov.io/skip1: "CKV_K8S_16=debug pod"');
  });

  it('exempt nothing for values that do not exempt, unknown checks, or other annotations', () => {
    expect(otherToolIgnores({ 'polaris.fairwinds.com/runAsPrivileged-exempt': 'false' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'polaris.fairwinds.com/exempt': 'no' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'ignore-check.kube-linter.io/no-such-check': 'x' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'checkov.io/skip1': 'CKV_AWS_1' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'checkov.io/skipper': 'CKV_K8S_16' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'example.com/kube-score/ignore': 'container-security-context-privileged' }, 'Deployment')).toBeUndefined();
    expect(otherToolIgnores({ 'rampart.dev/ignore': 'privileged-container' }, 'Deployment')).toBeUndefined();
  });

  it('let "all checks" exemptions cover only what that tool checks', () => {
    const kubeLinterAll = rules({ 'kube-linter.io/ignore-all': 'managed by an operator' });
    expect(kubeLinterAll).toEqual([...new Set(Object.values(OTHER_TOOL_RULES['kube-linter'] ?? {}).flat())].sort());
    expect(kubeLinterAll).toContain('privileged-container');
    expect(kubeLinterAll).not.toContain('rbac-escalation-path');
    const polarisAll = rules({ 'polaris.fairwinds.com/exempt': 'true' });
    expect(polarisAll).toContain('host-network');
    expect(polarisAll).not.toContain('sensitive-host-path');
  });
});

describe("rampart scan with other scanners' annotations", () => {
  const fixture = path.relative(process.cwd(), path.join(import.meta.dirname, 'fixtures', 'other-tool-annotations.yaml'));
  const args = ['scan', fixture, '--rule', 'privileged-container,host-network,host-pid,image-tag-latest,readiness-probe-missing', '--format', 'json'];
  const json = (stdout: string) =>
    JSON.parse(stdout) as { findings: Array<{ ruleId: string }>; suppressed: Array<{ ruleId: string; suppression: { kind: string; reason: string } }>; warnings: unknown[] };

  it('suppresses the equivalent findings, listing each with the annotation as the reason', () => {
    const report = json(rampart([...args, '--no-config-file']).stdout);
    expect(report.findings.map((f) => f.ruleId)).toEqual([]);
    const byRule = Object.fromEntries(report.suppressed.map((s) => [s.ruleId, s.suppression]));
    expect(Object.keys(byRule).sort()).toEqual(['host-network', 'host-pid', 'image-tag-latest', 'privileged-container', 'readiness-probe-missing']);
    expect(byRule['privileged-container']).toEqual({ kind: 'annotation', reason: 'kube-linter annotation ignore-check.kube-linter.io/privileged-container: "node agent, needs the host"' });
    expect(byRule['host-pid']?.reason).toContain('checkov.io/skip1');
    expect(byRule['host-network']?.reason).toContain('polaris.fairwinds.com/hostNetworkSet-exempt');
    expect(byRule['readiness-probe-missing']?.reason).toContain('kube-score/ignore');
    // An annotation that silences nothing, because the rules report more than its check, says so where it is written.
    expect(report.warnings).toEqual([
      {
        code: 'ignore-not-equivalent',
        message: expect.stringMatching(/^Deployment agent: polaris\.fairwinds\.com\/dangerousCapabilities-exempt silences no Rampart rule, as the rules of Polaris's "dangerousCapabilities" report more than it: dangerous-capability reports/),
        file: fixture,
        line: 10,
        column: 5,
      },
    ]);
  });

  it('can be refused in .rampart.yaml, and with every annotation exemption by --no-annotation-ignore', () => {
    const dir = tempDir('rampart-other-tools-');
    const copy = path.join(dir, 'agent.yaml');
    writeFileSync(copy, readFileSync(fixture, 'utf8'));
    writeFileSync(path.join(dir, '.rampart.yaml'), 'annotations:\n  otherTools: false\n');
    const refused = json(rampart(['scan', copy, ...args.slice(2)]).stdout);
    expect(refused.findings.map((f) => f.ruleId).sort()).toEqual(['host-network', 'host-pid', 'image-tag-latest', 'privileged-container', 'readiness-probe-missing']);
    expect(refused.suppressed).toEqual([]);
    const noAnnotations = json(rampart([...args, '--no-config-file', '--no-annotation-ignore']).stdout);
    expect(noAnnotations.suppressed).toEqual([]);
    expect(noAnnotations.findings).toHaveLength(5);
  });

  it("honours an exemption of a check of Deployments only on a Deployment, and says why not on a StatefulSet", () => {
    const dir = tempDir('rampart-other-tools-');
    const file = path.join(dir, 'apps.yaml');
    const workload = (kind: string) =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    polaris.fairwinds.com/deploymentMissingReplicas-exempt: "true"\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "example.com/web:1.0"}]\n`;
    writeFileSync(file, `${workload('Deployment')}---\n${workload('StatefulSet')}`);
    const report = json(rampart(['scan', file, '--no-config-file', '--rule', 'too-few-replicas', '--format', 'json']).stdout);
    expect(report.suppressed.map((s) => s.ruleId)).toEqual(['too-few-replicas']);
    expect(report.suppressed[0]?.suppression.reason).toContain('polaris.fairwinds.com/deploymentMissingReplicas-exempt');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['too-few-replicas']);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'ignore-not-equivalent', line: 22, message: expect.stringContaining('StatefulSet web: polaris.fairwinds.com/deploymentMissingReplicas-exempt silences no Rampart rule') })]);
  });
});
