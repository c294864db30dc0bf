import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HelmRendering, helmTemplateArgs, renderChart, renderedChartPath, renderedChartName, templateFile } from '../../src/inputs/helm.js';
import { loadFiles, loadInputs } from '../../src/inputs/load.js';
import { packChart } from '../helpers/chart-archive.js';
import { tempDir } from '../helpers/temp.js';

const CHART = 'test/inputs/charts/web';
const FAKE_HELM = path.resolve('test/inputs/fake-helm/helm');
const rendering = (extra: Partial<HelmRendering> = {}): HelmRendering => ({ binary: FAKE_HELM, values: [], set: [], setString: [], setFile: [], apiVersions: [], ...extra });

afterEach(() => {
  delete process.env.FAKE_HELM_MODE;
});

describe('helm template arguments', () => {
  it('passes every option to helm as its own flag, one argument each, in a fixed order', () => {
    const args = helmTemplateArgs(CHART, {
      binary: 'helm',
      values: ['a.yaml', 'b,c.yaml'],
      set: ['image.tag=1.2,replicas=3'],
      setString: ['version=1.10'],
      setFile: ['config=conf.txt'],
      apiVersions: ['monitoring.coreos.com/v1'],
      kubeVersion: '1.33',
      namespace: 'shop',
      releaseName: 'prod',
    });
    expect(args).toEqual([
      'template',
      '--namespace', 'shop',
      '--values', 'a.yaml', '--values', 'b,c.yaml',
      '--set', 'image.tag=1.2,replicas=3',
      '--set-string', 'version=1.10',
      '--set-file', 'config=conf.txt',
      '--api-versions', 'monitoring.coreos.com/v1',
      '--kube-version', '1.33',
      '--', 'prod', CHART,
    ]);
  });

  it('ends the flags before the chart, so that a directory named like a flag stays a path', () => {
    expect(helmTemplateArgs('--post-renderer=x', rendering()).slice(-3)).toEqual(['--', 'release-name', '--post-renderer=x']);
  });

  it('renders as release-name, as helm template does without a name', () => {
    expect(helmTemplateArgs(CHART, rendering())).toEqual(['template', '--', 'release-name', CHART]);
  });
});

describe('template paths', () => {
  const templates = { chartName: 'web-app', chartDir: CHART };

  it('puts the chart directory in place of the chart name, subcharts included', () => {
    expect(templateFile('web-app/templates/deployment.yaml', templates)).toBe(path.join(CHART, 'templates/deployment.yaml'));
    expect(templateFile('web-app/charts/cache/templates/statefulset.yaml', templates)).toBe(path.join(CHART, 'charts/cache/templates/statefulset.yaml'));
  });

  it('keeps a path that does not start with the chart name as helm wrote it', () => {
    expect(templateFile('web/templates/deployment.yaml', templates)).toBe('web/templates/deployment.yaml');
    expect(templateFile('web-application/templates/x.yaml', templates)).toBe('web-application/templates/x.yaml');
  });

  it('names rendered output after the command that shows it', () => {
    expect(renderedChartName(CHART)).toBe(`helm template ${CHART}`);
    expect(renderedChartPath(renderedChartName(CHART))).toBe(CHART);
    expect(renderedChartPath(`${CHART}/templates/deployment.yaml`)).toBeUndefined();
  });
});

describe('rendering a chart', () => {
  it('reads the chart name from Chart.yaml, not from the directory', async () => {
    const rendered = await renderChart(CHART, rendering());
    expect(rendered.ok && rendered.value.templates).toEqual({ chartName: 'web-app', chartDir: CHART });
    expect(rendered.ok && rendered.value.name).toBe(`helm template ${CHART}`);
  });

  it('reads the name of a packaged chart in the archive, and names its templates after the archive', async () => {
    const archive = path.join(tempDir(), 'web-app-0.3.0.tgz');
    writeFileSync(archive, packChart(CHART, 'web-app'));
    const rendered = await renderChart(archive, rendering());
    expect(rendered.ok && rendered.value.templates).toEqual({ chartName: 'web-app', chartDir: archive });
    const loaded = await loadInputs([archive], { helm: rendering() });
    expect(loaded.objects.map((o) => [o.source.file, o.source.helmTemplate])).toEqual([[`helm template ${archive}`, path.join(archive, 'templates/deployment.yaml')]]);
  });

  it("gives helm's own error, on one line, when it fails", async () => {
    process.env.FAKE_HELM_MODE = 'fail';
    const rendered = await renderChart(CHART, rendering());
    expect(rendered).toEqual({
      ok: false,
      error: {
        code: 'helm-render-failed',
        message: 'helm template failed: template: web/templates/deployment.yaml:12:20: executing "web/templates/deployment.yaml" at <.Values.image.tag>: nil pointer evaluating interface {}.tag',
        location: { file: CHART },
      },
    });
  });

  it('joins an error helm spreads over several lines, and leaves out its hints', async () => {
    process.env.FAKE_HELM_MODE = 'fail-multiline';
    const rendered = await renderChart(CHART, rendering());
    expect(!rendered.ok && rendered.error.message).toBe(
      'helm template failed: web/templates/deployment.yaml:4:11 executing "web/templates/deployment.yaml" at <include "web.fullname" .>: error calling include: template: no template "web.fullname" associated with template "gotpl"',
    );
  });

  it('refuses output with NUL bytes, as it refuses such a file', async () => {
    process.env.FAKE_HELM_MODE = 'binary';
    const rendered = await renderChart(CHART, rendering());
    expect(!rendered.ok && rendered.error).toEqual({ code: 'helm-render-failed', message: 'helm template wrote no text (its output contains NUL bytes)', location: { file: CHART } });
  });

  it('says that helm is missing, and what to do instead', async () => {
    const rendered = await renderChart(CHART, rendering({ binary: '/nonexistent/helm' }));
    expect(rendered.ok).toBe(false);
    if (rendered.ok) return;
    expect(rendered.error.code).toBe('helm-chart');
    expect(rendered.error.message).toContain('the helm program to render it was not found ("/nonexistent/helm")');
    expect(rendered.error.message).toContain(`scan the output of \`helm template ${CHART}\``);
  });

  it('places findings and errors in the rendered output, and names templates by their files', async () => {
    const loaded = await loadInputs([CHART], { helm: rendering() });
    expect(loaded.problems).toEqual([]);
    expect(loaded.objects.map((o) => [o.source.file, o.source.helmTemplate, o.name])).toEqual([
      [`helm template ${CHART}`, path.join(CHART, 'templates/deployment.yaml'), 'release-name-web'],
    ]);
    expect(loaded.objects[0]?.locate(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual({ line: 20, column: 13 });
    process.env.FAKE_HELM_MODE = 'garbage';
    const broken = await loadInputs([CHART], { helm: rendering() });
    expect(broken.problems).toEqual([expect.objectContaining({ code: 'yaml-syntax', location: expect.objectContaining({ file: `helm template ${CHART}`, line: 5 }) })]);
  });

  it('leaves a chart an input error when no rendering is asked for', async () => {
    for (const loaded of [await loadInputs([CHART]), loadFiles([CHART])]) {
      expect(loaded.problems).toEqual([expect.objectContaining({ code: 'helm-chart', location: { file: CHART } })]);
      expect(loaded.objects).toEqual([]);
    }
  });
});
