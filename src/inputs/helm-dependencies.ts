import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { asRecord, asString } from '../k8s/access.js';
import { readYamlMapping } from './yaml-file.js';

/*
 * A chart whose dependencies are not in its charts/ directory (a checkout where nobody ran `helm
 * dependency build`, as charts/ is rarely committed): helm refuses to render it at all. Rampart
 * renders it from a view of the chart in a temporary directory, leaving the chart untouched:
 * - a dependency in the same repository (`repository: file://...`) is linked in from there, as
 *   `helm dependency build` would copy it, so the rendering is the one helm gives after the build;
 * - any other stands in as a chart whose one template is a marker object. helm renders a
 *   dependency only when its condition and tags enable it, so a marker in the output says, by
 *   helm's own reckoning, which missing dependencies would have rendered (those are reported); a
 *   disabled one changes nothing.
 */

/** A dependency as Chart.yaml (or a v1 chart's requirements.yaml) declares it. */
export interface ChartDependency {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  readonly alias: string;
}

/** helm's own words (helm 3 and 4) for dependencies it did not find in charts/. */
const MISSING_MESSAGE = /found in Chart\.yaml, but missing in charts\/ directory: (.+)$/;

/**
 * The dependencies helm's error says are missing from the chart's charts/ directory, as the chart
 * declares them; undefined when the error is another or names a dependency the chart does not declare.
 */
export function missingDependencies(chartDir: string, helmMessage: string): ChartDependency[] | undefined {
  const listed = MISSING_MESSAGE.exec(helmMessage)?.[1];
  if (listed === undefined) return undefined;
  const names = new Set(listed.split(',').map((name) => name.trim()));
  const missing = declaredDependencies(chartDir).filter((dependency) => names.has(dependency.name));
  return [...names].every((name) => missing.some((dependency) => dependency.name === name)) ? missing : undefined;
}

/** The dependencies a chart declares (Chart.yaml, or a v1 chart's requirements.yaml); none when it cannot be read. */
export function declaredDependencies(chartDir: string): ChartDependency[] {
  const list = readYamlMapping(path.join(chartDir, 'Chart.yaml'))?.dependencies ?? readYamlMapping(path.join(chartDir, 'requirements.yaml'))?.dependencies;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const record = asRecord(entry);
    const name = asString(record?.name);
    if (!record || !name) return [];
    return [{ name, version: stringOf(record.version), repository: stringOf(record.repository), alias: stringOf(record.alias) }];
  });
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** How the chart's own dependencies are named in `# Source:` paths: `charts/<alias or name>/`. */
function sourcePrefix(dependency: ChartDependency): string {
  return `charts/${dependency.alias || dependency.name}/`;
}

/** A chart of the same repository linked into the view, and where its templates are. */
export interface LinkedChart {
  /** Of `# Source:` paths below the chart's name: `charts/<alias or name>/`. */
  readonly prefix: string;
  /** The linked chart's directory, joined to the chart's directory as given. */
  readonly dir: string;
}

export interface DependencyView {
  /** The view to render in place of the chart. */
  readonly dir: string;
  readonly linked: readonly LinkedChart[];
  /** Names (aliases where given) of missing dependencies Rampart cannot tell would render: reported as missing either way. */
  readonly unsure: readonly string[];
  /** Why such a dependency is unsure, where more than its absence: a local chart of another version. */
  readonly notes: ReadonlyMap<string, string>;
  /** What marker objects carry, so that no chart can forge one. */
  readonly token: string;
  remove(): void;
}

const STAND_IN_KIND = 'MissingChartDependency';

