import type { Finding } from '../core/finding.js';
import type { SourceLocation } from '../core/location.js';
import { isPackagedChart, packagedSubchartOf, renderedChartPath } from '../inputs/helm.js';
import { builtKustomizationPath, kustomizationFile } from '../inputs/kustomize-build.js';
import { isInsideDirectory } from '../inputs/inside.js';

/**
 * Where a CI service should attach a finding (code scanning, pull-request annotations): a
 * finding in a chart Rampart rendered goes on its template file, without a line, since its line
 * is one of the rendered output and not of the template; on the archive when the template is in
 * a packaged chart (the chart rendered, or a subchart `charts/<name>-<version>.tgz`), and on the
 * chart itself when the template is no file of it (a name helm gave); a finding in a
 * kustomization's build on its kustomization file (a build says nothing of which file each object
 * came from); any other finding where it is.
 */
export function repositoryLocation(f: Finding): SourceLocation {
  const chart = renderedChartPath(f.location.file);
  if (chart === undefined) {
    const kustomization = builtKustomizationPath(f.location.file);
    return kustomization === undefined ? f.location : { file: kustomizationFileOf(kustomization) };
  }
  const template = f.helmTemplate;
  if (template === undefined || !isInsideDirectory(chart, template) || isPackaged(chart)) return { file: chart };
  return { file: packagedSubchartOf(chart, template) ?? template };
}

// Whether a chart is packaged, as a build's kustomization file, is looked up once.
const packagedCharts = new Map<string, boolean>();

function isPackaged(chart: string): boolean {
  let packaged = packagedCharts.get(chart);
  if (packaged === undefined) packagedCharts.set(chart, (packaged = isPackagedChart(chart)));
  return packaged;
}

// Findings of a build come by the thousand: its kustomization file is looked up once.
const kustomizationFiles = new Map<string, string>();

function kustomizationFileOf(dir: string): string {
  let file = kustomizationFiles.get(dir);
  if (file === undefined) kustomizationFiles.set(dir, (file = kustomizationFile(dir) ?? dir));
  return file;
}

/** For a finding moved off its rendered position, that position (` (at helm template charts/web:43:13)`, ` (at kustomize build deploy/prod:12:7)`). */
export function renderedPosition(f: Finding, where: SourceLocation): string {
  if (where === f.location || f.location.line === undefined) return '';
  return ` (at ${f.location.file}:${f.location.line}:${f.location.column ?? 1})`;
}
