import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { jsonFormat } from '../src/report/json.js';
import { PolicyError, runScan } from '../src/scan/run-scan.js';
import { CapturedReport } from './helpers/render.js';

/*
 * The whole real-world corpus (test/corpus: rendered manifests of well-known projects and
 * deliberately insecure ones) is scanned with every check. It must load without a single error,
 * and the number of findings per rule must match the reviewed snapshot: a change in a check's
 * behaviour on real manifests shows up here and gets reviewed.
 */
const CORPUS = path.relative(process.cwd(), path.join(import.meta.dirname, 'corpus'));
const SNAPSHOT = path.join(import.meta.dirname, 'corpus-snapshot.json');

const captured = new CapturedReport();
const outcome = await runScan(
  { paths: [CORPUS], useConfigFile: false, overrides: { today: '2026-06-01', enableAll: true }, tool: { name: 'rampart', version: 'test' } },
  captured.start(jsonFormat, { color: false, showSuppressed: false }),
  CHECKS,
);
if (outcome instanceof PolicyError) throw new Error(outcome.problems.map((p) => p.message).join('\n'));
const { report } = outcome;

describe('real-world corpus', () => {
  it('loads every file without an error', () => {
    expect(report.errors).toEqual([]);
    expect(report.summary.files).toBeGreaterThan(350);
    expect(report.summary.objects).toBeGreaterThan(700);
  });

  it('says why it skipped each document', () => {
    for (const skipped of report.skipped) expect(skipped.reason).toMatch(/^not a Kubernetes object/);
  });

  it('points every finding at a real line of its file', () => {
    const lines = new Map<string, number>();
    for (const f of captured.findings) {
      const file = f.location.file;
      if (!lines.has(file)) lines.set(file, readFileSync(file, 'utf8').split('\n').length);
      expect(f.location.line).toBeGreaterThan(0);
      expect(f.location.line).toBeLessThanOrEqual(lines.get(file) ?? 0);
    }
  });

  it('finds what the reviewed snapshot says, per rule', () => {
    const counts: Record<string, number> = {};
    for (const f of captured.findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
    const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    const snapshot = { objects: report.summary.objects, skipped: report.summary.skipped, findings: report.summary.findings, byRule: sorted };
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(SNAPSHOT, `${JSON.stringify(snapshot, null, 2)}\n`);
    expect(snapshot).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });
});
