import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanWithCheck } from '../../../../test/helpers/fixture-scan.js';
import check from './index.js';
import { compileNamePattern, matchesName, withoutRegistryPort } from './name-patterns.js';
import { tempDir } from '../../../../test/helpers/temp.js';

describe('registry/repository patterns', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', true],
    ['library/nginx', 'docker.io/library/nginx', true],
    ['docker.io/nginx', 'docker.io/library/nginx', true],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx', true],
    ['nginx', 'docker.io/library/nginx-unprivileged', false],
    ['nginx', 'docker.io/nginxinc/nginx-unprivileged', false],
    ['bitnami/*', 'docker.io/bitnami/redis', true],
    ['bitnami', 'docker.io/bitnami/redis', false],
    ['docker.io', 'docker.io/bitnami/redis', true],
    ['docker.io/library/*', 'docker.io/bitnami/redis', false],
    ['quay.io', 'quay.io/prometheus/prometheus', true],
    ['quay.io', 'quay.io.evil.com/prometheus/prometheus', false],
    ['ghcr.io/my-org', 'ghcr.io/my-org/team/app', true],
    ['ghcr.io/my-org', 'ghcr.io/my-org-fork/app', false],
    ['ghcr.io/my-org/*', 'ghcr.io/my-org/app', true],
    ['*.gcr.io', 'eu.gcr.io/project/app', true],
    ['*.gcr.io', 'gcr.io/project/app', false],
    ['*.dkr.ecr.*.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app', true],
    ['registry.example.com/**/prod', 'registry.example.com/a/b/prod', true],
    ['localhost:5000', 'localhost:5000/app', true],
    ['localhost:5000', 'localhost:5001/app', false],
    ['Registry.Example.COM', 'registry.example.com/app', true],
    ['*', 'anything.example/x/y', true],
  ])('%s ~ %s: %s', (pattern, name, expected) => {
    expect(matchesName(compileNamePattern(pattern), name)).toBe(expected);
  });
  it('drops only the port of the registry', () => {
    expect(withoutRegistryPort('ttl.sh:443/xmrig')).toBe('ttl.sh/xmrig');
    expect(withoutRegistryPort('localhost:5000/team/app')).toBe('localhost/team/app');
    expect(withoutRegistryPort('docker.io/library/nginx')).toBe('docker.io/library/nginx');
  });
  it('takes time linear in the name, whatever the pattern', () => {
    // A backtracking regular expression for this pattern does not return on such a name.
    expect(matchesName(compileNamePattern('r.io/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'), `r.io/${'a'.repeat(5000)}`)).toBe(false);
  });
});

describe('untrusted-registry parameters', () => {
  const dir = tempDir('rampart-untrusted-');
  const file = path.join(dir, 'pod.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - {name: official, image: "nginx:1.27"}',
      '    - {name: hub-user, image: "someone/tool:1"}',
      '    - {name: internal, image: "registry.example.com/team/app:2"}',
      '    - {name: anon, image: "ttl.sh/x:1h"}',
      '',
    ].join('\n'),
  );
  const flagged = (params: unknown) => scanWithCheck([file], check, params).findings.map((f) => f.path);

  it('reports images outside a non-empty allow-list, normalizing Docker Hub names', () => {
    expect(flagged({ allowed: ['nginx', 'registry.example.com/team'] })).toEqual(['spec.containers[1].image', 'spec.containers[3].image']);
  });

  it('reports denied images even when they are allowed, and replaces the default deny-list', () => {
    expect(flagged({ allowed: ['**'], denied: ['someone/*'] })).toEqual(['spec.containers[1].image']);
    expect(flagged({ denied: [] })).toEqual([]);
  });

  it('denies a registry written with a port, but allows only the port written in the allow-list', () => {
    const ported = path.join(dir, 'ported.yaml');
    writeFileSync(ported, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: "ttl.sh:443/x:1h"}\n    - {name: b, image: "registry.example.com:5000/team/app:2"}\n');
    const paths = (params: unknown) => scanWithCheck([ported], check, params).findings.map((f) => f.path);
    expect(paths({})).toEqual(['spec.containers[0].image']);
    expect(paths({ allowed: ['registry.example.com', 'ttl.sh:443'], denied: [] })).toEqual(['spec.containers[1].image']);
  });

  it('rejects patterns with a digest and unknown parameters', () => {
    expect(check.parseParams({ allowed: ['nginx@sha256:abc'] }).ok).toBe(false);
    expect(check.parseParams({ allow: ['nginx'] }).ok).toBe(false);
  });
});
