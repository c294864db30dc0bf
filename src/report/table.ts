import pc from 'picocolors';
import { type Finding, objectLabel } from '../core/finding.js';
import { formatProblem } from '../core/result.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { defineFormat } from './format.js';
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
  *render(report, options) {
    const c = pc.createColors(options.color);
    for (const group of groupByObject(report.findings)) {
      const first = group[0] as Finding;
      const helm = first.helmTemplate ? c.dim(` (template ${first.helmTemplate})`) : '';
      yield `${c.bold(objectLabel(first.object))}${helm}\n`;
      const sorted = [...group].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.location.line! - b.location.line!);
      for (const f of sorted) {
        const severity = SEVERITY_STYLE[f.severity](c, f.severity.toUpperCase().padEnd(8));
        const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
        yield `  ${severity} ${f.ruleId}  ${c.dim(where)}\n           ${f.message}\n`;
      }
      yield '\n';
    }
    if (options.showSuppressed && report.suppressed.length > 0) {
      yield c.bold('Suppressed\n');
      for (const s of report.suppressed) {
        yield `  ${c.dim(`${s.finding.ruleId}  ${objectLabel(s.finding.object)}  ${s.finding.location.file}:${s.finding.location.line}  (${s.suppression.kind}: ${s.suppression.reason})`)}\n`;
      }
      yield '\n';
    }
    for (const skipped of report.skipped) yield c.dim(`skipped ${skipped.file}:${skipped.line}: ${skipped.reason}\n`);
    for (const warning of report.warnings) yield `${c.yellow('warning')} ${formatProblem(warning)}\n`;
    for (const error of report.errors) yield `${c.red('error')} ${formatProblem(error)}\n`;
    yield summaryLine(report, c);
  },
});

function groupByObject(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const o = f.object;
    const key = `${f.location.file}\u0000${o.apiVersion}\u0000${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(f);
  }
  return [...groups.values()];
}

function summaryLine(report: ScanReport, c: Colors): string {
  const s = report.summary;
  const parts = SEVERITIES.slice()
    .reverse()
    .filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => SEVERITY_STYLE[sev](c, `${s.bySeverity[sev]} ${sev}`));
  const counts = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  const extras = [
    s.suppressed > 0 && `${s.suppressed} suppressed`,
    s.baselined > 0 && `${s.baselined} in baseline`,
    s.skipped > 0 && `${s.skipped} skipped`,
    s.errors > 0 && c.red(`${s.errors} error${s.errors === 1 ? '' : 's'}`),
  ].filter(Boolean);
  const verdict = s.passed ? c.green('PASS') : c.red('FAIL');
  const threshold = s.failOn === 'never' ? '' : ` at --fail-on ${s.failOn}`;
  const noun = s.findings === 1 ? 'finding' : 'findings';
  return `${verdict}${threshold}: ${s.findings} ${noun}${counts} in ${s.objects} objects from ${s.files} files${extras.length ? `; ${extras.join(', ')}` : ''}\n`;
}
