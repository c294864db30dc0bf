import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import { renderToString } from '../report/format.js';
import { tempDir } from '../../test/helpers/temp.js';
import { BaselineCollector, readBaseline } from './baseline.js';

type Accepted = Pick<Finding, 'ruleId' | 'object' | 'path'>;

/** The file as the format defines it: unique fingerprints (the last finding kept), by rule ID + fingerprint. */
function expected(findings: readonly Accepted[]): string {
  const byPrint = new Map<string, Accepted>();
  for (const f of findings) byPrint.set(fingerprint(f), f);
  const entries = [...byPrint].map(([print, f]) => ({ fingerprint: print, ruleId: f.ruleId, object: f.object, path: f.path }));
  entries.sort((a, b) => (a.ruleId + a.fingerprint < b.ruleId + b.fingerprint ? -1 : 1));
  return `${JSON.stringify({ schemaVersion: '1', findings: entries }, null, 2)}\n`;
}

function written(findings: readonly Accepted[]): string {
  const collector = new BaselineCollector();
  for (const f of findings) collector.add(f as Finding);
  return renderToString((sink) => collector.write(sink));
}

// Rule IDs where one is a prefix of another: sorting by rule, then fingerprint, would differ.
const ruleIds = fc.constantFrom('run-as-root', 'run-as-root-group', 'host-path', 'host-pid', 'a', 'a-');
const findingArb: fc.Arbitrary<Accepted> = fc.record({
  ruleId: ruleIds,
  object: fc.record(
    {
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'apps/v1beta2'),
      kind: fc.constantFrom('Pod', 'Deployment'),
      namespace: fc.constantFrom('shop', 'ns "quoted"', 'ünïcode'),
      name: fc.constantFrom('web', 'db', 'a\u0000b', ''),
    },
    { requiredKeys: ['apiVersion', 'kind', 'name'] },
  ),
  path: fc.constantFrom('spec', 'spec.containers[0].image', 'metadata.annotations["a\\\\b"]'),
});

describe('BaselineCollector', () => {
  it('writes what the baseline format defines, with the last of repeated findings (random findings)', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 60 }), (findings) => {
        expect(written(findings)).toBe(expected(findings));
      }),
      { numRuns: 300 },
    );
  });

  it('writes an empty baseline as an empty findings list', () => {
    expect(written([])).toBe('{\n  "schemaVersion": "1",\n  "findings": []\n}\n');
  });

  it('writes thousands of findings (many chunks) that read back as the same fingerprints', () => {
    const findings = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: i % 3 === 0 ? 'run-as-root-group' : 'run-as-root',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `team-${i % 7}`, name: `app-${i % 500}` },
      path: `spec.template.spec.containers[${i % 4}].securityContext`,
    }));
    const text = written(findings);
    expect(text).toBe(expected(findings));
    const file = path.join(tempDir(), 'baseline.json');
    writeFileSync(file, text);
    const read = readBaseline(file);
    expect(read.ok && [...read.value].sort()).toEqual([...new Set(findings.map((f) => fingerprint(f)))].sort());
  });
});

describe('readBaseline', () => {
  it('says in words why a file cannot be read', () => {
    const dir = tempDir();
    const message = (file: string) => {
      const read = readBaseline(file);
      return read.ok ? undefined : read.error.message;
    };
    expect(message(path.join(dir, 'missing.json'))).toBe('cannot read baseline: no such file or directory');
    mkdirSync(path.join(dir, 'baseline.json'));
    expect(message(path.join(dir, 'baseline.json'))).toBe('cannot read baseline: is a directory');
    writeFileSync(path.join(dir, 'truncated.json'), '{"schemaVersion": "1",');
    expect(message(path.join(dir, 'truncated.json'))).toMatch(/^cannot read baseline: .*JSON/);
  });
});
