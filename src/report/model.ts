import type { Finding, ObjectRef } from '../core/finding.js';
import type { Problem } from '../core/result.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { SkippedDocument } from '../inputs/objects.js';
import type { SuppressedFinding } from '../scan/engine.js';

/** Version of the JSON report schema (docs/json-report.md). Additions keep the major version. */
export const REPORT_SCHEMA_VERSION = '1.0';

export type FailOn = Severity | 'never';

export interface ReportSummary {
  /** Files read from the paths given (not the cluster). */
  readonly files: number;
  /** With --cluster: the kubeconfig context whose cluster was read. */
  readonly cluster?: string;
  readonly documents: number;
  readonly objects: number;
  /** Objects checked through the controller that created them (e.g. the Pods of a Deployment in a dump). */
  readonly derived: number;
  readonly findings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  /** Findings left out because they are in the baseline. */
  readonly baselined: number;
  readonly skipped: number;
  readonly errors: number;
  readonly failOn: FailOn;
  /** Findings below this severity are left out of the report (`--min-severity`); `info` keeps all. */
  readonly minSeverity: Severity;
  /** Findings left out because they are below `minSeverity`. */
  readonly belowMinSeverity: number;
  /** True when no finding is at or above `failOn` and there was no error. */
  readonly passed: boolean;
}

export interface ScannedObject {
  readonly ref: ObjectRef;
  readonly file: string;
  readonly line: number;
}

/** Everything but the findings (which stream through the report writer as the scan runs). */
export interface ScanReport {
  readonly suppressed: readonly SuppressedFinding[];
  readonly skipped: readonly SkippedDocument[];
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** Every object scanned, when the format lists passes (JUnit). */
  readonly objects: readonly ScannedObject[];
  readonly summary: ReportSummary;
}

export function emptySeverityCounts(): Record<Severity, number> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) counts[s] = 0;
  return counts as Record<Severity, number>;
}

export function countBySeverity(findings: readonly Finding[], into = emptySeverityCounts()): Record<Severity, number> {
  for (const f of findings) into[f.severity]++;
  return into;
}
