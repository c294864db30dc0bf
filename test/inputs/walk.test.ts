import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathFilter } from '../../src/inputs/exclude.js';
import { expandInputs } from '../../src/inputs/files.js';
import { tempDir } from '../helpers/temp.js';

const REPO = 'test/inputs/repo';
const PROD = `${REPO}/deploy/overlays/prod`;
const ROOT = path.resolve(import.meta.dirname, '../..');
const relativeTo = (base: string) => (files: readonly string[]) => files.map((f) => path.relative(base, f).split(path.sep).join('/'));

describe('walking a repository', () => {
  it('treats a Helm chart as one input it cannot scan as it is: one error, none of its templates read', () => {
    const expanded = expandInputs([REPO]);
    expect(expanded.problems).toEqual([expect.objectContaining({ code: 'helm-chart', location: { file: `${REPO}/charts/shop` } })]);
    expect(expanded.problems[0]?.message).toContain('helm template test/inputs/repo/charts/shop');
    expect(expanded.files.filter((f) => f.includes('/charts/'))).toEqual([]);
  });

  it('treats the templates of a chart named on their own (the folder or a file) as the chart: one error', () => {
    for (const input of [`${REPO}/charts/shop/templates`, `${REPO}/charts/shop/templates/deployment.yaml`]) {
      const expanded = expandInputs([input]);
      expect(expanded.files).toEqual([]);
      expect(expanded.problems).toEqual([expect.objectContaining({ code: 'helm-chart', location: { file: input } })]);
      expect(expanded.problems[0]?.message).toBe(`is in the templates of the Helm chart ${REPO}/charts/shop, which are manifests only once rendered: scan the output of \`helm template ${REPO}/charts/shop\``);
    }
  });

  it('skips the patches a kustomization names, wherever they are, and reads its resources', () => {
    const expanded = expandInputs([REPO]);
    expect(relativeTo(REPO)(expanded.files)).toEqual([
      'deploy/base/deployment.yaml',
      'deploy/base/kustomization.yaml',
      'deploy/overlays/prod/kustomization.yaml',
      'deploy/overlays/prod/pdb.yaml',
      'testdata/privileged-pod.yaml',
    ]);
    expect(expanded.skippedFiles.map((s) => path.relative(PROD, s.file)).sort()).toEqual(['patches/image.yaml', 'ports.yaml', 'replicas.yaml', 'security.yaml']);
    for (const skipped of expanded.skippedFiles) {
      expect(skipped.reason).toBe(`a Kustomize patch (named in ${PROD}/kustomization.yaml), not a whole object; to check the result, scan with --kustomize (or the output of \`kubectl kustomize ${PROD}\`)`);
    }
  });

  it('reads a patch named on the command line when no kustomization naming it is walked', () => {
    const expanded = expandInputs([`${PROD}/replicas.yaml`]);
    expect(expanded.files).toEqual([`${PROD}/replicas.yaml`]);
    expect(expanded.skippedFiles).toEqual([]);
  });

  it('reads a file the kustomization names both as a resource and as a patch', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [deploy.yaml, ./service.yaml]\npatches: [{path: deploy.yaml}, {path: service.yaml}, {path: patch.yaml}]\n');
    for (const name of ['deploy.yaml', 'service.yaml', 'patch.yaml']) writeFileSync(path.join(dir, name), 'apiVersion: v1\nkind: Pod\n');
    const expanded = expandInputs([dir]);
    expect(relativeTo(dir)(expanded.files)).toEqual(['deploy.yaml', 'kustomization.yaml', 'service.yaml']);
    expect(relativeTo(dir)(expanded.skippedFiles.map((s) => s.file))).toEqual(['patch.yaml']);
  });

  it('reads a file a kustomization names as a patch outside its own directory, which Kustomize refuses to load', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'prod'));
    mkdirSync(path.join(dir, 'innocent/sub'), { recursive: true });
    writeFileSync(path.join(dir, 'innocent/sub/kustomization.yaml'), 'patches: [{path: ../../prod/deploy.yaml}, {path: local.yaml}]\n');
    writeFileSync(path.join(dir, 'innocent/sub/local.yaml'), 'apiVersion: v1\nkind: Pod\n');
    writeFileSync(path.join(dir, 'prod/deploy.yaml'), 'apiVersion: v1\nkind: Pod\n');
    const expanded = expandInputs([dir]);
    expect(relativeTo(dir)(expanded.files)).toEqual(['innocent/sub/kustomization.yaml', 'prod/deploy.yaml']);
    expect(relativeTo(dir)(expanded.skippedFiles.map((s) => s.file))).toEqual(['innocent/sub/local.yaml']);
  });

  it('reads every file of a directory whose kustomization is malformed', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'patches: [path: a.yaml\n');
    writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\n');
    expect(relativeTo(dir)(expandInputs([dir]).files)).toEqual(['a.yaml', 'kustomization.yaml']);
  });

  it('neither reads nor walks into what is excluded, so an excluded chart is no error', () => {
    const exclude = pathFilter([{ patterns: ['charts', 'deploy/overlays/**'], base: path.resolve(REPO) }]);
    const expanded = expandInputs([REPO], { exclude });
    expect(expanded.problems).toEqual([]);
    expect(expanded.skippedFiles).toEqual([]);
    expect(relativeTo(REPO)(expanded.files)).toEqual(['deploy/base/deployment.yaml', 'deploy/base/kustomization.yaml', 'testdata/privileged-pod.yaml']);
  });

  it('leaves out a file named on the command line when it matches, and lists it as skipped', () => {
    const exclude = pathFilter([{ patterns: ['testdata'], base: ROOT }]);
    const expanded = expandInputs([`${REPO}/testdata/privileged-pod.yaml`, '-'], { exclude });
    expect(expanded.files).toEqual(['-']);
    expect(expanded.skippedFiles).toEqual([{ file: `${REPO}/testdata/privileged-pod.yaml`, reason: expect.stringContaining('left out by an exclude pattern') }]);
  });

  it('excludes by name exactly the files with that name somewhere below the scanned directory', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'x.yaml', 'y.yaml');
    const tree = fc.uniqueArray(fc.array(name, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12, selector: (segments) => segments.join('/') });
    fc.assert(
      fc.property(tree, name, (paths, excluded) => {
        const dir = tempDir();
        const files = new Set<string>();
        for (const segments of paths) {
          const file = `${segments.join('/')}/m.yaml`;
          mkdirSync(path.join(dir, ...segments), { recursive: true });
          writeFileSync(path.join(dir, file), 'kind: Pod\n');
          files.add(file);
        }
        const kept = relativeTo(dir)(expandInputs([dir], { exclude: pathFilter([{ patterns: [excluded], base: dir }]) }).files);
        const expected = [...files].filter((f) => !f.split('/').includes(excluded)).sort();
        expect([...kept].sort()).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reports the links met that lead nowhere, as when they are named, and follows the others once', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ok.yaml'), 'kind: Pod\n');
    symlinkSync('l2.yaml', path.join(dir, 'l1.yaml'));
    symlinkSync('l1.yaml', path.join(dir, 'l2.yaml'));
    symlinkSync('/nonexistent/x', path.join(dir, 'dangling.yaml'));
    symlinkSync('ok.yaml', path.join(dir, 'alias.yml'));
    // Not manifests by name, so not inputs: a link leading nowhere, a loop of directory links, a link to an ancestor.
    symlinkSync('/nonexistent/x', path.join(dir, 'dangling'));
    symlinkSync('d2', path.join(dir, 'd1'));
    symlinkSync('d1', path.join(dir, 'd2'));
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync('..', path.join(dir, 'sub', 'up'));
    const walked = expandInputs([dir]);
    expect(relativeTo(dir)(walked.files)).toEqual(['alias.yml']);
    const loop = 'a symbolic link that cannot be followed: it is part of a loop of links (ELOOP)';
    const dangling = 'a symbolic link whose target does not exist (it points to /nonexistent/x)';
    expect(walked.problems).toEqual([
      { code: 'input-missing', message: dangling, location: { file: path.join(dir, 'dangling.yaml') } },
      { code: 'input-missing', message: loop, location: { file: path.join(dir, 'l1.yaml') } },
      { code: 'input-missing', message: loop, location: { file: path.join(dir, 'l2.yaml') } },
    ]);
    expect(walked.warnings).toEqual([]);
    // Named, they are the same errors.
    const named = expandInputs([path.join(dir, 'l1.yaml'), path.join(dir, 'dangling.yaml')]);
    expect(named.problems.map((p) => p.message)).toEqual([loop, dangling]);
  });
});
