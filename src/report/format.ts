import type { Finding } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import type { ScanReport } from './model.js';

export interface RenderOptions {
  readonly color: boolean;
  /** Include suppressed findings in formats that can show them. */
  readonly showSuppressed: boolean;
}

/** What is known before the first finding. */
export interface ReportHeader {
  readonly tool: { readonly name: string; readonly version: string };
  /** The rules that run, for formats that describe them (SARIF). */
  readonly rules: readonly RuleMeta[];
}

/** Where a report goes, chunk by chunk. */
export interface ReportSink {
  write(chunk: string): void;
}

/** What `render` writes, as one string (for small reports and tests). */
export function renderToString(render: (sink: ReportSink) => void): string {
  let text = '';
  render({ write: (chunk) => (text += chunk) });
  return text;
}

/** A report being written while the scan runs: findings stream through, the rest comes at the end. */
export interface ReportWriter {
  /** One object's findings, in file order (objects arrive in input order). */
  findings(batch: readonly Finding[]): void;
  /** Summary, suppressed findings, skipped documents, errors: once the scan is done. */
  end(report: ScanReport): void;
}

/**
 * A report format. Findings are streamed, never all held in memory, so a scan of 50,000 objects
 * with half a million findings runs in bounded memory.
 */
export interface ReportFormat {
  readonly id: string;
  readonly description: string;
  /** Whether the format lists every scanned object, not only those with findings (JUnit). */
  readonly listsObjects?: boolean;
  start(header: ReportHeader, options: RenderOptions, sink: ReportSink): ReportWriter;
}

export function defineFormat(format: ReportFormat): ReportFormat {
  return format;
}
