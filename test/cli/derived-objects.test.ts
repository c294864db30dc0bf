import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { rampart } from '../helpers/cli.js';

const FIX = 'test/cli/fixtures-derived';

interface JsonFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly message: string;
  readonly object: { readonly kind: string; readonly name: string };
}

function scan(file: string, ...args: string[]): { code: number | null; findings: JsonFinding[]; derived: number } {
  const r = rampart(['scan', `${FIX}/${file}`, '--no-config-file', '--format', 'json', ...args]);
  const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { derived: number } };
  return { code: r.code, findings: report.findings, derived: report.summary.derived };
}

describe('objects a controller in the input created (kubectl dumps)', () => {
  it('checks the ephemeral containers of a Pod (kubectl debug), and only them', () => {
    const { code, findings, derived } = scan('debug-container.yaml');
    const onPod = findings.filter((f) => f.object.kind === 'Pod');
    expect(onPod.map((f) => f.ruleId)).toContain('privileged-container');
    expect(onPod.every((f) => f.path.startsWith('spec.ephemeralContainers[0]'))).toBe(true);
    expect(findings.some((f) => f.object.kind === 'ReplicaSet')).toBe(false);
    expect(derived).toBe(1);
    expect(code).toBe(1);
  });

  it('checks a ReplicaSet whose template differs from its Deployment while it still runs pods', () => {
    const { findings } = scan('stale-replicaset.yaml', '--rule', 'privileged-container');
    expect(findings.map((f) => `${f.object.kind} ${f.object.name}`)).toEqual(['ReplicaSet web-5d8f7']);
  });

  it('leaves an older ReplicaSet scaled to zero (kept for rollback) to its Deployment', () => {
    const { code, findings, derived } = scan('old-replicaset-scaled-down.yaml', '--rule', 'privileged-container');
    expect(findings).toEqual([]);
    expect(derived).toBe(1);
    expect(code).toBe(0);
  });

  it('checks a Pod whose owner reference names a kind that does not create Pods', () => {
    const { findings, derived } = scan('pod-naming-a-deployment.yaml', '--rule', 'privileged-container');
    expect(findings.map((f) => f.object.name)).toEqual(['web-hidden']);
    expect(derived).toBe(0);
  });

  it('checks the containers a webhook injected into the Pods, once per owner, and not the containers of the template', () => {
    const { code, findings, derived } = scan('injected-sidecar.yaml');
    const onPods = findings.filter((f) => f.object.kind === 'Pod');
    // The first replica carries the findings; the second only repeats them.
    expect(new Set(onPods.map((f) => f.object.name))).toEqual(new Set(['web-5d8f7-aaaaa']));
    expect(new Set(onPods.map((f) => f.path.replace(/\].*/, ']')))).toEqual(new Set(['spec.initContainers[0]', 'spec.containers[1]']));
    const netAdmin = onPods.find((f) => f.ruleId === 'dangerous-capability');
    expect(netAdmin?.message).toBe('init container "mesh-init" adds dangerous capability NET_ADMIN (added at admission: ReplicaSet "web-5d8f7" has no init container "mesh-init")');
    // The app container, changed only by the token mount admission adds, is left to the Deployment.
    expect(findings.filter((f) => f.path.includes('containers[0]') && !f.path.includes('initContainers')).every((f) => f.object.kind === 'Deployment')).toBe(true);
    // The ReplicaSet and the second Pod.
    expect(derived).toBe(2);
    expect(code).toBe(1);
  });

  it('keeps the injected containers\' findings in a baseline when the Pods are replaced, and after a rollout', () => {
    const dir = tempDir();
    const baseline = path.join(dir, 'baseline.json');
    expect(rampart(['scan', `${FIX}/injected-sidecar.yaml`, '--no-config-file', '--baseline-write', baseline]).code).toBe(0);
    const dump = readFileSync(`${FIX}/injected-sidecar.yaml`, 'utf8');
    // Other replicas after a restart, then a new ReplicaSet with a new pod-template-hash after a rollout.
    const restarted = dump.replaceAll('web-5d8f7-aaaaa', 'web-5d8f7-kq2zt').replaceAll('web-5d8f7-bbbbb', 'web-5d8f7-m8x4w');
    const rolledOut = restarted.replaceAll('5d8f7', '6c4b9');
    for (const [name, text] of [['restarted.yaml', restarted], ['rolled-out.yaml', rolledOut]] as const) {
      writeFileSync(path.join(dir, name), text);
      const r = rampart(['scan', path.join(dir, name), '--no-config-file', '--baseline', baseline, '--format', 'json']);
      expect({ name, findings: JSON.parse(r.stdout).findings }).toEqual({ name, findings: [] });
      expect(r.code).toBe(0);
    }
    // A new injected problem is still new.
    writeFileSync(path.join(dir, 'worse.yaml'), restarted.replaceAll('add: [NET_ADMIN, NET_RAW]', 'add: [NET_ADMIN, NET_RAW, SYS_ADMIN]'));
    const worse = JSON.parse(rampart(['scan', path.join(dir, 'worse.yaml'), '--no-config-file', '--baseline', baseline, '--format', 'json']).stdout).findings as JsonFinding[];
    expect(worse.map((f) => `${f.object.name} ${f.ruleId} ${f.path}`)).toEqual(['web-5d8f7-kq2zt dangerous-capability spec.initContainers[0].securityContext.capabilities.add[2]']);
  });

  it('pss check judges the first Pod with injected containers of an owner, not every replica', () => {
    const r = rampart(['pss', 'check', `${FIX}/injected-sidecar.yaml`, '--level', 'baseline', '--format', 'json']);
    const results = (JSON.parse(r.stdout) as { results: Array<{ name: string; allowed: boolean; violations: Array<{ check: string }> }> }).results;
    expect(results.filter((x) => !x.allowed).map((x) => `${x.name} ${x.violations.map((v) => v.check).join(',')}`)).toEqual(['web-5d8f7-aaaaa capabilities_baseline']);
    expect(r.code).toBe(1);
  });

  it('pss check judges the Pod with an ephemeral container and the older ReplicaSet', () => {
    const debug = rampart(['pss', 'check', `${FIX}/debug-container.yaml`, '--level', 'baseline', '--format', 'json']);
    const stale = rampart(['pss', 'check', `${FIX}/stale-replicaset.yaml`, '--level', 'baseline', '--format', 'json']);
    const names = (stdout: string) => (JSON.parse(stdout) as { results: Array<{ kind: string; allowed: boolean }> }).results.filter((r) => !r.allowed).map((r) => r.kind);
    expect(names(debug.stdout)).toEqual(['Pod']);
    expect(names(stale.stdout)).toEqual(['ReplicaSet']);
  });
});
