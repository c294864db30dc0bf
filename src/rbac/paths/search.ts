/*
 * Shortest escalation paths to one target: a 0-1 breadth-first search over the reversed graph
 * (technique edges cost a step, hub edges none), so every node learns its distance and the first
 * edge of one shortest path, in a deterministic order.
 */
import type { EscalationGraph, GraphEdge } from './graph.js';

export interface Reach {
  /** Steps to the target. */
  readonly distance: ReadonlyMap<string, number>;
  /** The edge to take from each node. */
  readonly next: ReadonlyMap<string, GraphEdge>;
}

export function reachTarget(graph: EscalationGraph, target: string): Reach {
  const incoming = new Map<string, GraphEdge[]>();
  for (const edges of graph.edges.values()) {
    for (const e of edges) {
      const list = incoming.get(e.to);
      if (list) list.push(e);
      else incoming.set(e.to, [e]);
    }
  }
  const distance = new Map<string, number>([[target, 0]]);
  const next = new Map<string, GraphEdge>();
  // A deque as two arrays: free edges go to the current level, steps to the next one.
  let level: string[] = [target];
  let nextLevel: string[] = [];
  while (level.length > 0) {
    for (let i = 0; i < level.length; i++) {
      const key = level[i];
      if (key === undefined) continue;
      const d = distance.get(key) ?? 0;
      for (const e of incoming.get(key) ?? []) {
        const cost = e.free ? 0 : 1;
        const known = distance.get(e.from);
        if (known !== undefined && known <= d + cost) continue;
        distance.set(e.from, d + cost);
        next.set(e.from, e);
        if (cost === 0) level.push(e.from);
        else nextLevel.push(e.from);
      }
    }
    level = nextLevel;
    nextLevel = [];
  }
  return { distance, next };
}

/** The edges from `source` to the target, following `next`. */
export function pathFrom(reach: Reach, source: string): GraphEdge[] {
  const path: GraphEdge[] = [];
  const seen = new Set<string>();
  for (let e = reach.next.get(source); e && !seen.has(e.from); e = reach.next.get(e.to)) {
    seen.add(e.from);
    path.push(e);
  }
  return path;
}
