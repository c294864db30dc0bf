import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullMatcher } from '../core/full-match.js';
import { pathGlobSource } from './path-glob.js';

const matches = (glob: string, path: string) => fullMatcher(pathGlobSource(glob))(path);

describe('path globs', () => {
  it('read *, ?, ** as whole segments, classes, braces and escapes as .gitignore and picomatch do', () => {
    const cases: [string, string, boolean][] = [
      ['*.yaml', 'a.yaml', true],
      ['*.yaml', 'x/a.yaml', false],
      ['*', '.github', true],
      ['?.json', 'a.json', true],
      ['?.json', 'ab.json', false],
      ['**', 'a/b/c', true],
      ['**/x', 'x', true],
      ['**/x', 'a/b/x', true],
      ['**/x', 'a/bx', false],
      ['a/**', 'a', true],
      ['a/**', 'a/b/c', true],
      ['a/**', 'ab', false],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/**/b', 'a/xb', false],
      ['a**b', 'aXYb', true],
      ['a**b', 'a/b', false],
      ['[abc].yaml', 'b.yaml', true],
      ['[a-c].yaml', 'd.yaml', false],
      ['[!a-c].yaml', 'd.yaml', true],
      ['[!a-c]', '/', false],
      ['[]].yaml', '].yaml', true],
      ['[z-a]', '-', true],
      ['{charts,testdata}', 'testdata', true],
      ['{charts,testdata}', 'chartsx', false],
      ['deploy/{old,legacy/v1}/*.yaml', 'deploy/legacy/v1/a.yaml', true],
      ['{a,{b,c}}', 'c', true],
      ['{a,b', '{a,b', true],
      ['a,b', 'a,b', true],
      ['\\*.yaml', '*.yaml', true],
      ['\\*.yaml', 'a.yaml', false],
      ['[a', '[a', true],
      ['(x)|y+.$^', '(x)|y+.$^', true],
    ];
    for (const [glob, path, expected] of cases) expect(matches(glob, path), `${glob} ~ ${path}`).toBe(expected);
  });

  it('always compile, and match in time linear in the path, whatever the pattern', () => {
    const glob = fc.stringMatching(/^[a*?/{},[\]!^\\.-]{0,24}$/);
    fc.assert(fc.property(glob, fc.stringMatching(/^[a/.-]{0,40}$/), (g, p) => typeof matches(g, p) === 'boolean'), { numRuns: 2000 });
    expect(matches('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(matches('{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}b', 'a'.repeat(5000))).toBe(false);
  });
});
