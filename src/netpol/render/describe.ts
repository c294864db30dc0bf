import type { Connection, PeerRef } from '../engine/connectivity-map.js';
import { peerName } from '../engine/connectivity-map.js';
import type { ExposureEntry, ExposureTarget, PotentialPeer } from '../exposure/report.js';
import { formatIpRange, rangeToCidrs } from '../ip/ip-set.js';
import { NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import type { ConnSet } from '../ports/conn-set.js';
import { prettyJsonAt } from '../../report/pretty-json.js';

/** A peer as JSON: its name plus what it is. */
export function peerJson(peer: PeerRef): Record<string, unknown> {
  if (peer.kind === 'workload') {
    const w = peer.workload;
    return { type: 'workload', name: w.label, namespace: w.namespace, workload: w.name, kind: w.kind };
  }
  if (peer.kind === 'external') return { type: 'external', name: formatIpRange(peer.range), family: peer.range.family === 4 ? 'IPv4' : 'IPv6', cidrs: rangeToCidrs(peer.range) };
  return { type: 'ingress-controller', name: peerName(peer) };
}

/**
 * A peer's name and `peerJson`, as JSON text three levels deep (a field of a listed connection or
 * change), made once per peer: maps share peers among millions of connections.
 */
export function peerTexts(): (peer: PeerRef) => { readonly name: string; readonly json: string } {
  const texts = new Map<PeerRef, { name: string; json: string }>();
  return (peer) => {
    let text = texts.get(peer);
    if (!text) {
      text = { name: JSON.stringify(peerName(peer)), json: prettyJsonAt(peerJson(peer), 3) };
      texts.set(peer, text);
    }
    return text;
  };
}

export function connectionJson(c: Connection): Record<string, unknown> {
  return { src: peerName(c.src), dst: peerName(c.dst), ports: c.conns.toList(), source: peerJson(c.src), destination: peerJson(c.dst) };
}

/** `TCP 80,443; UDP 53`, `all`, plus unresolved named ports. */
export function describeConns(conns: ConnSet, namedPorts: readonly string[] = []): string {
  const named = namedPorts.map((n) => `named port ${n}`);
  if (conns.isEmpty()) return named.length > 0 ? named.join(', ') : 'none';
  return [conns.toString(), ...named].join(', ');
}

/** `namespace backend`, `namespaces with team=a`, `every namespace`. */
function describeNamespaces(p: PotentialPeer): string {
  const name = p.namespaces.selector.matchLabels[NAMESPACE_NAME_LABEL];
  if (name !== undefined && p.namespaces.key === `${NAMESPACE_NAME_LABEL}=${name}`) return `namespace ${name}`;
  return p.namespaces.empty ? 'every namespace' : `namespaces with ${p.namespaces.text}`;
}

export function describePotential(p: PotentialPeer): string {
  return `${p.pods === undefined ? 'all pods' : `pods with ${p.pods.text}`} in ${describeNamespaces(p)}`;
}

export function describeTarget(target: ExposureTarget): string {
  if (target.kind === 'entire-cluster') return 'any pod in any namespace';
  if (target.kind === 'external') return formatIpRange(target.range);
  return describePotential(target.peer);
}

export function exposureEntryJson(e: ExposureEntry): Record<string, unknown> {
  const base = { ports: e.conns.toList(), ...(e.namedPorts.length > 0 ? { namedPorts: e.namedPorts } : {}) };
  if (e.target.kind === 'entire-cluster') return { peer: 'entire-cluster', type: 'entire-cluster', ...base };
  if (e.target.kind === 'external') return { peer: formatIpRange(e.target.range), type: 'external', cidrs: rangeToCidrs(e.target.range), ...base };
  const p = e.target.peer;
  return {
    peer: describePotential(p),
    type: 'potential',
    namespaceSelector: p.namespaces.text,
    podSelector: p.pods === undefined ? null : p.pods.text,
    ...base,
  };
}
