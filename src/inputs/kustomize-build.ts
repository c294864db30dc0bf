import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fail, ok, type Problem, type Result } from '../core/result.js';
import { asArray, asRecord, asString } from '../k8s/access.js';
import { KUSTOMIZATION_FILES } from './kustomize.js';
import { isGitRepository, isRemoteFile } from './kustomize-remote.js';
import type { SourceText } from './load.js';
import { offlineEnvironment, unfetchedSchema, unfetchedUrl } from './offline-helm.js';
import { runRenderer } from './run-renderer.js';
import { readYamlDocuments, readYamlMapping, yamlDocuments } from './yaml-file.js';

/**
 * How kustomizations met in the inputs are built (`--kustomize`): with the `kustomize` program,
 * or kubectl's built-in copy (`kubectl kustomize`) where kustomize is not installed.
 */
export interface KustomizeBuilding {
  /** `--kustomize-binary`: kustomize, or kubectl (told apart by the program's name). */
  readonly binary?: string | undefined;
  /** Let kustomize fetch remote resources (git repositories, URLs); refused otherwise, as the scan is offline. */
  readonly allowRemote: boolean;
}

/** What a command line or configuration file asks for: whether to build, and with what. */
export interface KustomizeRequest {
  readonly build: boolean;
  readonly binary?: string | undefined;
  readonly allowRemote: boolean;
}

/** The building asked for by either of them (the command line's program), or undefined when neither builds. */
export function kustomizeBuilding(...requests: readonly (KustomizeRequest | undefined)[]): KustomizeBuilding | undefined {
  if (!requests.some((r) => r?.build === true)) return undefined;
  const binary = requests.find((r) => r?.binary !== undefined)?.binary;
  return { ...(binary !== undefined ? { binary } : {}), allowRemote: requests.some((r) => r?.allowRemote === true) };
}

const BUILT_PREFIX = 'kustomize build ';
/** The name reports give a kustomization's built manifests: what to run to see the lines they cite. */
export function builtKustomizationName(dir: string): string {
  return BUILT_PREFIX + dir;
}

/** The kustomization directory whose build a finding's file is, if it is. */
export function builtKustomizationPath(file: string): string | undefined {
  return file.startsWith(BUILT_PREFIX) ? file.slice(BUILT_PREFIX.length) : undefined;
}

/** The kustomization file of a directory (kustomization.yaml, .yml or Kustomization), if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** What building a kustomization needs beyond its files. */
export interface KustomizationNeeds {
  /** Remote resources and Helm charts kustomize would fetch over the network. */
  readonly remote: string[];
  /**
   * Whether it inflates Helm charts (helmCharts, or a HelmChartInflationGenerator among its
   * generators), which kustomize does with helm only under --enable-helm.
   */
  readonly helmCharts: boolean;
}

/**
 * What a kustomization needs, directly or through the local kustomizations it names (resources,
 * bases, components): the remote resources kustomize would fetch, so the scan would reach the
 * network (as kustomize tells them from local paths: see isRemoteReference), and the Helm
 * charts it inflates, remote when kustomize would pull them.
 */
export function kustomizationNeeds(dir: string, seen = new Set<string>()): KustomizationNeeds {
  const needs: KustomizationNeeds = { remote: [], helmCharts: false };
  const real = path.resolve(dir);
  if (seen.has(real)) return needs;
  seen.add(real);
  const file = kustomizationFile(dir);
  // A broken kustomization is kustomize's to report.
  const kustomization = file === undefined ? undefined : readYamlMapping(file);
  if (!kustomization) return needs;
  const charts = [...helmChartsOf(kustomization), ...helmGeneratorCharts(dir, kustomization)];
  for (const { chart, chartHome } of charts) {
    const remote = remoteChart(chart, path.resolve(dir, chartHome));
    if (remote) needs.remote.push(remote);
  }
  let helmCharts = charts.length > 0;
  // Generators, transformers and validators may be files, kustomizations or URLs as resources are,
  // or inline configurations (YAML over several lines), which are neither.
  for (const key of ['resources', 'bases', 'components', 'generators', 'transformers', 'validators'] as const) {
    for (const entry of asArray(kustomization[key])) {
      const reference = asString(entry);
      if (!reference || reference.includes('\n')) continue;
      const local = path.resolve(dir, reference);
      if (isRemoteReference(reference, key !== 'components' && isFile(local))) needs.remote.push(reference);
      else if (isDirectory(local)) {
        const below = kustomizationNeeds(local, seen);
        needs.remote.push(...below.remote);
        helmCharts ||= below.helmCharts;
      }
    }
  }
  return { ...needs, helmCharts };
}

