/*
 * The privilege-escalation graph: identities (users, groups, ServiceAccounts), whoever holds a
 * role that can be bound, "any ServiceAccount of namespace N" and "the pods of namespace N"
 * hubs, and cluster-admin. An edge is a technique an identity's permissions allow; hub edges say
 * which identities a hub stands for and cost nothing.
 */
import { asString } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { ObjectIndex } from '../../k8s/object-index.js';
import { compareGo } from '../../pss/go.js';
import { type BindingEntry, isDefaultSubject, type RbacModel, type RoleEntry } from '../model.js';
import { type Principal, principalKey, principalOf, SYSTEM_MASTERS, userOfPrincipal } from '../subjects.js';
import { workloadIdentities } from '../workloads.js';
import { type Destination, grantedPowers, type HeldRule, type Hit, type Holding, type Technique, techniques, type World } from './techniques.js';

export type NodeKind = 'User' | 'Group' | 'ServiceAccount' | 'role' | 'namespace' | 'pods' | 'cluster-admin';

export interface GraphNode {
  readonly key: string;
  readonly kind: NodeKind;
  readonly principal?: Principal;
  readonly role?: RoleEntry;
  /** A hub's namespace ('*' = every namespace), a role node's scope ('' = cluster-wide, '*' = every namespace). */
  readonly namespace?: string;
  /** Named in the input (not only by the bootstrap policy): a starting point worth reporting. */
  readonly inInput: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly technique: Technique;
  readonly action: string;
  readonly evidence: readonly HeldRule[];
  /** Hub edges only say what a hub stands for: they do not count as a step. */
  readonly free: boolean;
  /** For `exec-into`: the workloads whose pods run as the destination. */
  readonly workloads?: readonly K8sObject[];
}

export const CLUSTER_ADMIN = 'cluster-admin';

export const isHub = (node: GraphNode) => node.kind === 'namespace' || node.kind === 'pods';

export interface GraphOptions {
  readonly getSufficesForExec: boolean;
  /** Whether the API server has constrained impersonation (undefined: it does). */
  readonly constrainedImpersonation?: boolean;
  /**
   * Only paths to cluster-admin are wanted: an identity that becomes cluster-admin in one step
   * needs no other edge (any longer way through it is longer than that step), which spares the
   * widest fan-outs (cluster-admin can impersonate every user and bind every role).
   */
  readonly towardsClusterAdmin?: boolean;
}

export class EscalationGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge[]>();

  add(node: GraphNode): GraphNode {
    const existing = this.nodes.get(node.key);
    if (existing) {
      if (node.inInput && !existing.inInput) this.nodes.set(node.key, { ...existing, inInput: true });
      return this.nodes.get(node.key) ?? node;
    }
    this.nodes.set(node.key, node);
    return node;
  }

  connect(edge: GraphEdge): void {
    const list = this.edges.get(edge.from);
    if (list) list.push(edge);
    else this.edges.set(edge.from, [edge]);
  }

  out(key: string): readonly GraphEdge[] {
    return this.edges.get(key) ?? [];
  }
}

const hubKey = (kind: 'namespace' | 'pods', namespace: string) => `${kind}\u0000${namespace}`;
const roleKey = (role: RoleEntry, scope: string) => `role\u0000${role.kind}\u0000${role.namespace}\u0000${role.name}\u0000${scope}`;

