import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { asString } from '../k8s/access.js';
import { archivedChartMetadata } from './chart-archive.js';
import { type ChartDependency, declaredDependencies, satisfies } from './helm-dependencies.js';
import { readYamlMapping } from './yaml-file.js';

/*
 * Where the templates of a chart's subcharts are. helm names a template in its output (`# Source:
 * web/charts/sub/templates/x.yaml`) after the charts on the way to it, not after folders: its
 * chart loader takes each entry of a chart's charts/ directory (but those whose name starts with
 * `_` or `.`) for a chart known by the name in its own Chart.yaml, whatever the entry is called;
 * a dependency the parent declares with an alias is renamed to the alias (a chart declared twice
 * renders twice), and a chart the parent does not declare keeps its name.
 *
 * A packaged subchart (`charts/sub-0.1.0.tgz`, as `helm dependency build` leaves it) holds its
 * templates in the archive, where the repository has no file of them: such a template is named by
 * the archive's path and its path in the packaged chart, as helm names it
 * (`charts/web/charts/sub-0.1.0.tgz/templates/x.yaml`), and reports attach it to the archive.
 */

/** A chart of a charts/ directory, as helm loads it. */
export interface Subchart {
  /** The entry: the parent chart's directory (as given), `charts` and the entry's name. */
  readonly path: string;
  /** A packaged chart (`.tgz`), whose files are in the archive. */
  readonly packaged: boolean;
  /** The name in its Chart.yaml. */
  readonly name: string;
  readonly version: string;
}

/** A path in a chart that goes into a subchart: `charts/<name>/` and the path in it. */
const SUBCHART_STEP = /^charts\/([^/]+)\/(.+)$/s;

/** The charts of chart directories, each directory read once. */
export class Subcharts {
  private readonly listed = new Map<string, { readonly charts: readonly Subchart[]; readonly declared: readonly ChartDependency[] }>();

  /**
   * The file of a template at `inChart` in the chart at `chartDir` (a `# Source:` path without
   * the chart's name): each `charts/<name>/` on the way is the subchart helm renders under that
   * name, and from a packaged one on, the rest of the path is the template's in its archive. A
   * subchart not found (not in the directory) is taken to be in `charts/<name>`.
   */
  file(chartDir: string, inChart: string): string {
    let dir = chartDir;
    let rest = inChart;
    for (;;) {
      const step = SUBCHART_STEP.exec(rest);
      const subchart = step === null ? undefined : this.named(dir, step[1]!);
      if (step === null || subchart === undefined) return path.join(dir, rest);
      dir = subchart.path;
      rest = step[2]!;
      if (subchart.packaged) return path.join(dir, rest);
    }
  }

  /**
   * The subchart of the chart at `chartDir` that helm renders under `name`: the chart a
   * dependency declared under that name (its alias, else its name) is, at a version the
   * dependency accepts; else a chart of that name that no dependency declares; else, where the
   * versions are not read as helm reads them, any chart of the name the dependency declares.
   */
  named(chartDir: string, name: string): Subchart | undefined {
    const { charts, declared } = this.list(chartDir);
    const declaredAs = declared.filter((dependency) => (dependency.alias || dependency.name) === name);
    for (const dependency of declaredAs) {
      const chart = charts.find((c) => c.name === dependency.name && satisfies(c.version, dependency.version));
      if (chart) return chart;
    }
    const undeclared = charts.find((c) => c.name === name && !declared.some((dependency) => dependency.name === c.name && satisfies(c.version, dependency.version)));
    return undeclared ?? charts.find((c) => c.name === name || declaredAs.some((dependency) => dependency.name === c.name));
  }

  private list(chartDir: string) {
    let listed = this.listed.get(chartDir);
    if (listed === undefined) this.listed.set(chartDir, (listed = { charts: subchartsIn(chartDir), declared: declaredDependencies(chartDir) }));
    return listed;
  }
}

/** The charts helm loads from the charts/ directory of the chart at `chartDir`, in the order of their entries' names. */
function subchartsIn(chartDir: string): Subchart[] {
  const charts = path.join(chartDir, 'charts');
  let entries: string[];
  try {
    entries = readdirSync(charts).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry.startsWith('_') || entry.startsWith('.')) return [];
    const at = path.join(charts, entry);
    // helm takes an entry named `.tgz` for an archive, and any other for a folder.
    const packaged = path.extname(entry) === '.tgz';
    const metadata = packaged ? archivedChartMetadata(at) : isDirectory(at) ? readYamlMapping(path.join(at, 'Chart.yaml')) : undefined;
    const name = asString(metadata?.name);
    return name ? [{ path: at, packaged, name, version: versionOf(metadata?.version) }] : [];
  });
}

function versionOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
