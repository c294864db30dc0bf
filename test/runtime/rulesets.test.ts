import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/runtime/engine.js';

const dir = path.resolve(import.meta.dirname, '../conformance/falco');
const load = (...files: string[]) => loadRules(files.map((f) => ({ name: f, content: readFileSync(path.join(dir, f), 'utf8') })));

describe("Falco's official rulesets", () => {
  it.each([
    ['k8s_audit_rules.yaml', 48],
    ['falco_rules.yaml', 25],
    ['falco-incubating_rules.yaml', 31],
    ['falco-sandbox_rules.yaml', 25],
  ])('%s loads unmodified, with no errors (%i enabled rules)', (file, enabled) => {
    const loaded = load(file);
    expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(loaded.engine.enabledRules()).toHaveLength(enabled);
  });

  it('loads the stable, incubating and sandbox rules together', () => {
    const loaded = load('falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml');
    expect(loaded.messages.filter((m) => m.severity === 'error')).toEqual([]);
  });
});
