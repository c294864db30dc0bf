import { describe, expect, it } from 'vitest';
import { ALIAS_CYCLE, EXCESSIVE_ALIASING, aliasingError, allowedAliasRatio } from './aliasing.js';

/** `count` references to one list of `size` numbers, the first of them its definition. */
const shared = (size: number, count: number) => new Array<unknown>(count).fill(new Array<number>(size).fill(0));

describe('the limit on aliases (go-yaml v2)', () => {
  it('allows 99% of the nodes through aliases up to 400,000 nodes, 10% from 4,000,000, and falls linearly between', () => {
    expect(allowedAliasRatio(1_000)).toBe(0.99);
    expect(allowedAliasRatio(400_000)).toBe(0.99);
    expect(allowedAliasRatio(2_200_000)).toBeCloseTo(0.545, 12);
    expect(allowedAliasRatio(4_000_000)).toBe(0.1);
    expect(allowedAliasRatio(50_000_000)).toBe(0.1);
  });

  it('lets a value without shared collections through, however large', () => {
    const plain = Array.from({ length: 2_000 }, (_, i) => ({ name: `c${i}`, env: [{ name: 'A', value: String(i) }] }));
    expect(aliasingError({ spec: { containers: plain } })).toBeUndefined();
  });

  it('refuses a chain of aliases that doubles 100 times, without expanding it', () => {
    let level: unknown = ['x'];
    for (let i = 0; i < 100; i++) level = [level, level];
    expect(aliasingError({ bomb: level })).toBe(EXCESSIVE_ALIASING);
  });

  it('counts as go-yaml decodes: plain nodes after the aliases come too late to dilute them', () => {
    // 300 aliases of a list of 200 numbers: 99.2% of the nodes without the 1,000 plain numbers.
    const aliases = shared(200, 301);
    const pad = new Array<number>(1_000).fill(0);
    expect(aliasingError({ uses: aliases })).toBe(EXCESSIVE_ALIASING);
    expect(aliasingError({ pad, uses: aliases })).toBeUndefined();
    expect(aliasingError({ uses: aliases, pad })).toBe(EXCESSIVE_ALIASING);
  });

  it('refuses a collection that contains itself', () => {
    const loop: unknown[] = ['x'];
    loop.push({ again: loop });
    expect(aliasingError({ a: loop })).toBe(ALIAS_CYCLE);
  });
});
