import { describe, expect, it } from 'vitest';
import { pathFilter } from './exclude.js';

const BASE = '/repo';
const excludes = (patterns: string[], file: string, base = BASE) => pathFilter([{ patterns, base }])?.(file) ?? false;

describe('exclusion patterns', () => {
  it('matches a pattern without a slash against the name at any depth', () => {
    expect(excludes(['testdata'], '/repo/testdata')).toBe(true);
    expect(excludes(['testdata'], '/repo/a/b/testdata')).toBe(true);
    expect(excludes(['testdata'], '/repo/a/testdata-2')).toBe(false);
    expect(excludes(['*.tmpl.yaml'], '/repo/x/deploy.tmpl.yaml')).toBe(true);
    expect(excludes(['*.tmpl.yaml'], '/repo/x/deploy.yaml')).toBe(false);
    expect(excludes(['.*'], '/repo/.github')).toBe(true);
    expect(excludes(['.*'], '.')).toBe(false);
    expect(excludes(['.*'], '..')).toBe(false);
  });

  it('matches a pattern with a slash against the path from the base directory', () => {
    expect(excludes(['charts/**'], '/repo/charts/shop')).toBe(true);
    expect(excludes(['charts/**'], '/repo/deploy/charts/shop')).toBe(false);
    expect(excludes(['**/charts'], '/repo/deploy/charts')).toBe(true);
    expect(excludes(['deploy/legacy'], '/repo/deploy/legacy')).toBe(true);
    expect(excludes(['deploy/legacy'], '/repo/deploy/legacy-2')).toBe(false);
    expect(excludes(['deploy/*.json'], '/repo/deploy/a.json')).toBe(true);
    expect(excludes(['deploy/*.json'], '/repo/deploy/sub/a.json')).toBe(false);
  });

  it('matches a relative pattern outside the base directory only through ../, and never the base itself', () => {
    expect(excludes(['*/legacy'], '/other/legacy')).toBe(false);
    expect(excludes(['../other/*'], '/other/legacy')).toBe(true);
    expect(excludes(['**/*'], '/repo')).toBe(false);
    expect(excludes(['**/*'], '/repo/a')).toBe(true);
  });

  it('takes ./ prefixes and trailing slashes as written by habit, and absolute patterns as absolute', () => {
    expect(excludes(['./charts/'], '/repo/charts')).toBe(true);
    expect(excludes(['testdata/'], '/repo/x/testdata')).toBe(true);
    expect(excludes(['/srv/manifests/old'], '/srv/manifests/old')).toBe(true);
    expect(excludes(['/srv/manifests/old'], '/repo/srv/manifests/old')).toBe(false);
  });

  it('keeps commas inside braces, and combines the patterns of several bases', () => {
    expect(excludes(['{charts,testdata}'], '/repo/testdata')).toBe(true);
    const filter = pathFilter([
      { patterns: ['a/x'], base: '/one' },
      { patterns: ['b/x'], base: '/two' },
    ]);
    expect([filter?.('/one/a/x'), filter?.('/two/b/x'), filter?.('/one/b/x'), filter?.('/two/a/x')]).toEqual([true, true, false, false]);
  });

  it('also matches from the directory being scanned when asked to, and only inside it', () => {
    const filter = pathFilter([{ patterns: ['overlays/**'], base: BASE, fromScannedDirectory: true }]);
    expect(filter?.('/repo/deploy/overlays/prod', '/repo/deploy')).toBe(true);
    expect(filter?.('/repo/overlays/prod', '/repo/deploy')).toBe(true); // from the base
    expect(filter?.('/elsewhere/overlays/prod', '/elsewhere')).toBe(true);
    expect(filter?.('/elsewhere/x/overlays/prod', '/elsewhere')).toBe(false);
    const configRules = pathFilter([{ patterns: ['overlays/**'], base: BASE }]);
    expect(configRules?.('/repo/deploy/overlays/prod', '/repo/deploy')).toBe(false);
  });

  it('is no filter at all without patterns', () => {
    expect(pathFilter([{ patterns: [], base: BASE }])).toBeUndefined();
    expect(pathFilter([{ patterns: ['  '], base: BASE }])).toBeUndefined();
  });
});
