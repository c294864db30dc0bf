import type { Finding } from '../core/finding.js';
import { objectLabel } from '../core/finding.js';
import { formatProblem } from '../core/result.js';
import { SEVERITIES, severityRank } from '../core/severity.js';
import { defineFormat } from './format.js';
import { summaryLine } from './table.js';
import { printable } from './printable.js';

const STYLE = [
  'body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:78rem;padding:0 1rem;color:#1f2328}',
  'h1{font-size:1.5rem}h2{font-size:1.1rem;margin:1.5rem 0 .4rem}',
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #d0d7de}',
  'code{font:12px ui-monospace,monospace}.where{white-space:nowrap}.muted{color:#59636e}',
  '.sev{font-weight:600;text-transform:uppercase;font-size:12px}',
  '.critical .sev{color:#8250df}.high .sev{color:#cf222e}.medium .sev{color:#9a6700}.low .sev{color:#0969da}.info .sev{color:#59636e}',
  'h3{font-size:1rem;margin:1rem 0 .2rem}',
].join('');

/*
 * A self-contained HTML page for people to read and share: findings grouped by object as the scan
 * produces them, most severe first, each linked to its rule's fix and references, given once at
 * the end with the summary (known only then; a link at the top leads to it). No
 * script, and every text from the input is escaped.
 */
export const htmlFormat = defineFormat({
  id: 'html',
  description: 'Self-contained HTML page for people: findings by object, each rule\'s fix and references',
  start(header, _options, sink) {
    sink.write(
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>Rampart scan report</title><style>${STYLE}</style></head><body>\n` +
        `<h1>Rampart scan report</h1>\n<p class="muted">${escape(header.tool.name)} ${escape(header.tool.version)} · <a href="#summary">summary</a></p>\n`,
    );
    // One finding of each rule reported: the page explains each rule once, at the end.
    const rules = new Map<string, Finding>();
    return {
      findings(batch) {
        const first = batch[0];
        if (!first) return;
        const template = first.helmTemplate ? ` <span class="muted">(template ${escape(first.helmTemplate)})</span>` : '';
        let html = `<h2>${escape(objectLabel(first.object))}${template}</h2>\n<table><tr><th>severity</th><th>rule</th><th>where</th><th>finding</th></tr>\n`;
        const sorted = [...batch].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.location.line ?? 0) - (b.location.line ?? 0));
        for (const f of sorted) {
          html +=
            `<tr class="${f.severity}"><td class="sev">${f.severity}</td><td><code>${escape(f.ruleId)}</code><br><span class="muted">${escape(f.title)}</span></td>` +
            `<td class="where"><code>${escape(`${f.location.file}:${f.location.line}:${f.location.column}`)}</code></td><td>${escape(f.message)} <a href="#rule-${escape(f.ruleId)}">how to fix</a></td></tr>\n`;
          if (!rules.has(f.ruleId)) rules.set(f.ruleId, f);
        }
        sink.write(`${html}</table>\n`);
      },
      end(report) {
        const s = report.summary;
        let html = `<h2 id="summary">Summary</h2>\n<p>${escape(summaryLine(report).trim())}</p>\n<table><tr><th>severity</th><th>findings</th></tr>\n`;
        for (const sev of SEVERITIES.toReversed()) html += `<tr class="${sev}"><td class="sev">${sev}</td><td>${s.bySeverity[sev]}</td></tr>\n`;
        html += '</table>\n';
        if (rules.size > 0) {
          html += '<h2>How to fix them</h2>\n';
          for (const f of [...rules.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId))) html += fix(f);
        }
        html += list('Errors', report.errors.map((p) => escape(formatProblem(p))));
        html += list('Warnings', report.warnings.map((p) => escape(formatProblem(p))));
        html += list('Skipped', report.skipped.map((k) => escape(`${k.file}:${k.line}: ${k.reason}`)));
        sink.write(`${html}</body></html>\n`);
      },
    };
  },
});

/** A rule's fix and references, once per page. */
function fix(f: Finding): string {
  const references = f.references.map((r) => `<li><a href="${escape(r.url)}" rel="noreferrer">${escape(r.title)}</a></li>`).join('');
  return `<h3 id="rule-${escape(f.ruleId)}"><code>${escape(f.ruleId)}</code> ${escape(f.title)}</h3>\n<p>${escape(f.remediation)}</p>\n${references ? `<ul>${references}</ul>\n` : ''}`;
}

function list(title: string, items: readonly string[]): string {
  return items.length === 0 ? '' : `<h2>${title}</h2>\n<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>\n`;
}

/** Text as HTML content or attribute value. */
function escape(text: string): string {
  return printable(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
