import { FLAG_KEY, FLAG_WRAPPER, KIND_MAPPING, KIND_OTHER, KIND_SEQUENCE, OPEN_BASE } from './position-recorder.js';

export const NODE_MAPPING = KIND_MAPPING;
export const NODE_SEQUENCE = KIND_SEQUENCE;
export const NODE_SCALAR = KIND_OTHER;

/**
 * Navigates the recorded events of one parse without building node objects: a node is the
 * index of its open event, and one pass pairs every open event with its close event.
 */
export class PositionLog {
  private readonly closeOf: Int32Array;

  constructor(
    private readonly events: Int32Array,
    /** Offset of the parsed chunk in the file text. */
    private readonly base: number,
  ) {
    this.closeOf = new Int32Array(events.length);
    const stack: number[] = [];
    for (let i = 0; i < events.length; i++) {
      if ((events[i] ?? 0) >= OPEN_BASE) stack.push(i);
      else {
        const open = stack.pop();
        if (open !== undefined) this.closeOf[open] = i;
      }
    }
  }

  /** Open-event indexes of the top-level nodes, one per document. */
  roots(): number[] {
    const roots: number[] = [];
    for (let i = 0; i < this.events.length; i = this.closeOf[i]! + 1) roots.push(this.unwrap(i));
    return roots;
  }

  offset(node: number): number {
    return this.events[node]! - OPEN_BASE + this.base;
  }

  kind(node: number): number {
    return this.events[this.closeOf[node]!]! & 3;
  }

  isKey(node: number): boolean {
    return (this.events[this.closeOf[node]!]! & FLAG_KEY) !== 0;
  }

  /** The first child's index, or -1. Children of a mapping are keys, each followed by its value if any. */
  firstChild(node: number): number {
    const next = node + 1;
    return (this.events[next] ?? 0) >= OPEN_BASE ? this.unwrap(next) : -1;
  }

  nextSibling(child: number): number {
    const next = this.outerClose(child) + 1;
    return (this.events[next] ?? 0) >= OPEN_BASE ? this.unwrap(next) : -1;
  }

  // js-yaml reports a block node it read as a candidate mapping key twice (see PositionRecorder):
  // the outer event carries FLAG_WRAPPER and holds the real node as its only child.
  private unwrap(node: number): number {
    const close = this.closeOf[node]!;
    const flags = this.events[close]!;
    if ((flags & FLAG_WRAPPER) === 0) return node;
    const inner = node + 1;
    if (this.closeOf[inner] === close - 1 && (this.events[close - 1]! & 3) === (flags & 3)) return inner;
    return node;
  }

  /** The close event of the outermost node that `unwrap` may have looked through. */
  private outerClose(child: number): number {
    const close = this.closeOf[child]!;
    const after = close + 1;
    const flags = this.events[after];
    if (flags !== undefined && flags < OPEN_BASE && (flags & FLAG_WRAPPER) !== 0 && this.events[child - 1]! >= OPEN_BASE && this.closeOf[child - 1] === after) {
      return after;
    }
    return close;
  }
}
