import {
  ALL_PORTS,
  EMPTY_PORTS,
  formatPorts,
  intersectPorts,
  isAllPorts,
  isEmptyPorts,
  portIntervals,
  type PortSet,
  portsContain,
  portsEqual,
  subtractPorts,
  unionPorts,
} from './port-set.js';

/** The protocols a NetworkPolicy port can name, in the order Rampart lists them. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export function isProtocol(value: unknown): value is Protocol {
  return value === 'TCP' || value === 'UDP' || value === 'SCTP';
}

const INDEX: Readonly<Record<Protocol, 0 | 1 | 2>> = { TCP: 0, UDP: 1, SCTP: 2 };

/**
 * A set of connections: for each protocol, a set of destination ports. Immutable; `key` is a
 * canonical string, so equal sets have equal keys.
 */
export class ConnSet {
  static readonly NONE = new ConnSet([EMPTY_PORTS, EMPTY_PORTS, EMPTY_PORTS]);
  static readonly ALL = new ConnSet([ALL_PORTS, ALL_PORTS, ALL_PORTS]);

  readonly key: string;

  private constructor(private readonly sets: readonly [PortSet, PortSet, PortSet]) {
    this.key = `${formatPorts(sets[0])}|${formatPorts(sets[1])}|${formatPorts(sets[2])}`;
  }

  static of(byProtocol: Partial<Record<Protocol, PortSet>>): ConnSet {
    return ConnSet.make([byProtocol.TCP ?? EMPTY_PORTS, byProtocol.UDP ?? EMPTY_PORTS, byProtocol.SCTP ?? EMPTY_PORTS]);
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): ConnSet {
    return ConnSet.of({ [protocol]: ALL_PORTS });
  }

  private static make(sets: readonly [PortSet, PortSet, PortSet]): ConnSet {
    if (sets.every(isEmptyPorts)) return ConnSet.NONE;
    if (sets.every(isAllPorts)) return ConnSet.ALL;
    return new ConnSet(sets);
  }

  ports(protocol: Protocol): PortSet {
    return this.sets[INDEX[protocol]];
  }

  isEmpty(): boolean {
    return this === ConnSet.NONE || this.sets.every(isEmptyPorts);
  }

  isAll(): boolean {
    return this === ConnSet.ALL || this.sets.every(isAllPorts);
  }

  contains(protocol: Protocol, port: number): boolean {
    return portsContain(this.ports(protocol), port);
  }

  /** Whether every connection of `other` is in this set. */
  covers(other: ConnSet): boolean {
    return other.subtract(this).isEmpty();
  }

  equals(other: ConnSet): boolean {
    return this === other || this.sets.every((s, i) => portsEqual(s, other.sets[i as 0 | 1 | 2]));
  }

  union(other: ConnSet): ConnSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return ConnSet.make([unionPorts(this.sets[0], other.sets[0]), unionPorts(this.sets[1], other.sets[1]), unionPorts(this.sets[2], other.sets[2])]);
  }

  intersect(other: ConnSet): ConnSet {
    if (this.isEmpty() || other.isAll()) return this;
    if (other.isEmpty() || this.isAll()) return other;
    return ConnSet.make([
      intersectPorts(this.sets[0], other.sets[0]),
      intersectPorts(this.sets[1], other.sets[1]),
      intersectPorts(this.sets[2], other.sets[2]),
    ]);
  }

  subtract(other: ConnSet): ConnSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    if (other.isAll()) return ConnSet.NONE;
    return ConnSet.make([
      subtractPorts(this.sets[0], other.sets[0]),
      subtractPorts(this.sets[1], other.sets[1]),
      subtractPorts(this.sets[2], other.sets[2]),
    ]);
  }

  complement(): ConnSet {
    return ConnSet.ALL.subtract(this);
  }

  /** Protocols with at least one port, in `PROTOCOLS` order. */
  protocols(): Protocol[] {
    return PROTOCOLS.filter((p) => !isEmptyPorts(this.ports(p)));
  }

  /**
   * The list form of the JSON contract: `"all"`, or one entry per protocol and range,
   * `["TCP 8080", "TCP 9000-9100", "UDP 53"]`; `[]` when empty.
   */
  toList(): 'all' | string[] {
    if (this.isAll()) return 'all';
    const out: string[] = [];
    for (const protocol of PROTOCOLS) {
      for (const [lo, hi] of portIntervals(this.ports(protocol))) out.push(lo === hi ? `${protocol} ${lo}` : `${protocol} ${lo}-${hi}`);
    }
    return out;
  }

  /** `all`, `none`, or `TCP 80,443; UDP 53` for people. */
  toString(): string {
    if (this.isAll()) return 'all';
    if (this.isEmpty()) return 'none';
    return this.protocols()
      .map((p) => (isAllPorts(this.ports(p)) ? p : `${p} ${formatPorts(this.ports(p))}`))
      .join('; ');
  }
}

/** Parses the list form (`"all"` or `["TCP 80", "UDP 5000-5010"]`) back into a set. */
export function connSetFromList(list: 'all' | readonly string[]): ConnSet | undefined {
  if (list === 'all') return ConnSet.ALL;
  let set = ConnSet.NONE;
  for (const item of list) {
    const match = /^(TCP|UDP|SCTP) (\d+)(?:-(\d+))?$/.exec(item);
    if (!match) return undefined;
    const protocol = match[1];
    const lo = Number(match[2]);
    const hi = match[3] === undefined ? lo : Number(match[3]);
    if (!isProtocol(protocol) || lo < 1 || hi > 65535 || hi < lo) return undefined;
    set = set.union(ConnSet.of({ [protocol]: [lo, hi] }));
  }
  return set;
}
