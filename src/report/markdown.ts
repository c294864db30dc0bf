import { type Finding, objectLabel } from '../core/finding.js';
import { formatProblem } from '../core/result.js';
import { SEVERITIES, type Severity, severityRank } from '../core/severity.js';
import { defineFormat } from './format.js';
import { summaryLine } from './table.js';
import { printable } from './printable.js';

/** Findings listed one by one, most severe first; the rest are counted per rule. */
const LISTED = 100;

interface RuleCount {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  count: number;
}

/*
 * A Markdown summary for people reading a CI run or a merge request: the verdict, findings per
 * rule, and the most severe findings (GitHub limits a job summary, `$GITHUB_STEP_SUMMARY`, to
 * 1 MiB, so not every finding of a large scan is listed). Text from the input is escaped so that
 * it can neither break the tables nor add markup.
 */
export const markdownFormat = defineFormat({
  id: 'markdown',
  description: 'Markdown summary for CI job summaries and merge request comments (findings per rule, the most severe listed)',
  start(_header, _options, sink) {
    const rules = new Map<string, RuleCount>();
    // The first LISTED findings of each severity, as rendered rows: enough for the LISTED most severe.
    const bySeverity = new Map<Severity, string[]>(SEVERITIES.map((s) => [s, []]));
    return {
      findings(batch) {
        for (const f of batch) {
          // A rule's findings can differ in severity (configuration, or a worse variant): counted apart.
          const key = `${f.ruleId} ${f.severity}`;
          const counted = rules.get(key);
          if (counted) counted.count++;
          else rules.set(key, { ruleId: f.ruleId, title: f.title, severity: f.severity, count: 1 });
          const rows = bySeverity.get(f.severity);
          if (rows && rows.length < LISTED) rows.push(row(f));
        }
      },
      end(report) {
        const listed = SEVERITIES.toReversed()
          .flatMap((s) => bySeverity.get(s) ?? [])
          .slice(0, LISTED);
        const lines = [`### Rampart: ${escape(summaryLine(report).trim())}`, ''];
        if (rules.size > 0) {
          lines.push('| severity | rule | findings |', '|---|---|---|');
          const byRule = [...rules.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
          for (const r of byRule) lines.push(`| ${r.severity} | \`${r.ruleId}\` ${escape(r.title)} | ${r.count} |`);
          lines.push('');
          const total = report.summary.findings;
          const heading = total > listed.length ? `The ${listed.length} most severe of ${total} findings` : 'Findings';
          lines.push(`<details><summary>${heading}</summary>`, '', '| severity | where | object | rule | finding |', '|---|---|---|---|---|');
          lines.push(...listed);
          lines.push('', '</details>', '');
        }
        for (const p of report.errors) lines.push(`- **error** ${escape(formatProblem(p))}`);
        for (const p of report.warnings) lines.push(`- warning ${escape(formatProblem(p))}`);
        sink.write(`${lines.join('\n').trimEnd()}\n`);
      },
    };
  },
});

function row(f: Finding): string {
  const where = `${f.location.file}:${f.location.line}`;
  const template = f.helmTemplate ? ` (template ${f.helmTemplate})` : '';
  return `| ${f.severity} | \`${code(where)}\` | ${escape(objectLabel(f.object) + template)} | \`${f.ruleId}\` | ${escape(f.message)} |`;
}

/**
 * Text for a table cell: no line breaks, table pipes and HTML made literal, and the characters
 * that open inline markup (links and images `[…](…)`, emphasis `*` `_` `~`, code spans, math `$`)
 * escaped with a backslash, which CommonMark allows before any ASCII punctuation: a value quoted
 * from a manifest cannot add a link or formatting to the summary or the merge request.
 */
function escape(text: string): string {
  return printable(text.replace(/[\r\n]+/g, ' '))
    .replace(/[\\`*_[\]~$]/g, '\\$&')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('|', '\\|');
}

/** Text inside a code span: backticks cannot end it, pipes cannot split the cell. */
function code(text: string): string {
  return printable(text.replace(/[\r\n]+/g, ' ')).replaceAll('`', "'").replaceAll('|', '\\|');
}
