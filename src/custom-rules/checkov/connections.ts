import { complexOperator, kindsOf, type Node, node, PolicyError, toList, type Verdict } from './conditions.js';
import { listConnections } from './connection-lists.js';
import type { CheckovGraph } from './graph.js';
import { isDict, pyIn, pyTruthy, PyTypeError, type PyValue } from './python.js';

/*
 * A Checkov policy with connection conditions (cond_type: connection), evaluated on Checkov's graph
 * of all the resources scanned (graph.ts) as Checkov's solvers evaluate it
 * (checkov/common/checks_infra/solvers/connections_solvers): every resource of the condition's
 * resource_types and connected_resource_types gets a verdict, passed when an edge joins it to one
 * of the other side (exists; not_exists is the opposite; one_exists the same here). In an `and`
 * with attribute conditions, a resource that fails one of them fails its connections too; in an
 * `or`, a pass anywhere wins. Filters on resource_type narrow what an and/or reports. Hand-written
 * from Checkov's source: no library evaluates Checkov's policies.
 */

/** Lists of vertex indices, as Checkov's solvers return them (duplicates kept). */
interface Outcome {
  readonly passed: number[];
  readonly failed: number[];
  readonly unknown: number[];
}

/** Appends in place; a spread (`push(...items)`) overflows the stack from about a hundred thousand items. */
function append(target: number[], items: readonly number[]): void {
  for (const item of items) target.push(item);
}

function appendOutcome(target: Outcome, found: Outcome): void {
  append(target.passed, found.passed);
  append(target.failed, found.failed);
  append(target.unknown, found.unknown);
}

/** The graph a solver runs on, and why each failed vertex failed (the first reason found). */
interface Run {
  readonly graph: CheckovGraph;
  readonly reasons: Map<number, Verdict>;
}

/** Where Python raises inside an and/or/not of attribute conditions: Checkov drops the whole check. */
class CheckDropped extends Error {}

interface Solver {
  run(run: Run, nodes: readonly number[]): Outcome;
}

const kindOf = (run: Run, v: number) => run.graph.vertices[v]!.resource.kind;
/** BaseSolver.resource_type_pred: no types is every type. */
const ofTypes = (run: Run, v: number, types: readonly string[]) => types.length === 0 || types.includes(kindOf(run, v));
const keyOf = (run: Run, v: number) => run.graph.vertices[v]!.key;

function fail(run: Run, v: number, why: Verdict): void {
  if (!run.reasons.has(v)) run.reasons.set(v, why);
}

/** One attribute condition: each resource of its kinds; one where Python raises gets nothing (it ran in a thread of its own). */
class AttributeSolver implements Solver {
  constructor(
    readonly condition: Node,
    readonly kinds: readonly string[],
  ) {}

  run(run: Run, nodes: readonly number[]): Outcome {
    const outcome: Outcome = { passed: [], failed: [], unknown: [] };
    for (const v of nodes) {
      if (!ofTypes(run, v, this.kinds)) continue;
      let verdict: Verdict;
      try {
        verdict = this.condition.evaluate(run.graph.vertices[v]!.resource.vertex);
      } catch (error) {
        if (error instanceof PyTypeError) continue;
        throw error;
      }
      if (verdict === undefined) outcome.unknown.push(v);
      else if (verdict.passed) outcome.passed.push(v);
      else {
        outcome.failed.push(v);
        fail(run, v, verdict);
      }
    }
    return outcome;
  }
}

/** An and/or/not of attribute conditions (BaseComplexSolver): where Python raises, the check is dropped. */
class ComplexSolver extends AttributeSolver {
  override run(run: Run, nodes: readonly number[]): Outcome {
    try {
      return super.run(run, nodes);
    } catch (error) {
      if (error instanceof PyTypeError) throw new CheckDropped();
      throw error;
    }
  }
}

/** A filter of an and/or with connections: what it keeps of the results (WithinFilterSolver). */
class FilterSolver {
  constructor(
    readonly attribute: string,
    readonly values: PyValue,
  ) {}

