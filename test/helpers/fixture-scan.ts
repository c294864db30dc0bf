import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/core/finding.js';
import type { Check } from '../../src/checks/api.js';
import { loadFiles } from '../../src/inputs/load.js';
import { runChecks } from '../../src/scan/engine.js';
import { tempDir } from './temp.js';

/** Scans files with exactly one check (default params), as the fixture tests do. */
export function scanWithCheck(paths: readonly string[], check: Check, params?: unknown): { findings: Finding[]; errors: string[] } {
  const inputs = loadFiles(paths);
  const parsed = check.parseParams(params ?? {});
  if (!parsed.ok) throw new Error(parsed.message);
  const findings: Finding[] = [];
  const results = runChecks(inputs.objects, {
    checks: [{ check, severityOverride: undefined, params: parsed.params }],
    settings: {},
    exemptions: [],
    allowAnnotationIgnore: true,
    allowOtherToolAnnotations: true,
  }, (batch) => findings.push(...batch));
  return { findings, errors: [...inputs.problems, ...results.problems].map((p) => p.message) };
}

/** Scans one manifest, written to a temporary file, with exactly one check and these params. */
export function scanManifestWithCheck(manifest: string, check: Check, params?: unknown): { findings: Finding[]; errors: string[] } {
  const file = path.join(tempDir('rampart-check-'), 'manifest.yaml');
  writeFileSync(file, manifest);
  return scanWithCheck([file], check, params);
}

const EXPECT = /#\s*expect(?:\s+x(\d+))?\s*$/;

/** Lines marked `# expect` (or `# expect x2` for two findings) in a fixture, as line → count. */
export function expectedLines(text: string): Map<number, number> {
  const lines = new Map<number, number>();
  text.split('\n').forEach((line, i) => {
    const match = EXPECT.exec(line);
    if (match) lines.set(i + 1, Number(match[1] ?? 1));
  });
  return lines;
}

export function findingLines(findings: readonly Finding[]): Map<number, number> {
  const lines = new Map<number, number>();
  for (const f of findings) lines.set(f.location.line ?? 0, (lines.get(f.location.line ?? 0) ?? 0) + 1);
  return lines;
}
