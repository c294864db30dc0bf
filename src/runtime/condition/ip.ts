import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a bigint with its family, for exact equality and CIDR tests. */
export interface IpValue {
  readonly v6: boolean;
  readonly n: bigint;
}

export function parseIp(text: string): IpValue | undefined {
  if (isIPv4(text)) return { v6: false, n: text.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n) };
  if (!isIPv6(text)) return undefined;
  const [head = '', tail] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  let parts = groups(head);
  let rest = tail === undefined ? [] : groups(tail);
  const last = (tail === undefined ? parts : rest).at(-1);
  const v4tail = last !== undefined && last.includes('.') ? last : undefined;
  const expand = (list: string[]) => (v4tail !== undefined && list.at(-1) === v4tail ? [...list.slice(0, -1), ...v4Groups(v4tail)] : list);
  parts = expand(parts);
  rest = expand(rest);
  const fill = tail === undefined ? [] : new Array<string>(8 - parts.length - rest.length).fill('0');
  const all = [...parts, ...fill, ...rest];
  if (all.length !== 8) return undefined;
  return { v6: true, n: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function v4Groups(v4: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

export interface IpNet {
  readonly v6: boolean;
  readonly base: bigint;
  readonly mask: bigint;
}

/** A network as `addr/prefix`; a bare address is a host network. */
export function parseIpNet(text: string): IpNet | undefined {
  const [addr = '', prefix] = text.split('/');
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const len = prefix === undefined ? bits : Number(prefix);
  if (!Number.isInteger(len) || len < 0 || len > bits || (prefix !== undefined && !/^\d+$/.test(prefix))) return undefined;
  const all = (1n << BigInt(bits)) - 1n;
  const mask = all ^ ((1n << BigInt(bits - len)) - 1n);
  return { v6: ip.v6, base: ip.n & mask, mask };
}

export function inNet(ip: IpValue, net: IpNet): boolean {
  return ip.v6 === net.v6 && (ip.n & net.mask) === net.base;
}
