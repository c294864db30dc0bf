import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type Problem, type Result, ok } from '../core/result.js';
import type { K8sObject } from '../k8s/object.js';
import type { NotUtf8 } from '../k8s/yaml/not-utf8.js';
import { parseManifests } from '../k8s/yaml/parse.js';
import type { PathFilter } from './exclude.js';
import { withoutExcludedTemplates } from './excluded-templates.js';
import { type ExpandOptions, type ExpandedInputs, STDIN, expandInputs } from './files.js';
import { type HelmRendering, type RenderedChart, renderChart, renderedChartPath, templateFile } from './helm.js';
import { type KustomizeBuilding, buildKustomization, builtKustomizationPath } from './kustomize-build.js';
import { type SkippedDocument, objectsOfDocument } from './objects.js';
import { STDIN_NAME, readInput } from './read.js';
import { templateHint } from './template-hint.js';

/** A file's name (as shown in reports) and its text. */
export interface SourceText {
  readonly name: string;
  readonly text: string;
  /** Found by walking a directory rather than named (so possibly not meant as a manifest). */
  readonly walked?: boolean;
  /** What the program that rendered it warned of (a deprecated chart or kustomization field). */
  readonly warnings?: readonly Problem[];
  /** Input errors that did not stop it being read (a chart rendered without its missing dependencies). */
  readonly problems?: readonly Problem[];
  /** Where its bytes are not UTF-8 (each a U+FFFD in the text). */
  readonly notUtf8?: readonly NotUtf8[];
}

/**
 * A file found or named, read only when it is parsed: the texts of the files that hold no object
 * (a repository's OpenAPI documents, data files) are then never all held at once.
 */
export interface PendingFile {
  readonly name: string;
  readonly file: string;
  readonly walked?: boolean;
}

export type Source = SourceText | PendingFile;

export interface ReadSources {
  /** In the order of the walk; files are read when parsed (loadSources), and may fail then. */
  readonly sources: Source[];
  readonly problems: Problem[];
  /** Directories named in which the walk found nothing to read. */
  readonly warnings: Problem[];
  /** Files found in directories but not read (Kustomize patches), as skipped documents. */
  readonly skipped: SkippedDocument[];
}

export interface LoadedInputs {
  readonly objects: K8sObject[];
  readonly skipped: SkippedDocument[];
  readonly problems: Problem[];
  /** What the programs that rendered charts or kustomizations warned of. */
  readonly warnings: Problem[];
  readonly files: number;
  readonly documents: number;
}


const NOT_A_JSON_MANIFEST = 'not valid JSON and names no apiVersion or kind, so not a manifest (a configuration file with comments, such as tsconfig.json?)';
const NOT_A_YAML_MANIFEST = "not valid YAML and names no apiVersion or kind, so not a manifest (another tool's configuration, such as an mkdocs.yml with a repeated key?)";

/**
 * Why a file met in a directory walk that does not parse is not reported as an error, or
 * undefined: it mentions no Kubernetes field, so it is a repository's other configuration (a
 * tsconfig.json with comments; an mkdocs.yml with a repeated key, which PyYAML accepts), not a
 * broken manifest, and `rampart scan .` does not fail on it. Named on the command line, it is an error.
 */
