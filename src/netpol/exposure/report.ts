import type { NetpolAnalysis } from '../engine/analysis.js';
import type { Workload } from '../engine/classes.js';
import { type Connection, type PeerRef } from '../engine/connectivity-map.js';
import { evaluateDirection, isProtected, ruleSelectsEveryPod, selectsEveryPod } from '../engine/evaluate.js';
import { NO_NAMED_PORTS } from '../engine/rule-conns.js';
import type { IpRange } from '../ip/ip-set.js';
import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import { ConnSet, type Protocol } from '../ports/conn-set.js';
import { literalSelector, type Selector, selects } from '../policy/selector.js';
import type { Direction, Peer, Rule } from '../policy/types.js';

/**
 * Pods a rule selects by labels that may exist outside the input: the "potential" peers of an
 * exposure report (netpol-analyzer's representative peers).
 */
export interface PotentialPeer {
  readonly namespaces: Selector;
  /** Undefined: every pod of those namespaces. */
  readonly pods: Selector | undefined;
  /** Set when the rule meant the policy's own namespace (a NetworkPolicy peer without namespaceSelector). */
  readonly namespace: string | undefined;
  readonly key: string;
}

export type ExposureTarget =
  | { readonly kind: 'entire-cluster' }
  | { readonly kind: 'external'; readonly range: IpRange }
  | { readonly kind: 'potential'; readonly peer: PotentialPeer };

export interface ExposureEntry {
  readonly target: ExposureTarget;
  readonly conns: ConnSet;
  /** Named ports that cannot be resolved without knowing the pods (`TCP metrics`, or a name alone for any protocol). */
  readonly namedPorts: readonly string[];
}

export interface DirectionExposure {
  /** Whether any policy (NetworkPolicy or admin policy) applies to the workload in this direction. */
  readonly protected: boolean;
  readonly entries: readonly ExposureEntry[];
}

export interface WorkloadExposure {
  readonly workload: Workload;
  readonly ingress: DirectionExposure;
  readonly egress: DirectionExposure;
}

/** The potential peer a pod peer stands for, or undefined when it selects every pod. */
function potentialOf(peer: Peer): PotentialPeer | undefined {
  if (peer.kind !== 'pods' || selectsEveryPod(peer)) return undefined;
  const same = peer.namespaces.kind === 'same' ? peer.namespaces.namespace : undefined;
  const namespaces = peer.namespaces.kind === 'same' ? literalSelector({ [NAMESPACE_NAME_LABEL]: peer.namespaces.namespace }) : peer.namespaces.selector;
  // An empty pod selector and none at all both mean every pod of the namespaces.
  const pods = peer.pods === undefined || peer.pods.empty ? undefined : peer.pods;
  return { namespaces, pods, namespace: same, key: `${namespaces.key}/${pods === undefined ? '*' : pods.key}` };
}

/** Whether a rule's peers select the potential peer by exactly its selectors (or by selecting everything). */
function ruleSelectsPotential(rule: Rule, potential: PotentialPeer): boolean {
  if (rule.peers === 'all') return true;
  return rule.peers.some((p) => {
    if (p.kind !== 'pods') return false;
    const nsOk = p.namespaces.kind === 'same' ? potential.namespace === p.namespaces.namespace : p.namespaces.selector.empty || p.namespaces.selector.key === potential.namespaces.key;
    const podOk = p.pods === undefined || p.pods.empty || (potential.pods !== undefined && p.pods.key === potential.pods.key);
    return nsOk && podOk;
  });
}

function onlyLabels(selector: Selector | undefined): selector is Selector {
  return selector !== undefined && !selector.empty && selector.selector.matchExpressions.length === 0;
}

/**
 * Potential peers of every rule, minus those a workload of the input already is (when both
 * selectors are plain label maps, as netpol-analyzer decides it).
 */
function potentialPeers(analysis: NetpolAnalysis): PotentialPeer[] {
  const byKey = new Map<string, PotentialPeer>();
  for (const policy of analysis.validPolicies()) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      if (rule.ignored || rule.peers === 'all') continue;
      for (const peer of rule.peers) {
        const potential = potentialOf(peer);
        if (potential && !byKey.has(potential.key)) byKey.set(potential.key, potential);
      }
    }
  }
  const namespaces = analysis.cluster.namespaces;
  return [...byKey.values()].filter((p) => {
    if (!onlyLabels(p.pods) || !onlyLabels(p.namespaces)) return true;
    const pods = p.pods;
    return !analysis.workloads.some((w) => selects(pods, w.labels) && selects(p.namespaces, namespaces.get(w.namespace)?.labels ?? {}));
  });
}

