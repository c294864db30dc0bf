import path from 'node:path';
import type { PathFilter } from './exclude.js';
import { type RenderedChart, templateFile } from './helm.js';

const DOCUMENT_START = /^(?=---[ \t]*\r?$)/m;
const SOURCE = /^# Source: (.+?)[ \t]*\r?$/m;

/**
 * A rendered chart without the documents of the templates an exclusion leaves out
 * (`charts/**` for its subcharts, `templates/tests/**` for helm's test hooks), as kube-linter's
 * ignorePaths leaves them out: the template's file is tested, and each directory between it and
 * the chart, as a walk tests a directory's files. The documents are blanked rather than cut, so
 * that the others keep the lines `helm template` prints them at.
 */
export function withoutExcludedTemplates(chart: RenderedChart, exclude: PathFilter, root: string | undefined): RenderedChart {
  if (!chart.text.includes('# Source: ')) return chart;
  // The directories whose templates they are: the chart's, and those of the charts it links to (file://).
  const chartDirs = [chart.templates.chartDir, ...(chart.templates.linked?.map((linked) => linked.dir) ?? [])];
  const verdicts = new Map<string, boolean>();
  const excluded = (file: string, chartDir: string): boolean => {
    let verdict = verdicts.get(file);
    if (verdict === undefined) {
      const parent = path.dirname(file);
      verdict = exclude(file, root) || (isInside(chartDir, parent) && excluded(parent, chartDir));
      verdicts.set(file, verdict);
    }
    return verdict;
  };
  let dropped = false;
  const documents = chart.text.split(DOCUMENT_START).map((document) => {
    const source = SOURCE.exec(document)?.[1];
    if (source === undefined) return document;
    const file = templateFile(source, chart.templates);
    const chartDir = chartDirs.find((dir) => isInside(dir, file));
    if (chartDir === undefined || !excluded(file, chartDir)) return document;
    dropped = true;
    return blanked(document);
  });
  return dropped ? { ...chart, text: documents.join('') } : chart;
}

/** The document's separator line, then as many empty lines as it had: an empty document. */
function blanked(document: string): string {
  const lines = document.split('\n');
  const separator = lines[0]!.startsWith('---') ? lines[0]! : '';
  return [separator, ...lines.slice(1).map(() => '')].join('\n');
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
