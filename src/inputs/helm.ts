import { statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../core/location.js';
import { fail, ok, type Problem, type Result } from '../core/result.js';
import { cleanUpOnSignal } from '../core/signal-cleanup.js';
import { asString } from '../k8s/access.js';
import { archivedChartMetadata } from './chart-archive.js';
import type { SourceText } from './load.js';
import { type ChartDependency, type LinkedChart, dependencyView, describeDependency, fetchView, isLinkNote, missingDependencies, takeStandIns } from './helm-dependencies.js';
import { NO_SKIP_SCHEMA_FLAG, offlineEnvironment, unfetchedSchema } from './offline-helm.js';
import { type RendererRun, runRenderer } from './run-renderer.js';
import { Subcharts } from './subcharts.js';
import { readYamlMapping } from './yaml-file.js';

/**
 * How charts met in the inputs are rendered: with the `helm` program (`helm template`), which
 * reads nothing but the chart and the values given (its fetching of values schemas named by URL is
 * turned off, see offline-helm.ts), so rendering works offline. The flags are
 * Trivy's (`--helm-values`, `--helm-set`, ...), passed on to helm as its own.
 */
export interface HelmRendering extends HelmDefaults {
  /** The helm program: `--helm-binary`, else RAMPART_HELM, else `helm` on the PATH. */
  readonly binary: string;
}

/** The values and settings of a rendering (in a configuration file, paths relative to its directory). */
export interface HelmDefaults {
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly setString: readonly string[];
  readonly setFile: readonly string[];
  readonly apiVersions: readonly string[];
  readonly kubeVersion?: string | undefined;
  readonly namespace?: string | undefined;
  readonly releaseName?: string | undefined;
  /** Let helm fetch the dependencies missing from a chart's charts/ (into a view of the chart). */
  readonly dependencyUpdate?: boolean | undefined;
}

const RENDERED_PREFIX = 'helm template ';

/** The name reports give a chart's rendered manifests: what to run to see the lines they cite. */
export function renderedChartName(chartDir: string): string {
  return RENDERED_PREFIX + chartDir;
}

/** The chart (directory or archive) whose rendered manifests a finding's file is, if it is. */
export function renderedChartPath(file: string): string | undefined {
  return file.startsWith(RENDERED_PREFIX) ? file.slice(RENDERED_PREFIX.length) : undefined;
}

/** A chart's rendered manifests, and how its templates are named in them. */
export interface RenderedChart extends SourceText {
  /** `# Source:` paths start with the chart's name; this is the chart's directory in their place. */
  readonly templates: { readonly chartName: string; readonly chartDir: string; readonly linked?: readonly LinkedChart[] };
  /**
   * The namespace the chart was rendered into with --helm-namespace, where `helm install` puts
   * the objects that name none (helm's kube client builds them with NamespaceParam(namespace).
   * DefaultNamespace(), pkg/kube/client.go). Unset without the flag: `helm install` without -n
   * uses the kubectl context's namespace, which the scan cannot know.
   */
  readonly releaseNamespace?: string;
}

/**
 * The rendering of the command line over a configuration file's: lists from the file first, so
 * that the command line's values win as later values do in helm; the command line's single
 * settings over the file's; then the scan's target Kubernetes version.
 */
export function withHelmDefaults(rendering: HelmRendering, defaults: HelmDefaults | undefined, baseDir: string, targetKubeVersion?: string): HelmRendering {
  const file = (p: string) => path.resolve(baseDir, p);
  return {
    binary: rendering.binary,
    values: [...(defaults?.values.map(file) ?? []), ...rendering.values],
    set: [...(defaults?.set ?? []), ...rendering.set],
    setString: [...(defaults?.setString ?? []), ...rendering.setString],
    setFile: [...(defaults?.setFile.map((entry) => entry.replace(/=(.*)$/s, (_, p: string) => `=${file(p)}`)) ?? []), ...rendering.setFile],
    apiVersions: [...(defaults?.apiVersions ?? []), ...rendering.apiVersions],
    kubeVersion: rendering.kubeVersion ?? defaults?.kubeVersion ?? targetKubeVersion,
    namespace: rendering.namespace ?? defaults?.namespace,
    releaseName: rendering.releaseName ?? defaults?.releaseName,
    dependencyUpdate: rendering.dependencyUpdate ?? defaults?.dependencyUpdate,
  };
}

/**
 * The arguments of `helm template` for a chart: the flags, then `--` and the release name and
 * chart, so that a directory named like a flag (`--post-renderer=...`, in a scanned repository)
 * is never read as one.
 */
export function helmTemplateArgs(chartDir: string, rendering: HelmRendering, skipSchemaValidation = false): string[] {
  const args = ['template'];
  if (skipSchemaValidation) args.push('--skip-schema-validation');
  if (rendering.namespace !== undefined) args.push('--namespace', rendering.namespace);
  for (const file of rendering.values) args.push('--values', file);
  for (const value of rendering.set) args.push('--set', value);
  for (const value of rendering.setString) args.push('--set-string', value);
  for (const value of rendering.setFile) args.push('--set-file', value);
  for (const version of rendering.apiVersions) args.push('--api-versions', version);
  if (rendering.kubeVersion !== undefined) args.push('--kube-version', rendering.kubeVersion);
  args.push('--', rendering.releaseName ?? 'release-name', chartDir);
  return args;
}

const TEMPLATE_CODES = { failed: 'helm-render-failed', warning: 'helm-warning' };

/**
 * `helm template` of `dir` offline (see offline-helm.ts): where the chart's values schema refers
 * to a schema by URL, the chart is rendered again without validating its values, with a warning.
 */
async function helmTemplate(dir: string, rendering: HelmRendering, where: SourceLocation): Promise<RendererRun> {
  const env = offlineEnvironment();
  const run = await runRenderer(rendering.binary, helmTemplateArgs(dir, rendering), 'helm template', TEMPLATE_CODES, where, env);
  if (run.ok || run.missing) return run;
  const schema = unfetchedSchema(run.problem.message);
  if (schema === undefined) return run;
  const unvalidated = await runRenderer(rendering.binary, helmTemplateArgs(dir, rendering, true), 'helm template', TEMPLATE_CODES, where, env);
  if (unvalidated.ok) {
    const warning = { code: 'helm-warning', message: `helm template: the values were not validated against the chart's values.schema.json, which refers to ${schema}: helm would fetch it over the network`, location: where };
    return { ...unvalidated, warnings: [warning, ...unvalidated.warnings] };
  }
  if (unvalidated.missing || !NO_SKIP_SCHEMA_FLAG.test(unvalidated.problem.message)) return unvalidated;
  const why = `the chart's values.schema.json refers to ${schema}, which helm would fetch over the network, and this helm cannot render without validating the values (--skip-schema-validation came with helm 3.16)`;
  return { ...run, problem: { ...run.problem, message: `helm template failed: ${why}` } };
}

/** Renders one chart; every way it can fail is a one-line problem naming the chart. */
export async function renderChart(chartDir: string, rendering: HelmRendering): Promise<Result<RenderedChart>> {
  const rendered = await renderChartText(chartDir, rendering);
  const namespace = rendering.namespace;
  return rendered.ok && namespace !== undefined && namespace !== '' ? ok({ ...rendered.value, releaseNamespace: namespace }) : rendered;
}

async function renderChartText(chartDir: string, rendering: HelmRendering): Promise<Result<RenderedChart>> {
  const where = { file: chartDir };
  const run = await helmTemplate(chartDir, rendering, where);
  if (run.ok) return ok({ name: renderedChartName(chartDir), text: run.stdout, templates: { chartName: chartName(chartDir), chartDir }, warnings: run.warnings });
  if (!run.missing) {
    const missing = missingDependencies(chartDir, run.problem.message);
    if (!missing) return fail(withValuesHint(run.problem));
    if (!rendering.dependencyUpdate) return renderWithoutDependencies(chartDir, rendering, missing);
    const fetched = await renderWithFetchedDependencies(chartDir, rendering);
    return fetched.ok ? fetched : renderWithoutDependencies(chartDir, rendering, missing, fetched.error.message);
  }
  return fail({
    code: 'helm-chart',
    message: `is a Helm chart, whose templates are manifests only once rendered, and the helm program to render it was not found ("${rendering.binary}"): install helm or name it with --helm-binary, scan the output of \`helm template ${chartDir}\`, or leave the chart out with --exclude`,
    location: where,
  });
}

/**
 * helm's message for a template that failed on purpose, with `fail` or `required` (`execution
 * error at (web/templates/x.yaml:4:11): image.tag is required`): charts do so for a value they
 * need and have no default for, which the scan must then be given.
 */
const FAILED_ON_PURPOSE = /\bexecution error at \(/;

function withValuesHint(problem: Problem): Problem {
  if (!FAILED_ON_PURPOSE.test(problem.message)) return problem;
  return {
    ...problem,
    message: `${problem.message} (a template stopped the rendering with \`fail\` or \`required\`, as charts do when the values lack what they need: give them with --helm-values or --helm-set, or under helm: in .rampart.yaml, or leave the chart out with --exclude)`,
  };
}

/**
 * Under --helm-dependency-update: lets helm fetch the missing dependencies (`helm dependency
 * update`, over the network) into a view of the chart, then renders the view. The chart is not
 * changed, and the fetched charts go with the view.
 */
async function renderWithFetchedDependencies(chartDir: string, rendering: HelmRendering): Promise<Result<RenderedChart>> {
  const where = { file: chartDir };
  const notFound = (code: string): Problem => ({ code, message: 'helm was not found', location: where });
  let view;
  try {
    view = fetchView(chartDir);
  } catch (error) {
    return fail({ code: 'helm-dependency-missing', message: error instanceof Error ? error.message : String(error), location: where });
  }
  return inView(view, async ({ dir, linked }) => {
    const update = await runRenderer(rendering.binary, ['dependency', 'update', '--', dir], 'helm dependency update', { failed: 'helm-dependency-missing', warning: 'helm-warning' }, where);
    if (!update.ok) return fail(update.missing ? notFound('helm-dependency-missing') : update.problem);
    const run = await helmTemplate(dir, rendering, where);
    if (!run.ok) return fail(run.missing ? notFound('helm-render-failed') : run.problem);
    return ok(renderedView(chartDir, run.stdout, run.warnings, linked));
  });
}

/**
 * Renders a chart whose dependencies are not in its charts/ directory from a view of it (see
 * helm-dependencies.ts): its own templates are scanned, and a missing dependency that would have
 * rendered is an input error, since what it holds is not scanned. `fetchFailed` is why
 * --helm-dependency-update could not fetch them.
 */
async function renderWithoutDependencies(chartDir: string, rendering: HelmRendering, missing: readonly ChartDependency[], fetchFailed?: string): Promise<Result<RenderedChart>> {
  const where = { file: chartDir };
  const build = `run \`helm dependency build ${chartDir}\``;
  const fetchNote = fetchFailed === undefined ? undefined : `--helm-dependency-update could not fetch them: ${fetchFailed}`;
  const failed = (why: string): Result<RenderedChart> =>
    fail({
      code: 'helm-dependency-missing',
      message: `could not be rendered without the dependencies that are not in its charts/ directory, ${missing.map((d) => describeDependency(d)).join(', ')}: ${why} (${fetchNote ?? `${build}, then scan again`})`,
      location: where,
    });
  let view;
  try {
    view = dependencyView(chartDir, missing);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  return inView(view, async (v) => {
    const run = await helmTemplate(v.dir, rendering, where);
    if (!run.ok) return failed(run.missing ? 'helm was not found' : run.problem.message);
    const { text, rendered } = takeStandIns(run.stdout, v);
    const absent = new Set([...rendered, ...v.unsure]);
    const unscanned = missing.filter((dependency) => absent.has(dependency.alias || dependency.name));
    const named = unscanned.map((d) => describeDependency(d, v.notes.get(d.alias || d.name))).join(', ');
    const problems: Problem[] =
      unscanned.length === 0 ? [] : [{ code: 'helm-dependency-missing', message: `rendered without dependencies that are not in its charts/ directory: ${named} (${fetchNote ?? `${build} to scan them too`})`, location: where }];
    return ok({ ...renderedView(chartDir, text, run.warnings, v.linked), problems });
  });
}

/** Runs `use` on a view of a chart, then removes the view (on a signal that ends Rampart too). */
async function inView<V extends { remove(): void }, T>(view: V, use: (view: V) => Promise<T>): Promise<T> {
  const cancelCleanup = cleanUpOnSignal(() => view.remove());
  try {
    return await use(view);
  } finally {
    cancelCleanup();
    view.remove();
  }
}

/** A view's rendering as the chart's: named after the chart, its templates after the chart's files, without helm's notes on the view's links. */
function renderedView(chartDir: string, text: string, warnings: readonly Problem[], linked: readonly LinkedChart[]): RenderedChart {
  return { name: renderedChartName(chartDir), text, templates: { chartName: chartName(chartDir), chartDir, linked }, warnings: warnings.filter((warning) => !isLinkNote(warning.message)) };
}

/** The chart's name as its Chart.yaml gives it (what `# Source:` paths start with; a packaged chart's, in the archive), else the directory's or archive's. */
function chartName(chartDir: string): string {
  return asString(chartMetadata(chartDir)?.name) || path.basename(path.resolve(chartDir));
}

/**
 * Whether a chart directory or packaged chart is a library chart (`type: library`), which only defines templates
 * for the charts that depend on it: helm refuses to render one ("library charts are not
 * installable"), and it has no manifests of its own to scan.
 */
export function isLibraryChart(chartDir: string): boolean {
  return asString(chartMetadata(chartDir)?.type) === 'library';
}

/** The chart's Chart.yaml (a packaged chart's, in the archive); undefined for one helm will report as broken. */
function chartMetadata(chartDir: string): Record<string, unknown> | undefined {
  return isPackagedChart(chartDir) ? archivedChartMetadata(chartDir) : readYamlMapping(path.join(chartDir, 'Chart.yaml'));
}

/** Whether a chart Rampart renders is a packaged one (`helm package`'s `.tgz`): a file, where a chart directory is not. */
export function isPackagedChart(chart: string): boolean {
  try {
    return statSync(chart).isFile();
  } catch {
    return false;
  }
}

/** Of each rendering, its charts' subcharts, looked up once for all its templates. */
const subchartsOf = new WeakMap<RenderedChart['templates'], Subcharts>();

/**
 * A `# Source:` path of a rendered chart as a path to the template file (`shop/templates/x.yaml`
 * of the chart in `charts/shop` is `charts/shop/templates/x.yaml`), so reports name the file
 * to edit: a subchart's templates are in the entry of charts/ that helm rendered under the name
 * in the path (subcharts.ts), whatever the entry is called. A template of a packaged chart, the
 * one rendered or a subchart, is named by the archive and its path in the chart
 * (`web-0.3.0.tgz/templates/x.yaml`, `charts/shop/charts/sub-0.1.0.tgz/templates/x.yaml`): see
 * packagedSubchartOf. A path that does not start with the chart's name is kept as helm wrote it.
 */
export function templateFile(source: string, templates: RenderedChart['templates']): string {
  const prefix = `${templates.chartName}/`;
  if (!source.startsWith(prefix)) return source;
  const inChart = source.slice(prefix.length);
  let subcharts = subchartsOf.get(templates);
  if (subcharts === undefined) subchartsOf.set(templates, (subcharts = new Subcharts()));
  const linked = templates.linked?.find((chart) => inChart.startsWith(chart.prefix));
  return linked ? subcharts.file(linked.dir, inChart.slice(linked.prefix.length)) : subcharts.file(templates.chartDir, inChart);
}

/**
 * The packaged subchart (`charts/<entry>.tgz`) whose template a path of templateFile below the
 * chart directory `chartDir` names, if one does: its templates are no files of the repository,
 * the archive is. (A packaged chart rendered itself holds all its templates: see isPackagedChart.)
 */
export function packagedSubchartOf(chartDir: string, template: string): string | undefined {
  const parts = path.relative(chartDir, template).split(path.sep);
  // Below the chart, `charts/<entry>/` after `charts/<entry>/`: helm takes an entry named `.tgz` for an archive.
  for (let i = 0; parts[i] === 'charts' && i + 2 < parts.length; i += 2) {
    if (path.extname(parts[i + 1]!) === '.tgz') return path.join(chartDir, ...parts.slice(0, i + 2));
  }
  return undefined;
}
