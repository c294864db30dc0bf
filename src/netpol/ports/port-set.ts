/*
 * Sets of ports (1..65535) as sorted, disjoint, non-adjacent closed intervals, flattened into one
 * array `[lo0, hi0, lo1, hi1, ...]`. Values are immutable: every operation returns a new array
 * (or one of its inputs when nothing changes).
 */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export type PortSet = readonly number[];

export const EMPTY_PORTS: PortSet = Object.freeze([]);
export const ALL_PORTS: PortSet = Object.freeze([MIN_PORT, MAX_PORT]);

/** The ports `lo..hi`, clipped to the valid range; empty when nothing is left. */
export function portRange(lo: number, hi: number): PortSet {
  const a = Math.max(lo, MIN_PORT);
  const b = Math.min(hi, MAX_PORT);
  return a <= b ? [a, b] : EMPTY_PORTS;
}

export function isEmptyPorts(set: PortSet): boolean {
  return set.length === 0;
}

export function isAllPorts(set: PortSet): boolean {
  return set.length === 2 && set[0] === MIN_PORT && set[1] === MAX_PORT;
}

export function portsContain(set: PortSet, port: number): boolean {
  for (let i = 0; i < set.length; i += 2) {
    if (port < (set[i] ?? 0)) return false;
    if (port <= (set[i + 1] ?? 0)) return true;
  }
  return false;
}

export function portsEqual(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || isAllPorts(b)) return b;
  if (b.length === 0 || isAllPorts(a)) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  const push = (lo: number, hi: number) => {
    const n = out.length;
    if (n > 0 && lo <= (out[n - 1] ?? 0) + 1) {
      if (hi > (out[n - 1] ?? 0)) out[n - 1] = hi;
    } else out.push(lo, hi);
  };
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (a[i] ?? 0) <= (b[j] ?? 0));
    if (takeA) {
      push(a[i] ?? 0, a[i + 1] ?? 0);
      i += 2;
    } else {
      push(b[j] ?? 0, b[j + 1] ?? 0);
      j += 2;
    }
  }
  return out;
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || isAllPorts(b)) return a;
  if (b.length === 0 || isAllPorts(a)) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] ?? 0, b[j] ?? 0);
    const hi = Math.min(a[i + 1] ?? 0, b[j + 1] ?? 0);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] ?? 0) < (b[j + 1] ?? 0)) i += 2;
    else j += 2;
  }
  return out;
}

export function complementPorts(a: PortSet): PortSet {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    const lo = a[i] ?? 0;
    if (lo > next) out.push(next, lo - 1);
    next = (a[i + 1] ?? 0) + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

export function subtractPorts(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || b.length === 0) return a;
  return intersectPorts(a, complementPorts(b));
}

/** `80`, `8080-8090`, joined by commas: `53,80,8000-9000`. */
export function formatPorts(set: PortSet): string {
  const parts: string[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] ?? 0;
    const hi = set[i + 1] ?? 0;
    parts.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
  }
  return parts.join(',');
}

/** Each interval of the set as `[lo, hi]`. */
export function portIntervals(set: PortSet): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < set.length; i += 2) out.push([set[i] ?? 0, set[i + 1] ?? 0]);
  return out;
}
