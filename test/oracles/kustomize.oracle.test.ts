import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { findHelm, findKustomize } from './renderers.js';

/*
 * Kustomizations built by the real kustomize (see renderers.ts): findings must sit at the line and column of
 * the offending field in kustomize's own output, with the overlay's patches applied.
 * test/cli/kustomize.test.ts covers the programs, flags and failures with stand-ins.
 */

const REPO = 'test/inputs/repo';

/** The 1-based line and column of `key` in kustomize's output, in the document of `kind`. */
function positionIn(output: string, kind: string, key: string): { line: number; column: number } {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l === `kind: ${kind}`);
  const index = lines.findIndex((l, i) => i > start && new RegExp(`^\\s*(?:- )?${key}:`).test(l));
  return { line: index + 1, column: (lines[index] ?? '').indexOf(key) + 1 };
}

describe('kustomizations built by kustomize', () => {
  const kustomize = findKustomize();

  it.skipIf(!kustomize)("locates findings in kustomize build output, the overlay's patches applied", () => {
    const overlay = `${REPO}/deploy/overlays/prod`;
    const built = spawnSync(kustomize as string, ['build', overlay], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    const r = rampart(['scan', `${REPO}/deploy`, '--kustomize', '--kustomize-binary', kustomize as string, '--rule', 'privileged-container,image-tag-latest', '--format', 'json']);
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; location: { file: string; line: number; column: number } }[];
    const base = spawnSync(kustomize as string, ['build', `${REPO}/deploy/base`], { encoding: 'utf8' }).stdout;
    // The base runs privileged; the prod overlay turns that off and moves the image to :latest.
    expect(findings.map((f) => [f.ruleId, f.location])).toEqual([
      ['privileged-container', { file: `kustomize build ${REPO}/deploy/base`, ...positionIn(base, 'Deployment', 'privileged') }],
      ['image-tag-latest', { file: `kustomize build ${overlay}`, ...positionIn(built.stdout, 'Deployment', 'image') }],
    ]);
  });

  const helm = findHelm();
  it.skipIf(!kustomize || !helm)('locates findings in the Helm charts kustomize inflates with helm', () => {
    const app = path.join(tempDir(), 'app');
    cpSync('test/inputs/charts/web', path.join(app, 'charts/web'), { recursive: true });
    writeFileSync(path.join(app, 'kustomization.yaml'), 'namespace: shop\nhelmCharts:\n  - name: web\n    releaseName: shop\n    valuesInline:\n      privileged: true\n');
    const built = spawnSync(kustomize as string, ['build', '--enable-helm', '--helm-command', helm as string, app], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    const r = rampart(['scan', app, '--kustomize', '--kustomize-binary', kustomize as string, '--helm-binary', helm as string, '--rule', 'privileged-container,host-network', '--format', 'json']);
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; location: { file: string; line: number; column: number } }[];
    expect(findings.map((f) => [f.ruleId, f.location])).toEqual([
      ['privileged-container', { file: `kustomize build ${app}`, ...positionIn(built.stdout, 'Deployment', 'privileged') }],
      ['host-network', { file: `kustomize build ${app}`, ...positionIn(built.stdout, 'StatefulSet', 'hostNetwork') }],
    ]);
  });

  it.skipIf(!kustomize || !helm)('inflates a chart named by a HelmChartInflationGenerator configuration among the generators', () => {
    const app = path.join(tempDir(), 'app');
    cpSync('test/inputs/charts/web', path.join(app, 'vendor/web'), { recursive: true });
    writeFileSync(path.join(app, 'kustomization.yaml'), 'generators:\n  - web-chart.yaml\n');
    writeFileSync(path.join(app, 'web-chart.yaml'), 'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: web\nname: web\nchartHome: vendor\nreleaseName: shop\nvaluesInline:\n  privileged: true\n');
    const built = spawnSync(kustomize as string, ['build', '--enable-helm', '--helm-command', helm as string, app], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    const r = rampart(['scan', app, '--kustomize', '--kustomize-binary', kustomize as string, '--helm-binary', helm as string, '--rule', 'privileged-container', '--format', 'json']);
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as { location: { file: string; line: number; column: number } }[];
    expect(findings.map((f) => f.location)).toEqual([{ file: `kustomize build ${app}`, ...positionIn(built.stdout, 'Deployment', 'privileged') }]);
  });

  it.skipIf(!kustomize || !helm)('renders the Helm charts kustomize inflates for the Kubernetes version and API versions of the scan', () => {
    const app = path.join(tempDir(), 'app');
    const templates = path.join(app, 'charts/caps/templates');
    mkdirSync(templates, { recursive: true });
    writeFileSync(path.join(app, 'charts/caps/Chart.yaml'), 'apiVersion: v2\nname: caps\nversion: 1.0.0\n');
    writeFileSync(path.join(app, 'charts/caps/values.yaml'), '{}\n');
    // Privileged only where the target is 1.31 or later and has the monitoring API.
    writeFileSync(
      path.join(templates, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: caps\nspec:\n  containers:\n    - name: c\n      image: registry.example.com/c:1.0\n' +
        '{{- if and (semverCompare ">=1.31-0" .Capabilities.KubeVersion.Version) (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}\n      securityContext:\n        privileged: true\n{{- end }}\n',
    );
    writeFileSync(path.join(app, 'kustomization.yaml'), 'helmCharts:\n  - name: caps\n');
    const scan = (...target: string[]) =>
      rampart(['scan', app, '--kustomize', '--kustomize-binary', kustomize as string, '--helm-binary', helm as string, '--rule', 'privileged-container', '--format', 'json', ...target]);
    const on = scan('--kube-version', '1.31', '--helm-api-versions', 'monitoring.coreos.com/v1');
    expect(on.stderr).toBe('');
    expect(JSON.parse(on.stdout).findings).toHaveLength(1);
    expect(JSON.parse(scan('--kube-version', '1.30', '--helm-api-versions', 'monitoring.coreos.com/v1').stdout).findings).toHaveLength(0);
    expect(JSON.parse(scan('--kube-version', '1.31').stdout).findings).toHaveLength(0);
  });

  it.skipIf(!kustomize || !helm)('keeps the helm it runs offline: a chart whose values schema refers to a schema by URL is an error saying so', () => {
    const app = path.join(tempDir(), 'app');
    const chart = path.join(app, 'charts/named');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: named\nversion: 1.0.0\n');
    writeFileSync(path.join(chart, 'values.yaml'), 'name: app\n');
    writeFileSync(path.join(chart, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { name: { $ref: 'https://schemas.rampart.invalid/name.json' } } }));
    writeFileSync(path.join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n');
    writeFileSync(path.join(app, 'kustomization.yaml'), 'helmCharts:\n  - name: named\n');
    const r = rampart(['scan', app, '--kustomize', '--kustomize-binary', kustomize as string, '--helm-binary', helm as string, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/proxyconnect tcp: dial tcp 127\.0\.0\.1:0: .*\(a chart's values\.schema\.json refers to https:\/\/schemas\.rampart\.invalid\/name\.json, which helm would fetch over the network: pass --kustomize-allow-remote to let it\)/);
  });

  it.skipIf(!kustomize)('scans a component in the overlays that use it, and does not build it on its own, which kustomize fails', () => {
    const root = tempDir();
    cpSync(`${REPO}/deploy/base`, path.join(root, 'base'), { recursive: true });
    mkdirSync(path.join(root, 'components/host-network'), { recursive: true });
    mkdirSync(path.join(root, 'overlay'), { recursive: true });
    writeFileSync(path.join(root, 'components/host-network/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: host-network.yaml\n');
    writeFileSync(path.join(root, 'components/host-network/host-network.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      hostNetwork: true\n');
    writeFileSync(path.join(root, 'overlay/kustomization.yaml'), 'resources:\n  - ../base\ncomponents:\n  - ../components/host-network\n');
    expect(spawnSync(kustomize as string, ['build', path.join(root, 'components/host-network')], { encoding: 'utf8' }).status).not.toBe(0);
    const built = spawnSync(kustomize as string, ['build', path.join(root, 'overlay')], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    const r = rampart(['scan', root, '--kustomize', '--kustomize-binary', kustomize as string, '--rule', 'host-network', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { location: { file: string; line: number; column: number } }[];
    expect(findings.map((f) => f.location)).toEqual([{ file: `kustomize build ${path.join(root, 'overlay')}`, ...positionIn(built.stdout, 'Deployment', 'hostNetwork') }]);
  });

  it.skipIf(!kustomize)('keeps kustomize offline, and says so, for a patch named by URL', () => {
    const app = tempDir();
    cpSync(`${REPO}/deploy/base/deployment.yaml`, path.join(app, 'deployment.yaml'));
    writeFileSync(path.join(app, 'kustomization.yaml'), 'resources:\n  - deployment.yaml\npatches:\n  - path: https://patches.rampart.invalid/p.yaml\n');
    const r = rampart(['scan', app, '--kustomize', '--kustomize-binary', kustomize as string, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /proxyconnect tcp: dial tcp 127\.0\.0\.1:0: .*\(kustomize would fetch https:\/\/patches\.rampart\.invalid\/p\.yaml over the network: pass --kustomize-allow-remote to let it, or scan a build made beforehand\)/,
    );
  });

  it.skipIf(!kustomize)("reports kustomize's own error for a kustomization that does not build", () => {
    const r = rampart(['scan', `${REPO}/charts`, '--kustomize', '--kustomize-binary', kustomize as string, '--no-helm', '--format', 'json']);
    expect(r.code).toBe(2);
    const broken = rampart(['scan', 'test/cli/fixtures-kustomize-broken', '--kustomize', '--kustomize-binary', kustomize as string, '--format', 'json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/^error: test\/cli\/fixtures-kustomize-broken: kustomize build failed: .*missing\.yaml/);
  });
});
