import { MERGED_VIA } from './merge-keys.js';
import type { Position } from '../../core/location.js';
import type { Path, PathSegment } from '../../core/path.js';
import { keyTextAt, skipToContent } from './key-text.js';
import type { LineIndex } from './line-index.js';
import { NODE_MAPPING, NODE_SEQUENCE, type PositionLog } from './position-tree.js';
import { afterKeyIndicator } from './position-recorder.js';

/** Finds where a field of a parsed document is written. */
export interface Locator {
  /**
   * The position of the field at `path` (the key, for mapping entries). When the field does not
   * exist, the position of the nearest enclosing node that does.
   */
  locate(path: Path): Position;
}

/** A document's position log and its root node, created on first use. */
export interface DocumentPositions {
  readonly log: PositionLog;
  readonly root: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves paths against a position log, walking the loaded value alongside to stay in step. */
export class TreeLocator implements Locator {
  constructor(
    private readonly load: () => DocumentPositions | undefined,
    private readonly value: unknown,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly fallbackOffset: number,
    /** Whether the document held merge keys (MERGED_VIA says which values they gave). */
    private readonly merged = false,
  ) {}

  locate(path: Path): Position {
    const state = stateFor(this);
    const text = this.text;
    if (!state.loaded) {
      state.loaded = true;
      state.positions = this.load();
      // The walk starts at the root.
      if (state.positions) {
        state.nodes[0] = state.positions.root;
        state.values[0] = this.value;
        state.offsets[0] = skipToContent(text, state.positions.log.offset(state.positions.root));
      }
    }
    const positions = state.positions;
    if (!positions) return this.lines.position(skipToContent(text, this.fallbackOffset));
    const log = positions.log;
    // Resume after the steps this path shares with the previous one.
    let depth = 0;
    while (depth < state.steps && depth < path.length && state.segments[depth] === path[depth]) depth++;
    let node = state.nodes[depth] as number;
    let value = state.values[depth];
    let offset = state.offsets[depth] as number;
    for (; depth < path.length; depth++) {
      const segment = path[depth] as PathSegment;
      if (node < 0) break;
      const kind = log.kind(node);
      if (typeof segment === 'string' && kind === NODE_MAPPING && isRecord(value)) {
        const via = this.merged ? MERGED_VIA.get(value)?.get(segment) : undefined;
        const key = via === undefined ? state.keyOf(log, node, segment, text) : mergeKey(log, node, via, text);
        if (key < 0) break;
        offset = skipToContent(text, log.offset(key));
        const next = log.nextSibling(key);
        node = next >= 0 && !log.isKey(next) ? next : -1;
        value = value[segment];
      } else if (typeof segment === 'number' && kind === NODE_SEQUENCE && Array.isArray(value)) {
        const item = state.itemOf(log, node, segment, value.length, text);
        if (item === EMPTY_ITEM) {
          // An empty item (`-` alone) has no node: its dash is where it is written.
          offset = state.emptyItemOffset;
          node = -1;
        } else if (item < 0) break;
        else {
          offset = skipToContent(text, log.offset(item));
          node = item;
        }
        value = value[segment];
      } else break;
      state.segments[depth] = segment;
      state.nodes[depth + 1] = node;
      state.values[depth + 1] = value;
      state.offsets[depth + 1] = offset;
    }
    state.steps = depth;
    return this.lines.position(offset);
  }
}

/**
 * What locating needs of a document beyond its parse: the position log's index (as large as the
 * log), the keys found so far, and the last path walked. A scan locates one document's findings
 * one after another, and they share most of their paths (spec, template, containers[0], ...) and
 * keys; they are rarely located again later. So this is kept for the two documents located last
 * only, not for the whole scan (where it would be as large as the parse), and rebuilt when needed
 * again. Two, not one: code that alternates between two documents does not start over each time.
 */
class LocatingState {
  owner: TreeLocator | undefined;
  positions: DocumentPositions | undefined;
  loaded = false;
  /**
   * Steps of the last walk that led somewhere: `segments[i]` led to `nodes[i + 1]`, `values[i + 1]`
   * and `offsets[i + 1]`. The arrays keep their size across walks; only `steps` entries count.
   */
  steps = 0;
  readonly segments: PathSegment[] = [];
  readonly nodes: number[] = [];
  readonly values: unknown[] = [];
  readonly offsets: number[] = [];
  private readonly keys = new Map<number, Map<string, number>>();
  /** Mappings too small to index: their keys are searched for each lookup. */
  private readonly small = new Set<number>();
  /** Per sequence looked into, how many items the log has for it. */
  private readonly itemCounts = new Map<number, number>();
  /** Per block sequence with empty items, the offsets of its items' dashes (undefined: not a block sequence). */
  private readonly dashes = new Map<number, number[] | undefined>();
  /** Where the empty item itemOf last answered EMPTY_ITEM for is written. */
  emptyItemOffset = 0;
  /** Per long sequence, the last item found in it. */
  private readonly cursors = new Map<number, { index: number; item: number }>();

