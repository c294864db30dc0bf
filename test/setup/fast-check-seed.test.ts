import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('property tests', () => {
  it.skipIf(process.env.FC_SEED === 'random')('run from the seed FC_SEED names, by default a fixed one', () => {
    expect(fc.readConfigureGlobal().seed).toBe(Number(process.env.FC_SEED ?? 20261206));
    const draw = () => fc.sample(fc.integer(), 3);
    expect(draw()).toEqual(draw());
  });
});
