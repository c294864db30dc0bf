import { type LabelSelector, matchesSelector } from './selectors.js';

/** Something that carries labels: a workload's pods, a custom resource, ... */
export interface Labeled<T> {
  readonly item: T;
  readonly labels: Readonly<Record<string, string>>;
}

/** Below this many entries, testing each is as quick as the index. */
const SMALL = 32;

/**
 * Answers "which of these label sets does a selector match?" without testing every one: only the
 * entries carrying the rarest of the selector's matchLabels pairs are tested, since a match
 * carries them all. Services, policies and budgets select by labels over and over, thousands of
 * times in a large namespace.
 */
export class LabeledIndex<T> {
  private byPair: Map<string, Array<Labeled<T>>> | undefined;

  constructor(private readonly entries: ReadonlyArray<Labeled<T>>) {}

  /** The items whose labels the selector matches, in entry order. */
  matching(selector: LabelSelector): T[] {
    const out: T[] = [];
    for (const entry of this.candidates(selector)) if (matchesSelector(selector, entry.labels)) out.push(entry.item);
    return out;
  }

  /** Whether the selector matches any entry's labels. */
  some(selector: LabelSelector): boolean {
    return this.candidates(selector).some((entry) => matchesSelector(selector, entry.labels));
  }

  private candidates(selector: LabelSelector): ReadonlyArray<Labeled<T>> {
    const wanted = selector.matchLabels;
    if (this.entries.length < SMALL) return this.entries;
    let best: ReadonlyArray<Labeled<T>> | undefined;
    for (const key in wanted) {
      const filed = this.index().get(`${key}\u0000${wanted[key]}`) ?? [];
      if (!best || filed.length < best.length) best = filed;
    }
    return best ?? this.entries;
  }

  private index(): Map<string, Array<Labeled<T>>> {
    if (!this.byPair) {
      this.byPair = new Map();
      for (const entry of this.entries) {
        for (const key in entry.labels) {
          const pair = `${key}\u0000${entry.labels[key]}`;
          const filed = this.byPair.get(pair);
          if (filed) filed.push(entry);
          else this.byPair.set(pair, [entry]);
        }
      }
    }
    return this.byPair;
  }
}
