import type { ReportFormat } from './format.js';
import { githubFormat } from './github.js';
import { gitlabFormat } from './gitlab.js';
import { htmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { markdownFormat } from './markdown.js';
import { prometheusFormat } from './prometheus.js';
import { junitFormat } from './junit.js';
import { sarifFormat } from './sarif.js';
import { tableFormat } from './table.js';

const FORMATS: readonly ReportFormat[] = [tableFormat, jsonFormat, sarifFormat, junitFormat, githubFormat, gitlabFormat, markdownFormat, htmlFormat, prometheusFormat];

export const REPORT_FORMATS: ReadonlyMap<string, ReportFormat> = new Map(
  FORMATS.map((f) => {
    if (!/^[a-z0-9-]+$/.test(f.id)) throw new Error(`bad format id ${f.id}`);
    return [f.id, f] as const;
  }),
);

export function reportFormat(id: string): ReportFormat | undefined {
  return REPORT_FORMATS.get(id);
}
