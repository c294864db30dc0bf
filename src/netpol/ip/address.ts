/*
 * IP addresses and CIDRs as Kubernetes reads them in NetworkPolicy ipBlocks (Go's net package,
 * "sloppy" as k8s.io/utils/net parses them: IPv4 octets may have leading zeros and are decimal).
 * An address is a family plus an unsigned integer (BigInt, so IPv6 fits).
 */
export type IpFamily = 4 | 6;

export interface Cidr {
  readonly family: IpFamily;
  /** The network address (host bits cleared). */
  readonly base: bigint;
  readonly prefix: number;
  /** Whether the text had host bits set (`10.0.0.1/8`): accepted, but probably a mistake. */
  readonly hostBitsSet: boolean;
}

export const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };
export const MAX_ADDRESS: Readonly<Record<IpFamily, bigint>> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

/** A parsed address, or undefined when `text` is not one. */
export function parseIp(text: string): { readonly family: IpFamily; readonly value: bigint } | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  let head = text;
  // An embedded IPv4 address stands for the last two groups: ::ffff:10.0.0.1
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parseGroups(halves[0] ?? '');
  const right = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    if (left.length !== 8) return undefined;
    groups = left;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses `a.b.c.d/n` or `x::/n`; undefined when it is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[address.family];
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const base = address.value & ~hostMask & MAX_ADDRESS[address.family];
  return { family: address.family, base, prefix, hostBitsSet: base !== address.value };
}

/**
 * Why Kubernetes' strict CIDR validation (the StrictIPCIDRValidation feature gate, on by default
 * from 1.36) rejects `text`, a CIDR `parseCidr` reads; undefined when it accepts it. The checks
 * and their order are those of apimachinery's parseCIDR with strictValidation: leading zeros in
 * an IPv4 octet or in the prefix length (netip.ParsePrefix refuses them), an IPv4-mapped IPv6
 * address, then bits set beyond the prefix length.
 */
export function strictCidrProblem(text: string): { readonly reason: 'leading-zeros' | 'ipv4-mapped' | 'host-bits'; readonly message: string } | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined;
  const slash = text.indexOf('/');
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const dotted = address.slice(address.lastIndexOf(':') + 1);
  const octets = dotted.includes('.') ? dotted.split('.') : [];
  if (/^0\d/.test(prefixText) || octets.some((o) => /^0\d/.test(o))) return { reason: 'leading-zeros', message: 'must not have leading 0s in IP or prefix length' };
  const value = parseIp(address)?.value;
  if (cidr.family === 6 && value !== undefined && value >> 32n === 0xffffn) {
    return { reason: 'ipv4-mapped', message: 'must not have an IPv4-mapped IPv6 address' };
  }
  if (cidr.hostBitsSet) return { reason: 'host-bits', message: 'must not have bits set beyond the prefix length' };
  return undefined;
}

/** The last address of a CIDR. */
export function cidrEnd(cidr: Cidr): bigint {
  return cidr.base | ((1n << BigInt(BITS[cidr.family] - cidr.prefix)) - 1n);
}

export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (leftmost on ties) of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.family, cidr.base)}/${cidr.prefix}`;
}
