import pc from 'picocolors';
import { objectLabel } from '../core/finding.js';
import { formatProblem } from '../core/result.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { defineFormat } from './format.js';
import { printable } from './printable.js';
import type { ScanReport } from './model.js';

type Colors = ReturnType<typeof pc.createColors>;

const SEVERITY_STYLE: Record<Severity, (c: Colors, s: string) => string> = {
  critical: (c, s) => c.bold(c.magenta(s)),
  high: (c, s) => c.bold(c.red(s)),
  medium: (c, s) => c.yellow(s),
  low: (c, s) => c.cyan(s),
  info: (c, s) => c.dim(s),
};

/** Human-readable report: findings grouped by object, most severe first, then a summary line. */
export const tableFormat = defineFormat({
  id: 'table',
  description: 'Findings grouped by object, for people at a terminal (default)',
  start(_header, options, sink) {
    const c = pc.createColors(options.color);
    // Tens of thousands of findings share five severity labels: style them once.
    const labels = Object.fromEntries(SEVERITIES.map((s) => [s, SEVERITY_STYLE[s](c, s.toUpperCase().padEnd(8))])) as Record<Severity, string>;
    const rank = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
    return {
      findings(batch) {
        const first = batch[0];
        if (!first) return;
        const helm = first.helmTemplate ? c.dim(` (template ${printable(first.helmTemplate)})`) : '';
        let text = `${c.bold(printable(objectLabel(first.object)))}${helm}\n`;
        const sorted = [...batch].sort((a, b) => rank[b.severity] - rank[a.severity] || (a.location.line ?? 0) - (b.location.line ?? 0));
        for (const f of sorted) {
          const where = `${printable(f.location.file)}:${f.location.line}:${f.location.column}`;
          text += `  ${labels[f.severity]} ${f.ruleId}  ${c.dim(where)}\n           ${printable(f.message)}\n`;
        }
        sink.write(`${text}\n`);
      },
      end(report) {
        if (options.showSuppressed && report.suppressed.length > 0) {
          sink.write(c.bold('Suppressed\n'));
          for (const s of report.suppressed) {
            const f = s.finding;
            sink.write(`  ${c.dim(printable(`${f.ruleId}  ${objectLabel(f.object)}  ${f.location.file}:${f.location.line}  (${s.suppression.kind}: ${s.suppression.reason})`))}\n`);
          }
          sink.write('\n');
        }
        for (const skipped of report.skipped) sink.write(c.dim(`skipped ${printable(`${skipped.file}:${skipped.line}: ${skipped.reason}`)}\n`));
        for (const warning of report.warnings) sink.write(`${c.yellow('warning')} ${printable(formatProblem(warning))}\n`);
        for (const error of report.errors) sink.write(`${c.red('error')} ${printable(formatProblem(error))}\n`);
        sink.write(summaryLine(report, c));
      },
    };
  },
});

/** The closing line: verdict, counts by severity, objects and files, and what was left out. */
export function summaryLine(report: ScanReport, c: Colors = pc.createColors(false)): string {
  const s = report.summary;
  const parts = SEVERITIES.slice()
    .reverse()
    .filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => SEVERITY_STYLE[sev](c, `${s.bySeverity[sev]} ${sev}`));
  const counts = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  const extras = [
    s.suppressed > 0 && `${s.suppressed} suppressed`,
    s.baselined > 0 && `${s.baselined} in baseline`,
    s.belowMinSeverity > 0 && `${s.belowMinSeverity} below --min-severity ${s.minSeverity}`,
    s.skipped > 0 && `${s.skipped} skipped`,
    s.errors > 0 && c.red(`${s.errors} error${s.errors === 1 ? '' : 's'}`),
  ].filter(Boolean);
  const verdict = s.passed ? c.green('PASS') : c.red('FAIL');
  const threshold = s.failOn === 'never' ? '' : ` at --fail-on ${s.failOn}`;
  const noun = s.findings === 1 ? 'finding' : 'findings';
  const objects = `${s.objects} object${s.objects === 1 ? '' : 's'}`;
  const files = `${s.files} file${s.files === 1 ? '' : 's'}`;
  // A kubeconfig context name may hold anything, control characters included.
  const cluster = s.cluster === undefined ? undefined : printable(s.cluster);
  const from = cluster === undefined ? files : s.files === 0 ? `cluster ${cluster}` : `${files} and cluster ${cluster}`;
  return `${verdict}${threshold}: ${s.findings} ${noun}${counts} in ${objects} from ${from}${extras.length ? `; ${extras.join(', ')}` : ''}\n`;
}
