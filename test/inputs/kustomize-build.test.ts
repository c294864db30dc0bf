import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtKustomizationName, builtKustomizationPath, kustomizeBuilding, remoteReferences } from '../../src/inputs/kustomize-build.js';
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

  it('takes an existing local path for local, whatever it looks like, and does not loop', () => {
    const root = tree({
      'a/kustomization.yaml': 'resources:\n  - github.com/vendored\n  - ../b\n',
      'a/github.com/vendored/kustomization.yaml': 'resources: []\n',
      'b/kustomization.yml': 'resources:\n  - ../a\n',
    });
    expect(remoteReferences(path.join(root, 'a'))).toEqual([]);
  });

  it('leaves a missing or broken kustomization to kustomize', () => {
    expect(remoteReferences(tree({ 'x/kustomization.yaml': 'resources: [unclosed\n' }))).toEqual([]);
    expect(remoteReferences(tempDir())).toEqual([]);
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
