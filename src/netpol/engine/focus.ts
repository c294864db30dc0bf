import type { Protocol } from '../ports/conn-set.js';
import { ConnSet } from '../ports/conn-set.js';
import { type Connection, INGRESS_CONTROLLER, type PeerRef } from './connectivity-map.js';

/** Narrows a map to some workloads, a direction, and one connection (netpol-analyzer's focus flags). */
export interface MapFocus {
  /** Workloads by `name` or `namespace/name`; only connections that involve one of them. */
  readonly workloads?: readonly string[];
  /** With `workloads`: only connections whose other side is one of these. */
  readonly peers?: readonly string[];
  /** With `workloads`: only connections into them (`ingress`) or out of them (`egress`). */
  readonly direction?: 'ingress' | 'egress';
  /** Only connections that allow this protocol and port; they are reported as just that. */
  readonly connection?: { readonly protocol: Protocol; readonly port: number };
}

/** Whether the peer is one of the names: `name`, `namespace/name` (or `namespace/name[Kind]`). */
export function peerMatches(peer: PeerRef, names: readonly string[] | undefined): boolean {
  if (!names || names.length === 0) return true;
  if (peer.kind === 'ingress-controller') return names.some((n) => n === INGRESS_CONTROLLER || n === 'ingress-controller');
  if (peer.kind === 'external') return false;
  const w = peer.workload;
  return names.some((n) => n === w.name || n === `${w.namespace}/${w.name}` || n === w.label);
}

export function focusConnections(connections: readonly Connection[], focus: MapFocus): Connection[] {
  const workloads = focus.workloads ?? [];
  const peers = workloads.length > 0 ? focus.peers : undefined;
  const out: Connection[] = [];
  const only = focus.connection ? ConnSet.of({ [focus.connection.protocol]: [focus.connection.port, focus.connection.port] }) : undefined;
  for (const c of connections) {
    if (workloads.length > 0) {
      if (focus.direction === 'ingress' && !peerMatches(c.dst, workloads)) continue;
      if (focus.direction === 'egress' && !peerMatches(c.src, workloads)) continue;
      const keep = (peerMatches(c.src, workloads) && peerMatches(c.dst, peers)) || (peerMatches(c.dst, workloads) && peerMatches(c.src, peers));
      if (!keep) continue;
    }
    if (only) {
      if (!c.conns.covers(only)) continue;
      out.push({ ...c, conns: only });
    } else out.push(c);
  }
  return out;
}
