import { ConnSet } from '../ports/conn-set.js';

/**
 * Interns connection sets so the engine can store them as small integers in typed arrays, and
 * memoizes intersections by id pair: the full map intersects the same few sets millions of times.
 */
export class ConnTable {
  private readonly byKey = new Map<string, number>();
  private readonly sets: ConnSet[] = [];
  private readonly intersections = new Map<number, number>();
  readonly NONE: number;
  readonly ALL: number;

  constructor() {
    this.NONE = this.id(ConnSet.NONE);
    this.ALL = this.id(ConnSet.ALL);
  }

  id(set: ConnSet): number {
    let id = this.byKey.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.byKey.set(set.key, id);
    }
    return id;
  }

  get(id: number): ConnSet {
    const set = this.sets[id];
    if (!set) throw new Error(`unknown connection set ${id}`);
    return set;
  }

  intersect(a: number, b: number): number {
    if (a === this.NONE || b === this.NONE) return this.NONE;
    if (a === this.ALL || a === b) return b;
    if (b === this.ALL) return a;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.id(this.get(a).intersect(this.get(b)));
      this.intersections.set(key, id);
    }
    return id;
  }
}
