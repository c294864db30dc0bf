import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { hasConditionKinds, node, PolicyError, type Verdict } from './conditions.js';
import { connectionJudge, type GraphJudge, hasConnection } from './connections.js';
import { buildGraph } from './graph.js';
import { isDict, PyTypeError } from './python.js';
import { type CheckovResource, resourcesOf, TEMPLATE_POD_KINDS } from './vertex.js';

export { PolicyError, type Verdict } from './conditions.js';

/** A resource Checkov makes of the object and the policy's verdict on it. */
export interface ResourceVerdict {
  readonly resource: CheckovResource;
  readonly verdict: Verdict;
}

export interface CompiledPolicy {
  /** The kinds of resource it judges (its resource_types). */
  readonly kinds: readonly string[];
  /** Whether its verdicts depend on the other objects scanned (connection conditions). */
  readonly readsOtherObjects: boolean;
  /** Whether an object of this kind may hold a resource it judges (a workload's template is a Pod). */
  mayJudge(kind: string): boolean;
  /** The verdicts on the resources of the object that the policy judges. */
  verdicts(object: K8sObject, index: ObjectIndex): ResourceVerdict[];
}

/** Compiles a definition; throws PolicyError naming the part it cannot evaluate. */
export function compilePolicy(definition: unknown): CompiledPolicy {
  if (hasConnection(definition)) return graphPolicy(connectionJudge(definition));
  const root = node(definition, 'definition');
  if (root.kinds.length === 0 && !hasConditionKinds(definition)) throw new PolicyError('definition: names no resource_types, so Checkov judges no Kubernetes object');
  const kinds = new Set(root.kinds);
  const every = kinds.size === 0;
  return {
    kinds: root.kinds,
    readsOtherObjects: false,
    // A template may name its own kind; Checkov then judges it as that kind.
    mayJudge: (kind) => every || kinds.has(kind) || TEMPLATE_POD_KINDS.has(kind),
    verdicts: (object) =>
      cachedResources(object.body as Record<string, unknown>)
        .filter((r) => every || kinds.has(r.kind))
        .map((resource) => ({ resource, verdict: guarded(() => root.evaluate(resource.vertex)) })),
  };
}

/** Checkov's graph of every object scanned, made once per scan for all the policies with connections. */
const graphs = new WeakMap<ObjectIndex, ReturnType<typeof buildGraph>>();

/** A policy with connections: judged once per scan on the graph of every object scanned. */
function graphPolicy(judge: GraphJudge): CompiledPolicy {
  const judged = new WeakMap<ObjectIndex, Map<K8sObject, ResourceVerdict[]>>();
  return {
    kinds: [],
    readsOtherObjects: true,
    mayJudge: () => true,
    verdicts: (object, index) => {
      let byObject = judged.get(index);
      if (!byObject) {
        byObject = new Map();
        // Set first: should judging fail, it fails once, not once per object.
        judged.set(index, byObject);
        let graph = graphs.get(index);
        if (!graph) {
          graph = buildGraph(index.objects);
          graphs.set(index, graph);
        }
        const verdicts = judge(graph);
        for (const [i, vertex] of graph.vertices.entries()) {
          if (!verdicts.has(i)) continue;
          const list = byObject.get(vertex.object) ?? [];
          list.push({ resource: vertex.resource, verdict: verdicts.get(i) });
          byObject.set(vertex.object, list);
        }
      }
      return byObject.get(object) ?? [];
    },
  };
}

// The rules of a scan run one object after another, every rule on each: the last object's
// resources serve every Checkov rule that judges it, and only one is kept.
let last: { body: Record<string, unknown>; resources: CheckovResource[] } | undefined;
function cachedResources(body: Record<string, unknown>): CheckovResource[] {
  if (last?.body !== body) last = { body, resources: resourcesOf(body) };
  return last.resources;
}

/**
 * Where Python raises, Checkov gives the object no verdict (and, in an and/or/not policy, drops
 * every verdict of the policy: the exception ends the whole check; here only that object's).
 */
function guarded(run: () => Verdict): Verdict {
  try {
    return run();
  } catch (error) {
    if (error instanceof PyTypeError) return undefined;
    throw error;
  }
}
/**
 * The place in the object of a flattened key (`spec.containers.0.image`), as far as the object has
 * it: at each mapping the longest run of segments that is one of its keys (a label such as
 * `app.kubernetes.io/name` holds dots), at each list an index.
 */
export function pathOfAttribute(body: Record<string, unknown>, attribute: string): Array<string | number> {
  const segments = attribute.split('.');
  const path: Array<string | number> = [];
  let current: unknown = body;
  let i = 0;
  while (i < segments.length) {
    if (Array.isArray(current)) {
      const index = /^\d+$/.test(segments[i]!) ? Number(segments[i]) : -1;
      if (index < 0 || index >= current.length) break;
      path.push(index);
      current = current[index];
      i++;
      continue;
    }
    if (!isDict(current)) break;
    let taken = 0;
    for (let j = segments.length; j > i; j--) {
      const key = segments.slice(i, j).join('.');
      if (Object.hasOwn(current, key)) {
        path.push(key);
        current = current[key];
        taken = j - i;
        break;
      }
    }
    if (taken === 0) break;
    i += taken;
  }
  return path;
}