/** Builds the graph of every identity the model and the input know. */
export function buildEscalationGraph(model: RbacModel, options: GraphOptions): EscalationGraph {
  const graph = new EscalationGraph();
  const index = new ObjectIndex(model.objects);
  const workloads = workloadIdentities(index);
  const serviceAccounts = new Map<string, Set<string>>();
  const noteAccount = (namespace: string, name: string) => {
    const set = serviceAccounts.get(namespace) ?? new Set<string>();
    set.add(name);
    serviceAccounts.set(namespace, set);
  };
  const identity = (principal: Principal, inInput: boolean) => {
    if (principal.kind === 'ServiceAccount') noteAccount(principal.namespace ?? '', principal.name);
    return graph.add({ key: principalKey(principal), kind: principal.kind, principal, inInput });
  };

  for (const binding of model.bindings) {
    for (const subject of binding.subjects) {
      const p = principalOf(subject, binding.namespace);
      // A subject added to a bootstrap binding is the input's, not the API server's.
      if (p && p.name !== '') identity(p, !binding.builtIn || (!binding.bootstrap && !isDefaultSubject(binding.object, subject)));
    }
  }
  for (const sa of index.ofGroup('service-account')) identity({ kind: 'ServiceAccount', namespace: index.namespaceOf(sa), name: sa.name }, true);
  for (const w of workloads) identity({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccount }, true);
  const namespaces = new Set<string>([...serviceAccounts.keys(), ...model.namespaces(), ...index.ofGroup('namespace').map((n) => n.name)]);
  // Every namespace has a default ServiceAccount.
  for (const namespace of namespaces) if (namespace !== '') identity({ kind: 'ServiceAccount', namespace, name: 'default' }, false);

  const world: World = {
    tokenSecrets: tokenSecretsOf(index),
    namespacesWithServiceAccount: (name) => [...serviceAccounts].filter(([, names]) => names.has(name)).map(([ns]) => ns),
    roles: (namespace) => model.namespacedRoles().filter((r) => namespace === undefined || r.namespace === namespace),
    clusterRole: (name) => model.clusterRole(name),
    getSufficesForExec: options.getSufficesForExec,
    constrainedImpersonation: options.constrainedImpersonation ?? true,
  };

  const admin = graph.add({ key: CLUSTER_ADMIN, kind: 'cluster-admin', inInput: false });
  const hitsCache = new Map<string, Hit[]>();
  // Most identities share their cluster-wide bindings (those of system:authenticated and their groups).
  const clusterHits = new Map<string, Hit[]>();
  const pending: GraphNode[] = [...graph.nodes.values()].filter((n) => n.principal);
  const roleNodes = new Map<string, GraphNode>();

  const destinationNode = (to: Destination): GraphNode[] => {
    switch (to.kind) {
      case 'cluster-admin':
        return [admin];
      case 'namespace':
      case 'pods':
        return [graph.add({ key: hubKey(to.kind, to.namespace), kind: to.kind, namespace: to.namespace, inInput: false })];
      case 'ServiceAccount':
        return [identity({ kind: 'ServiceAccount', namespace: to.namespace, name: to.name }, false)];
      case 'User':
        if (to.name === '*') return [...graph.nodes.values()].filter((n) => n.kind === 'User');
        return [identity({ kind: 'User', name: to.name }, false)];
      case 'Group':
        // '*': any group but system:masters (constrained impersonation refuses it).
        if (to.name === '*') return [...graph.nodes.values()].filter((n) => n.kind === 'Group' && n.principal?.name !== SYSTEM_MASTERS);
        return [identity({ kind: 'Group', name: to.name }, false)];
      case 'role': {
        const key = roleKey(to.role, to.namespace);
        let node = roleNodes.get(key);
        if (!node) {
          node = graph.add({ key, kind: 'role', role: to.role, namespace: to.namespace, inInput: false });
          roleNodes.set(key, node);
          pending.push(node);
        }
        return [node];
      }
    }
  };

  const connectHits = (from: GraphNode, all: readonly Hit[]) => {
    const direct = options.towardsClusterAdmin ? all.filter((h) => h.to.kind === 'cluster-admin') : [];
    const hits = direct.length > 0 ? direct : all;
    for (const hit of hits) {
      for (const to of destinationNode(hit.to)) {
        if (to.key !== from.key) graph.connect({ from: from.key, to: to.key, technique: hit.technique, action: hit.action, evidence: hit.evidence, free: false });
      }
    }
  };

  for (let i = 0; i < pending.length; i++) {
    const node = pending[i];
    if (!node) continue;
    if (node.principal) {
      if (node.principal.kind === 'Group' && node.principal.name === SYSTEM_MASTERS) {
        graph.connect({ from: node.key, to: CLUSTER_ADMIN, technique: 'system-masters', action: 'is allowed everything before RBAC is asked (system:masters)', evidence: [], free: false });
      }
      const refs = model.bindingsFor(userOfPrincipal(node.principal), null);
      const key = refs.map((r) => r.binding.order).join(',');
      let hits = hitsCache.get(key);
      if (!hits) {
        hits = identityHits(model, refs.map((r) => r.binding), world, clusterHits);
        hitsCache.set(key, hits);
      }
      connectHits(node, hits);
    } else if (node.role) {
      connectHits(node, techniques([{ role: node.role, binding: undefined }], node.namespace ?? '', world));
    }
  }

  connectHubs(graph, serviceAccounts, workloads.filter((w) => w.mountsToken));
  return graph;
}

