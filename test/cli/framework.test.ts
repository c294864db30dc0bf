import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { rulesOfFrameworks } from '../../src/checks/frameworks.js';
import { configSchema } from '../../src/config/schema.js';
import { resolvePolicy } from '../../src/config/resolve.js';
import { rampart } from '../helpers/cli.js';

const nsaRules = CHECKS.all().filter((c) => c.references.some((r) => r.type === 'nsa'));

function active(config: unknown, overrides: Record<string, unknown>): string[] {
  const resolved = resolvePolicy(configSchema.parse(config), CHECKS, { today: '2026-06-01', ...overrides });
  if (!resolved.ok) throw new Error(resolved.errors[0]?.message);
  return resolved.value.policy.checks.map((c) => c.check.id).sort();
}

describe('--framework', () => {
  it('runs exactly the rules that reference the framework, off by default or not, unless the configuration turns them off', () => {
    const within = rulesOfFrameworks(CHECKS.all(), ['nsa']);
    expect(within.sort()).toEqual(nsaRules.map((c) => c.id).sort());
    const offByDefault = nsaRules.find((c) => !c.enabledByDefault);
    expect(offByDefault).toBeDefined();
    expect(active({}, { within })).toEqual(within.sort());
    const [first] = within;
    expect(active({ rules: { [first as string]: 'off' } }, { within })).not.toContain(first);
    // With --rule: the rules named that are in the framework.
    expect(active({}, { within, only: [first, 'default-namespace'] })).toEqual(within.includes('default-namespace') ? [first, 'default-namespace'].sort() : [first]);
    // --pss still adds its rule.
    expect(active({}, { within, enableWith: { 'pod-security-standard': { level: 'baseline', version: 'latest' } } })).toContain('pod-security-standard');
    expect(rulesOfFrameworks(CHECKS.all(), ['cis', 'nsa']).length).toBeGreaterThan(within.length);
  });

  it('limits a scan from the command line, and refuses an unknown framework', () => {
    const report = JSON.parse(rampart(['scan', 'examples', '--no-config-file', '--framework', 'nsa', '--format', 'json']).stdout);
    const ids = new Set(nsaRules.map((c) => c.id));
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(ids.has(f.ruleId)).toBe(true);
    const all = JSON.parse(rampart(['scan', 'examples', '--no-config-file', '--format', 'json']).stdout);
    expect(report.findings.length).toBeLessThan(all.findings.length);
    const bad = rampart(['scan', 'examples', '--framework', 'cis,pci']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'cis,pci' is invalid. Allowed choices are cis, nsa, mitre.");
  });
});

describe('onlyRules in .rampart.yaml', () => {
  it('runs only the rules listed, off by default or not, unless rules: turns one off; --rule wins over it, --framework keeps what both have', () => {
    const offByDefault = CHECKS.all().find((c) => !c.enabledByDefault)!.id;
    expect(active({ onlyRules: ['privileged-container', offByDefault] }, {})).toEqual(['privileged-container', offByDefault].sort());
    expect(active({ onlyRules: ['privileged-container', 'host-network'], rules: { 'host-network': 'off' } }, {})).toEqual(['privileged-container']);
    expect(active({ onlyRules: ['privileged-container'], enableAll: true }, {})).toEqual(['privileged-container']);
    expect(active({ onlyRules: ['privileged-container'] }, { only: ['host-pid'] })).toEqual(['host-pid']);
    const within = rulesOfFrameworks(CHECKS.all(), ['nsa']);
    const outside = CHECKS.all().find((c) => !within.includes(c.id))!.id;
    expect(active({ onlyRules: [within[0], outside] }, { within })).toEqual([within[0]]);
  });

  it('refuses an unknown rule id with its place in the file', () => {
    const r = rampart(['scan', 'examples', '--config', 'test/cli/fixtures/only-rules-typo.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only-rules-typo\.yaml:2:\d+: unknown rule "privileged-containr" in onlyRules/);
  });
});

describe('a repeatable option given an empty value', () => {
  it.each([['--rule', ''], ['--rule', ' , '], ['--disable', ''], ['--exclude', ' '], ['--framework', '']])('is a usage error, not "no restriction" (%s "%s")', (flag, value) => {
    const r = rampart(['scan', 'examples', flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expects a value, got an empty one.');
    expect(r.stdout).toBe('');
  });
});
