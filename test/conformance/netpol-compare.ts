/*
 * Compares connectivity reports at the level of connections: each side becomes a set of
 * "source -> destination : ports" keys, with external address ranges cut at every boundary
 * either side uses, so two reports that split the address space differently still compare.
 */
import { formatIpRange, type IpRange } from '../../src/netpol/ip/ip-set.js';
import type { ExpectedPeer } from './netpol-expected.js';

export interface Comparable {
  readonly src: ExpectedPeer;
  readonly dst: ExpectedPeer;
  readonly value: string;
}

function cutsOf(entries: readonly Comparable[]): bigint[] {
  const cuts = new Set<bigint>();
  for (const e of entries) {
    for (const p of [e.src, e.dst]) {
      if (p.kind !== 'external') continue;
      cuts.add(p.range.lo);
      cuts.add(p.range.hi + 1n);
    }
  }
  return [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function pieces(peer: ExpectedPeer, cuts: readonly bigint[]): string[] {
  if (peer.kind === 'workload' || peer.kind === 'other') return [peer.name];
  const out: string[] = [];
  let lo = peer.range.lo;
  for (const cut of cuts) {
    if (cut <= lo || cut > peer.range.hi) continue;
    out.push(formatIpRange({ family: 4, lo, hi: cut - 1n }));
    lo = cut;
  }
  out.push(formatIpRange({ family: 4, lo, hi: peer.range.hi }));
  return out;
}

/** The keys of both sides, over the common refinement of their address ranges. */
export function canonicalize(expected: readonly Comparable[], actual: readonly Comparable[]): { expected: string[]; actual: string[] } {
  const cuts = cutsOf([...expected, ...actual]);
  const keys = (list: readonly Comparable[]) => {
    const out = new Set<string>();
    for (const e of list) for (const s of pieces(e.src, cuts)) for (const d of pieces(e.dst, cuts)) out.add(`${s} -> ${d} : ${e.value}`);
    return [...out].sort();
  };
  return { expected: keys(expected), actual: keys(actual) };
}

/** Lines only one side has, for a readable failure. */
export function difference(expected: readonly string[], actual: readonly string[]): { missing: string[]; unexpected: string[] } {
  const a = new Set(actual);
  const e = new Set(expected);
  return { missing: expected.filter((x) => !a.has(x)), unexpected: actual.filter((x) => !e.has(x)) };
}

export function isIpv4(range: IpRange): boolean {
  return range.family === 4;
}
