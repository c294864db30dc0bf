import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { asString } from '../k8s/access.js';
import { type ChartDependency, declaredDependencies, satisfies } from './helm-dependencies.js';
import { readYamlMapping } from './yaml-file.js';

/*
 * Where the templates of a chart's subcharts are. helm names a template in its output (`# Source:
 * web/charts/sub/templates/x.yaml`) after the charts on the way to it, not after folders: its
 * chart loader takes each entry of a chart's charts/ directory (but those whose name starts with
 * `_` or `.`) for a chart known by the name in its own Chart.yaml, whatever the entry is called;
 * a dependency the parent declares with an alias is renamed to the alias (a chart declared twice
 * renders twice), and a chart the parent does not declare keeps its name.
 */

/** A chart of a charts/ directory, as helm loads it. */
export interface Subchart {
  /** The entry: the parent chart's directory (as given), `charts` and the entry's name. */
  readonly path: string;
  /** The name in its Chart.yaml. */
  readonly name: string;
  readonly version: string;
}

/** The charts of chart directories, each directory read once. */
export class Subcharts {
  private readonly listed = new Map<string, { readonly charts: readonly Subchart[]; readonly declared: readonly ChartDependency[] }>();

  /**
   * The file of a template at `inChart` in the chart at `chartDir` (a `# Source:` path without
   * the chart's name): each `charts/<name>/` on the way is the subchart helm renders under that
   * name. A subchart not found (not in the directory) is taken to be in `charts/<name>`.
   */
  file(chartDir: string, inChart: string): string {
    let dir = chartDir;
    let rest = inChart;
    for (let step = /^charts\/([^/]+)\/(.+)$/s.exec(rest); step !== null; step = /^charts\/([^/]+)\/(.+)$/s.exec(rest)) {
      const subchart = this.named(dir, step[1]!);
      if (subchart === undefined) break;
      dir = subchart.path;
      rest = step[2]!;
    }
    return path.join(dir, rest);
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
    const metadata = isDirectory(at) ? readYamlMapping(path.join(at, 'Chart.yaml')) : undefined;
    const name = asString(metadata?.name);
    return name ? [{ path: at, name, version: versionOf(metadata?.version) }] : [];
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
