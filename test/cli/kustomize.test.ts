import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { rampartRecordingArgs } from '../helpers/recorded-args.js';
import { tempDir } from '../helpers/temp.js';

// Kustomizations built through stand-ins for kustomize and kubectl (test/inputs/fake-kustomize):
// which program runs with what, and how the build is reported. test/oracles/kustomize.oracle.test.ts
// builds with the real kustomize.
const REPO = 'test/inputs/repo';
const FAKES = path.resolve('test/inputs/fake-kustomize');
const ONLY_KUBECTL = `${FAKES}/kubectl-bin:${path.dirname(process.execPath)}`;
const BOTH = `${FAKES}/kustomize-bin:${ONLY_KUBECTL}`;

function scan(args: readonly string[], env: Record<string, string>) {
  const { recorded, ...r } = rampartRecordingArgs(['scan', ...args], 'FAKE_BUILD_ARGS', env);
  return { ...r, program: recorded };
}

const files = (stdout: string) => JSON.parse(stdout).findings.map((f: { location: { file: string } }) => f.location.file);

describe('rampart scan --kustomize', () => {
  it('builds the kustomization with kustomize and reports findings in its output', () => {
    const r = scan([`${REPO}/deploy/overlays/prod`, '--kustomize', '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.program).toEqual(['kustomize', 'build', `${REPO}/deploy/overlays/prod`]);
    expect(JSON.parse(r.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'privileged-container', location: { file: `kustomize build ${REPO}/deploy/overlays/prod`, line: 19, column: 11 } }),
    ]);
  });

  it('falls back to kubectl kustomize, and takes the program named with --kustomize-binary', () => {
    expect(scan([`${REPO}/deploy/overlays/prod`, '--kustomize'], { PATH: ONLY_KUBECTL }).program).toEqual(['kubectl', 'kustomize', `${REPO}/deploy/overlays/prod`]);
    const named = scan([`${REPO}/deploy/overlays/prod`, '--kustomize', '--kustomize-binary', `${FAKES}/kubectl-bin/kubectl`], { PATH: BOTH });
    expect(named.program?.slice(0, 2)).toEqual(['kubectl', 'kustomize']);
    const none = rampart(['scan', `${REPO}/deploy`, '--kustomize', '--format', 'json'], { env: { PATH: tempDir() } });
    expect(none.code).toBe(2);
    const asTheyAre = ' (its files, and the kustomizations below it, are scanned as they are)';
    expect(none.stderr.trim().split('\n')).toEqual([
      `error: ${REPO}/deploy/base: is a kustomization to build (--kustomize), and no program to build it was found ("kustomize" or "kubectl"): install kustomize or kubectl, or name one with --kustomize-binary${asTheyAre}`,
      `error: ${REPO}/deploy/overlays/prod: is a kustomization to build (--kustomize), and no program to build it was found ("kustomize" or "kubectl"): install kustomize or kubectl, or name one with --kustomize-binary${asTheyAre}`,
    ]);
    // Their files are still scanned, the overlay's patches skipped, as without --kustomize.
    const plain = rampart(['scan', `${REPO}/deploy`, '--format', 'json']);
    expect(JSON.parse(none.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
    expect(JSON.parse(none.stdout).summary).toMatchObject({ objects: 4, skipped: 4 });
  });

  it('builds each kustomization a walk meets instead of reading its files, and reads the rest', () => {
    const r = scan([REPO, '--kustomize', '--no-helm', '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH });
    expect(r.code).toBe(2); // the chart, under --no-helm
    expect(files(r.stdout)).toEqual([`kustomize build ${REPO}/deploy/base`, `kustomize build ${REPO}/deploy/overlays/prod`, `${REPO}/testdata/privileged-pod.yaml`]);
    // No patch is listed as skipped: the patches are the build's inputs.
    expect(JSON.parse(r.stdout).skipped).toEqual([]);
  });

  it('builds no component on its own: kustomize applies it into the kustomizations that name it', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'components/privileged'), { recursive: true });
    writeFileSync(path.join(root, 'components/privileged/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: privileged.yaml\n');
    writeFileSync(path.join(root, 'components/privileged/privileged.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n');
    const component = path.join(root, 'components/privileged');
    const alone = scan([component, '--kustomize', '--format', 'json'], { PATH: BOTH });
    expect(alone.code).toBe(0);
    expect(alone.program).toBeUndefined();
    expect(JSON.parse(alone.stdout).skipped).toEqual([expect.objectContaining({ file: component, reason: expect.stringContaining('a Kustomize component (kind: Component)') })]);
    // Without --kustomize its patch is skipped, as any kustomization's.
    expect(JSON.parse(rampart(['scan', component, '--format', 'json']).stdout).skipped).toEqual([expect.objectContaining({ file: path.join(component, 'privileged.yaml') })]);
  });

  it('warns of a kustomization named on the command line that builds nothing, not of one met in a walk', () => {
    const overlay = `${REPO}/deploy/overlays/prod`;
    const named = scan([overlay, '--kustomize', '--format', 'json'], { PATH: BOTH, FAKE_BUILD_MODE: 'empty' });
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).warnings).toEqual([{ code: 'input-empty', file: overlay, message: 'rendered no manifest: kustomize build printed no object' }]);
    const walked = scan([`${REPO}/deploy`, '--kustomize', '--format', 'json'], { PATH: BOTH, FAKE_BUILD_MODE: 'empty' });
    expect(JSON.parse(walked.stdout).warnings).toEqual([]);
  });

  it("passes on kustomize's warnings", () => {
    const r = scan([`${REPO}/deploy/overlays/prod`, '--kustomize', '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH, FAKE_BUILD_MODE: 'warn' });
    expect(JSON.parse(r.stdout).warnings).toEqual([
      {
        code: 'kustomize-warning',
        file: `${REPO}/deploy/overlays/prod`,
        message: "kustomize build: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
      },
    ]);
  });

  it("reports kustomize's own error as one input error and scans the rest", () => {
    const r = scan([`${REPO}/deploy/overlays/prod`, `${REPO}/testdata`, '--kustomize', '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH, FAKE_BUILD_MODE: 'fail' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error: ${REPO}/deploy/overlays/prod: kustomize build failed: accumulating resources: accumulation err='accumulating resources from '../../base': must build at directory: not a valid directory' (its files, and the kustomizations below it, are scanned as they are)`,
    );
    expect(files(r.stdout)).toEqual([`${REPO}/testdata/privileged-pod.yaml`]);
  });

  it('scans what is below a kustomization that does not build: its files as they are, the kustomizations below it built', () => {
    const dir = tempDir();
    cpSync(`${REPO}/deploy`, path.join(dir, 'deploy'), { recursive: true });
    writeFileSync(path.join(dir, 'deploy/kustomization.yaml'), 'resources:\n  - overlays/prod\n  - https://example.com/extra.yaml\n');
    writeFileSync(path.join(dir, 'deploy/extra-pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: extra}\nspec:\n  containers: [{name: c, image: "x:1", securityContext: {privileged: true}}]\n');
    const r = scan([dir, '--kustomize', '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error: ${dir}/deploy: uses remote resources, which kustomize would fetch over the network (https://example.com/extra.yaml): pass --kustomize-allow-remote to let it, or scan a build made beforehand (its files, and the kustomizations below it, are scanned as they are)`,
    );
    expect(files(r.stdout)).toEqual([`kustomize build ${dir}/deploy/base`, `${dir}/deploy/extra-pod.yaml`, `kustomize build ${dir}/deploy/overlays/prod`]);
  });

  it('refuses remote resources unless --kustomize-allow-remote, without running kustomize', () => {
    const dir = tempDir();
    const overlay = path.join(dir, 'overlay');
    mkdirSync(overlay);
    writeFileSync(path.join(overlay, 'kustomization.yaml'), 'resources:\n  - github.com/example/deploy//base?ref=v1.2.0\n  - https://example.com/app.yaml\n');
    const refused = scan([overlay, '--kustomize', '--format', 'json'], { PATH: BOTH });
    expect(refused.code).toBe(2);
    expect(refused.program).toBeUndefined();
    expect(refused.stderr).toContain('uses remote resources, which kustomize would fetch over the network (github.com/example/deploy//base?ref=v1.2.0, https://example.com/app.yaml): pass --kustomize-allow-remote');
    expect(scan([overlay, '--kustomize', '--kustomize-allow-remote'], { PATH: BOTH }).program).toEqual(['kustomize', 'build', overlay]);
  });

  it("inflates a kustomization's Helm charts with Rampart's helm, and refuses charts kustomize would pull", () => {
    const dir = tempDir();
    const app = path.join(dir, 'app');
    cpSync('test/inputs/charts/web', path.join(app, 'charts/web'), { recursive: true });
    writeFileSync(path.join(app, 'kustomization.yaml'), 'helmCharts:\n  - name: web\n    releaseName: shop\n');
    const r = scan([app, '--kustomize', '--helm-binary', '/opt/helm/bin/helm', '--format', 'json'], { PATH: BOTH });
    expect(r.program).toEqual(['kustomize', 'build', '--enable-helm', '--helm-command', '/opt/helm/bin/helm', app]);
    // The chart under the kustomization is part of its build, not rendered again on its own.
    expect(files(r.stdout).every((f: string) => f === `kustomize build ${app}`)).toBe(true);
    const overlay = path.join(dir, 'overlay');
    mkdirSync(overlay);
    writeFileSync(path.join(overlay, 'kustomization.yaml'), 'resources:\n  - ../app\n');
    expect(scan([overlay, '--kustomize', '--kustomize-binary', `${FAKES}/kubectl-bin/kubectl`], { PATH: BOTH, RAMPART_HELM: '/usr/local/bin/helm' }).program).toEqual([
      'kubectl', 'kustomize', '--enable-helm', '--helm-command', '/usr/local/bin/helm', overlay,
    ]);
    // The version and API versions charts are rendered for go to kustomize's generator too.
    const target = ['--kube-version', '1.31', '--helm-api-versions', 'monitoring.coreos.com/v1'];
    expect(scan([app, '--kustomize', '--helm-binary', '/opt/helm/bin/helm', ...target], { PATH: BOTH }).program).toEqual([
      'kustomize', 'build', '--enable-helm', '--helm-command', '/opt/helm/bin/helm', '--helm-kube-version', '1.31', '--helm-api-versions', 'monitoring.coreos.com/v1', app,
    ]);
    // A kustomize before 5.3 does not take them: built again without, with a warning.
    const older = scan([app, '--kustomize', '--helm-binary', '/opt/helm/bin/helm', ...target, '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH, FAKE_BUILD_MODE: 'before-5.3' });
    expect(older.code).toBe(1);
    expect(older.program).toEqual(['kustomize', 'build', '--enable-helm', '--helm-command', '/opt/helm/bin/helm', app]);
    expect(JSON.parse(older.stdout).warnings).toEqual([
      { code: 'kustomize-warning', file: app, message: 'kustomize build: this kustomize takes no --helm-kube-version or --helm-api-versions (added in kustomize 5.3), so its Helm charts were rendered for its default Kubernetes version and API versions' },
    ]);
    const off = scan([app, '--kustomize', '--no-helm', '--format', 'json'], { PATH: BOTH });
    expect(off.code).toBe(2);
    expect(off.program).toBeUndefined();
    // Its files are then scanned as they are, as without --kustomize: its chart is one more input error.
    expect(off.stderr.trim().split('\n')).toEqual([
      `error: ${app}/charts/web: is a Helm chart, whose templates are manifests only once rendered: scan the output of \`helm template ${app}/charts/web\`, or leave the chart out with --exclude`,
      `error: ${app}: inflates Helm charts (helmCharts or a HelmChartInflationGenerator), which kustomize does with helm, and rendering with helm is off (--no-helm) (its files, and the kustomizations below it, are scanned as they are)`,
    ]);
    writeFileSync(path.join(app, 'kustomization.yaml'), 'helmCharts:\n  - name: ingress-nginx\n    repo: https://kubernetes.github.io/ingress-nginx\n    version: 4.12.1\n');
    const pulled = scan([app, '--kustomize', '--format', 'json'], { PATH: BOTH });
    expect(pulled.program).toBeUndefined();
    expect(pulled.stderr).toContain('uses remote resources, which kustomize would fetch over the network (helm chart ingress-nginx 4.12.1 from https://kubernetes.github.io/ingress-nginx)');
  });

  it('passes a directory named like a flag as a path', () => {
    const dir = tempDir();
    cpSync(`${REPO}/deploy/base`, path.join(dir, '--enable-exec'), { recursive: true });
    const argsFile = path.join(tempDir(), 'args.json');
    const r = rampart(['scan', '.', '--kustomize', '--format', 'json'], { cwd: dir, env: { PATH: BOTH, FAKE_BUILD_ARGS: argsFile } });
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual(['kustomize', 'build', `.${path.sep}--enable-exec`]);
  });

  it('attaches CI reports to the kustomization file', () => {
    const sarif = JSON.parse(scan([`${REPO}/deploy/overlays/prod`, '--kustomize', '--rule', 'privileged-container', '--format', 'sarif'], { PATH: BOTH }).stdout);
    const result = sarif.runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(`${REPO}/deploy/overlays/prod/kustomization.yaml`);
    expect(result.message.text).toMatch(/ \(at kustomize build test\/inputs\/repo\/deploy\/overlays\/prod:19:11\)$/);
  });

  it('is off unless asked: without --kustomize the files are read and the patches skipped', () => {
    const r = scan([`${REPO}/deploy`, '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH });
    expect(r.program).toBeUndefined();
    expect(files(r.stdout)).toEqual([`${REPO}/deploy/base/deployment.yaml`]);
  });

  it('is asked by kustomize: in .rampart.yaml too, and for the other commands by --kustomize', () => {
    const dir = tempDir();
    cpSync(`${REPO}/deploy`, dir, { recursive: true });
    writeFileSync(path.join(dir, '.rampart.yaml'), 'kustomize:\n  build: true\n');
    const r = scan([dir, '--rule', 'privileged-container', '--format', 'json'], { PATH: BOTH });
    expect(files(r.stdout)).toEqual([`kustomize build ${dir}/base`, `kustomize build ${dir}/overlays/prod`]);
    const pss = rampart(['pss', 'check', `${REPO}/deploy/overlays/prod`, '--kustomize', '--level', 'baseline'], { env: { PATH: BOTH } });
    expect(pss.code).toBe(1);
    expect(pss.stdout).toContain(`DENIED  Deployment shop/api  kustomize build ${REPO}/deploy/overlays/prod`);
  });
});
