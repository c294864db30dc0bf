import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';

const json = (stdout: string) => JSON.parse(stdout);

describe('rampart pss check', () => {
  it('prints per object whether it is allowed, with upstream reasons, and exits 1 on a denial', () => {
    const r = rampart(['pss', 'check', 'examples/', '--level', 'baseline', '--version', 'v1.30', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.policy).toBe('baseline:v1.30');
    const storefront = out.results.find((x: { name: string }) => x.name === 'storefront');
    expect(storefront).toMatchObject({ file: 'examples/shop/storefront.yaml', kind: 'Deployment', namespace: 'shop', allowed: false });
    expect(storefront.violations).toEqual([
      { check: 'hostPathVolumes', reason: 'hostPath volumes (volumes "docker-sock", "varlog")', line: 40 },
      { check: 'privileged', reason: 'privileged (container "log-shipper" must not set securityContext.privileged=true)', line: 32 },
    ]);
  });

  it('exits 0 when everything is allowed, and the privileged level allows everything', () => {
    const r = rampart(['pss', 'check', 'examples/', '--level', 'privileged', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).results.every((x: { allowed: boolean }) => x.allowed)).toBe(true);
  });

  it('rejects a bad version with exit 2', () => {
    const r = rampart(['pss', 'check', 'examples/', '--version', '1.x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--version');
  });
});

describe('rampart scan --pss', () => {
  it('reports Pod Security Standards violations as findings at the offending field', () => {
    const r = rampart(['scan', 'examples/', '--no-config-file', '--rule', 'privileged-container', '--pss', 'restricted:v1.25', '--format', 'json']);
    const pss = json(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'pod-security-standard');
    expect(pss.length).toBeGreaterThan(5);
    expect(pss).toContainEqual(
      expect.objectContaining({
        message: 'violates PodSecurity "restricted:v1.25": privileged (container "log-shipper" must not set securityContext.privileged=true)',
        severity: 'high',
        location: expect.objectContaining({ file: 'examples/shop/storefront.yaml', line: 32 }),
      }),
    );
  });

  it('refuses to be disabled in the same run', () => {
    const r = rampart(['scan', 'examples/', '--no-config-file', '--pss', 'baseline', '--disable', 'pod-security-standard']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--disable pod-security-standard turns off the rule --pss runs: give one of them');
  });
});
