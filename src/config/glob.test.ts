import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.js';

describe('name globs of the configuration', () => {
  it('match * and ? over the whole name, everything else literally', () => {
    expect(compileGlob('node-exporter*')('node-exporter-x1')).toBe(true);
    expect(compileGlob('team-?')('team-a')).toBe(true);
    expect(compileGlob('team-?')('team-ab')).toBe(false);
    expect(compileGlob('a.b*')('axb')).toBe(false);
    expect(compileGlob('*')('line\nbreak')).toBe(true);
    expect(compileGlob('(x)|[y]')('(x)|[y]')).toBe(true);
  });

  it('take time linear in the name, whatever the pattern', () => {
    // A backtracking regular expression for this pattern does not return on such a name.
    expect(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b')('a'.repeat(5000))).toBe(false);
  });
});
