import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeBelow } from '../../test/helpers/temp.js';
import { dependencyView, describeDependency, fetchView, missingDependencies, takeStandIns } from './helm-dependencies.js';
import { templateFile } from './helm.js';

const SHOP = 'test/inputs/charts/dependencies/shop';
const HELM4 =
  "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: storefront, cache, metrics, queue, search";

function missingOfShop() {
  const missing = missingDependencies(SHOP, HELM4);
  if (!missing) throw new Error('expected the missing dependencies');
  return missing;
}

describe('missing chart dependencies', () => {
  it("reads helm's error as the dependencies the chart declares", () => {
    expect(missingOfShop().map((d) => [d.name, d.version, d.repository, d.alias])).toEqual([
      ['storefront', '~2.1.0', 'file://../storefront', 'frontend'],
      ['cache', '17.3.2', 'oci://registry.example.com/charts', ''],
      ['metrics', '>=3.0.0, <4.0.0', 'https://charts.example.com/stable', ''],
      ['queue', 'v0.9.1', 'https://charts.example.com/stable', ''],
      ['search', '^4.2', 'https://charts.example.com/stable', ''],
    ]);
    // helm 3 words it the same after its own prefix.
    expect(missingDependencies(SHOP, 'found in Chart.yaml, but missing in charts/ directory: cache')?.map((d) => d.name)).toEqual(['cache']);
  });

  it('leaves other errors, and names the chart does not declare, to be reported as helm wrote them', () => {
    expect(missingDependencies(SHOP, 'template: shop/templates/x.yaml:3: function "nope" not defined')).toBeUndefined();
    expect(missingDependencies(SHOP, 'found in Chart.yaml, but missing in charts/ directory: cache, elsewhere')).toBeUndefined();
    expect(missingDependencies('test/inputs/charts/web', 'found in Chart.yaml, but missing in charts/ directory: postgres')).toBeUndefined();
  });

  it('builds a view that links the chart, its charts/ and its local dependencies, and stands in for the others', () => {
    const view = dependencyView(SHOP, missingOfShop());
    try {
      const top = readdirSync(view.dir).sort();
      expect(top).toEqual(['Chart.yaml', 'charts', 'templates', 'values.yaml']);
      expect(readlinkSync(path.join(view.dir, 'templates'))).toBe(path.resolve(SHOP, 'templates'));
      expect(lstatSync(path.join(view.dir, 'charts')).isSymbolicLink()).toBe(false);
      const charts = path.join(view.dir, 'charts');
      const links = readdirSync(charts).filter((entry) => lstatSync(path.join(charts, entry)).isSymbolicLink());
      expect(links.map((entry) => readlinkSync(path.join(charts, entry))).sort()).toEqual([path.resolve(SHOP, 'charts/common'), path.resolve(SHOP, '../storefront')]);
      const standIns = readdirSync(charts)
        .filter((entry) => !links.includes(entry))
        .map((entry) => JSON.parse(readFileSync(path.join(charts, entry, 'Chart.yaml'), 'utf8')) as { name: string; version: string });
      // The lowest version each range allows, which helm then matches to the dependency.
      expect(standIns.map((chart) => [chart.name, chart.version])).toEqual([
        ['cache', '17.3.2'],
        ['metrics', '3.0.0'],
        ['queue', '0.9.1'],
        ['search', '4.2.0'],
      ]);
      expect(view.linked).toEqual([{ prefix: 'charts/frontend/', dir: path.join(SHOP, '../storefront') }]);
      expect(view.unsure).toEqual([]);
    } finally {
      view.remove();
    }
    expect(existsSync(view.dir)).toBe(false);
    expect(readdirSync(path.join(SHOP, 'charts'))).toEqual(['common']);
    expect(existsSync(path.join(SHOP, '../storefront/Chart.yaml'))).toBe(true);
  });

  it('counts as missing whatever it cannot stand in for exactly: a range npm semver does not read, a local chart of another version', () => {
    const repo = tempDir();
    const write = (file: string, text: string) => writeBelow(repo, file, text);
    write('lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 3.0.0\n');
    write('app/Chart.yaml', ['apiVersion: v2', 'name: app', 'version: 1.0.0', 'dependencies:', '  - {name: lib, version: "~2.0", repository: "file://../lib"}', '  - {name: odd, version: "latest", repository: "https://example.com"}', '  - {name: bare, repository: "https://example.com"}', ''].join('\n'));
    const missing = missingDependencies(path.join(repo, 'app'), 'found in Chart.yaml, but missing in charts/ directory: lib, odd, bare');
    const view = dependencyView(path.join(repo, 'app'), missing ?? []);
    try {
      expect(view.unsure).toEqual(['lib', 'odd', 'bare']);
      expect([...view.notes]).toEqual([['lib', 'its chart there is version 3.0.0']]);
      expect(describeDependency(missing![0]!, view.notes.get('lib'))).toBe('lib ~2.0 from file://../lib (its chart there is version 3.0.0)');
      expect(view.linked).toEqual([]);
    } finally {
      view.remove();
    }
  });

  it('builds the view helm fetches into: no link helm would write through, and file:// paths that lead where they lead from the chart', () => {
    const repo = tempDir();
    const write = (file: string, text: string) => writeBelow(repo, file, text);
    write('charts/base/Chart.yaml', 'apiVersion: v2\nname: base\nversion: 1.0.0\n');
    write('samples/app/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 1.0.0\n');
    write('samples/app/Chart.lock', 'dependencies: []\n');
    write('samples/app/charts/kept/Chart.yaml', 'apiVersion: v2\nname: kept\nversion: 1.0.0\n');
    write('samples/app/Chart.yaml', ['apiVersion: v2', 'name: app', 'version: 1.0.0', 'dependencies:', '  - {name: base, version: 1.0.0, repository: "file://../../charts/base"}', '  - {name: sub, version: 1.0.0, repository: "file://../app/sub"}', '  - {name: redis, version: 1.0.0, repository: "https://charts.example.com"}', ''].join('\n'));
    const chart = path.join(repo, 'samples/app');
    const view = fetchView(chart);
    try {
      expect(readdirSync(view.dir).sort()).toEqual(['Chart.yaml', 'charts', 'sub']);
      expect(lstatSync(path.join(view.dir, 'charts')).isSymbolicLink()).toBe(false);
      expect(readdirSync(path.join(view.dir, 'charts'))).toEqual(['kept']);
      expect(readFileSync(path.join(view.dir, '../../charts/base/Chart.yaml'), 'utf8')).toContain('name: base');
      expect(readFileSync(path.join(view.dir, '../app/sub/Chart.yaml'), 'utf8')).toContain('name: sub');
      expect(view.linked).toEqual([
        { prefix: 'charts/base/', dir: path.join(repo, 'charts/base') },
        { prefix: 'charts/sub/', dir: path.join(repo, 'samples/app/sub') },
      ]);
    } finally {
      view.remove();
    }
    expect(readdirSync(chart).sort()).toEqual(['Chart.lock', 'Chart.yaml', 'charts', 'sub']);
  });

  it("takes the stand-ins' marker objects out of the rendering, and only those carrying the view's token", () => {
    const marker = (name: string, token: string) => `---\n# Source: shop/charts/${name}/templates/missing.yaml\napiVersion: rampart.dev/v1\nkind: MissingChartDependency\nmetadata:\n  name: "${name}"\n  annotations:\n    rampart.dev/stand-in: "${token}"\n`;
    const pod = '---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    const rendered = pod + marker('cache', 'T-1') + marker('forged', 'other') + pod;
    expect(takeStandIns(rendered, { token: 'T-1' })).toEqual({ text: pod + marker('forged', 'other') + pod, rendered: ['cache'] });
    expect(takeStandIns(pod, { token: 'T-1' })).toEqual({ text: pod, rendered: [] });
  });

  it('names the template files of a linked chart where they are', () => {
    const templates = { chartName: 'shop', chartDir: SHOP, linked: [{ prefix: 'charts/frontend/', dir: 'test/inputs/charts/dependencies/storefront' }] };
    expect(templateFile('shop/charts/frontend/templates/pod.yaml', templates)).toBe('test/inputs/charts/dependencies/storefront/templates/pod.yaml');
    expect(templateFile('shop/charts/common/templates/configmap.yaml', templates)).toBe(path.join(SHOP, 'charts/common/templates/configmap.yaml'));
    expect(templateFile('shop/templates/deployment.yaml', templates)).toBe(path.join(SHOP, 'templates/deployment.yaml'));
  });
});
