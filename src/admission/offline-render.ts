import { formatProblem } from '../core/result.js';
import type { OfflineDecision, OfflineReport } from './offline.js';

export const OFFLINE_FORMAT_VERSION = 1;

function label(d: OfflineDecision): string {
  return `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`;
}

/** Whether a decision counts as a refusal: the object itself, or for a controller, the pods it would create. */
export function isDenied(d: OfflineDecision): boolean {
  return !d.allowed || d.podsDenied !== undefined;
}

/** One block per object: its decision, then the reason, warnings and audit annotations indented. */
export function renderOfflineTable(report: OfflineReport): string {
  const lines: string[] = [];
  for (const d of report.decisions) {
    const verdict = !d.allowed ? 'DENIED ' : d.podsDenied ? 'PODS DENIED' : d.warnings.length > 0 ? 'WARN   ' : 'ALLOWED';
    lines.push(`${verdict}  ${label(d)}  (${d.file}:${d.line})`);
    if (d.message) lines.push(`    ${d.message}`);
    if (d.podsDenied) lines.push(`    its pods would be refused: ${d.podsDenied}`);
    for (const w of d.warnings) lines.push(`    warning: ${w}`);
    for (const [key, value] of Object.entries(d.auditAnnotations)) if (key.endsWith('audit-violations')) lines.push(`    audit ${key}: ${value}`);
  }
  const denied = report.decisions.filter(isDenied).length;
  const warned = report.decisions.filter((d) => !isDenied(d) && d.warnings.length > 0).length;
  lines.push('', `${report.decisions.length} object${report.decisions.length === 1 ? '' : 's'}: ${denied} denied, ${warned} allowed with warnings, ${report.decisions.length - denied - warned} allowed`);
  for (const p of report.problems) lines.push(`error: ${formatProblem(p)}`);
  return `${lines.join('\n')}\n`;
}

export function renderOfflineJson(report: OfflineReport): string {
  const denied = report.decisions.filter(isDenied).length;
  return `${JSON.stringify(
    {
      version: OFFLINE_FORMAT_VERSION,
      summary: { objects: report.decisions.length, denied, allowed: report.decisions.length - denied },
      decisions: report.decisions,
      errors: report.problems.map((p) => ({ code: p.code, message: p.message, ...p.location })),
    },
    null,
    2,
  )}\n`;
}
