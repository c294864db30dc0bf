/* Property tests of the sets the engine computes with: ports, connections, addresses. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseCidr, parseIp } from '../../src/netpol/ip/address.js';
import { ipAtoms, type IpRange, ipSet, ipSetCovers, rangeToCidrs, subtractIps } from '../../src/netpol/ip/ip-set.js';
import { ConnSet, connSetFromList, PROTOCOLS } from '../../src/netpol/ports/conn-set.js';
import { complementPorts, intersectPorts, type PortSet, portRange, portsContain, subtractPorts, unionPorts } from '../../src/netpol/ports/port-set.js';
import { parsePortSpec } from '../../src/netpol/ports/port-spec.js';

/** Ports near the edges and in a small window, so that a membership model can list them all. */
const PROBES = [1, 2, 3, ...Array.from({ length: 60 }, (_, i) => 40 + i), 65533, 65534, 65535];
const range = fc.tuple(fc.constantFrom(1, 2, 40, 50, 60, 65534), fc.integer({ min: 0, max: 30 })).map(([lo, len]) => [lo, Math.min(65535, lo + len)] as const);
const portSet: fc.Arbitrary<PortSet> = fc.array(fc.oneof(range, fc.constant([1, 65535] as const)), { maxLength: 4 }).map((rs) => rs.reduce<PortSet>((acc, [lo, hi]) => unionPorts(acc, portRange(lo, hi)), []));

describe('port sets', () => {
  it('agree with a membership model on union, intersection, subtraction and complement', () => {
    fc.assert(
      fc.property(portSet, portSet, (a, b) => {
        for (const p of PROBES) {
          expect(portsContain(unionPorts(a, b), p)).toBe(portsContain(a, p) || portsContain(b, p));
          expect(portsContain(intersectPorts(a, b), p)).toBe(portsContain(a, p) && portsContain(b, p));
          expect(portsContain(subtractPorts(a, b), p)).toBe(portsContain(a, p) && !portsContain(b, p));
          expect(portsContain(complementPorts(a), p)).toBe(!portsContain(a, p));
        }
      }),
    );
  });

  it('are canonical: sorted, disjoint and never adjacent', () => {
    fc.assert(
      fc.property(portSet, portSet, (a, b) => {
        for (const s of [unionPorts(a, b), intersectPorts(a, b), subtractPorts(a, b)]) {
          for (let i = 0; i < s.length; i += 2) {
            expect(s[i]).toBeLessThanOrEqual(s[i + 1] ?? 0);
            if (i > 0) expect(s[i]).toBeGreaterThan((s[i - 1] ?? 0) + 1);
          }
        }
      }),
    );
  });
});

const connSet = fc.tuple(portSet, portSet, portSet).map(([tcp, udp, sctp]) => ConnSet.of({ TCP: tcp, UDP: udp, SCTP: sctp }));

describe('connection sets', () => {
  it('round-trip through the JSON list form', () => {
    fc.assert(
      fc.property(connSet, (c) => {
        expect(connSetFromList(c.toList())?.key).toBe(c.key);
      }),
    );
  });

  it('have equal keys exactly when equal', () => {
    fc.assert(
      fc.property(connSet, connSet, (a, b) => {
        expect(a.key === b.key).toBe(a.equals(b) && b.equals(a));
      }),
    );
  });

  it('obey the set laws the engine relies on', () => {
    fc.assert(
      fc.property(connSet, connSet, (a, b) => {
        expect(a.union(b).covers(a)).toBe(true);
        expect(a.covers(a.intersect(b))).toBe(true);
        expect(a.subtract(b).intersect(b).isEmpty()).toBe(true);
        expect(a.intersect(b).union(a.subtract(b)).equals(a)).toBe(true);
        expect(a.complement().complement().equals(a)).toBe(true);
      }),
    );
  });

  it('parse the port forms of the command line', () => {
    for (const [text, want] of [
      ['8080', 'TCP 8080'],
      ['8080/udp', 'UDP 8080'],
      ['tcp-53', 'TCP 53'],
      ['SCTP 9003', 'SCTP 9003'],
      ['9000-9100/TCP', 'TCP 9000-9100'],
    ] as const) {
      const spec = parsePortSpec(text);
      expect(spec.ok && spec.value.kind === 'number' ? ConnSet.of({ [spec.value.protocol]: [spec.value.lo, spec.value.hi] }).toString() : undefined, text).toBe(want);
    }
    expect(parsePortSpec('http').ok).toBe(true);
    for (const bad of ['0', '70000', '90-80', 'http/ICMP', 'Not A Port']) expect(parsePortSpec(bad).ok, bad).toBe(false);
  });
});

