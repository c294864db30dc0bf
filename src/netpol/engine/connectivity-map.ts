import { formatIpRange, type IpRange } from '../ip/ip-set.js';
import type { ConnSet } from '../ports/conn-set.js';
import type { NetpolAnalysis } from './analysis.js';
import type { Workload } from './classes.js';
import { ingressExposure } from './ingress.js';
import { orderByRanks, rankItems, ranksOf } from './rank-order.js';

/** One side of a reported connection. */
export type PeerRef =
  | { readonly kind: 'workload'; readonly workload: Workload }
  | { readonly kind: 'external'; readonly range: IpRange }
  | { readonly kind: 'ingress-controller' };

export interface Connection {
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly conns: ConnSet;
}

export const INGRESS_CONTROLLER = '{ingress-controller}';

/** `ns/name`, an address range, or `{ingress-controller}`. */
export function peerName(peer: PeerRef): string {
  if (peer.kind === 'workload') return peer.workload.label;
  if (peer.kind === 'external') return formatIpRange(peer.range);
  return INGRESS_CONTROLLER;
}

function sameAtomChain(a: IpRange | undefined, b: IpRange): boolean {
  return a !== undefined && a.family === b.family && a.hi + 1n === b.lo;
}

/**
 * Ranges of external addresses with the same connections: adjacent atoms that a row treats
 * alike are reported as one range.
 */
function mergedRanges(analysis: NetpolAnalysis, idOf: (atom: number) => number): Array<{ range: IpRange; id: number }> {
  const out: Array<{ range: IpRange; id: number }> = [];
  analysis.atoms.forEach((atom, i) => {
    const id = idOf(i);
    const last = out[out.length - 1];
    if (last && last.id === id && sameAtomChain(last.range, atom)) out[out.length - 1] = { id, range: { family: atom.family, lo: last.range.lo, hi: atom.hi } };
    else out.push({ id, range: atom });
  });
  return out.filter((r) => r.id !== analysis.table.NONE);
}

export interface MapOptions {
  /**
   * Only the connections with a peer for which this holds (a focus on some workloads). It is asked
   * of workloads and the ingress controller; address ranges are never what a focus names.
   */
  readonly involving?: (peer: PeerRef) => boolean;
}

/**
 * Every allowed connection between workloads, from and to external address ranges, and from the
 * ingress controller when Ingresses or Routes exist. A workload's connections to itself are not
 * listed. Sorted by source, then destination.
 *
 * A namespace of thousands of workloads that policies leave open has millions of connections, so
 * a connection is one small object: peers are shared (one per workload and per address range),
 * and the order comes from peer ranks (rank-order.ts), not from a string per connection.
 */