  keeps(run: Run, v: number): boolean {
    if (this.attribute === '') return false;
    const value = run.graph.vertices[v]!.resource.vertex.get(this.attribute);
    try {
      return pyTruthy(value) && pyIn(value, this.values);
    } catch (error) {
      if (error instanceof PyTypeError) throw new CheckDropped();
      throw error;
    }
  }
}

abstract class ConnectionSolver implements Solver {
  protected underResource: number[] = [];
  protected underConnected: number[] = [];
  protected excluded = new Set<number>();
  protected unknownVertices = new Set<number>();

  constructor(
    readonly resourceTypes: readonly string[],
    readonly connectedTypes: readonly string[],
  ) {}

  /** BaseConnectionSolver.set_vertices. */
  setVertices(run: Run, nodes: readonly number[], exclude: readonly number[], unknown: readonly number[]): void {
    this.underResource = nodes.filter((v) => ofTypes(run, v, this.resourceTypes));
    this.underConnected = nodes.filter((v) => ofTypes(run, v, this.connectedTypes));
    const both = [...this.underResource, ...this.underConnected];
    const excluded = new Set(exclude);
    const unknownSet = new Set(unknown);
    this.excluded = new Set(both.filter((v) => excluded.has(v)));
    this.unknownVertices = new Set(both.filter((v) => unknownSet.has(v)));
  }

  run(run: Run, nodes: readonly number[]): Outcome {
    this.setVertices(run, nodes, [], []);
    // reduce_graph_by_target_types: only the resources of the types named, when there are any to check.
    const targeted = [...this.resourceTypes, ...this.connectedTypes];
    const reduced = this.underResource.length === 0 ? nodes : nodes.filter((v) => ofTypes(run, v, targeted));
    return this.operation(run, reduced);
  }

  abstract operation(run: Run, nodes: readonly number[]): Outcome;
}

type ConnectionOperator = 'exists' | 'not_exists' | 'one_exists';

/** ConnectionExistsSolver and the two built on it. */
class ConnectionCondition extends ConnectionSolver {
  constructor(
    readonly operator: ConnectionOperator,
    resourceTypes: readonly string[],
    connectedTypes: readonly string[],
  ) {
    super(resourceTypes, connectedTypes);
  }

  private get why(): Verdict {
    return { passed: false, condition: `connection ${this.operator} between ${JSON.stringify(this.resourceTypes)} and ${JSON.stringify(this.connectedTypes)}` };
  }

  private exists(run: Run, nodes: readonly number[]): Outcome {
    if (this.underResource.length === 0 || this.underConnected.length === 0) {
      const outcome: Outcome = { passed: [], failed: [], unknown: [] };
      append(outcome.failed, this.underResource);
      append(outcome.failed, this.underConnected);
      return outcome;
    }
    // Each vertex is listed once per list (Checkov lists one per edge): only membership matters from here on.
    const listed: Outcome = listConnections(run.graph, {
      inGraph: new Set(nodes),
      resources: new Set(this.underResource),
      connected: new Set(this.underConnected),
      excluded: this.excluded,
      unknown: this.unknownVertices,
    });
    const decided = new Set([...listed.passed, ...listed.unknown]);
    append(listed.failed, this.underResource.filter((v) => !decided.has(v)));
    append(listed.failed, this.underConnected.filter((v) => !decided.has(v)));
    return listed;
  }

  operation(run: Run, nodes: readonly number[]): Outcome {
    const found = this.exists(run, nodes);
    const passed = new Set(found.passed);
    const outcome: Outcome =
      this.operator === 'not_exists'
        ? { passed: found.failed, failed: found.passed, unknown: found.unknown }
        : this.operator === 'one_exists'
          ? { passed: found.passed, failed: found.failed.filter((v) => !passed.has(v)), unknown: found.unknown.filter((v) => !passed.has(v)) }
          : found;
    for (const v of outcome.failed) fail(run, v, this.why);
    return outcome;
  }
}

/** AndConnectionSolver and OrConnectionSolver: an and/or with at least one connection among its conditions. */
class ComplexConnection extends ConnectionSolver {
  constructor(
    readonly operator: 'and' | 'or',
    readonly solvers: ReadonlyArray<Solver | FilterSolver>,
    readonly filters: readonly FilterSolver[],
    /** The resource types the filters on resource_type name (get_sorted_connection_solvers). */
    readonly filteredTypes: readonly string[],
    resourceTypes: readonly string[],
    connectedTypes: readonly string[],
  ) {
    super(resourceTypes, connectedTypes);
  }

