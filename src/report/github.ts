import { type Finding, objectLabel } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import type { Problem } from '../core/result.js';
import type { Severity } from '../core/severity.js';
import { STDIN_NAME } from '../inputs/read.js';
import { defineFormat } from './format.js';
import { workspacePath } from './relative-path.js';
import { renderedPosition, repositoryLocation } from './repository-location.js';
import { summaryLine } from './table.js';
import { printable } from './printable.js';

type Level = 'error' | 'warning' | 'notice';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/*
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): GitHub shows each as an
 * annotation on the pull request's diff and in the run summary, with no SARIF upload (which
 * private repositories can only use with GitHub Advanced Security). Escaping follows
 * @actions/core: in the message `%`, CR and LF; in properties also `:` and `,`.
 */
export const githubFormat = defineFormat({
  id: 'github',
  description: 'GitHub Actions annotations (::error/::warning/::notice workflow commands) for pull requests',
  start(_header, _options, sink) {
    return {
      findings(batch) {
        let text = '';
        for (const f of batch) text += annotation(f);
        sink.write(text);
      },
      end(report) {
        for (const p of report.errors) sink.write(problemAnnotation('error', p));
        for (const p of report.warnings) sink.write(problemAnnotation('warning', p));
        sink.write(summaryLine(report));
      },
    };
  },
});

function annotation(f: Finding): string {
  const location = repositoryLocation(f);
  const where = position(location);
  const title = `${f.ruleId} (${f.severity}): ${f.title}`;
  const template = f.helmTemplate ? ` (template ${printable(f.helmTemplate)})` : '';
  // Control characters in names and values from the input would reach the log viewer, which runs
  // ANSI escape sequences: they are shown as escapes, as in the table.
  const message = `${printable(objectLabel(f.object))}${template}: ${printable(f.message)}${printable(renderedPosition(f, location))}\nFix: ${f.remediation}`;
  return `::${LEVEL[f.severity]} ${where}title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

function problemAnnotation(level: Level, p: Problem): string {
  const where = p.location ? position(p.location) : '';
  return `::${level} ${where}title=${escapeProperty(`rampart: ${p.code}`)}::${escapeData(printable(p.message))}\n`;
}

/** The `file=…,line=…,col=…,` properties; none for standard input, which is no file in the repository. */
function position(location: SourceLocation): string {
  if (location.file === STDIN_NAME) return '';
  const line = location.line === undefined ? '' : `,line=${location.line}`;
  const column = location.column === undefined ? '' : `,col=${location.column}`;
  return `file=${escapeProperty(workspacePath(location.file))}${line}${column},`;
}

export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
