import { PyTypeError, type PyValue } from './python.js';

/*
 * Python's ipaddress.ip_network(value, strict=False), which Checkov's cidr_range_subset reads
 * both sides with. Hand-written because the operator's verdict depends on exactly what Python
 * accepts: dotted netmasks and hostmasks after the slash for IPv4 (`10.0.0.0/255.0.0.0`), a
 * prefix with leading zeros (`/024`) but no IPv4 octet with one, `::` and an IPv4 tail in IPv6, a
 * zone (`%eth0`) that is dropped, an integer as a single address. Where Python raises, this throws
 * PyTypeError, and Checkov gives the object no verdict.
 */

export interface IpNetwork {
  readonly version: 4 | 6;
  /** The network address (host bits cleared) and the last address, as integers. */
  readonly first: bigint;
  readonly last: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;
const ALL_ONES = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

class AddressError extends Error {}

function fail(what: string): never {
  throw new AddressError(what);
}

const isAsciiDigits = (s: string) => /^[0-9]+$/.test(s);

function ipv4Int(text: string): bigint {
  if (text === '') fail('Address cannot be empty');
  const octets = text.split('.');
  if (octets.length !== 4) fail('Expected 4 octets');
  let value = 0n;
  for (const octet of octets) {
    if (!isAsciiDigits(octet) || octet.length > 3) fail('invalid octet');
    if (octet !== '0' && octet.startsWith('0')) fail('leading zeros are not permitted');
    const n = Number(octet);
    if (n > 255) fail('octet exceeds 255');
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function hextet(text: string): bigint {
  if (!/^[0-9a-fA-F]{1,4}$/.test(text)) fail('invalid hextet');
  return BigInt(`0x${text}`);
}

function ipv6Int(address: string): bigint {
  const percent = address.indexOf('%');
  let text = address;
  if (percent >= 0) {
    const zone = address.slice(percent + 1);
    if (zone === '' || zone.includes('%')) fail('invalid zone');
    text = address.slice(0, percent);
  }
  if (text === '') fail('Address cannot be empty');
  const parts = text.split(':');
  if (parts.length < 3) fail('too few parts');
  if (parts[parts.length - 1]!.includes('.')) {
    const v4 = ipv4Int(parts.pop()!);
    parts.push(((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
  }
  if (parts.length > 9) fail('too many parts');
  let skip: number | undefined;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] !== '') continue;
    if (skip !== undefined) fail("at most one '::'");
    skip = i;
  }
  let hi: number;
  let lo: number;
  let skipped: number;
  if (skip !== undefined) {
    hi = skip;
    lo = parts.length - skip - 1;
    if (parts[0] === '' && --hi !== 0) fail("leading ':' only with '::'");
    if (parts[parts.length - 1] === '' && --lo !== 0) fail("trailing ':' only with '::'");
    skipped = 8 - (hi + lo);
    if (skipped < 1) fail("'::' stands for no hextet");
  } else {
    if (parts.length !== 8 || parts[0] === '' || parts[parts.length - 1] === '') fail('expected 8 hextets');
    hi = parts.length;
    lo = 0;
    skipped = 0;
  }
  let value = 0n;
  for (let i = 0; i < hi; i++) value = (value << 16n) | hextet(parts[i]!);
  value <<= BigInt(16 * skipped);
  for (let i = parts.length - lo; i < parts.length; i++) value = (value << 16n) | hextet(parts[i]!);
  return value;
}

/** The prefix length a netmask or hostmask stands for (contiguous ones, then zeros), or undefined. */
function prefixOfMask(mask: bigint, bits: number): number | undefined {
  let zeros = 0;
  while (zeros < bits && ((mask >> BigInt(zeros)) & 1n) === 0n) zeros++;
  const prefix = bits - zeros;
  return mask >> BigInt(zeros) === (1n << BigInt(prefix)) - 1n ? prefix : undefined;
}

function prefixLength(text: string, version: 4 | 6): number {
  const bits = BITS[version];
  if (isAsciiDigits(text)) {
    const n = Number(text);
    if (n <= bits) return n;
    fail('invalid prefix');
  }
  if (version === 6) fail('invalid prefix');
  const mask = ipv4Int(text);
  const prefix = prefixOfMask(mask, bits) ?? prefixOfMask(mask ^ ALL_ONES[4], bits);
  return prefix ?? fail('invalid netmask');
}

function network(version: 4 | 6, address: bigint, prefix: number): IpNetwork {
  const host = (1n << BigInt(BITS[version] - prefix)) - 1n;
  const first = address & (ALL_ONES[version] ^ host);
  return { version, first, last: first | host };
}

function parseAs(version: 4 | 6, text: string): IpNetwork {
  const parts = text.split('/');
  if (parts.length > 2) fail("only one '/' permitted");
  const address = version === 4 ? ipv4Int(parts[0]!) : ipv6Int(parts[0]!);
  return network(version, address, parts.length === 2 ? prefixLength(parts[1]!, version) : BITS[version]);
}

/** ipaddress.ip_network(value, strict=False); throws PyTypeError where Python raises. */
export function ipNetwork(value: PyValue): IpNetwork {
  if (typeof value === 'number' || typeof value === 'boolean') {
    // An int (a bool is one) is one address; a float is refused.
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new PyTypeError(`${String(value)} does not appear to be an IPv4 or IPv6 network`);
    const big = BigInt(n);
    if (big <= ALL_ONES[4]) return network(4, big, 32);
    if (big <= ALL_ONES[6]) return network(6, big, 128);
    throw new PyTypeError(`${String(value)} does not appear to be an IPv4 or IPv6 network`);
  }
  if (typeof value !== 'string') throw new PyTypeError('does not appear to be an IPv4 or IPv6 network');
  for (const version of [4, 6] as const) {
    try {
      return parseAs(version, value);
    } catch (error) {
      if (!(error instanceof AddressError)) throw error;
    }
  }
  throw new PyTypeError(`'${value}' does not appear to be an IPv4 or IPv6 network`);
}

export const isSubnetOf = (a: IpNetwork, b: IpNetwork): boolean => a.version === b.version && a.first >= b.first && a.last <= b.last;