/**
 * Whether kustomize fetches a reference over the network rather than read it from the disk: a
 * URL it downloads, or a git repository it clones (kustomize-remote.ts). A resource (and a
 * generator's, transformer's or validator's configuration) is first read as a file, so an
 * existing file of that name is local; a directory is not: kustomize clones a reference that
 * parses as a repository even where a directory of that name exists, and a component is always
 * a directory.
 */
function isRemoteReference(reference: string, existingFile: boolean): boolean {
  if (isRemoteFile(reference)) return true;
  return !existingFile && isGitRepository(reference);
}

/** The remote resources a kustomization uses (see kustomizationNeeds). */
export function remoteReferences(dir: string): string[] {
  return kustomizationNeeds(dir).remote;
}

interface HelmChartEntry {
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly repo?: string | undefined;
}

/** A chart kustomize inflates, and the chart home (relative to the kustomization) it looks in. */
interface InflatedChart {
  readonly chart: HelmChartEntry;
  readonly chartHome: string;
}

const DEFAULT_CHART_HOME = 'charts';

/** The chart of a helmCharts entry or a generator configuration, which name it with the same fields. */
function chartEntry(value: unknown): HelmChartEntry {
  const chart = asRecord(value);
  return { name: asString(chart?.name), version: asString(chart?.version), repo: asString(chart?.repo) };
}

/**
 * The Helm charts a kustomization inflates and the directory it keeps them in, as kustomize reads
 * them: helmCharts, and the deprecated helmChartInflationGenerator it turns into helmCharts (whose
 * last chartHome is the chart home when there is no helmGlobals).
 */
function helmChartsOf(kustomization: Record<string, unknown>): InflatedChart[] {
  const charts = asArray(kustomization.helmCharts).map(chartEntry);
  let legacyHome: string | undefined;
  for (const c of asArray(kustomization.helmChartInflationGenerator)) {
    const chart = asRecord(c);
    charts.push({ name: asString(chart?.chartName), version: asString(chart?.chartVersion), repo: asString(chart?.chartRepoUrl) });
    legacyHome = asString(chart?.chartHome) || legacyHome;
  }
  const globals = asRecord(kustomization.helmGlobals);
  const chartHome = (globals ? asString(globals.chartHome) : legacyHome) || DEFAULT_CHART_HOME;
  return charts.map((chart) => ({ chart, chartHome }));
}

/**
 * The charts of the HelmChartInflationGenerator configurations a kustomization names in
 * `generators`: written inline (an entry that is itself YAML of an object) or in files, or
 * produced by a kustomization directory from its resource files. Each names its chart as a
 * helmCharts entry does, with its own chartHome (default charts/, from the kustomization's directory).
 */
function helmGeneratorCharts(dir: string, kustomization: Record<string, unknown>): InflatedChart[] {
  const configs: InflatedChart[] = [];
  const visit = (documents: unknown[]) => {
    for (const doc of documents) {
      const object = asRecord(doc);
      if (object?.apiVersion === 'builtin' && object.kind === 'HelmChartInflationGenerator') {
        configs.push({ chart: chartEntry(object), chartHome: asString(object.chartHome) || DEFAULT_CHART_HOME });
      }
    }
  };
  const seen = new Set<string>();
  const fromPath = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (isDirectory(file)) {
      const own = kustomizationFile(file);
      const below = own === undefined ? undefined : readYamlMapping(own);
      for (const entry of asArray(below?.resources)) {
        const reference = asString(entry);
        if (reference) fromPath(path.resolve(file, reference));
      }
    } else if (existsSync(file)) visit(readYamlDocuments(file));
  };
  for (const entry of asArray(kustomization.generators)) {
    const reference = asString(entry);
    if (!reference) continue;
    // As kustomize tells them apart: an entry that reads as objects is inline, else it is a path.
    const inline = yamlDocuments(reference);
    if (inline.some((d) => asRecord(d)?.kind !== undefined)) visit(inline);
    else fromPath(path.resolve(dir, reference));
  }
  return configs;
}

/**
 * A helmCharts entry kustomize would pull (`helm pull`) because its chart is not in the chart
 * home: as kustomize looks for it, `CHARTHOME/NAME`, or `CHARTHOME/NAME-VERSION/NAME` when the
 * entry names both a repository and a version. Without a repository kustomize fails instead.
 */
