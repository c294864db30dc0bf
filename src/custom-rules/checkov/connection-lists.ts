import type { CheckovGraph } from './graph.js';

/*
 * What ConnectionExistsSolver lists on Checkov's graph (get_rustworkx_operation): for each edge in
 * the graph's order whose origin is of the resource types and destination of the connected types
 * (or the origin of the connected types and the destination of the resource types), both ends,
 * as failed when one of them is excluded, unknown when one is unknown, else passed
 * (populate_checks_results). Checkov lists a vertex once per edge; here once per list, in the
 * order of its first edge: only membership is read after that, and for resources of one id, which
 * comes first.
 *
 * The edges from a NetworkPolicy are not listed one by one: those to the Pods of one selector are
 * alike but for each Pod's state, so each policy lists itself once per outcome it has, and the
 * Pods of its selector are listed for an outcome by the first policy that gives them that outcome.
 */

export interface ConnectionSides {
  /** The vertices the solver runs on (reduce_graph_by_target_types). */
  readonly inGraph: ReadonlySet<number>;
  readonly resources: ReadonlySet<number>;
  readonly connected: ReadonlySet<number>;
  /** Vertices that failed an attribute condition of the same and. */
  readonly excluded: ReadonlySet<number>;
  readonly unknown: ReadonlySet<number>;
}

export interface ConnectionLists {
  readonly passed: number[];
  readonly failed: number[];
  readonly unknown: number[];
}

/** The outcome of an edge: the worse of its two ends' states, passed < unknown < failed. */
const PASSED = 0;
const UNKNOWN = 1;
const FAILED = 2;
type State = typeof PASSED | typeof UNKNOWN | typeof FAILED;
const STATES: readonly State[] = [PASSED, UNKNOWN, FAILED];

/** The Pods of one selector on one side, with their states; `done` marks the (origin state, outcome) pairs already listed. */
interface SideOfSelection {
  readonly pods: readonly number[];
  readonly states: Uint8Array;
  /** How many of the Pods are in each state. */
  readonly counts: readonly [number, number, number];
  readonly done: Set<number>;
}

export function listConnections(graph: CheckovGraph, sides: ConnectionSides): ConnectionLists {
  const lists: [number[], number[], number[]] = [[], [], []];
  const listed = [new Set<number>(), new Set<number>(), new Set<number>()] as const;
  const list = (outcome: State, x: number) => {
    if (listed[outcome].has(x)) return;
    listed[outcome].add(x);
    lists[outcome].push(x);
  };
  const stateOf = (x: number): State => (sides.excluded.has(x) ? FAILED : sides.unknown.has(x) ? UNKNOWN : PASSED);
  const opposite = (u: number) => (!sides.inGraph.has(u) ? undefined : sides.resources.has(u) ? sides.connected : sides.connected.has(u) ? sides.resources : undefined);

  const edge = (u: number, v: number) => {
    if (!opposite(u)?.has(v) || !sides.inGraph.has(v)) return;
    const outcome = Math.max(stateOf(u), stateOf(v)) as State;
    list(outcome, u);
    list(outcome, v);
  };

  const selections = new Map<readonly number[], Map<ReadonlySet<number>, SideOfSelection>>();
  const sideOf = (pods: readonly number[], side: ReadonlySet<number>): SideOfSelection => {
    const bySide = selections.get(pods) ?? new Map<ReadonlySet<number>, SideOfSelection>();
    selections.set(pods, bySide);
    const known = bySide.get(side);
    if (known) return known;
    const kept = pods.filter((v) => side.has(v) && sides.inGraph.has(v));
    const states = Uint8Array.from(kept, stateOf);
    const counts: [number, number, number] = [0, 0, 0];
    for (const state of states) counts[state as State]++;
    const made = { pods: kept, states, counts, done: new Set<number>() };
    bySide.set(side, made);
    return made;
  };

  // Edges from u to each of its Pods, in their order: per outcome, u at its first such edge, then each Pod.
  const networkPolicyEdges = (u: number, pods: readonly number[]) => {
    const side = opposite(u);
    if (!side) return;
    const selection = sideOf(pods, side);
    const own = stateOf(u);
    for (const outcome of STATES) {
      if (outcome < own) continue;
      const reached = outcome > own ? selection.counts[outcome] > 0 : selection.counts.slice(0, own + 1).some((n) => n > 0);
      if (!reached) continue;
      list(outcome, u);
      const pair = own * STATES.length + outcome;
      if (selection.done.has(pair)) continue;
      selection.done.add(pair);
      selection.pods.forEach((v, i) => Math.max(own, selection.states[i]!) === outcome && list(outcome, v));
    }
  };

  const { from, to } = graph.edges;
  let e = 0;
  for (const { origin, pods } of graph.networkPolicies) {
    for (; e < from.length && from[e]! < origin; e++) edge(from[e]!, to[e]!);
    networkPolicyEdges(origin, pods);
  }
  for (; e < from.length; e++) edge(from[e]!, to[e]!);
  return { passed: lists[PASSED], failed: lists[FAILED], unknown: lists[UNKNOWN] };
}