export function connectivityMap(analysis: NetpolAnalysis, options: MapOptions = {}): Connection[] {
  const out: Connection[] = [];
  // Every peer object of the map, made once each (workloads, merged ranges, the controller).
  const peers: PeerRef[] = [];
  const intern = (peer: PeerRef) => {
    peers.push(peer);
    return peer;
  };
  const add = (src: PeerRef, dst: PeerRef, conns: ConnSet) => out.push({ src, dst, conns });
  // With a focus, a source outside it visits only the focused destinations: the work follows
  // the answer, not the square of a namespace.
  const involving = options.involving;
  const focused = involving ? new Set<PeerRef>() : undefined;
  const byClass = new Map<number, PeerRef[]>();
  const focusedByClass = new Map<number, PeerRef[]>();
  const workloadPeer = new Map<Workload, PeerRef>();
  const file = (lists: Map<number, PeerRef[]>, classId: number, peer: PeerRef) => {
    const list = lists.get(classId);
    if (list) list.push(peer);
    else lists.set(classId, [peer]);
  };
  for (const w of analysis.workloads) {
    const peer = intern({ kind: 'workload', workload: w });
    workloadPeer.set(w, peer);
    file(byClass, w.classId, peer);
    if (focused && involving?.(peer)) {
      focused.add(peer);
      file(focusedByClass, w.classId, peer);
    }
  }
  const kept = (peer: PeerRef) => focused === undefined || focused.has(peer);
  const table = analysis.table;
  // Destinations by the group their egress rows index: a source visits only the groups its egress allows.
  const byGroup = new Map<number, number[]>();
  for (const b of byClass.keys()) {
    const g = analysis.destinationGroup(b);
    const list = byGroup.get(g);
    if (list) list.push(b);
    else byGroup.set(g, [b]);
  }
  const groups = [...byGroup];
  // External ranges depend only on a class's row: merge them once per row.
  const atomGroups = analysis.atoms.map((_, i) => analysis.atomGroups(i));
  const merged = new Map<Int32Array, Array<{ peer: PeerRef; id: number }>>();
  const externalRanges = (row: Int32Array, role: 'source' | 'destination') => {
    let ranges = merged.get(row);
    if (!ranges) {
      ranges = mergedRanges(analysis, (atom) => row[atomGroups[atom]?.[role] ?? 0] ?? table.NONE).map(({ range, id }) => ({ peer: intern({ kind: 'external', range }), id }));
      merged.set(row, ranges);
    }
    return ranges;
  };
  // Classes with the same source key have the same connections: compute each key's row once.
  const rows = new Map<string, Array<readonly [number, number]>>();
  for (const [a, sources] of byClass) {
    // Sources outside a focus need their row only towards the focused classes.
    const whole = sources.some(kept);
    const key = `${whole ? 'all' : 'focus'}\u0000${analysis.sourceKey(a)}`;
    let row = rows.get(key);
    if (!row) {
      row = [];
      const egress = analysis.egressRow(a);
      const reach = (b: number, e: number) => {
        const id = table.intersect(e, analysis.ingressId({ kind: 'class', id: a }, b));
        if (id !== table.NONE) row?.push([b, id]);
      };
      if (whole) {
        for (const [g, destinations] of groups) {
          const e = egress[g] ?? table.NONE;
          if (e !== table.NONE) for (const b of destinations) reach(b, e);
        }
      } else {
        for (const b of focusedByClass.keys()) {
          const e = egress[analysis.destinationGroup(b)] ?? table.NONE;
          if (e !== table.NONE) reach(b, e);
        }
      }
      rows.set(key, row);
    }
    for (const [b, id] of row) {
      const conns = table.get(id);
      const destinations = byClass.get(b) ?? [];
      const focusedDestinations = focusedByClass.get(b) ?? [];
      for (const s of sources) for (const d of kept(s) ? destinations : focusedDestinations) if (s !== d) add(s, d, conns);
    }
    for (const { peer, id } of externalRanges(analysis.egressRow(a), 'destination')) {
      for (const s of sources) if (kept(s)) add(s, peer, table.get(id));
    }
    for (const { peer, id } of externalRanges(analysis.ingressRow(a), 'source')) {
      for (const d of sources) if (kept(d)) add(peer, d, table.get(id));
    }
  }
  const controller = analysis.ingressController;
  if (controller) {
    const controllerPeer = intern({ kind: 'ingress-controller' });
    const controllerKept = involving === undefined || involving(controllerPeer);
    for (const [w, exposed] of ingressExposure(analysis.cluster.ingressObjects, analysis.cluster.index, analysis.workloads)) {
      const conns = exposed.intersect(analysis.connection({ kind: 'class', id: controller.id }, { kind: 'class', id: w.classId }));
      const peer = workloadPeer.get(w) ?? intern({ kind: 'workload', workload: w });
      if (!conns.isEmpty() && (controllerKept || kept(peer))) add(controllerPeer, peer, conns);
    }
  }
  const { rankOf, ranks } = rankItems(peers, sortKey);
  const order = orderByRanks(out.length, [
    { rank: ranksOf(out, (c) => rankOf.get(c.src) as number), ranks },
    { rank: ranksOf(out, (c) => rankOf.get(c.dst) as number), ranks },
  ]);
  return Array.from(order, (i) => out[i] as Connection);
}

/** Orders peers: external ranges first, by address, then workloads by name, then the ingress controller. */
function sortKey(peer: PeerRef): string {
  if (peer.kind === 'external') return `0${peer.range.family}${peer.range.lo.toString(16).padStart(32, '0')}`;
  return peer.kind === 'workload' ? `1${peer.workload.label}` : '2';
}
