import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint.js';
import { RULE_ID } from '../../src/core/rule.js';
import { REFERENCE_TYPES } from '../../src/core/references.js';
import { CHECK_CATEGORIES } from '../../src/checks/api.js';
import { CHECKS } from '../../src/checks/index.js';
import { expectedLines, findingLines, scanWithCheck } from '../helpers/fixture-scan.js';

const CHECKS_DIR = path.resolve(import.meta.dirname, '../../src/checks');

describe('check registry', () => {
  it('holds at least 90 checks with unique kebab-case ids', () => {
    const ids = CHECKS.all().map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(90);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(RULE_ID);
  });
});

describe.each(CHECKS.all().map((c) => [c.id, c] as const))('%s', (id, check) => {
  const dir = path.join(CHECKS_DIR, check.category, id);
  const fires = path.join(dir, 'fires.yaml');
  const dontFire = path.join(dir, 'dont-fire.yaml');

  it('has complete metadata', () => {
    expect(CHECK_CATEGORIES).toContain(check.category);
    expect(check.title.length).toBeGreaterThan(10);
    expect(check.title).not.toMatch(/\.$/);
    expect(check.description.length).toBeGreaterThan(40);
    expect(check.remediation.length).toBeGreaterThan(20);
    expect(check.references.length).toBeGreaterThan(0);
    for (const r of check.references) {
      expect(REFERENCE_TYPES).toContain(r.type);
      expect(r.url).toMatch(/^https:\/\//);
    }
    expect(check.parseParams({}).ok).toBe(true);
  });

  it('lives in its own folder with both fixtures', () => {
    expect(existsSync(path.join(dir, 'index.ts')), `${dir}/index.ts`).toBe(true);
    expect(existsSync(fires), fires).toBe(true);
    expect(existsSync(dontFire), dontFire).toBe(true);
  });

  it('fires exactly on the lines marked "# expect" in fires.yaml', () => {
    const { findings, errors } = scanWithCheck([fires], check);
    expect(errors).toEqual([]);
    const expected = expectedLines(readFileSync(fires, 'utf8'));
    expect(expected.size, 'fires.yaml marks at least one line').toBeGreaterThan(0);
    expect(findingLines(findings)).toEqual(expected);
    // Baselines and SARIF identify a finding by rule, object and path: each must be reported once.
    const prints = findings.map((f) => fingerprint(f));
    expect(new Set(prints).size, 'one finding per rule, object and path').toBe(prints.length);
    for (const f of findings) {
      expect(f.ruleId).toBe(id);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.path.length).toBeGreaterThan(0);
    }
  });

  it('stays silent on the near misses in dont-fire.yaml', () => {
    const { findings, errors } = scanWithCheck([dontFire], check);
    expect(errors).toEqual([]);
    expect(findings.map((f) => `${f.location.line}: ${f.message}`)).toEqual([]);
  });
});
