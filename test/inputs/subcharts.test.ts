import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathFilter } from '../../src/inputs/exclude.js';
import { withoutExcludedTemplates } from '../../src/inputs/excluded-templates.js';
import { type RenderedChart, templateFile } from '../../src/inputs/helm.js';

// Subcharts that are not where their `# Source:` paths say (test/inputs/charts/subcharts/README.md).
const PLATFORM = 'test/inputs/charts/subcharts/platform';

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
