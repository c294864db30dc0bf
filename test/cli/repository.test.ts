import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// A repository with a Helm chart, a Kustomize base and overlay (with patches), and test data.
const REPO = 'test/inputs/repo';
const PROD = `${REPO}/deploy/overlays/prod`;
const RULES = ['--rule', 'privileged-container,image-tag-latest', '--no-config-file'];
const json = (stdout: string) => JSON.parse(stdout);
const names = (report: { findings: { object: { name: string } }[] }) => report.findings.map((f) => f.object.name);

describe('rampart scan on a repository', () => {
  it('reports a Helm chart as one input error under --no-helm, skips Kustomize patches with the reason, and scans the rest', () => {
    const r = rampart(['scan', REPO, ...RULES, '--format', 'json', '--no-helm']);
    expect(r.code).toBe(2);
    const report = json(r.stdout);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'helm-chart', file: `${REPO}/charts/shop` })]);
    expect(r.stderr.trim()).toBe(
      `error: ${REPO}/charts/shop: is a Helm chart, whose templates are manifests only once rendered: scan the output of \`helm template ${REPO}/charts/shop\`, or leave the chart out with --exclude`,
    );
    // The overlay's patches (one sets the image to :latest, one turns privileged off) are not objects of their own.
    expect(names(report)).toEqual(['api', 'sample']);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['privileged-container', 'privileged-container']);
    expect(report.skipped.filter((s: { reason: string }) => s.reason.startsWith('a Kustomize patch')).map((s: { file: string }) => s.file)).toEqual([
      `${PROD}/patches/image.yaml`,
      `${PROD}/ports.yaml`,
      `${PROD}/replicas.yaml`,
      `${PROD}/security.yaml`,
    ]);
    expect(report.summary).toMatchObject({ files: 5, objects: 5, skipped: 4, errors: 1 });
  });

  it('leaves out what --exclude names, a pattern per option, braces and commas kept whole', () => {
    const r = rampart(['scan', REPO, ...RULES, '--format', 'json', '--exclude', '{charts,testdata}', '--exclude', `${REPO}/deploy/overlays/**`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.skipped.map((s: { file: string }) => s.file)).toEqual([]);
    expect(names(report)).toEqual(['api']);
    expect(report.summary).toMatchObject({ files: 2, objects: 2 });
  });

  it('reads a pattern with a slash from the working directory or from the directory scanned', () => {
    const fromScanned = rampart(['scan', REPO, ...RULES, '--format', 'json', '--exclude', 'charts', '--exclude', 'deploy/overlays/**', '--exclude', 'testdata/*']);
    expect(fromScanned.stderr).toBe('');
    expect(names(json(fromScanned.stdout))).toEqual(['api']);
    const upward = rampart(['scan', '../inputs/repo', ...RULES, '--format', 'json', '--exclude', '../inputs/repo/{charts,testdata}'], { cwd: path.resolve('test/cli') });
    expect(upward.stderr).toBe('');
    expect(names(json(upward.stdout))).toEqual(['api']);
  });

  it('takes exclude: from .rampart.yaml relative to the file, whatever the working directory', () => {
    const dir = tempDir();
    cpSync(REPO, dir, { recursive: true });
    writeFileSync(path.join(dir, '.rampart.yaml'), 'exclude:\n  - charts/**\n  - testdata\n');
    const r = rampart(['scan', path.join(dir, 'deploy'), path.join(dir, 'charts'), path.join(dir, 'testdata'), '--rule', 'privileged-container', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(names(json(r.stdout))).toEqual(['api']);
    writeFileSync(path.join(dir, '.rampart.yaml'), 'exclude: [""]\n');
    const bad = rampart(['scan', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^rampart scan: .*\.rampart\.yaml.*an empty pattern excludes nothing/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives the other commands that read manifests the same walk and --exclude', () => {
    const pss = rampart(['pss', 'check', REPO, '--level', 'baseline', '--exclude', 'charts']);
    expect(pss.stderr).toBe('');
    expect(pss.code).toBe(1);
    expect(pss.stdout).toContain('Deployment shop/api');
    expect(rampart(['pss', 'check', REPO, '--level', 'baseline']).code).toBe(2);
    const who = rampart(['rbac', 'who-can', 'get', 'pods', '-n', 'shop', REPO, '--format', 'json', '--no-helm']);
    expect(who.code).toBe(2);
    expect(who.stderr).toContain(`${REPO}/charts/shop: is a Helm chart`);
    expect(rampart(['rbac', 'who-can', 'get', 'pods', '-n', 'shop', REPO, '--format', 'json', '--exclude', 'charts']).code).toBe(0);
    expect(rampart(['netpol', 'map', REPO, '--exclude', 'charts']).code).toBe(0);
  });
});

describe('JSON files of a repository that are not manifests', () => {
  const DIR = 'test/cli/fixtures-jsonc';

  it('skips, in a directory walk, JSON with comments and broken YAML that name no apiVersion or kind, and still reports broken manifests', () => {
    const r = rampart(['scan', DIR, '--no-config-file', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { skipped: Array<{ file: string; reason: string }>; errors: Array<{ file: string; line: number }> };
    expect(report.skipped.filter((s) => s.reason.startsWith('not valid JSON')).map((s) => s.file).sort()).toEqual([`${DIR}/.vscode/settings.json`, `${DIR}/tsconfig.json`]);
    expect(report.skipped.filter((s) => s.reason.startsWith('not valid YAML')).map((s) => s.file)).toEqual([`${DIR}/docs/mkdocs.yml`]);
    expect(report.errors.map((e) => `${e.file}:${e.line}`)).toEqual([`${DIR}/broken-pod.json:4`, `${DIR}/docs/broken-deployment.yaml:5`]);
    expect(r.code).toBe(2);
  });

  it("skips a repository's mkdocs.yml and CloudFormation templates, whose tags (!!python/name, !Ref) are valid YAML", () => {
    const r = rampart(['scan', `${DIR}/mkdocs.yml`, `${DIR}/infra`, '--no-config-file', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { skipped: Array<{ file: string; reason: string }> };
    expect(report.skipped.map((s) => [s.file, s.reason])).toEqual([
      [`${DIR}/mkdocs.yml`, 'not a Kubernetes object (no apiVersion and kind)'],
      [`${DIR}/infra/bucket.yaml`, 'not a Kubernetes object (no apiVersion and kind)'],
    ]);
  });

  it('reports such a file named on the command line as the error it is', () => {
    const r = rampart(['scan', `${DIR}/tsconfig.json`, `${DIR}/docs/mkdocs.yml`, '--no-config-file']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^error test\/cli\/fixtures-jsonc\/tsconfig\.json:3:\d+: invalid JSON/m);
    expect(r.stdout).toMatch(/^error test\/cli\/fixtures-jsonc\/docs\/mkdocs\.yml:7:1: invalid YAML: duplicated mapping key/m);
  });
});

describe("Rampart's own files in a repository", () => {
  it('are not read as manifests in a walk: the configuration, a committed baseline and a JSON report', () => {
    const dir = tempDir('rampart-own-files-');
    cpSync('test/cli/fixtures/pod.yaml', path.join(dir, 'pod.yaml'));
    writeFileSync(path.join(dir, '.rampart.yaml'), 'failOn: critical\n');
    expect(rampart(['scan', dir, '--baseline-write', path.join(dir, '.rampart-baseline.json')]).code).toBe(0);
    expect(rampart(['scan', dir, '--format', 'json', '-o', path.join(dir, 'report.json')]).code).toBe(1);
    const r = rampart(['scan', dir, '--format', 'json']);
    const report = json(r.stdout) as { summary: { files: number }; skipped: Array<{ file: string; reason: string }>; findings: unknown[] };
    expect(report.summary.files).toBe(1);
    expect(report.skipped.map((s) => [path.basename(s.file), s.reason])).toEqual([
      ['.rampart-baseline.json', 'a JSON report or baseline file written by Rampart'],
      ['.rampart.yaml', "Rampart's configuration file"],
      ['report.json', 'a JSON report or baseline file written by Rampart'],
    ]);
    expect(report.findings.length).toBeGreaterThan(0);
    // Named on the command line, a file is read as an input whatever it holds.
    const named = json(rampart(['scan', path.join(dir, 'report.json'), '--format', 'json', '--no-config-file']).stdout) as { skipped: Array<{ reason: string }> };
    expect(named.skipped.map((s) => s.reason)).toEqual(['not a Kubernetes object (no apiVersion and kind)']);
  });
});
