import { type LabelSelector, matchesSelector } from './selectors.js';

/**
 * Finds, among many selectors, those that match a set of labels without testing every one: a
 * selector with matchLabels is filed under one of its pairs, which every label set it matches
 * carries; only the others (matchExpressions only, or empty) are tested for every label set.
 * Thousands of PodDisruptionBudgets over thousands of workloads in one namespace then cost what
 * they match, not budgets × workloads.
 */
export class SelectorIndex<T> {
  private readonly selectors: Array<LabelSelector | undefined>;
  private readonly byPair = new Map<string, number[]>();
  private readonly unfiled: number[] = [];

  /** `selectorOf` undefined: the item matches nothing. */
  constructor(
    private readonly items: readonly T[],
    selectorOf: (item: T) => LabelSelector | undefined,
  ) {
    this.selectors = items.map(selectorOf);
    this.selectors.forEach((selector, i) => {
      if (!selector?.valid) return;
      for (const key in selector.matchLabels) {
        const pair = `${key}\u0000${selector.matchLabels[key]}`;
        const filed = this.byPair.get(pair);
        if (filed) filed.push(i);
        else this.byPair.set(pair, [i]);
        return;
      }
      this.unfiled.push(i);
    });
  }

  /** The items whose selector matches `labels`, in their order. */
  matching(labels: Readonly<Record<string, string>>): T[] {
    const candidates = [...this.unfiled];
    for (const key in labels) {
      const filed = this.byPair.get(`${key}\u0000${labels[key]}`);
      if (filed) for (const i of filed) candidates.push(i);
    }
    candidates.sort((a, b) => a - b);
    const out: T[] = [];
    for (const i of candidates) {
      const selector = this.selectors[i];
      if (selector && matchesSelector(selector, labels)) out.push(this.items[i] as T);
    }
    return out;
  }
}
