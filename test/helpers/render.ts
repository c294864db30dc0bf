import type { Finding } from '../../src/core/finding.js';
import type { ReportFormat, ReportHeader, ReportWriter, RenderOptions } from '../../src/report/format.js';

/** Collects what a format writes, and every finding that passed through it. */
export class CapturedReport {
  text = '';
  readonly findings: Finding[] = [];

  start(format: ReportFormat, options: RenderOptions): (header: ReportHeader) => ReportWriter {
    return (header) => {
      const writer = format.start(header, options, { write: (chunk) => (this.text += chunk) });
      return {
        findings: (batch) => {
          this.findings.push(...batch);
          writer.findings(batch);
        },
        end: (report) => writer.end(report),
      };
    };
  }
}