  private attributeOutcome(run: Run, nodes: readonly number[]): Outcome {
    const outcome: Outcome = { passed: [], failed: [], unknown: [] };
    for (const solver of this.solvers) {
      if (!(solver instanceof AttributeSolver)) continue;
      const found = solver.run(run, nodes);
      appendOutcome(outcome, found);
    }
    return outcome;
  }

  private connections(): ConnectionSolver[] {
    return this.solvers.filter((s): s is ConnectionSolver => s instanceof ConnectionSolver);
  }

  operation(run: Run, nodes: readonly number[]): Outcome {
    return this.operator === 'and' ? this.and(run, nodes) : this.or(run, nodes);
  }

  private and(run: Run, nodes: readonly number[]): Outcome {
    if (this.underResource.length === 0) return { passed: [], failed: [], unknown: [] };
    const { passed: attributePassed, failed, unknown } = this.attributeOutcome(run, nodes);
    const key = (v: number) => keyOf(run, v);
    const failedOrUnknown = new Set([...failed, ...unknown].map(key));
    let passed = attributePassed.filter((v) => !failedOrUnknown.has(key(v)));
    // Connections whose types a resource_type filter names go last.
    const named = (s: ConnectionSolver) => [...s.resourceTypes, ...s.connectedTypes].some((t) => this.filteredTypes.includes(t));
    const sorted = [...this.connections().filter((s) => !named(s)), ...this.connections().filter(named)];
    for (const solver of sorted) {
      solver.setVertices(run, nodes, failed, unknown);
      const found = solver.operation(run, nodes);
      appendOutcome({ passed, failed, unknown }, found);
    }
    const failedKeys = new Set(failed.map(key));
    const unknownKeys = new Set(unknown.map(key));
    passed = passed.filter((v) => !failedKeys.has(key(v)) && !unknownKeys.has(key(v)));
    return this.filtered(run, { passed, failed, unknown: unknown.filter((v) => !failedKeys.has(key(v))) });
  }

  private or(run: Run, nodes: readonly number[]): Outcome {
    const { passed, failed, unknown } = this.attributeOutcome(run, nodes);
    for (const solver of this.connections()) {
      solver.setVertices(run, nodes, [], []);
      const found = solver.operation(run, nodes);
      appendOutcome({ passed, failed, unknown }, found);
    }
    const key = (v: number) => keyOf(run, v);
    const passedKeys = new Set(passed.map(key));
    const unknownKeys = new Set(unknown.map(key));
    return this.filtered(run, {
      passed,
      failed: failed.filter((v) => !passedKeys.has(key(v)) && !unknownKeys.has(key(v))),
      unknown: unknown.filter((v) => !passedKeys.has(key(v))),
    });
  }

  /** filter_results: what the filters keep, each resource once. */
  private filtered(run: Run, outcome: Outcome): Outcome {
    const keep = (list: number[]) => {
      const kept = list.filter((v) => this.filters.every((f) => f.keeps(run, v)));
      const byKey = new Map<string, number>();
      for (const v of kept) if (!byKey.has(keyOf(run, v))) byKey.set(keyOf(run, v), v);
      return [...byKey.values()];
    };
    return { passed: keep(outcome.passed), failed: keep(outcome.failed), unknown: keep(outcome.unknown) };
  }
}

const CONNECTION_OPERATORS: readonly string[] = ['exists', 'not_exists', 'one_exists'];

/** Whether a definition holds a connection condition anywhere. */
export function hasConnection(definition: unknown): boolean {
  if (!isDict(definition)) return false;
  const complex = complexOperator(definition);
  if (complex) return toList(definition[complex]).some(hasConnection);
  return definition.cond_type === 'connection';
}

type Parsed = { readonly solver: Solver | FilterSolver; readonly connects: boolean; readonly kinds: readonly string[]; readonly connected: readonly string[] };