const ipv4 = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
const ipv6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const ipRange: fc.Arbitrary<IpRange> = fc.oneof(
  fc.tuple(ipv4, ipv4).map(([a, b]): IpRange => ({ family: 4, lo: a < b ? a : b, hi: a < b ? b : a })),
  fc.tuple(ipv6, ipv6).map(([a, b]): IpRange => ({ family: 6, lo: a < b ? a : b, hi: a < b ? b : a })),
);

describe('addresses', () => {
  it('format and parse back every IPv4 and IPv6 address', () => {
    fc.assert(
      fc.property(ipv4, (v) => {
        expect(parseIp(formatIp(4, v))?.value).toBe(v);
      }),
    );
    fc.assert(
      fc.property(ipv6, (v) => {
        expect(parseIp(formatIp(6, v))?.value).toBe(v);
      }),
    );
  });

  it('read the IPv6 forms RFC 4291 allows and write the RFC 5952 one', () => {
    expect(formatIp(6, parseIp('2001:0db8:0000:0000:0000:ff00:0042:8329')?.value ?? 0n)).toBe('2001:db8::ff00:42:8329');
    expect(formatIp(6, parseIp('::ffff:192.0.2.1')?.value ?? 0n)).toBe('::ffff:c000:201');
    expect(formatIp(6, parseIp('fd00:ec2::254')?.value ?? 0n)).toBe('fd00:ec2::254');
    for (const bad of ['1.2.3', '256.1.1.1', '1:2:3:4:5:6:7:8:9', '::1::', 'fe80::1%eth0']) expect(parseIp(bad), bad).toBeUndefined();
    expect(parseCidr('10.0.0.1/8')).toMatchObject({ base: 167772160n, prefix: 8, hostBitsSet: true });
    expect(parseCidr('010.0.0.0/8')?.base).toBe(167772160n);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });

  it('write a range as the fewest CIDRs that cover exactly it', () => {
    fc.assert(
      fc.property(ipRange, (r) => {
        let next = r.lo;
        for (const text of rangeToCidrs(r)) {
          const cidr = parseCidr(text);
          expect(cidr?.base).toBe(next);
          next = (cidr?.base ?? 0n) + (1n << BigInt((r.family === 4 ? 32 : 128) - (cidr?.prefix ?? 0)));
        }
        expect(next).toBe(r.hi + 1n);
      }),
      { numRuns: 200 },
    );
  });

  it('split the address space into disjoint atoms of which every set is a union', () => {
    fc.assert(
      fc.property(fc.array(fc.array(ipRange, { maxLength: 3 }), { maxLength: 4 }), (rangeLists) => {
        const sets = rangeLists.map(ipSet);
        const atoms = ipAtoms(sets);
        for (const family of [4, 6] as const) {
          const mine = atoms.filter((a) => a.family === family);
          expect(mine[0]?.lo).toBe(0n);
          mine.forEach((a, i) => i > 0 && expect(a.lo).toBe((mine[i - 1]?.hi ?? 0n) + 1n));
        }
        for (const set of sets) {
          const inside = atoms.filter((a) => ipSetCovers(set, a));
          for (const atom of atoms) if (!inside.includes(atom)) expect(subtractIps([atom], set)).toEqual([atom]);
          expect(subtractIps(set, inside)).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('protocols', () => {
  it('are TCP, UDP and SCTP, in that order', () => expect(PROTOCOLS).toEqual(['TCP', 'UDP', 'SCTP']));
});