function notAManifest(source: SourceText): string | undefined {
  if (source.walked !== true || renderedInput(source.name) !== undefined) return undefined;
  const name = source.name.toLowerCase();
  if (name.endsWith('.json')) return /"(apiVersion|kind)"/.test(source.text) ? undefined : NOT_A_JSON_MANIFEST;
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return /(^|[\s{,"'])(apiVersion|kind)["']?\s*:/m.test(source.text) ? undefined : NOT_A_YAML_MANIFEST;
  return undefined;
}

export interface ReadOptions extends ExpandOptions {
  /** Render the Helm charts met with helm; without it, a chart is an input error. */
  readonly helm?: HelmRendering | undefined;
  /** Build the kustomizations met (`--kustomize`); without it, their files are scanned as they are. */
  readonly kustomize?: KustomizeBuilding | undefined;
}

/**
 * Reads every input path (files, directories, `-`); unreadable inputs become problems. Charts
 * and kustomizations are rendered several at once (helm and kustomize start slowly and use one
 * core most of the time); the sources keep the order of the walk.
 */
export async function readSources(paths: readonly string[], options: ReadOptions = {}): Promise<ReadSources> {
  const render = limitConcurrency(RENDERS_AT_ONCE);
  const reads = new Map<string, Promise<Result<Source>>>();
  // A kustomization that does not build (remote resources refused, a kustomize error) does not
  // take the files below it out of the scan: the walk goes into it as without --kustomize (its
  // patches skipped, the kustomizations below it built), and its error stays.
  const unbuilt = new Set<string>();
  const unbuiltProblems: Problem[] = [];
  for (;;) {
    const expanded = expandInputs(paths, { ...options, renderCharts: options.helm !== undefined, buildKustomizations: options.kustomize !== undefined, unbuilt });
    for (const file of expanded.files) {
      if (reads.has(file)) continue;
      reads.set(
        file,
        expanded.charts.has(file) && options.helm
          ? render(() => renderChart(file, options.helm!)).then((rendered) => withoutExcluded(rendered, options.exclude, paths))
          : expanded.kustomizations.has(file) && options.kustomize
            ? render(() => buildKustomization(file, options.kustomize!, options.helm))
            : Promise.resolve(pendingFile(file)),
      );
    }
    const results = await Promise.all(expanded.files.map((file) => reads.get(file)!));
    const before = unbuilt.size;
    for (const [i, file] of expanded.files.entries()) {
      const result = results[i]!;
      if (result.ok || !expanded.kustomizations.has(file)) continue;
      unbuilt.add(file);
      unbuiltProblems.push({ ...result.error, message: `${result.error.message} (its files, and the kustomizations below it, are scanned as they are)` });
    }
    if (unbuilt.size === before) return collect(expanded, results, unbuiltProblems);
  }
}

/** A chart's rendering without its excluded templates; `root` for the patterns relative to the scanned directory. */
function withoutExcluded(rendered: Result<RenderedChart>, exclude: PathFilter | undefined, paths: readonly string[]): Result<RenderedChart> {
  if (!rendered.ok || !exclude) return rendered;
  const chartDir = path.resolve(rendered.value.templates.chartDir);
  const root = paths.find((input) => input !== STDIN && !path.relative(path.resolve(input), chartDir).startsWith('..'));
  return ok(withoutExcludedTemplates(rendered.value, exclude, root));
}

/** Reads the input paths as files, rendering nothing: a chart met is an input error, a kustomization's files are read as they are. */
export function readFiles(paths: readonly string[], options: ExpandOptions = {}): ReadSources {
  const expanded = expandInputs(paths, options);
  return collect(expanded, expanded.files.map(pendingFile));
}

function pendingFile(file: string): Result<PendingFile> {
  return ok({ name: file === STDIN ? STDIN_NAME : file, file });
}

function collect(expanded: ExpandedInputs, reads: readonly Result<Source>[], unbuilt: readonly Problem[] = []): ReadSources {
  const sources: Source[] = [];
  const problems = [...expanded.problems, ...unbuilt];
  for (const [i, file] of expanded.files.entries()) {
    const read = reads[i]!;
    if (read.ok) sources.push(expanded.walked.has(file) ? { ...read.value, walked: true } : read.value);
    else problems.push(read.error);
  }
  const skipped = expanded.skippedFiles.map(({ file, reason }) => ({ file, line: 1, documentIndex: 0, reason }));
  return { sources, problems, warnings: expanded.warnings, skipped };
}

const RENDERS_AT_ONCE = Math.max(2, Math.min(4, availableParallelism()));

/** Runs the tasks given to it with at most `limit` of them unfinished at any time, in the order given. */
function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * What is wrong with an input that holds no document at all (nothing but white space, comments,
 * `---` markers and empty documents), or undefined. Standard input without a document is an input
 * error: it is what a failed command leaves in a pipe (`helm template ... | rampart scan -`
 * without pipefail), and `kubectl apply -f -` refuses it too ("no objects passed to apply"). A
 * file named on the command line gets a warning. A file found in a walk gets none: repositories
 * hold empty placeholder files, and the file still counts among those read.
 */
function emptyInput(source: Source): { readonly error: boolean; readonly problem: Problem } | undefined {
  if (!('file' in source)) return source.walked === true ? undefined : renderedNothing(source.name);
  if (source.walked === true) return undefined;
  if (source.file === STDIN) {
    return { error: true, problem: { code: 'input-empty', message: 'standard input (-) holds no manifest: it is empty, or holds only white space, comments or empty documents (did the command writing to it fail?)', location: { file: source.name } } };
  }
  return { error: false, problem: { code: 'input-empty', message: 'holds no manifest: the file is empty, or holds only white space, comments or empty documents', location: { file: source.name } } };
}

/** The chart or kustomization directory whose rendering a source is, if it is one. */
function renderedInput(name: string): { readonly dir: string; readonly nothing: string } | undefined {
  const chart = renderedChartPath(name);
  if (chart !== undefined) return { dir: chart, nothing: 'helm template printed no object with the values given' };
  const kustomization = builtKustomizationPath(name);
  return kustomization === undefined ? undefined : { dir: kustomization, nothing: 'kustomize build printed no object' };
}

/**
 * A chart or kustomization named on the command line that renders no object gets a warning, as
 * an empty file named does: a CI step that names it would otherwise pass having checked nothing
 * (values that turn every template off, a .helmignore that leaves out the templates).
 */
function renderedNothing(name: string): { readonly error: boolean; readonly problem: Problem } | undefined {
  const rendered = renderedInput(name);
  if (rendered === undefined) return undefined;
  return { error: false, problem: { code: 'input-empty', message: `rendered no manifest: ${rendered.nothing}`, location: { file: rendered.dir } } };
}

/** The text of a source, reading a pending file; a file that cannot be read is a problem. */
function textOf(source: Source): Result<SourceText> {
  if ('text' in source) return ok(source);
  const read = readInput(source.file);
  return read.ok && source.walked ? ok({ ...read.value, walked: true }) : read;
}

/** Parses sources (reading the pending files) into objects; unreadable files and broken documents become problems. */
export function loadSources(sources: readonly Source[]): LoadedInputs {
  const objects: K8sObject[] = [];
  const skipped: SkippedDocument[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let documents = 0;
  let files = 0;
  for (const pending of sources) {
    const read = textOf(pending);
    if (!read.ok) {
      problems.push(read.error);
      continue;
    }
    const source = read.value;
    files++;
    if (source.warnings) warnings.push(...source.warnings);
    if (source.problems) problems.push(...source.problems);
    const parsed = parseManifests(source.text, source.name, source.notUtf8);
    const empty = parsed.documents.length === 0 && parsed.problems.length === 0 ? emptyInput(pending) : undefined;
    if (empty) (empty.error ? problems : warnings).push(empty.problem);
    const otherFile = parsed.problems.length > 0 ? notAManifest(source) : undefined;
    if (otherFile) {
      skipped.push({ file: source.name, line: 1, documentIndex: 0, reason: otherFile });
      continue;
    }
    if (parsed.warnings) warnings.push(...parsed.warnings);
    const hint = parsed.problems.length === 0 ? '' : templateHint(source.text);
    for (const problem of parsed.problems) problems.push(hint ? { ...problem, message: problem.message + hint } : problem);
    const { templates, releaseNamespace } = source as Partial<RenderedChart>;
    for (const parsedDocument of parsed.documents) {
      documents++;
      const document = templates && parsedDocument.helmTemplate ? { ...parsedDocument, helmTemplate: templateFile(parsedDocument.helmTemplate, templates) } : parsedDocument;
      const found = objectsOfDocument(document, source.name, releaseNamespace);
      for (const o of found.objects) objects.push(o);
      for (const s of found.skipped) skipped.push(s);
    }
  }
  return { objects, skipped, problems, warnings, files, documents };
}

/** Reads and parses every input path, and sources already read (a cluster's objects) after them. */
export async function loadInputs(paths: readonly string[], options: ReadOptions = {}, extraSources: readonly Source[] = []): Promise<LoadedInputs> {
  return loadRead(await readSources(paths, options), extraSources);
}

/** Reads and parses the input paths as files, rendering nothing (see readFiles). */
export function loadFiles(paths: readonly string[], options: ExpandOptions = {}): LoadedInputs {
  return loadRead(readFiles(paths, options));
}

function loadRead(read: ReadSources, extraSources: readonly Source[] = []): LoadedInputs {
  const loaded = loadSources(extraSources.length > 0 ? [...read.sources, ...extraSources] : read.sources);
  return { ...loaded, skipped: [...read.skipped, ...loaded.skipped], problems: [...read.problems, ...loaded.problems], warnings: [...read.warnings, ...loaded.warnings] };
}