function identityHits(model: RbacModel, bindings: readonly BindingEntry[], world: World, clusterCache: Map<string, Hit[]>): Hit[] {
  const cluster: Holding[] = [];
  const byNamespace = new Map<string, Holding[]>();
  for (const binding of bindings) {
    const role = model.roleOf(binding);
    if (!role) continue;
    if (binding.kind === 'ClusterRoleBinding') cluster.push({ role, binding });
    else {
      const held = byNamespace.get(binding.namespace);
      if (held) held.push({ role, binding });
      else byNamespace.set(binding.namespace, [{ role, binding }]);
    }
  }
  const clusterKey = cluster.map((h) => h.binding?.order).join(',');
  let shared = clusterCache.get(clusterKey);
  if (!shared) clusterCache.set(clusterKey, (shared = techniques(cluster, '', world)));
  const hits = [...shared];
  for (const [namespace, held] of [...byNamespace].sort(([a], [b]) => compareGo(a, b))) {
    // Only the namespace's own roles can add a hit here.
    if (grantedPowers(held, 'namespace', world.getSufficesForExec).size === 0) continue;
    // Cluster-wide rules apply in the namespace too; what they allow alone is already a hit above.
    const local = techniques([...cluster, ...held], namespace, world).filter((h) => h.evidence.some((e) => e.binding?.kind === 'RoleBinding'));
    hits.push(...local);
  }
  return hits;
}

/** Legacy ServiceAccount token Secrets of the input: namespace → account → Secret names. */
function tokenSecretsOf(index: ObjectIndex): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const secret of index.ofGroup('secret')) {
    if (asString(secret.body.type) !== 'kubernetes.io/service-account-token') continue;
    const account = secret.annotations['kubernetes.io/service-account.name'];
    if (!account) continue;
    const namespace = index.namespaceOf(secret);
    const byAccount = out.get(namespace) ?? new Map<string, string[]>();
    const names = byAccount.get(account);
    if (names) names.push(secret.name);
    else byAccount.set(account, [secret.name]);
    out.set(namespace, byAccount);
  }
  return out;
}

function connectHubs(graph: EscalationGraph, serviceAccounts: ReadonlyMap<string, ReadonlySet<string>>, workloads: ReturnType<typeof workloadIdentities>): void {
  // The workloads of each namespace, and of all, by the account whose token they mount: built
  // once, as every namespace's pods hub asks for its own.
  let byNamespace: Map<string, Map<string, K8sObject[]>> | undefined;
  const accountsOf = (namespace: string): Map<string, K8sObject[]> => {
    if (!byNamespace) {
      byNamespace = new Map([['*', new Map()]]);
      for (const w of workloads) {
        const key = principalKey({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccount });
        for (const scope of w.namespace === '*' ? ['*'] : ['*', w.namespace]) {
          let accounts = byNamespace.get(scope);
          if (!accounts) byNamespace.set(scope, (accounts = new Map()));
          const list = accounts.get(key);
          if (list) list.push(w.workload);
          else accounts.set(key, [w.workload]);
        }
      }
    }
    return byNamespace.get(namespace) ?? new Map();
  };
  for (const node of [...graph.nodes.values()]) {
    if (node.kind !== 'namespace' && node.kind !== 'pods') continue;
    const namespace = node.namespace ?? '';
    const namespacesOf = namespace === '*' ? [...serviceAccounts.keys()] : [namespace];
    if (node.kind === 'namespace') {
      for (const ns of namespacesOf) {
        for (const name of [...(serviceAccounts.get(ns) ?? [])].sort(compareGo)) {
          const to = principalKey({ kind: 'ServiceAccount', namespace: ns, name });
          graph.connect({ from: node.key, to, technique: 'run-as', action: 'runs a pod as it, with its token mounted', evidence: [], free: true });
        }
      }
      continue;
    }
    for (const [to, list] of accountsOf(namespace)) {
      graph.connect({ from: node.key, to, technique: 'exec-into', action: 'runs commands in a pod that mounts its token', evidence: [], free: true, workloads: list });
    }
  }
}
