import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import { fail, ok, type Result } from '../core/result.js';

export const BASELINE_SCHEMA_VERSION = '1';

const baselineSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  findings: z.array(z.object({ fingerprint: z.string() }).loose()),
});

/** Fingerprints of accepted findings; a scan with `--baseline` reports only what is not in it. */
export type Baseline = ReadonlySet<string>;

export function readBaseline(file: string): Result<Baseline> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return fail({ code: 'baseline-invalid', message: `cannot read baseline: ${reason}`, location: { file } });
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) return fail({ code: 'baseline-invalid', message: 'not a Rampart baseline file (expected schemaVersion "1" and findings[].fingerprint)', location: { file } });
  return ok(new Set(parsed.data.findings.map((f) => f.fingerprint)));
}

/** One accepted finding, as the baseline file records it (readable, not just a hash). */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly object: Finding['object'];
  readonly path: string;
}

export function baselineEntry(f: Finding): BaselineEntry {
  return { fingerprint: fingerprint(f), ruleId: f.ruleId, object: f.object, path: f.path };
}

/** The baseline file: readable entries, sorted so that it diffs well under review. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const unique = [...new Map(entries.map((e) => [e.fingerprint, e])).values()];
  unique.sort((a, b) => (a.ruleId + a.fingerprint < b.ruleId + b.fingerprint ? -1 : 1));
  return `${JSON.stringify({ schemaVersion: BASELINE_SCHEMA_VERSION, findings: unique }, null, 2)}\n`;
}
