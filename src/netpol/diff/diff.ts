import type { NetpolAnalysis } from '../engine/analysis.js';
import { type Connection, type PeerRef, peerName } from '../engine/connectivity-map.js';
import type { IpRange } from '../ip/ip-set.js';
import { MAX_ADDRESS } from '../ip/address.js';
import { ConnSet } from '../ports/conn-set.js';
import { orderByRanks, rankItems, ranksOf } from '../engine/rank-order.js';

export type DiffType = 'changed' | 'added' | 'removed';

export interface ConnectionChange {
  readonly type: DiffType;
  readonly src: PeerRef;
  readonly dst: PeerRef;
  readonly before: ConnSet;
  readonly after: ConnSet;
  /** Whether the source (destination) workload exists in only one of the two versions. */
  readonly srcWorkloadChanged: boolean;
  readonly dstWorkloadChanged: boolean;
}

/** Identity of a peer across two versions: workloads by namespace, name and kind. */
function identity(peer: PeerRef): string {
  if (peer.kind === 'workload') return `w:${peer.workload.namespace}/${peer.workload.name}[${peer.workload.kind}]`;
  if (peer.kind === 'external') return `x:${peer.range.family}:${peer.range.lo}`;
  return 'i:';
}

/** Cuts every external range at the boundaries either version uses, so the pieces line up. */
function cutsOf(...lists: ReadonlyArray<readonly Connection[]>): Record<4 | 6, bigint[]> {
  const cuts: Record<4 | 6, Set<bigint>> = { 4: new Set(), 6: new Set() };
  const seen = new Set<PeerRef>();
  for (const connections of lists) {
    for (const c of connections) {
      for (const p of [c.src, c.dst]) {
        if (p.kind !== 'external' || seen.has(p)) continue;
        seen.add(p);
        cuts[p.range.family].add(p.range.lo);
        if (p.range.hi < MAX_ADDRESS[p.range.family]) cuts[p.range.family].add(p.range.hi + 1n);
      }
    }
  }
  const sort = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { 4: sort(cuts[4]), 6: sort(cuts[6]) };
}

function pieces(peer: PeerRef, cuts: Record<4 | 6, bigint[]>): PeerRef[] {
  if (peer.kind !== 'external') return [peer];
  const out: PeerRef[] = [];
  let lo = peer.range.lo;
  for (const cut of cuts[peer.range.family]) {
    if (cut <= lo || cut > peer.range.hi) continue;
    out.push({ kind: 'external', range: { family: peer.range.family, lo, hi: cut - 1n } });
    lo = cut;
  }
  out.push({ kind: 'external', range: { family: peer.range.family, lo, hi: peer.range.hi } });
  return out;
}

interface Entry {
  src: PeerRef;
  dst: PeerRef;
  before: ConnSet;
  after: ConnSet;
}

/**
 * Peers by identity, numbered. Maps share their peer objects, so an object's number, pieces and
 * identity are worked out once, not once per connection.
 */
class PeerNumbers {
  private readonly byIdentity = new Map<string, number>();
  private readonly byPeer = new Map<PeerRef, number>();
  private readonly piecesByPeer = new Map<PeerRef, PeerRef[]>();

  constructor(private readonly cuts: Record<4 | 6, bigint[]>) {}

  of(peer: PeerRef): number {
    let n = this.byPeer.get(peer);
    if (n === undefined) {
      const key = identity(peer);
      n = this.byIdentity.get(key);
      if (n === undefined) {
        n = this.byIdentity.size;
        this.byIdentity.set(key, n);
      }
      this.byPeer.set(peer, n);
    }
    return n;
  }

  piecesOf(peer: PeerRef): PeerRef[] {
    let list = this.piecesByPeer.get(peer);
    if (!list) {
      list = pieces(peer, this.cuts);
      this.piecesByPeer.set(peer, list);
    }
    return list;
  }
}

/**
 * The connections gained, lost and changed from `before` to `after`, pair by pair, with external
 * ranges aligned across the two versions and adjacent ranges with the same change merged again.
 * Ordered by change (changed, added, removed), then source and destination names.
 */