/** Builds the view in a new temporary directory; the caller removes it. */
export function dependencyView(chartDir: string, missing: readonly ChartDependency[]): DependencyView {
  return inTemporaryDirectory((dir, remove) => {
    const token = randomUUID();
    const linked: LinkedChart[] = [];
    const unsure: string[] = [];
    const notes = new Map<string, string>();
    const charts = linkChart(chartDir, dir, new Set(['charts']));
    const byName = new Map<string, ChartDependency[]>();
    for (const dependency of missing) byName.set(dependency.name, [...(byName.get(dependency.name) ?? []), dependency]);
    for (const [index, [name, declared]] of [...byName].entries()) {
      // Named apart from what charts/ holds: helm goes by the name in each chart's Chart.yaml.
      const into = path.join(charts, `rampart-dependency-${index}`);
      const local = declared.map((dependency) => localChart(chartDir, dependency)).find((found) => found !== undefined);
      if (local) {
        symlinkSync(path.resolve(local.dir), into);
        for (const dependency of declared) {
          if (satisfies(local.version, dependency.version)) linked.push({ prefix: sourcePrefix(dependency), dir: local.dir });
          else {
            unsure.push(dependency.alias || name);
            notes.set(dependency.alias || name, `its chart there is version ${local.version}`);
          }
        }
        continue;
      }
      const version = standInVersion(declared[0]!.version);
      writeStandIn(into, name, version ?? '0.0.0', token);
      for (const dependency of declared) if (version === undefined || !satisfies(version, dependency.version)) unsure.push(dependency.alias || name);
    }
    return { dir, linked, unsure, notes, token, remove };
  });
}

