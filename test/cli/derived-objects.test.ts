import { describe, expect, it } from 'vitest';
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