/** Checkov's _parse_raw_check and get_check_solver, for a definition with connections. */
function parse(definition: unknown, where: string): Parsed {
  if (!isDict(definition)) throw new PolicyError(`${where}: expected a condition or and/or/not, found ${Array.isArray(definition) ? 'a list' : JSON.stringify(definition)}`);
  const complex = complexOperator(definition);
  if (complex) {
    if (!hasConnection(definition)) {
      const condition = node(definition, where);
      return { solver: new ComplexSolver(condition, condition.kinds), connects: false, kinds: condition.kinds, connected: [] };
    }
    const children = toList(definition[complex]).map((child, i) => parse(child, `${where}.${complex}[${i}]`));
    if (complex === 'not') throw new PolicyError(`${where}.not: Checkov has no "not" of a connection`);
    const solvers = children.map((c) => c.solver);
    const filters = solvers.filter((s): s is FilterSolver => s instanceof FilterSolver);
    const filteredTypes = filters.filter((f) => f.attribute === 'resource_type' && Array.isArray(f.values)).flatMap((f) => (f.values as PyValue[]).map(String));
    // ComplexConnectionSolver's types: those of its connections and attribute conditions.
    const kinds = [...new Set(children.filter((c) => c.connects || c.solver instanceof AttributeSolver).flatMap((c) => (c.solver instanceof ComplexSolver ? [] : c.kinds)))];
    const connected = [...new Set(children.filter((c) => c.connects).flatMap((c) => c.connected))];
    return { solver: new ComplexConnection(complex, solvers, filters, filteredTypes, kinds, connected), connects: true, kinds, connected };
  }
  if (definition.cond_type === 'connection') {
    const operator = typeof definition.operator === 'string' ? definition.operator : '';
    if (!CONNECTION_OPERATORS.includes(operator)) throw new PolicyError(`${where}: connection operator ${JSON.stringify(operator)} is not one of Checkov's (${CONNECTION_OPERATORS.join(', ')})`);
    const kinds = kindsOf(definition.resource_types);
    const connected = kindsOf(definition.connected_resource_types);
    for (const [name, list] of [['resource_types', kinds], ['connected_resource_types', connected]] as const) {
      if (list.length === 0 || list.some((k) => k.toLowerCase() === 'all')) throw new PolicyError(`${where}: ${name} must name the kinds it connects (Kubernetes kinds; "all" is not supported)`);
    }
    return { solver: new ConnectionCondition(operator as ConnectionOperator, kinds, connected), connects: true, kinds, connected };
  }
  if (definition.cond_type === 'filter') {
    if (definition.operator !== 'within') throw new PolicyError(`${where}: a filter's operator must be within, as Checkov requires`);
    return { solver: new FilterSolver(typeof definition.attribute === 'string' ? definition.attribute : '', definition.value as PyValue), connects: false, kinds: kindsOf(definition.resource_types), connected: [] };
  }
  const condition = node(definition, where);
  return { solver: new AttributeSolver(condition, condition.kinds), connects: false, kinds: condition.kinds, connected: [] };
}

/** A compiled policy with connections: the verdict on each resource of the graph that gets one. */
export type GraphJudge = (graph: CheckovGraph) => Map<number, Verdict>;

/** Compiles a definition with connections; throws PolicyError naming the part Checkov would not evaluate. */
export function connectionJudge(definition: unknown): GraphJudge {
  const { solver } = parse(definition, 'definition');
  if (solver instanceof FilterSolver) throw new PolicyError('definition: a filter alone judges nothing');
  return (graph) => {
    const run: Run = { graph, reasons: new Map() };
    let outcome: Outcome;
    try {
      outcome = solver.run(run, graph.vertices.map((_, i) => i));
    } catch (error) {
      if (error instanceof CheckDropped) return new Map();
      throw error;
    }
    const verdicts = new Map<number, Verdict>();
    for (const v of outcome.passed) verdicts.set(v, { passed: true });
    // A resource reported both ways fails: Checkov writes a failed record for it.
    for (const v of outcome.failed) verdicts.set(v, run.reasons.get(v) ?? { passed: false });
    return verdicts;
  };
}
