/*
 * Orders large lists (millions of connections) by keys that take few distinct values, such as
 * peers: each key is a rank, and a stable counting sort per key, least significant first, orders
 * the list by all keys in linear time, as a comparison sort on the joined keys would, without a
 * string per item. Written here because no library sorts by integer ranks this way.
 */

/** One sort key: the rank of each item, all below `ranks`. */
export interface RankKey {
  readonly rank: Int32Array;
  readonly ranks: number;
}

/** The positions of `length` items ordered by `keys` (most significant first); ties keep their positions' order. */
export function orderByRanks(length: number, keys: readonly RankKey[]): Uint32Array {
  let order: Uint32Array = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k] as RankKey;
    order = stableOrderByRank(key.rank, order, key.ranks);
  }
  return order;
}

/** The rank of each name among the distinct names, in code unit order (equal names, equal ranks). */
function rankNames(names: readonly string[]): RankKey {
  const distinct = [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map(distinct.map((name, i) => [name, i]));
  return { rank: Int32Array.from(names, (name) => rankOf.get(name) as number), ranks: distinct.length };
}

/** The rank of each distinct item by its name (equal names, equal ranks), and how many ranks there are. */
export function rankItems<T>(items: Iterable<T>, nameOf: (item: T) => string): { readonly rankOf: ReadonlyMap<T, number>; readonly ranks: number } {
  const distinct = [...new Set(items)];
  const { rank, ranks } = rankNames(distinct.map(nameOf));
  return { rankOf: new Map(distinct.map((item, i) => [item, rank[i] as number])), ranks };
}

/** `rankOf(item)` for each item. (A loop: `Int32Array.from` with a mapping function holds every value boxed first.) */
export function ranksOf<T>(items: readonly T[], rankOf: (item: T) => number): Int32Array {
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = rankOf(items[i] as T);
  return out;
}

/** `order` re-ordered by `rank[i]`, keeping the given order among equal ranks: a counting sort. */
function stableOrderByRank(rank: Int32Array, order: Uint32Array, ranks: number): Uint32Array {
  const next = new Uint32Array(ranks + 1);
  for (const i of order) {
    const r = (rank[i] as number) + 1;
    next[r] = (next[r] as number) + 1;
  }
  for (let r = 1; r <= ranks; r++) next[r] = (next[r] as number) + (next[r - 1] as number);
  const out = new Uint32Array(order.length);
  for (const i of order) out[(next[rank[i] as number] as number)++] = i;
  return out;
}
