import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archivedChartMetadata } from '../../src/inputs/chart-archive.js';
import { pathFilter } from '../../src/inputs/exclude.js';
import { withoutExcludedTemplates } from '../../src/inputs/excluded-templates.js';
import { type RenderedChart, templateFile } from '../../src/inputs/helm.js';
import { packChart, tarGz } from '../helpers/chart-archive.js';
import { tempDir } from '../helpers/temp.js';

// Subcharts that are not where their `# Source:` paths say (test/inputs/charts/subcharts/README.md).
const SUBCHARTS = 'test/inputs/charts/subcharts';
const PLATFORM = `${SUBCHARTS}/platform`;

/** A copy of the fixture with api packaged into platform/charts, as `helm dependency build` leaves it; the copy's platform chart. */
function withPackagedApi(): string {
  const dir = tempDir();
  cpSync(SUBCHARTS, dir, { recursive: true });
  writeFileSync(path.join(dir, 'platform/charts/api-1.2.0.tgz'), packChart(path.join(dir, 'api'), 'api'));
  return path.join(dir, 'platform');
}

/** A rendering of the chart at `chartDir`: a ConfigMap from each template named. */
function rendered(chartDir: string, sources: readonly string[]): RenderedChart {
  const text = sources.map((source, i) => `---\n# Source: ${source}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('');
  return { name: `helm template ${chartDir}`, text, templates: { chartName: path.basename(chartDir), chartDir } };
}

/** The `# Source:` paths of the documents an exclusion leaves in a rendering. */
function kept(chart: RenderedChart, ...patterns: string[]): string[] {
  const exclude = pathFilter([{ patterns, base: path.resolve('.'), fromScannedDirectory: true }]);
  const text = exclude ? withoutExcludedTemplates(chart, exclude, chart.templates.chartDir).text : chart.text;
  return [...text.matchAll(/^# Source: (.+)$/gm)].map((match) => match[1]!);
}

describe('the template files of subcharts', () => {
  const templates = { chartName: 'platform', chartDir: PLATFORM };

  it("names a subchart's templates by the folder of charts/ that holds it, whatever it is called, under its alias too", () => {
    expect(templateFile('platform/templates/pod.yaml', templates)).toBe(path.join(PLATFORM, 'templates/pod.yaml'));
    // The chart named `worker` in charts/jobs, which platform depends on as `batch`.
    expect(templateFile('platform/charts/batch/templates/pod.yaml', templates)).toBe(path.join(PLATFORM, 'charts/jobs/templates/pod.yaml'));
    // Its chart named `helper` in charts/helper-dir, which it does not declare: under its own name.
    expect(templateFile('platform/charts/batch/charts/helper/templates/pod.yaml', templates)).toBe(path.join(PLATFORM, 'charts/jobs/charts/helper-dir/templates/pod.yaml'));
  });

  it('takes a subchart that is not in charts/ to be in the folder of its name', () => {
    expect(templateFile('platform/charts/search/templates/x.yaml', templates)).toBe(path.join(PLATFORM, 'charts/search/templates/x.yaml'));
    expect(templateFile('platform/charts/batch/charts/other/templates/x.yaml', templates)).toBe(path.join(PLATFORM, 'charts/jobs/charts/other/templates/x.yaml'));
  });

  it("leaves out a subchart's templates when an exclusion matches the folder that holds them", () => {
    const chart = rendered(PLATFORM, ['platform/charts/batch/charts/helper/templates/pod.yaml', 'platform/charts/batch/templates/pod.yaml', 'platform/templates/pod.yaml']);
    const [helper, worker, own] = chart.text.match(/^# Source: .+$/gm)!.map((line) => line.slice('# Source: '.length));
    expect(kept(chart)).toEqual([helper, worker, own]);
    expect(kept(chart, `${PLATFORM}/charts/jobs/**`)).toEqual([own]);
    expect(kept(chart, 'charts/jobs')).toEqual([own]);
    expect(kept(chart, 'jobs')).toEqual([own]);
    expect(kept(chart, 'helper-dir')).toEqual([worker, own]);
    expect(kept(chart, `${PLATFORM}/charts/jobs/templates/**`)).toEqual([helper, own]);
    // The names helm gives are no folders of the chart.
    expect(kept(chart, 'batch', 'helper')).toEqual([helper, worker, own]);
  });
});

describe('the templates of packaged subcharts', () => {
  it('names them by the archive and their path in the chart, under its alias too', () => {
    const platform = withPackagedApi();
    const templates = { chartName: 'platform', chartDir: platform };
    const archive = path.join(platform, 'charts/api-1.2.0.tgz');
    expect(templateFile('platform/charts/api/templates/pod.yaml', templates)).toBe(path.join(archive, 'templates/pod.yaml'));
    expect(templateFile('platform/charts/admin/templates/pod.yaml', templates)).toBe(path.join(archive, 'templates/pod.yaml'));
    // A subchart packaged in it keeps the name helm gives it: it is no file either.
    expect(templateFile('platform/charts/api/charts/db/templates/x.yaml', templates)).toBe(path.join(archive, 'charts/db/templates/x.yaml'));
    // The folders are still found beside it.
    expect(templateFile('platform/charts/batch/templates/pod.yaml', templates)).toBe(path.join(platform, 'charts/jobs/templates/pod.yaml'));
  });

  it("names the templates of a packaged chart rendered itself by the archive, the chart's name read in it", () => {
    const archive = path.join(tempDir(), 'api-1.2.0.tgz');
    writeFileSync(archive, packChart(`${SUBCHARTS}/api`, 'api'));
    expect(archivedChartMetadata(archive)).toEqual({ apiVersion: 'v2', name: 'api', version: '1.2.0' });
    expect(templateFile('api/charts/db/templates/x.yaml', { chartName: 'api', chartDir: archive })).toBe(path.join(archive, 'charts/db/templates/x.yaml'));
  });

  it("reads an archive's Chart.yaml as helm does: below any one folder, with \\ as separator, after a pax header, without a byte order mark", () => {
    const dir = tempDir();
    const read = (files: Parameters<typeof tarGz>[0]) => {
      writeFileSync(path.join(dir, 'chart.tgz'), tarGz(files));
      return archivedChartMetadata(path.join(dir, 'chart.tgz'))?.name;
    };
    expect(read([['folder/values.yaml', 'a: 1\n'], ['folder/Chart.yaml', 'name: one\n']])).toBe('one');
    expect(read([['folder\\Chart.yaml', 'name: two\n']])).toBe('two');
    expect(read([[`${'long-'.repeat(30)}/Chart.yaml`, '\uFEFFname: three\n']])).toBe('three');
    // Not the chart's: a Chart.yaml at the top or below a subfolder.
    expect(read([['Chart.yaml', 'name: top\n'], ['folder/charts/sub/Chart.yaml', 'name: sub\n']])).toBeUndefined();
    writeFileSync(path.join(dir, 'chart.tgz'), 'not an archive');
    expect(archivedChartMetadata(path.join(dir, 'chart.tgz'))).toBeUndefined();
    expect(archivedChartMetadata(path.join(dir, 'missing.tgz'))).toBeUndefined();
  });

  it('leaves out their templates when an exclusion matches the archive', () => {
    const platform = withPackagedApi();
    const chart = rendered(platform, ['platform/charts/admin/templates/pod.yaml', 'platform/charts/api/templates/pod.yaml', 'platform/charts/batch/templates/pod.yaml', 'platform/templates/pod.yaml']);
    const [admin, api, worker, own] = chart.text.match(/^# Source: .+$/gm)!.map((line) => line.slice('# Source: '.length));
    expect(kept(chart)).toEqual([admin, api, worker, own]);
    expect(kept(chart, 'api-1.2.0.tgz')).toEqual([worker, own]);
    expect(kept(chart, '*.tgz')).toEqual([worker, own]);
    expect(kept(chart, `${path.relative('.', platform)}/charts/api-*.tgz`)).toEqual([worker, own]);
    expect(kept(chart, `${path.relative('.', platform)}/charts/**`)).toEqual([own]);
    // The path of a template in the archive, as reports name it.
    expect(kept(chart, '**/api-1.2.0.tgz/templates/pod.yaml')).toEqual([worker, own]);
  });
});