  reset(owner: TreeLocator): void {
    this.owner = owner;
    // Clearing an empty Map still allocates a new table; most documents fill none of these.
    if (this.cursors.size > 0) this.cursors.clear();
    if (this.itemCounts.size > 0) this.itemCounts.clear();
    if (this.dashes.size > 0) this.dashes.clear();
    if (this.keys.size > 0) this.keys.clear();
    if (this.small.size > 0) this.small.clear();
    this.positions = undefined;
    this.loaded = false;
    this.steps = 0;
    this.values.fill(undefined);
  }

  /**
   * Item `n` of a sequence. Items are reached by stepping from sibling to sibling; in a long
   * sequence, the last item found is where the next search starts when it is further down: the
   * objects of a kubectl List (thousands of items in one document) are located in order, each in a
   * few steps instead of a walk from the first item.
   */
  itemOf(log: PositionLog, sequence: number, n: number, length: number, text: string): number {
    if (!this.itemsMatch(log, sequence, length)) return this.itemByDashes(log, sequence, n, length, text);
    let i = 0;
    let child = log.firstChild(sequence);
    const cursor = n >= LONG_SEQUENCE ? this.cursors.get(sequence) : undefined;
    if (cursor && n >= cursor.index) {
      i = cursor.index;
      child = cursor.item;
    }
    for (; i < n && child >= 0; i++) child = nextItem(log, child);
    if (child >= 0 && n >= LONG_SEQUENCE) {
      if (cursor) {
        cursor.index = n;
        cursor.item = child;
      } else this.cursors.set(sequence, { index: n, item: child });
    }
    return child;
  }

  /**
   * Item `n` of a block sequence whose log lacks nodes for its empty items, found by its dash:
   * the node written between its dash and the next, or EMPTY_ITEM (with its dash's offset in
   * `emptyItemOffset`) for an empty one; -1 when the dashes do not account for every item.
   */
  private itemByDashes(log: PositionLog, sequence: number, n: number, length: number, text: string): number {
    let dashes = this.dashes.get(sequence);
    if (dashes === undefined) this.dashes.set(sequence, (dashes = blockItemDashes(text, skipToContent(text, log.offset(sequence)))));
    const start = dashes?.length === length ? dashes[n] : undefined;
    if (start === undefined) return -1;
    const end = dashes?.[n + 1] ?? Number.POSITIVE_INFINITY;
    for (let child = log.firstChild(sequence); child >= 0; child = nextItem(log, child)) {
      const at = skipToContent(text, log.offset(child));
      if (at >= end) break;
      if (at >= start) return child;
    }
    this.emptyItemOffset = start;
    return EMPTY_ITEM;
  }

  /**
   * Whether the log has a node for every item of the loaded sequence. An empty block item (a `-`
   * alone on its line, loaded as null) has none in js-yaml's log, so counting nodes would reach
   * the wrong item after it: such a sequence's items are then found by their dashes.
   */
  private itemsMatch(log: PositionLog, sequence: number, length: number): boolean {
    let known = this.itemCounts.get(sequence);
    if (known === undefined) {
      known = 0;
      for (let child = log.firstChild(sequence); child >= 0; child = nextItem(log, child)) known++;
      this.itemCounts.set(sequence, known);
    }
    return known === length;
  }

