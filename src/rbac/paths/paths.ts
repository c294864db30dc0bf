/*
 * Escalation paths as users read them: from an identity of the input to the target, one step
 * per technique (a hub and the identity it leads to are folded into the step that reaches it).
 */
import type { RbacModel } from '../model.js';
import { comparePrincipals } from '../who-can.js';
import { type Principal, principalKey } from '../subjects.js';
import { buildEscalationGraph, CLUSTER_ADMIN, type EscalationGraph, type GraphEdge, type GraphNode, isHub } from './graph.js';
import { pathFrom, reachTarget } from './search.js';
import type { HeldRule, Technique } from './techniques.js';

export interface Step {
  readonly technique: Technique;
  /** What the holder does. */
  readonly action: string;
  readonly from: GraphNode;
  /** The identity (or cluster-admin) the step ends at. */
  readonly to: GraphNode;
  /** The permissions the step uses. */
  readonly evidence: readonly HeldRule[];
  /** How the hub was crossed, e.g. `runs a pod as it, with its token mounted`. */
  readonly how?: GraphEdge;
}

export interface EscalationPath {
  readonly from: GraphNode;
  readonly steps: readonly Step[];
}

export interface PathsQuery {
  /** The target: cluster-admin, or an identity. */
  readonly to: Principal | 'cluster-admin';
  /** Only paths from this identity. */
  readonly from?: Principal;
  /** Also start from identities only the bootstrap policy names (control-plane accounts). */
  readonly includeBuiltIn: boolean;
  readonly getSufficesForExec: boolean;
  /** Whether the API server has constrained impersonation (undefined: it does). */
  readonly constrainedImpersonation?: boolean;
}

export interface PathsAnswer {
  readonly target: GraphNode | undefined;
  readonly paths: readonly EscalationPath[];
  readonly graph: EscalationGraph;
}

/**
 * How a technique that reaches every ServiceAccount of a namespace, or the pods running there,
 * becomes the one the path goes on from: the hubs' edges say it for pod creation and exec.
 */
const BECOMES_ACCOUNT: Partial<Record<Technique, string>> = {
  'replace-pod-images': 'replaces the images of a pod that mounts its token',
  'mutating-admission': 'rewrites a new pod to run as it, with its token mounted',
  'create-token': 'requests a token for it',
  'create-token-secret': 'has the token controller fill a token Secret for it, and reads it',
  impersonate: 'impersonates it',
  escalate: 'grants itself any permission there, then runs a pod as it',
  bind: 'as cluster-admin there, runs a pod as it',
};

function steps(edges: readonly GraphEdge[], graph: EscalationGraph): Step[] {
  const out: Step[] = [];
  const node = (key: string): GraphNode => graph.nodes.get(key) ?? { key, kind: 'cluster-admin', inInput: false };
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    if (!edge || edge.free) continue;
    let end = node(edge.to);
    let how: GraphEdge | undefined;
    while (isHub(end) && i + 1 < edges.length) {
      const hop = edges[++i];
      if (!hop) break;
      how = hop;
      end = node(hop.to);
    }
    const becomes = how ? BECOMES_ACCOUNT[edge.technique] : undefined;
    if (how && becomes !== undefined) how = { ...how, action: becomes };
    out.push({ technique: edge.technique, action: edge.action, from: node(edge.from), to: end, evidence: edge.evidence, ...(how ? { how } : {}) });
  }
  return out;
}

export function escalationPaths(model: RbacModel, query: PathsQuery): PathsAnswer {
  const graph = buildEscalationGraph(model, {
    getSufficesForExec: query.getSufficesForExec,
    constrainedImpersonation: query.constrainedImpersonation ?? true,
    towardsClusterAdmin: query.to === 'cluster-admin',
  });
  const targetKey = query.to === 'cluster-admin' ? CLUSTER_ADMIN : principalKey(query.to);
  const target = graph.nodes.get(targetKey);
  if (!target) return { target, paths: [], graph };
  const reach = reachTarget(graph, targetKey);
  const fromKey = query.from ? principalKey(query.from) : undefined;
  const sources = [...graph.nodes.values()].filter(
    (n) => n.principal && n.key !== targetKey && reach.distance.has(n.key) && (fromKey ? n.key === fromKey : n.inInput || query.includeBuiltIn),
  );
  const paths = sources.map((from) => ({ from, steps: steps(pathFrom(reach, from.key), graph) })).filter((p) => p.steps.length > 0);
  paths.sort((a, b) => a.steps.length - b.steps.length || comparePrincipalNodes(a.from, b.from));
  return { target, paths, graph };
}

function comparePrincipalNodes(a: GraphNode, b: GraphNode): number {
  return a.principal && b.principal ? comparePrincipals(a.principal, b.principal) : 0;
}
