import fc from 'fast-check';

/* Helpers of the oracles that generate expressions and templates as text with fc.gen(). */

export type Draw = fc.GeneratorValue;

/** One of the options, drawn uniformly. */
export const pick = <T>(g: Draw, options: readonly T[]): T => options[g(fc.nat, { max: options.length - 1 })]!;

/** The text of one of the makers, drawn by their weights. */
export function weighted(g: Draw, options: readonly (readonly [number, () => string])[]): string {
  const total = options.reduce((sum, [w]) => sum + w, 0);
  let n = g(fc.nat, { max: total - 1 });
  for (const [w, make] of options) {
    if (n < w) return make();
    n -= w;
  }
  throw new Error('unreachable');
}
