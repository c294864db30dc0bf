/*
 * The connectivity diff as first written: one string key per connection piece and one sort by a
 * string per change. Slow on millions of connections, but simple; the test beside it checks that
 * the indexed diff of src/netpol/diff/diff.ts gives exactly its answer.
 */
import type { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { type Connection, type PeerRef, peerName } from '../../src/netpol/engine/connectivity-map.js';
import type { ConnectionChange, DiffType } from '../../src/netpol/diff/diff.js';
import { MAX_ADDRESS } from '../../src/netpol/ip/address.js';
import type { IpRange } from '../../src/netpol/ip/ip-set.js';
import { ConnSet } from '../../src/netpol/ports/conn-set.js';

function identity(peer: PeerRef): string {
  if (peer.kind === 'workload') return `w:${peer.workload.namespace}/${peer.workload.name}[${peer.workload.kind}]`;
  if (peer.kind === 'external') return `x:${peer.range.family}:${peer.range.lo}`;
  return 'i:';
}

function cutsOf(connections: readonly Connection[]): Record<4 | 6, bigint[]> {
  const cuts: Record<4 | 6, Set<bigint>> = { 4: new Set(), 6: new Set() };
  for (const c of connections) {
    for (const p of [c.src, c.dst]) {
      if (p.kind !== 'external') continue;
      cuts[p.range.family].add(p.range.lo);
      if (p.range.hi < MAX_ADDRESS[p.range.family]) cuts[p.range.family].add(p.range.hi + 1n);
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

export function referenceDiff(before: { analysis: NetpolAnalysis; connections: readonly Connection[] }, after: { analysis: NetpolAnalysis; connections: readonly Connection[] }): ConnectionChange[] {
  const cuts = cutsOf([...before.connections, ...after.connections]);
  const entries = new Map<string, { src: PeerRef; dst: PeerRef; before: ConnSet; after: ConnSet }>();
  const add = (c: Connection, side: 'before' | 'after') => {
    for (const src of pieces(c.src, cuts)) {
      for (const dst of pieces(c.dst, cuts)) {
        const key = `${identity(src)} ${identity(dst)}`;
        const entry = entries.get(key) ?? { src, dst, before: ConnSet.NONE, after: ConnSet.NONE };
        entry[side] = c.conns;
        entries.set(key, entry);
      }
    }
  };
  for (const c of before.connections) add(c, 'before');
  for (const c of after.connections) add(c, 'after');
  const workloadsOf = (a: NetpolAnalysis) => new Set(a.workloads.map((w) => identity({ kind: 'workload', workload: w })));
  const beforeWorkloads = workloadsOf(before.analysis);
  const afterWorkloads = workloadsOf(after.analysis);
  const changed = (p: PeerRef) => p.kind === 'workload' && beforeWorkloads.has(identity(p)) !== afterWorkloads.has(identity(p));
  const out: ConnectionChange[] = [];
  for (const e of entries.values()) {
    if (e.before.equals(e.after)) continue;
    const type: DiffType = e.before.isEmpty() ? 'added' : e.after.isEmpty() ? 'removed' : 'changed';
    out.push({ type, src: e.src, dst: e.dst, before: e.before, after: e.after, srcWorkloadChanged: changed(e.src), dstWorkloadChanged: changed(e.dst) });
  }
  return mergeRanges(out);
}

function adjacent(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.hi + 1n === b.lo;
}

function mergeRanges(changes: ConnectionChange[]): ConnectionChange[] {
  const sorted = [...changes].sort((a, b) => cmp(sortKey(a), sortKey(b)));
  const out: ConnectionChange[] = [];
  for (const c of sorted) {
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
  const order: Record<DiffType, number> = { changed: 0, added: 1, removed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || cmp(peerName(a.src), peerName(b.src)) || cmp(peerName(a.dst), peerName(b.dst)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(c: ConnectionChange): string {
  const ext = (p: PeerRef) => (p.kind === 'external' ? `${p.range.family}:${p.range.lo.toString(16).padStart(32, '0')}` : '');
  const other = c.src.kind === 'external' ? `s ${identity(c.dst)}` : `d ${identity(c.src)}`;
  return `${other} ${c.type} ${c.before.key} ${c.after.key} ${ext(c.src)} ${ext(c.dst)}`;
}
