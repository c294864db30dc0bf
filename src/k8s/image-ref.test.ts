import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultImagePullPolicy, effectiveTag, formatImageRef, type ImageRef, imageName, parseImageRef } from './image-ref.js';

function parsed(image: string): ImageRef {
  const result = parseImageRef(image);
  if (!result.ok) throw new Error(`${image}: ${result.reason}`);
  return result.ref;
}

const alnum = fc.stringMatching(/^[a-z0-9]{1,6}$/);
/** Path components; `dotless` ones cannot be mistaken for a registry host. */
const pathComponent = (dotless: boolean) =>
  fc
    .tuple(alnum, fc.array(fc.tuple(fc.constantFrom(...(dotless ? ['_', '__', '-', '--'] : ['.', '_', '__', '-', '---'])), alnum), { maxLength: 2 }))
    .map(([head, rest]) => head + rest.map(([sep, part]) => sep + part).join(''));
const repository = fc.array(pathComponent(false), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const hubPath = fc
  .tuple(pathComponent(true), fc.array(pathComponent(false), { maxLength: 2 }))
  .map(([first, rest]) => [first, ...rest].join('/'));
const domainComponent = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,5}[a-z0-9])?$/);
const registry = fc
  .oneof(
    fc.array(domainComponent, { minLength: 2, maxLength: 3 }).map((parts) => parts.join('.')),
    fc.tuple(fc.oneof(domainComponent, fc.constant('localhost')), fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `${host}:${port}`),
    fc.constantFrom('localhost', '[::1]:5000', '127.0.0.1:5000', 'Registry.Example.com'),
  )
  .filter((r) => r !== 'docker.io' && r !== 'index.docker.io');
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
const suffix = fc.tuple(fc.option(tag, { nil: undefined }), fc.option(digest, { nil: undefined }));

function write(name: string, t: string | undefined, d: string | undefined): string {
  return name + (t !== undefined ? `:${t}` : '') + (d !== undefined ? `@${d}` : '');
}

describe('parseImageRef properties', () => {
  it('splits registry, repository, tag and digest of any valid reference', () => {
    fc.assert(
      fc.property(registry, repository, suffix, (r, p, [t, d]) => {
        expect(parseImageRef(write(`${r}/${p}`, t, d))).toEqual({ ok: true, ref: { registry: r, repository: p, tag: t, digest: d } });
      }),
    );
  });

  it('puts names without a registry on Docker Hub, official images under library/', () => {
    fc.assert(
      fc.property(hubPath, suffix, (p, [t, d]) => {
        const ref = parsed(write(p, t, d));
        expect(ref.registry).toBe('docker.io');
        expect(ref.repository).toBe(p.includes('/') ? p : `library/${p}`);
      }),
    );
  });

  it('normalizes every spelling of an official Docker Hub image to one name', () => {
    fc.assert(
      fc.property(pathComponent(true), (n) => {
        const spellings = [n, `library/${n}`, `docker.io/${n}`, `docker.io/library/${n}`, `index.docker.io/library/${n}`, `index.docker.io/${n}`];
        for (const s of spellings) expect(imageName(parsed(s))).toBe(`docker.io/library/${n}`);
      }),
    );
  });

  it('round-trips through the fully qualified form', () => {
    fc.assert(
      fc.property(fc.oneof(registry.map((r) => `${r}/`), fc.constant('')), repository, suffix, (r, p, [t, d]) => {
        const first = parseImageRef(write(r + p, t, d));
        fc.pre(first.ok);
        if (first.ok) expect(parseImageRef(formatImageRef(first.ref))).toEqual(first);
      }),
    );
  });

  it('rejects uppercase repository names', () => {
    fc.assert(
      fc.property(registry, repository, fc.nat(), (r, p, at) => {
        const i = at % p.length;
        const upper = p.slice(0, i) + p.charAt(i).toUpperCase() + p.slice(i + 1);
        fc.pre(upper !== p);
        expect(parseImageRef(`${r}/${upper}:v1`).ok).toBe(false);
      }),
    );
  });

  it('never throws on arbitrary input, and what it accepts is well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', 'B', '1', '.', ':', '/', '@', '-', '_', 's', 'h') })), (s) => {
        const result = parseImageRef(s);
        if (result.ok) {
          expect(result.ref.repository).toBe(result.ref.repository.toLowerCase());
          expect(result.ref.registry.length).toBeGreaterThan(0);
          expect(result.ref.registry).not.toBe('index.docker.io');
        }
      }),
    );
  });
});

describe('parseImageRef examples', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25'],
    ['bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2'],
    ['localhost/app', 'localhost', 'app', undefined],
    ['localhost:5000/app:dev', 'localhost:5000', 'app', 'dev'],
    ['myregistry:5000/team/app', 'myregistry:5000', 'team/app', undefined],
    ['Registry/app', 'Registry', 'app', undefined],
    ['quay.io/prometheus/prometheus:v3.1.0', 'quay.io', 'prometheus/prometheus', 'v3.1.0'],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1'],
    ['app:5000', 'docker.io', 'library/app', '5000'],
  ])('%s', (image, reg, repo, t) => {
    expect(parsed(image)).toMatchObject({ registry: reg, repository: repo, tag: t });
  });

  it('reads digests, with or without a tag', () => {
    const hex = 'a'.repeat(64);
    expect(parsed(`nginx@sha256:${hex}`)).toMatchObject({ tag: undefined, digest: `sha256:${hex}` });
    expect(parsed(`nginx:1.25@sha256:${hex}`)).toMatchObject({ tag: '1.25', digest: `sha256:${hex}` });
    expect(parsed(`ghcr.io/a/b@sha512:${'0'.repeat(128)}`).digest).toBe(`sha512:${'0'.repeat(128)}`);
  });

  it.each([
    ['', 'empty'],
    ['Nginx', 'uppercase'],
    ['docker.io/Library/nginx', 'uppercase'],
    ['nginx:', 'empty tag'],
    ['nginx:-bad', 'tag starting with a dash'],
    [' nginx', 'leading space'],
    ['nginx:1.25 ', 'trailing space'],
    ['nginx@sha256:abc', 'short digest'],
    [`nginx@sha256:${'A'.repeat(64)}`, 'uppercase digest hex'],
    [`nginx@md5:${'a'.repeat(32)}`, 'unsupported algorithm'],
    ['a'.repeat(64), 'image id'],
    ['repo/{{ .Values.tag }}', 'template'],
    ['foo_bar.com/app', 'invalid host'],
    ['host:port/app', 'non-numeric port'],
    ['nginx//x', 'empty component'],
  ])('rejects %j (%s)', (image) => {
    expect(parseImageRef(image).ok).toBe(false);
  });

  it('resolves the tag and default pull policy as Kubernetes does', () => {
    const hex = 'b'.repeat(64);
    expect(effectiveTag(parsed('nginx'))).toBe('latest');
    expect(effectiveTag(parsed(`nginx@sha256:${hex}`))).toBeUndefined();
    expect(defaultImagePullPolicy('nginx')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:latest')).toBe('Always');
    expect(defaultImagePullPolicy(`nginx:latest@sha256:${hex}`)).toBe('Always');
    expect(defaultImagePullPolicy(`nginx@sha256:${hex}`)).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('nginx:1.25')).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('NotValid')).toBe('IfNotPresent');
  });
});