export function diffConnectivity(before: { analysis: NetpolAnalysis; connections: readonly Connection[] }, after: { analysis: NetpolAnalysis; connections: readonly Connection[] }): ConnectionChange[] {
  const peers = new PeerNumbers(cutsOf(before.connections, after.connections));
  // By source, then destination number: small integer keys, not a string per connection.
  const rows = new Map<number, Map<number, Entry>>();
  const entries: Entry[] = [];
  const add = (c: Connection, side: 'before' | 'after') => {
    for (const src of peers.piecesOf(c.src)) {
      const from = peers.of(src);
      let row = rows.get(from);
      if (!row) rows.set(from, (row = new Map()));
      for (const dst of peers.piecesOf(c.dst)) {
        const to = peers.of(dst);
        let entry = row.get(to);
        if (!entry) {
          entry = { src, dst, before: ConnSet.NONE, after: ConnSet.NONE };
          row.set(to, entry);
          entries.push(entry);
        }
        entry[side] = c.conns;
      }
    }
  };
  for (const c of before.connections) add(c, 'before');
  for (const c of after.connections) add(c, 'after');
  rows.clear();
  const workloadsOf = (a: NetpolAnalysis) => new Set(a.workloads.map((w) => identity({ kind: 'workload', workload: w })));
  const beforeWorkloads = workloadsOf(before.analysis);
  const afterWorkloads = workloadsOf(after.analysis);
  const changedWorkload = new Map<PeerRef, boolean>();
  const changed = (p: PeerRef) => {
    if (p.kind !== 'workload') return false;
    let value = changedWorkload.get(p);
    if (value === undefined) {
      value = beforeWorkloads.has(identity(p)) !== afterWorkloads.has(identity(p));
      changedWorkload.set(p, value);
    }
    return value;
  };
  const betweenWorkloads: ConnectionChange[] = [];
  const withRanges: ConnectionChange[] = [];
  for (const e of entries) {
    if (e.before.equals(e.after)) continue;
    const type: DiffType = e.before.isEmpty() ? 'added' : e.after.isEmpty() ? 'removed' : 'changed';
    const change = { type, src: e.src, dst: e.dst, before: e.before, after: e.after, srcWorkloadChanged: changed(e.src), dstWorkloadChanged: changed(e.dst) };
    (e.src.kind === 'external' || e.dst.kind === 'external' ? withRanges : betweenWorkloads).push(change);
  }
  // Only changes with an external range can merge with a neighbour.
  const all = [...betweenWorkloads, ...mergeRanges(withRanges)];
  const order: Record<DiffType, number> = { changed: 0, added: 1, removed: 2 };
  const peerRanks = rankItems(
    (function* () {
      for (const c of all) yield* [c.src, c.dst];
    })(),
    peerName,
  );
  const rankOf = (p: PeerRef) => peerRanks.rankOf.get(p) as number;
  const sorted = orderByRanks(all.length, [
    { rank: ranksOf(all, (c) => order[c.type]), ranks: 3 },
    { rank: ranksOf(all, (c) => rankOf(c.src)), ranks: peerRanks.ranks },
    { rank: ranksOf(all, (c) => rankOf(c.dst)), ranks: peerRanks.ranks },
  ]);
  return Array.from(sorted, (i) => all[i] as ConnectionChange);
}

function adjacent(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.hi + 1n === b.lo;
}

/** Joins neighbouring external pieces that changed the same way towards the same peer. */
function mergeRanges(changes: readonly ConnectionChange[]): ConnectionChange[] {
  const keyed = changes.map((c) => ({ c, key: sortKey(c) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: ConnectionChange[] = [];
  for (const { c } of keyed) {
    const last = out[out.length - 1];
    if (last && last.type === c.type && last.before.equals(c.before) && last.after.equals(c.after)) {
      if (c.src.kind === 'external' && last.src.kind === 'external' && identity(c.dst) === identity(last.dst) && adjacent(last.src.range, c.src.range)) {
        out[out.length - 1] = { ...last, src: { kind: 'external', range: { ...last.src.range, hi: c.src.range.hi } } };
        continue;
      }
      if (c.dst.kind === 'external' && last.dst.kind === 'external' && identity(c.src) === identity(last.src) && adjacent(last.dst.range, c.dst.range)) {
        out[out.length - 1] = { ...last, dst: { kind: 'external', range: { ...last.dst.range, hi: c.dst.range.hi } } };
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** Groups pieces by peer and change, with external pieces in address order, so neighbours meet. */
function sortKey(c: ConnectionChange): string {
  const ext = (p: PeerRef) => (p.kind === 'external' ? `${p.range.family}:${p.range.lo.toString(16).padStart(32, '0')}` : '');
  const other = c.src.kind === 'external' ? `s ${identity(c.dst)}` : `d ${identity(c.src)}`;
  return `${other} ${c.type} ${c.before.key} ${c.after.key} ${ext(c.src)} ${ext(c.dst)}`;
}
