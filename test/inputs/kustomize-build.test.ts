import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtKustomizationName, builtKustomizationPath, kustomizationNeeds, kustomizeBuilding, remoteReferences } from '../../src/inputs/kustomize-build.js';
import { tempDir } from '../helpers/temp.js';

function tree(files: Record<string, string>): string {
  const root = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('remote resources of a kustomization', () => {
  it('finds git and URL references, through the local kustomizations it names', () => {
    const root = tree({
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n  - https://example.com/raw/app.yaml\ncomponents:\n  - ../component\n',
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - github.com/example/deploy//base?ref=v1\n',
      'base/deployment.yaml': 'kind: Deployment\n',
      'component/kustomization.yaml': 'resources:\n  - git@github.com:example/more.git\n  - ssh://git@example.com/repo.git//x\n',
    });
    expect(remoteReferences(path.join(root, 'overlay'))).toEqual([
      'github.com/example/deploy//base?ref=v1',
      'https://example.com/raw/app.yaml',
      'git@github.com:example/more.git',
      'ssh://git@example.com/repo.git//x',
    ]);
  });

  it('takes an existing local path that parses as no repository for local, and does not loop', () => {
    const root = tree({
      'a/kustomization.yaml': 'resources:\n  - github.com/vendored\n  - ../b\n',
      'a/github.com/vendored/kustomization.yaml': 'resources: []\n',
      'b/kustomization.yml': 'resources:\n  - ../a\n',
    });
    expect(remoteReferences(path.join(root, 'a'))).toEqual([]);
  });

  it('takes for remote what kustomize 5 clones or downloads, and for local what it reads as a path', () => {
    // As kustomize v5.8.1 builds each of them offline: remote ones fail in git fetch or an HTTP get.
    const remote = [
      'git::https://example.com/org/repo//deploy',
      'github.com:org/repo//deploy',
      'GitHub.com/org/repo',
      'deploy-bot@git.example.com:org/repo.git',
      'git::git@git.example.com:org/repo',
      'HTTPS://example.com/org/repo',
      'https://github.com/org/repo//../x',
      'https://dev.azure.com/org/project/_git/repo/path',
      'file:///srv/git/repo//x',
    ];
    const local = ['gh:org/repo//deploy', 'gitlab.example.com/org/repo//deploy', 'github.com/org', 'user@host', 'example.com/org/repo//deploy?ref=main', 'gitlab.com/org/repo?ref=v1', 'bitbucket.org/org/repo', '1user@host:org/repo'];
    const listed = (references: readonly string[]) => `resources:\n${references.map((r) => `  - ${JSON.stringify(r)}\n`).join('')}`;
    expect(remoteReferences(tree({ 'kustomization.yaml': listed([...remote, ...local]) }))).toEqual(remote);
  });

  it('takes a directory named like a repository for remote, as kustomize clones it, but not a file', () => {
    const root = tree({
      'kustomization.yaml': 'resources:\n  - github.com/org/repo\n  - github.com/org/pod.yaml\ncomponents:\n  - github.com/org/component\n',
      'github.com/org/repo/kustomization.yaml': 'resources: []\n',
      'github.com/org/pod.yaml': 'kind: Pod\n',
      'github.com/org/component/kustomization.yaml': 'kind: Component\n',
    });
    expect(remoteReferences(root)).toEqual(['github.com/org/repo', 'github.com/org/component']);
  });

  it('leaves a missing or broken kustomization to kustomize', () => {
    expect(remoteReferences(tree({ 'x/kustomization.yaml': 'resources: [unclosed\n' }))).toEqual([]);
    expect(remoteReferences(tempDir())).toEqual([]);
  });
});

describe('Helm charts of a kustomization', () => {
  const CHART = 'apiVersion: v2\nname: x\nversion: 1.0.0\n';

  it('finds helmCharts through the kustomizations it names, and the charts kustomize would pull', () => {
    const root = tree({
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n',
      'base/kustomization.yaml': [
        'helmCharts:',
        '  - name: local',
        '  - name: vendored',
        '    repo: https://charts.example.com',
        '    version: 1.2.0',
        '  - name: pulled',
        '    repo: oci://registry.example.com/charts',
        '  - name: unversioned',
        '    repo: https://charts.example.com',
        '  - name: other-version',
        '    repo: https://charts.example.com',
        '    version: 2.0.0',
        '',
      ].join('\n'),
      'base/charts/local/Chart.yaml': CHART,
      'base/charts/vendored-1.2.0/vendored/Chart.yaml': CHART,
      'base/charts/unversioned/Chart.yaml': CHART,
      // kustomize looks for a versioned chart from a repository in NAME-VERSION only.
      'base/charts/other-version/Chart.yaml': CHART,
    });
    expect(kustomizationNeeds(path.join(root, 'overlay'))).toEqual({
      remote: ['helm chart pulled from oci://registry.example.com/charts', 'helm chart other-version 2.0.0 from https://charts.example.com'],
      helmCharts: true,
    });
  });

  it('looks for charts in helmGlobals.chartHome, and leaves an entry without a repository to kustomize', () => {
    const root = tree({
      'app/kustomization.yaml': 'helmGlobals:\n  chartHome: vendor/helm\nhelmCharts:\n  - name: web\n    repo: https://charts.example.com\n  - name: missing\n',
      'app/vendor/helm/web/Chart.yaml': CHART,
    });
    expect(kustomizationNeeds(path.join(root, 'app'))).toEqual({ remote: [], helmCharts: true });
    expect(kustomizationNeeds(tree({ 'kustomization.yaml': 'resources: [a.yaml]\n', 'a.yaml': 'kind: Pod\n' }))).toEqual({ remote: [], helmCharts: false });
  });

  it('reads the deprecated helmChartInflationGenerator as kustomize does', () => {
    const legacy = [
      'helmChartInflationGenerator:',
      '  - chartName: web',
      '    chartRepoUrl: https://charts.example.com',
      '    chartHome: vendor',
      '  - chartName: api',
      '    chartRepoUrl: https://charts.example.com',
      '    chartVersion: 1.0.0',
      '',
    ].join('\n');
    const root = tree({ 'app/kustomization.yaml': legacy, 'app/vendor/web/Chart.yaml': CHART });
    expect(kustomizationNeeds(path.join(root, 'app'))).toEqual({ remote: ['helm chart api 1.0.0 from https://charts.example.com'], helmCharts: true });
    // With helmGlobals, its chartHome (default charts/) is the chart home.
    writeFileSync(path.join(root, 'app/kustomization.yaml'), `helmGlobals: {}\n${legacy}`);
    expect(kustomizationNeeds(path.join(root, 'app')).remote).toEqual(['helm chart web from https://charts.example.com', 'helm chart api 1.0.0 from https://charts.example.com']);
  });

  it('finds the HelmChartInflationGenerator configurations named in generators, inline, in files and in kustomizations', () => {
    const generator = (name: string, more = '') => `apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata: {name: ${name}}\nname: ${name}\nrepo: https://charts.example.com\n${more}`;
    const root = tree({
      'app/kustomization.yaml': ['generators:', '  - web.yaml', '  - more', '  - |-', ...generator('inline').split('\n').map((l) => `    ${l}`), ''].join('\n'),
      'app/web.yaml': `${generator('web', 'chartHome: vendor\n')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n`,
      'app/vendor/web/Chart.yaml': CHART,
      'app/more/kustomization.yaml': 'resources: [api.yaml]\n',
      'app/more/api.yaml': generator('api', 'version: 2.0.0\n'),
    });
    expect(kustomizationNeeds(path.join(root, 'app'))).toEqual({
      remote: ['helm chart api 2.0.0 from https://charts.example.com', 'helm chart inline from https://charts.example.com'],
      helmCharts: true,
    });
    // Configurations kustomize would fetch are remote resources too.
    const fetched = tree({ 'kustomization.yaml': 'generators: [https://example.com/gen.yaml]\ntransformers: [github.com/example/cfg//labels?ref=v1]\n' });
    expect(kustomizationNeeds(fetched).remote).toEqual(['https://example.com/gen.yaml', 'github.com/example/cfg//labels?ref=v1']);
    // A generator of another kind is no Helm chart; kustomize refuses it (plugins are not enabled).
    const other = tree({ 'kustomization.yaml': 'generators: [gen.yaml]\n', 'gen.yaml': 'apiVersion: someteam.example.com/v1\nkind: SecretGenerator\n' });
    expect(kustomizationNeeds(other)).toEqual({ remote: [], helmCharts: false });
  });
});

describe('what to build with', () => {
  it('builds when the command line or the configuration file asks, remote resources when either allows', () => {
    expect(kustomizeBuilding({ build: false, allowRemote: true }, undefined)).toBeUndefined();
    expect(kustomizeBuilding({ build: false, allowRemote: false }, { build: true, allowRemote: true })).toEqual({ allowRemote: true });
    expect(kustomizeBuilding({ build: true, binary: '/opt/kubectl', allowRemote: false }, { build: false, allowRemote: false })).toEqual({ binary: '/opt/kubectl', allowRemote: false });
  });

  it('names a build after the command that shows it', () => {
    expect(builtKustomizationPath(builtKustomizationName('deploy/prod'))).toBe('deploy/prod');
    expect(builtKustomizationPath('deploy/prod/kustomization.yaml')).toBeUndefined();
  });
});