function remoteChart({ name, version, repo }: HelmChartEntry, chartHome: string): string | undefined {
  if (!name || !repo) return undefined;
  const home = version ? path.join(chartHome, `${name}-${version}`) : chartHome;
  if (isDirectory(path.join(home, name))) return undefined;
  return `helm chart ${name}${version ? ` ${version}` : ''} from ${repo}`;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** What kustomize's Helm chart generator is run with: the helm program, and the target of `helm template`. */
export interface KustomizeHelm {
  readonly binary: string;
  readonly kubeVersion?: string | undefined;
  readonly apiVersions: readonly string[];
}

/**
 * kustomize's flags for the Helm chart generator. The target version and API versions are those
 * Rampart renders charts for (`--helm-kube-version`, `--kube-version`, `--helm-api-versions`);
 * as with kustomize's own flags, they take the place of a chart entry's kubeVersion and apiVersions.
 */
function helmFlags(helm: KustomizeHelm, target: boolean): string[] {
  const flags = ['--enable-helm', '--helm-command', helm.binary];
  if (!target) return flags;
  if (helm.kubeVersion !== undefined) flags.push('--helm-kube-version', helm.kubeVersion);
  for (const version of helm.apiVersions) flags.push('--helm-api-versions', version);
  return flags;
}

/**
 * A build that failed on what it could not fetch offline (a chart's values schema, a file of the
 * kustomization named by URL, which no check before the build looks for): what to do about it.
 */
function withOfflineHint(problem: Problem): Problem {
  const schema = unfetchedSchema(problem.message);
  if (schema !== undefined) {
    return { ...problem, message: `${problem.message} (a chart's values.schema.json refers to ${schema}, which helm would fetch over the network: pass --kustomize-allow-remote to let it)` };
  }
  const url = unfetchedUrl(problem.message);
  if (url === undefined) return problem;
  return { ...problem, message: `${problem.message} (kustomize would fetch ${url} over the network: pass --kustomize-allow-remote to let it, or scan a build made beforehand)` };
}

/** kustomize before 5.3 (and the kubectl that embeds it) has no --helm-kube-version or --helm-api-versions. */
const UNKNOWN_TARGET_FLAG = /unknown flag: --helm-(?:kube-version|api-versions)/;

/**
 * Builds one kustomization; every way it can fail is a one-line problem naming the directory.
 * `helm` is what inflates the Helm charts it names (undefined under --no-helm).
 */
export async function buildKustomization(dir: string, building: KustomizeBuilding, helm?: KustomizeHelm): Promise<Result<SourceText>> {
  const where = { file: dir };
  const needs = kustomizationNeeds(dir);
  if (!building.allowRemote && needs.remote.length > 0) {
    const remote = needs.remote;
    return fail({
      code: 'kustomize-remote',
      message: `uses remote resources, which kustomize would fetch over the network (${remote.slice(0, 3).join(', ')}${remote.length > 3 ? ', ...' : ''}): pass --kustomize-allow-remote to let it, or scan a build made beforehand`,
      location: where,
    });
  }
  if (needs.helmCharts && helm === undefined) {
    return fail({ code: 'kustomize-build-failed', message: 'inflates Helm charts (helmCharts or a HelmChartInflationGenerator), which kustomize does with helm, and rendering with helm is off (--no-helm)', location: where });
  }
  // A directory named like a flag (`--enable-exec`, in a scanned repository) stays a path.
  const target = dir.startsWith('-') ? `.${path.sep}${dir}` : dir;
  // Only the Helm chart generator is enabled, and only where the kustomization uses it, with
  // Rampart's own helm; no plugin or exec function is.
  const inflate = needs.helmCharts && helm !== undefined ? helm : undefined;
  const programs = building.binary ? [building.binary] : ['kustomize', 'kubectl'];
  // Nothing reaches the network unless let (the helm it runs would fetch a values schema named by URL).
  const env = building.allowRemote ? undefined : offlineEnvironment();
  for (const program of programs) {
    const build = (flags: readonly string[]) => {
      const args = path.basename(program).startsWith('kubectl') ? ['kustomize', ...flags, target] : ['build', ...flags, target];
      return runRenderer(program, args, 'kustomize build', { failed: 'kustomize-build-failed', warning: 'kustomize-warning' }, where, env);
    };
    let run = await build(inflate ? helmFlags(inflate, true) : []);
    let older: Problem | undefined;
    if (inflate && !run.ok && !run.missing && UNKNOWN_TARGET_FLAG.test(run.problem.message)) {
      older = { code: 'kustomize-warning', message: 'kustomize build: this kustomize takes no --helm-kube-version or --helm-api-versions (added in kustomize 5.3), so its Helm charts were rendered for its default Kubernetes version and API versions', location: where };
      run = await build(helmFlags(inflate, false));
    }
    if (run.ok) return ok({ name: builtKustomizationName(dir), text: run.stdout, warnings: older ? [older, ...run.warnings] : run.warnings });
    if (!run.missing) return fail(withOfflineHint(run.problem));
  }
  return fail({
    code: 'kustomize-build-failed',
    message: `is a kustomization to build (--kustomize), and no program to build it was found (${programs.map((p) => `"${p}"`).join(' or ')}): install kustomize or kubectl, or name one with --kustomize-binary`,
    location: where,
  });
}
