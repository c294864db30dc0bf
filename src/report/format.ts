import type { ScanReport } from './model.js';

export interface RenderOptions {
  readonly color: boolean;
  /** Include suppressed findings in formats that can show them. */
  readonly showSuppressed: boolean;
}

/** A report format: renders a scan report as a sequence of text chunks (written as they come). */
export interface ReportFormat {
  readonly id: string;
  readonly description: string;
  render(report: ScanReport, options: RenderOptions): Iterable<string>;
}

export function defineFormat(format: ReportFormat): ReportFormat {
  return format;
}