  keyOf(log: PositionLog, mapping: number, name: string, text: string): number {
    let known = this.keys.get(mapping);
    if (!known) {
      if (this.small.has(mapping)) return findKey(log, mapping, name, text);
      const index = largeMappingIndex(log, mapping, text);
      if (!index) {
        this.small.add(mapping);
        return findKey(log, mapping, name, text);
      }
      known = index;
      this.keys.set(mapping, known);
    }
    return known.get(name) ?? -1;
  }
}

/** itemOf's answer for an empty sequence item, which has no node. */
const EMPTY_ITEM = -2;

/**
 * The offsets of the item dashes of the block sequence whose first dash is at `first`: the lines
 * whose content starts with `- ` (or a lone `-`) at that column, until a line starts further left,
 * or at that column with something else. Blank and comment lines are passed over, and deeper
 * lines belong to the current item. Undefined when `first` is not a dash (a flow sequence).
 */
function blockItemDashes(text: string, first: number): number[] | undefined {
  if (text[first] !== '-') return undefined;
  const column = first - (text.lastIndexOf('\n', first - 1) + 1);
  const dashes = [first];
  for (let eol = text.indexOf('\n', first); eol !== -1; ) {
    const lineStart = eol + 1;
    let p = lineStart;
    while (text[p] === ' ') p++;
    const c = text[p];
    if (c === undefined) break;
    if (c !== '\n' && c !== '\r' && c !== '#') {
      const at = p - lineStart;
      if (at < column) break;
      if (at === column) {
        const after = text[p + 1];
        if (c !== '-' || !(after === undefined || after === ' ' || after === '\n' || after === '\r')) break;
        dashes.push(p);
      }
    }
    eol = text.indexOf('\n', p);
  }
  return dashes;
}

/** Mappings with more keys than this are indexed whole on the first lookup. */
const LARGE_MAPPING = 32;

/** Sequences whose items are searched from the last one found, once an index this high is asked. */
const LONG_SEQUENCE = 16;

let latest = new LocatingState();
let previous = new LocatingState();

function stateFor(owner: TreeLocator): LocatingState {
  if (latest.owner !== owner) {
    const state = previous;
    previous = latest;
    latest = state;
    if (state.owner !== owner) state.reset(owner);
  }
  return latest;
}

/** The item after `child` in a sequence, or -1. */
function nextItem(log: PositionLog, child: number): number {
  // A single-pair mapping in a flow sequence (`[a: 1, b]`) has no node of its own in js-yaml's
  // log: its key and value stand side by side in the sequence, and count as one item.
  let last = child;
  if (log.isKey(child)) {
    const value = log.nextSibling(child);
    if (value >= 0 && !log.isKey(value)) last = value;
  }
  return log.nextSibling(last);
}

/**
 * All keys of a mapping by their loaded names, when it has many: one pass, instead of one search
 * per key looked up (a ConfigMap with 20,000 keys, each reported, took 25 s that way).
 */
function largeMappingIndex(log: PositionLog, mapping: number, text: string): Map<string, number> | undefined {
  const keys: number[] = [];
  for (let child = log.firstChild(mapping); child >= 0; child = log.nextSibling(child)) if (log.isKey(child)) keys.push(child);
  if (keys.length <= LARGE_MAPPING) return undefined;
  const index = new Map<string, number>();
  for (const key of keys) {
    const name = keyTextAt(text, log.offset(key));
    // The last one wins, as when the mapping is loaded (JSON allows repeated keys).
    if (name !== undefined) index.set(name, key);
  }
  return index;
}

/** The key node named `name` in a mapping; the last one wins, as when the mapping is loaded. */
/** The `ordinal`-th `<<` key of a mapping node, or -1. */
function mergeKey(log: PositionLog, mapping: number, ordinal: number, text: string): number {
  let seen = 0;
  for (let child = log.firstChild(mapping); child >= 0; child = log.nextSibling(child)) {
    if (log.isKey(child) && isPlainKey(text, skipToContent(text, log.offset(child)), '<<') && seen++ === ordinal) return child;
  }
  return -1;
}

function findKey(log: PositionLog, mapping: number, name: string, text: string): number {
  let found = -1;
  let needsDecode = false;
  for (let child = log.firstChild(mapping); child >= 0; child = log.nextSibling(child)) {
    if (!log.isKey(child)) continue;
    const at = skipToContent(text, log.offset(child));
    if (isPlainKey(text, at, name)) found = child;
    else if (!needsDecode && (mayLoadAsOtherText(text, at) || afterKeyIndicator(text, at))) needsDecode = true;
  }
  if (found >= 0 || !needsDecode) return found;
  // Quoted keys, or plain keys whose loaded form differs from their text (`on:` is "true").
  for (let child = log.firstChild(mapping); child >= 0; child = log.nextSibling(child)) {
    if (log.isKey(child) && keyTextAt(text, log.offset(child)) === name) found = child;
  }
  return found;
}

/** Whether the plain key at `at` is exactly `name`, without allocating. */
function isPlainKey(text: string, at: number, name: string): boolean {
  if (!text.startsWith(name, at)) return false;
  let p = at + name.length;
  let c = text.charCodeAt(p);
  while (c === 32 || c === 9) c = text.charCodeAt(++p);
  if (c !== 58) return false;
  const after = text.charCodeAt(p + 1);
  return Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13 || after === 44 || after === 125 || after === 93;
}

/**
 * Whether a key's loaded name can differ from its text: quoted keys, keys with an anchor or tag,
 * and plain keys Kubernetes' YAML reader resolves to a number, boolean or null (`0644`, `on`).
 */
function mayLoadAsOtherText(text: string, at: number): boolean {
  const c = text[at] ?? '';
  if ('"\'&!?0123456789+-.~'.includes(c)) return true;
  if (!'yYnNtTfFoO'.includes(c)) return false;
  let p = at;
  while (p - at < 6 && p < text.length && text[p] !== ':') p++;
  return p - at < 6;
}