/** Runs `build` in a new temporary directory, which it removes should building fail. */
function inTemporaryDirectory<T>(build: (root: string, remove: () => void) => T): T {
  const root = mkdtempSync(path.join(tmpdir(), 'rampart-chart-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    return build(root, remove);
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * Links what the chart holds into `dir`, but the entries of `skip`, and makes `dir`'s charts/ a
 * folder of its own with links to what the chart's holds; returns that folder.
 */
function linkChart(chartDir: string, dir: string, skip: ReadonlySet<string>): string {
  const charts = path.join(dir, 'charts');
  mkdirSync(charts, { recursive: true });
  for (const entry of readdirSync(chartDir)) if (!skip.has(entry)) symlinkSync(path.resolve(chartDir, entry), path.join(dir, entry));
  const existing = path.join(chartDir, 'charts');
  if (existsSync(existing)) for (const entry of readdirSync(existing)) symlinkSync(path.resolve(existing, entry), path.join(charts, entry));
  return charts;
}

/** The path a `file://` repository names (relative to the chart, or absolute); undefined for any other repository. */
function localPath(repository: string): string | undefined {
  return repository.startsWith('file://') ? repository.slice('file://'.length) : undefined;
}

/** A view for `helm dependency update` to fetch into: what the chart holds, and nothing that helm would write through. */
export interface FetchView {
  /** The chart's view, where helm writes charts/ and the lock file. */
  readonly dir: string;
  /** Where the templates of the chart's own `file://` dependencies are. */
  readonly linked: readonly LinkedChart[];
  remove(): void;
}

/** What helm writes when it updates dependencies, so never a link to the chart's own files. */
const WRITTEN_BY_UPDATE = new Set(['charts', 'Chart.lock', 'requirements.lock', 'tmpcharts']);

/**
 * Builds the view that `helm dependency update` fetches the dependencies into, in a new temporary
 * directory; the caller removes it. helm finds a `file://` dependency by its path from the chart,
 * so the view sits as deep in the temporary directory as those paths climb, and each such path,
 * from the view, is a link to the dependency's directory.
 */
export function fetchView(chartDir: string): FetchView {
  return inTemporaryDirectory((root, remove) => {
    const locals = declaredDependencies(chartDir).flatMap((dependency) => {
      const relative = localPath(dependency.repository);
      return relative !== undefined && !path.isAbsolute(relative) ? [{ dependency, relative }] : [];
    });
    const climbs = Math.max(0, ...locals.map(({ relative }) => path.normalize(relative).split(path.sep).filter((part) => part === '..').length));
    const dir = path.join(root, ...Array.from({ length: climbs }, (_, i) => `.rampart-up-${i}`), path.basename(path.resolve(chartDir)));
    linkChart(chartDir, dir, WRITTEN_BY_UPDATE);
    const linked: LinkedChart[] = [];
    for (const { dependency, relative } of locals) {
      const at = path.join(dir, relative);
      if (!existsSync(at)) {
        mkdirSync(path.dirname(at), { recursive: true });
        symlinkSync(path.resolve(chartDir, relative), at);
      }
      linked.push({ prefix: sourcePrefix(dependency), dir: path.join(chartDir, relative) });
    }
    return { dir, linked, remove };
  });
}

/** A dependency kept in the same repository (`file://` and a path from the chart), when a chart is there. */
function localChart(chartDir: string, dependency: ChartDependency): { dir: string; version: string } | undefined {
  const where = localPath(dependency.repository);
  if (where === undefined) return undefined;
  const dir = path.isAbsolute(where) ? where : path.join(chartDir, where);
  const metadata = readYamlMapping(path.join(dir, 'Chart.yaml'));
  const version = stringOf(metadata?.version);
  return asString(metadata?.name) === dependency.name && version !== '' ? { dir, version } : undefined;
}

function writeStandIn(dir: string, name: string, version: string, token: string): void {
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'Chart.yaml'), JSON.stringify({ apiVersion: 'v2', name, version, description: 'Stands in for a dependency that is not in charts/ (Rampart)' }));
  writeFileSync(
    path.join(dir, 'templates', 'missing.yaml'),
    [`apiVersion: rampart.dev/v1`, `kind: ${STAND_IN_KIND}`, `metadata:`, `  name: {{ .Chart.Name | toJson }}`, `  annotations:`, `    rampart.dev/stand-in: ${JSON.stringify(token)}`, ''].join('\n'),
  );
}

/*
 * helm matches a chart in charts/ to a dependency by name and by version, with the Masterminds
 * semver constraints: the same ranges as npm's semver but for `,` meaning "and". A range read
 * differently would make the stand-in not match, and its dependency silently vanish; so where
 * npm's semver does not give a version, the dependency is reported as missing whatever helm does.
 */
function npmRange(constraint: string): string | null {
  return constraint.trim() === '' ? null : semver.validRange(constraint.replace(/,/g, ' '));
}

function standInVersion(constraint: string): string | undefined {
  const range = npmRange(constraint);
  const version = range === null ? null : semver.minVersion(range);
  return version && semver.satisfies(version, range!) ? version.version : undefined;
}

/** Whether helm takes a chart of `version` for a dependency on `constraint`; false where npm's semver does not read them (see npmRange). */
export function satisfies(version: string, constraint: string): boolean {
  const range = npmRange(constraint);
  return range !== null && semver.valid(version) !== null && semver.satisfies(version, range);
}

/**
 * The rendering without the stand-ins' marker objects, and the names (aliases where given) of
 * the dependencies whose stand-in rendered: those helm would have rendered.
 */
export function takeStandIns(rendered: string, view: Pick<DependencyView, 'token'>): { text: string; rendered: string[] } {
  if (!rendered.includes(view.token)) return { text: rendered, rendered: [] };
  const names: string[] = [];
  const kept = rendered.split(/^(?=---[ \t]*\r?$)/m).filter((document) => {
    if (!document.includes(view.token) || !document.includes(STAND_IN_KIND)) return true;
    const name = /^ {2}name: ("(?:[^"\\]|\\.)*")\s*$/m.exec(document)?.[1];
    if (name !== undefined) names.push(JSON.parse(name) as string);
    return false;
  });
  return { text: kept.join(''), rendered: names };
}

/** helm's notes that it followed the view's links (helm 3: `walk.go: found symbolic link`, helm 4: `level=INFO msg="found symbolic link ..."`). */
export function isLinkNote(message: string): boolean {
  return message.includes('found symbolic link in path');
}

/** How a missing dependency is named to the user: name, version and where it comes from. */
export function describeDependency(dependency: ChartDependency, note?: string): string {
  const version = dependency.version ? ` ${dependency.version}` : '';
  const from = dependency.repository ? ` from ${dependency.repository}` : '';
  const aside = [dependency.alias && dependency.alias !== dependency.name ? `as ${dependency.alias}` : '', note ?? ''].filter((s) => s !== '').join('; ');
  return `${dependency.name}${version}${from}${aside ? ` (${aside})` : ''}`;
}
