import { constants } from 'node:buffer';
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../core/result.js';
import type { PathFilter } from './exclude.js';
import { isLibraryChart } from './helm.js';
import { KUSTOMIZATION_FILES, isKustomizeComponent, kustomizePatchFiles } from './kustomize.js';
import { rampartOwnFile } from './own-files.js';

export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface ExpandedInputs {
  /** Files to read, in a stable order; `-` stands for standard input. */
  readonly files: string[];
  readonly problems: Problem[];
  /** Directories named on the command line in which the walk found nothing to read. */
  readonly warnings: Problem[];
  /** Files found but not read, and why (Kustomize patches, inputs named but excluded, library charts). */
  readonly skippedFiles: SkippedFile[];
  /** The inputs found by walking a directory (not named on the command line): files, charts and kustomizations below it. */
  readonly walked: ReadonlySet<string>;
  /** Entries of `files` that are Helm chart directories, to render (with `renderCharts`). */
  readonly charts: ReadonlySet<string>;
  /** Entries of `files` that are kustomization directories, to build (with `buildKustomizations`). */
  readonly kustomizations: ReadonlySet<string>;
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface ExpandOptions {
  /** Paths left out (`--exclude`, `exclude:` in the config): never read, nor walked into. */
  readonly exclude?: PathFilter | undefined;
  /** Charts met are inputs to render (listed in `files` and `charts`) rather than errors. */
  readonly renderCharts?: boolean;
  /** Kustomization directories met are inputs to build (listed in `files` and `kustomizations`), not walked into. */
  readonly buildKustomizations?: boolean;
  /** Kustomization directories whose build failed: walked into as without buildKustomizations. */
  readonly unbuilt?: ReadonlySet<string>;
}

interface Walk {
  readonly files: string[];
  readonly problems: Problem[];
  readonly seen: Set<string>;
  readonly exclude: PathFilter | undefined;
  /** Patch files of the kustomizations met (absolute path → the kustomization file naming it). */
  readonly patches: Map<string, string>;
  readonly walked: Set<string>;
  /** Paths named on the command line that an exclude pattern leaves out, and library charts. */
  readonly skipped: SkippedFile[];
  readonly renderCharts: boolean;
  readonly charts: Set<string>;
  readonly buildKustomizations: boolean;
  readonly kustomizations: Set<string>;
  readonly unbuilt: ReadonlySet<string>;
  /** Inputs the walk met (files, charts, kustomizations), each counted even when already listed. */
  found: number;
}

/**
 * Turns command-line paths into manifest files: files as given, directories walked recursively
 * for .yaml/.yml/.json (sorted, symlink loops cut, manifest links that lead nowhere reported), and
 * `-` for stdin. A Helm chart met in a directory is an input to render, or without `renderCharts`
 * an error (its templates are not manifests until rendered), and the patches a kustomization
 * names are skipped (they hold only the fields they change).
 */
export function expandInputs(paths: readonly string[], options: ExpandOptions = {}): ExpandedInputs {
  const state: Walk = {
    files: [],
    problems: [],
    seen: new Set(),
    exclude: options.exclude,
    patches: new Map(),
    walked: new Set(),
    skipped: [],
    renderCharts: options.renderCharts === true,
    charts: new Set(),
    buildKustomizations: options.buildKustomizations === true,
    kustomizations: new Set(),
    unbuilt: options.unbuilt ?? new Set(),
    found: 0,
  };
  const warnings: Problem[] = [];
  const { files, problems, seen } = state;
  for (let input of paths) {
    if (input === STDIN) {
      files.push(STDIN);
      continue;
    }
    if (state.exclude && excludedWithParents(input, state.exclude)) {
      // Named and excluded at once: say so, rather than pass on an input that was never read.
      state.skipped.push({ file: input, reason: 'named on the command line, but left out by an exclude pattern (--exclude, or exclude: in .rampart.yaml)' });
      continue;
    }
    let stats;
    try {
      stats = statSync(input);
    } catch (error) {
      problems.push({ code: 'input-missing', message: unreadableLink(input, error) ?? unreadable(error), location: { file: input } });
      continue;
    }
    const folder = stats.isFile() ? folderNamedBy(input) : undefined;
    if (folder !== undefined) {
      input = folder;
      stats = statSync(folder);
    }
    const chart = chartAbove(input);
    if (chart) {
      problems.push(helmChartProblem(chart, input));
      continue;
    }
    if (stats.isDirectory()) {
      const before = { found: state.found, problems: problems.length, skipped: state.skipped.length, walked: walkedBefore(input, state) };
      walk(input, input, state);
      const nothing = state.found === before.found && problems.length === before.problems && state.skipped.length === before.skipped;
      if (nothing && !before.walked) warnings.push(noManifests(input));
    } else if (isChartArchive(input) && isLibraryChart(input)) {
      // As a library chart's directory: helm refuses a packaged one too ("library charts are not installable").
      state.skipped.push({ file: input, reason: LIBRARY_CHART });
    } else if (state.renderCharts && isChartArchive(input)) {
      state.charts.add(input);
      addOnce(input, files, seen);
    } else addOnce(input, files, seen);
  }
  if (state.patches.size === 0) return { files, problems, warnings, skippedFiles: state.skipped, walked: state.walked, charts: state.charts, kustomizations: state.kustomizations };
  const skippedFiles: SkippedFile[] = [...state.skipped];
  const kept = files.filter((file) => {
    const kustomization = file === STDIN ? undefined : state.patches.get(path.resolve(file));
    if (kustomization === undefined) return true;
    skippedFiles.push({ file, reason: `a Kustomize patch (named in ${kustomization}), not a whole object; to check the result, scan with --kustomize (or the output of \`kubectl kustomize ${path.dirname(kustomization)}\`)` });
    return false;
  });
  return { files: kept, problems, warnings, skippedFiles, walked: state.walked, charts: state.charts, kustomizations: state.kustomizations };
}

/**
 * A directory named on the command line in which the walk found no manifest file, chart or
 * kustomization to read: a warning, not an error, as a repository without manifests (or with all
 * of them excluded) is common; but never a silent pass.
 */
function noManifests(dir: string): Problem {
  return { code: 'input-no-manifests', message: 'no manifests found: no .yaml, .yml or .json file (nor a Helm chart or kustomization) to read in this directory or below it', location: { file: dir } };
}

/** Whether the directory was walked already (named twice, or below a directory named before it). */
function walkedBefore(dir: string, state: Walk): boolean {
  try {
    return state.seen.has(`dir:${realpathSync(dir)}`);
  } catch {
    return false;
  }
}

const LIBRARY_CHART = 'a Helm library chart (type: library): it only defines templates for the charts that depend on it, and renders no manifests of its own (its templates are scanned where those charts render them)';

const KUSTOMIZE_COMPONENT =
  'a Kustomize component (kind: Component): kustomize applies it only into the kustomizations that name it in components:, and what it adds or changes is scanned in their builds';

/** A packaged chart (`helm package` makes `name-version.tgz`), rendered as helm renders a chart directory. */
function isChartArchive(file: string): boolean {
  const lower = file.toLowerCase();
  return lower.endsWith('.tgz') || lower.endsWith('.tar.gz');
}

/**
 * The directory a chart's `Chart.yaml` or a kustomization file (`kustomization.yaml`, `.yml`,
 * `Kustomization`) stands for when it is named on the command line, or undefined. Read as a file,
 * neither is a manifest (a Chart.yaml has no kind, a Kustomization is no object of the cluster):
 * the scan would pass having checked nothing, as a CI step written that way would forever. So it
 * reads as its directory would: the chart rendered, the kustomization built with --kustomize (or
 * its files read as they are without it).
 */
function folderNamedBy(file: string): string | undefined {
  const name = path.basename(file);
  return name === 'Chart.yaml' || (KUSTOMIZATION_FILES as readonly string[]).includes(name) ? path.dirname(file) : undefined;
}

function helmChartProblem(chart: string, input?: string): Problem {
  const what = input === undefined ? 'is a Helm chart, whose templates' : `is in the templates of the Helm chart ${chart}, which`;
  return {
    code: 'helm-chart',
    message: `${what} are manifests only once rendered: scan the output of \`helm template ${chart}\`${input === undefined ? ', or leave the chart out with --exclude' : ''}`,
    location: { file: input ?? chart },
  };
}

/**
 * The chart directory when `input` lies in a Helm chart's `templates/` (`charts/web/templates/`
 * named on its own): Go templates, which parse as YAML often enough to give false findings.
 */
function chartAbove(input: string): string | undefined {
  let current = path.resolve(input);
  for (let parent = path.dirname(current); parent !== current; current = parent, parent = path.dirname(current)) {
    if (path.basename(current) !== 'templates') continue;
    if (isFile(path.join(parent, 'Chart.yaml'))) return path.relative('.', parent) || '.';
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A path named on the command line is left out when it or a directory above it (as written) matches. */
function excludedWithParents(input: string, exclude: PathFilter): boolean {
  for (let current = input; ; ) {
    if (exclude(current)) return true;
    const parent = path.dirname(current);
    if (parent === current || parent === '.') return false;
    current = parent;
  }
}

function addOnce(file: string, files: string[], seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    real = path.resolve(file);
  }
  if (seen.has(real)) return;
  seen.add(real);
  files.push(file);
}

function walk(dir: string, root: string, state: Walk): void {
  const { files, problems, seen } = state;
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(`dir:${real}`)) return;
  seen.add(`dir:${real}`);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ code: 'input-unreadable', message: `cannot read directory: ${unreadable(error)}`, location: { file: dir } });
    return;
  }
  if (entries.some((e) => e.name === 'Chart.yaml' && !e.isDirectory())) {
    if (isLibraryChart(dir)) state.skipped.push({ file: dir, reason: LIBRARY_CHART });
    else if (!state.renderCharts) problems.push(helmChartProblem(dir));
    else {
      state.found++;
      if (!state.charts.has(dir)) {
        state.charts.add(dir);
        files.push(dir);
        if (dir !== root) state.walked.add(dir);
      }
    }
    return;
  }
  const kustomization = KUSTOMIZATION_FILES.find((name) => entries.some((e) => e.name === name && !e.isDirectory()));
  if (kustomization && state.buildKustomizations && !state.unbuilt.has(dir)) {
    // Its files are the build's inputs (resources, patches, generators' sources), not the scan's.
    if (isKustomizeComponent(path.join(dir, kustomization))) {
      state.skipped.push({ file: dir, reason: KUSTOMIZE_COMPONENT });
      return;
    }
    state.found++;
    if (!state.kustomizations.has(dir)) {
      state.kustomizations.add(dir);
      files.push(dir);
      if (dir !== root) state.walked.add(dir);
    }
    return;
  }
  if (kustomization) {
    const file = path.join(dir, kustomization);
    for (const patch of kustomizePatchFiles(file)) if (!state.patches.has(patch)) state.patches.set(patch, file);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (state.exclude?.(full, root)) continue;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        // A link that leads nowhere (a missing target, a loop of links) is an input that cannot be
        // read when its name is a manifest's, as when it is named, and as `kubectl apply -f DIR`
        // fails on it; another name could be anything (a directory), and is not looked at.
        if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
          problems.push({ code: 'input-missing', message: unreadableLink(full, error) ?? unreadable(error), location: { file: full } });
        }
        continue;
      }
    }
    if (isDir && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full, root, state);
    else if (isFile && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      const own = rampartOwnFile(full, entry.name);
      if (own) {
        state.skipped.push({ file: full, reason: own });
        continue;
      }
      state.found++;
      addOnce(full, files, seen);
      state.walked.add(full);
    }
  }
}

/** Why a symbolic link cannot be followed, in words; undefined when `file` is no such link. */
function unreadableLink(file: string, error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT' && code !== 'ELOOP') return undefined;
  try {
    if (!lstatSync(file).isSymbolicLink()) return undefined;
    if (code === 'ELOOP') return 'a symbolic link that cannot be followed: it is part of a loop of links (ELOOP)';
    return `a symbolic link whose target does not exist (it points to ${readlinkSync(file)})`;
  } catch {
    return undefined;
  }
}

/** An input longer than the longest string the JavaScript engine holds, in which its text would be read. */
export const TOO_LARGE = `too large: more than the ${Math.round(constants.MAX_STRING_LENGTH / (1 << 20))} MiB of text Rampart reads from one input`;

/** Why a file cannot be read, in words for the common cases. */
export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  // Bytes past the longest string the JavaScript engine holds, or the largest file Node.js reads at once.
  if (code === 'ERR_STRING_TOO_LONG' || code === 'ERR_FS_FILE_TOO_LARGE') return `${TOO_LARGE} (${code})`;
  return `cannot read (${code ?? String(error)})`;
}
