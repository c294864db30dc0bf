import { BITS, type Cidr, cidrEnd, formatIp, type IpFamily, MAX_ADDRESS } from './address.js';

/** A closed range of addresses of one family. */
export interface IpRange {
  readonly family: IpFamily;
  readonly lo: bigint;
  readonly hi: bigint;
}

/** A set of addresses: sorted (IPv4 first), disjoint, non-adjacent ranges. */
export type IpSet = readonly IpRange[];

export const EMPTY_IPS: IpSet = Object.freeze([]);
export const ALL_IPV4: IpRange = { family: 4, lo: 0n, hi: MAX_ADDRESS[4] };
export const ALL_IPV6: IpRange = { family: 6, lo: 0n, hi: MAX_ADDRESS[6] };
/** Every address of both families: the external world as a NetworkPolicy sees it. */
export const ALL_IPS: IpSet = Object.freeze([ALL_IPV4, ALL_IPV6]);

export function cidrRange(cidr: Cidr): IpRange {
  return { family: cidr.family, lo: cidr.base, hi: cidrEnd(cidr) };
}

function compare(a: IpRange, b: IpRange): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0;
}

/** Normalizes any list of ranges into a set. */
export function ipSet(ranges: readonly IpRange[]): IpSet {
  const sorted = [...ranges].sort(compare);
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === r.family && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) out[out.length - 1] = { family: r.family, lo: last.lo, hi: r.hi };
    } else out.push(r);
  }
  return out;
}

export function unionIps(a: IpSet, b: IpSet): IpSet {
  return ipSet([...a, ...b]);
}

export function subtractIps(a: IpSet, b: IpSet): IpSet {
  let out: IpRange[] = [...a];
  for (const cut of b) {
    const next: IpRange[] = [];
    for (const r of out) {
      if (r.family !== cut.family || cut.hi < r.lo || cut.lo > r.hi) {
        next.push(r);
        continue;
      }
      if (cut.lo > r.lo) next.push({ family: r.family, lo: r.lo, hi: cut.lo - 1n });
      if (cut.hi < r.hi) next.push({ family: r.family, lo: cut.hi + 1n, hi: r.hi });
    }
    out = next;
  }
  return out;
}

export function intersectIps(a: IpSet, b: IpSet): IpSet {
  const out: IpRange[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.family !== y.family) continue;
      const lo = x.lo > y.lo ? x.lo : y.lo;
      const hi = x.hi < y.hi ? x.hi : y.hi;
      if (lo <= hi) out.push({ family: x.family, lo, hi });
    }
  }
  return ipSet(out);
}

/** Whether the whole range lies inside the set. */
export function ipSetCovers(set: IpSet, range: IpRange): boolean {
  return set.some((r) => r.family === range.family && r.lo <= range.lo && range.hi <= r.hi);
}

export function ipSetsEqual(a: IpSet, b: IpSet): boolean {
  return a.length === b.length && a.every((r, i) => r.family === b[i]?.family && r.lo === b[i]?.lo && r.hi === b[i]?.hi);
}

/**
 * The coarsest partition of the whole address space (both families) into ranges such that each
 * given set is a union of them: the disjoint "atoms" external peers are reported as.
 */
export function ipAtoms(sets: readonly IpSet[]): IpRange[] {
  const cuts: Record<IpFamily, Set<bigint>> = { 4: new Set([0n]), 6: new Set([0n]) };
  for (const set of sets) {
    for (const r of set) {
      cuts[r.family].add(r.lo);
      if (r.hi < MAX_ADDRESS[r.family]) cuts[r.family].add(r.hi + 1n);
    }
  }
  const atoms: IpRange[] = [];
  for (const family of [4, 6] as const) {
    const points = [...cuts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    points.forEach((lo, i) => {
      const next = points[i + 1];
      atoms.push({ family, lo, hi: next === undefined ? MAX_ADDRESS[family] : next - 1n });
    });
  }
  return atoms;
}

const formatted = new Map<string, string>();

/**
 * A range as people read it: an address alone, a CIDR when the range is exactly one
 * (`10.0.0.0/8`, `::/0`), else `first-last` (`11.0.0.0-172.20.255.255`).
 */
export function formatIpRange(range: IpRange): string {
  const key = `${range.family}:${range.lo}:${range.hi}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const lo = formatIp(range.family, range.lo);
    const cidrs = range.lo === range.hi ? [] : rangeToCidrs(range);
    text = range.lo === range.hi ? lo : cidrs.length === 1 && cidrs[0] ? cidrs[0] : `${lo}-${formatIp(range.family, range.hi)}`;
    // Ranges repeat across a map's connections; the cache is bounded for long-lived processes.
    if (formatted.size > 50_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The fewest CIDRs that exactly cover the range. */
export function rangeToCidrs(range: IpRange): string[] {
  const bits = BITS[range.family];
  const out: string[] = [];
  let lo = range.lo;
  while (lo <= range.hi) {
    // The largest block starting at `lo`: limited by lo's alignment and by what is left.
    const alignment = lo === 0n ? bits : bitLength(lo & -lo) - 1;
    const fits = bitLength(range.hi - lo + 1n) - 1;
    const size = Math.min(alignment, fits, bits);
    out.push(`${formatIp(range.family, lo)}/${bits - size}`);
    lo += 1n << BigInt(size);
  }
  return out;
}

/** Whether `outer` contains all of `inner`. */
export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi;
}