/** Named ports of the matched allowing rules that only a concrete destination could resolve. */
function unresolvedNamedPorts(rules: readonly Rule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (rule.action !== 'Allow' || rule.ports === 'all') continue;
    for (const p of rule.ports) if (p.kind === 'named') out.add(p.protocol === 'any' ? p.name : `${p.protocol} ${p.name}`);
  }
  return [...out].sort();
}

/** Each workload's connections with external ranges, by direction, in the order of the map: one pass over it. */
function externalEntries(connections: readonly Connection[]): Map<Workload, Record<Direction, ExposureEntry[]>> {
  const out = new Map<Workload, Record<Direction, ExposureEntry[]>>();
  const add = (me: PeerRef, other: PeerRef, direction: Direction, conns: ConnSet) => {
    if (me.kind !== 'workload' || other.kind !== 'external') return;
    let lists = out.get(me.workload);
    if (!lists) out.set(me.workload, (lists = { ingress: [], egress: [] }));
    lists[direction].push({ target: { kind: 'external', range: other.range }, conns, namedPorts: [] });
  };
  for (const c of connections) {
    add(c.src, c.dst, 'egress', c.conns);
    add(c.dst, c.src, 'ingress', c.conns);
  }
  return out;
}

/**
 * For each workload and direction: whether a policy protects it, what it allows to or from any
 * pod of any namespace (including pods not in the input), to or from external ranges, and to or
 * from pods that rules select by labels but that the input does not hold.
 */
export function exposureReport(analysis: NetpolAnalysis, connections: readonly Connection[]): WorkloadExposure[] {
  const potentials = potentialPeers(analysis);
  const external = externalEntries(connections);
  return analysis.workloads.map((workload) => {
    const direction = (d: Direction): DirectionExposure => {
      const ctx = analysis.context(d, workload.classId);
      const named = d === 'ingress' ? analysis.classNamedPorts(workload.classId) : NO_NAMED_PORTS;
      const entries = [...(external.get(workload)?.[d] ?? [])];
      if (!isProtected(ctx)) {
        entries.push({ target: { kind: 'entire-cluster' }, conns: ConnSet.ALL, namedPorts: [] });
        return { protected: false, entries };
      }
      const allRules = [...ctx.admin, ...ctx.npRules, ...ctx.baseline];
      const everyPodRules = allRules.filter(ruleSelectsEveryPod);
      const cluster = evaluateDirection(ctx, (r) => everyPodRules.includes(r), named);
      const clusterNamed = d === 'egress' ? unresolvedNamedPorts(everyPodRules) : [];
      const clusterExposed = !cluster.isEmpty() || clusterNamed.length > 0;
      if (clusterExposed) entries.push({ target: { kind: 'entire-cluster' }, conns: cluster, namedPorts: clusterNamed });
      for (const potential of potentials) {
        const matched = allRules.filter((r) => ruleSelectsPotential(r, potential));
        const conns = evaluateDirection(ctx, (r) => matched.includes(r), named);
        const namedPorts = d === 'egress' ? unresolvedNamedPorts(matched) : [];
        const same = conns.equals(cluster) && namedPorts.join() === clusterNamed.join();
        if (clusterExposed ? same : conns.isEmpty() && namedPorts.length === 0) continue;
        entries.push({ target: { kind: 'potential', peer: potential }, conns, namedPorts });
      }
      return { protected: true, entries };
    };
    return { workload, ingress: direction('ingress'), egress: direction('egress') };
  });
}

/**
 * The entries that allow one connection, reported as just that connection. A potential peer is
 * then only worth listing when the whole cluster is not already exposed on it.
 */
export function focusExposureEntries(entries: readonly ExposureEntry[], connection: { readonly protocol: Protocol; readonly port: number }): ExposureEntry[] {
  const only = ConnSet.of({ [connection.protocol]: [connection.port, connection.port] });
  const kept = entries.filter((e) => e.conns.covers(only)).map((e) => ({ ...e, conns: only, namedPorts: [] }));
  const clusterExposed = kept.some((e) => e.target.kind === 'entire-cluster');
  return clusterExposed ? kept.filter((e) => e.target.kind !== 'potential') : kept;
}
