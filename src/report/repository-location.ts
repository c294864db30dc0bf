import path from 'node:path';
import type { Finding } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import { renderedChartPath } from '../inputs/helm.js';

/**
 * Where a CI service should attach a finding (code scanning, pull-request annotations): a
 * finding in a chart Rampart rendered goes on its template file, without a line, since its line
 * is one of the rendered output and not of the template (on the chart itself when the template
 * is no file of it: a packaged chart's); any other finding where it is.
 */
export function repositoryLocation(f: Finding): SourceLocation {
  const chart = renderedChartPath(f.location.file);
  if (chart === undefined) return f.location;
  const template = f.helmTemplate;
  return { file: template !== undefined && template.startsWith(path.join(chart, path.sep)) ? template : chart };
}

/** For a finding moved off its rendered position, that position (` (at helm template charts/web:43:13)`). */
export function renderedPosition(f: Finding, where: SourceLocation): string {
  if (where === f.location || f.location.line === undefined) return '';
  return ` (at ${f.location.file}:${f.location.line}:${f.location.column ?? 1})`;
}
