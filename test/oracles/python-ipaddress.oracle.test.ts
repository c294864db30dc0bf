import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipNetwork } from '../../src/custom-rules/checkov/ip-network.js';
import { PyTypeError } from '../../src/custom-rules/checkov/python.js';
import { findCheckov } from './checkov/checkov.js';

/*
 * Checkov's cidr_range_subset reads both sides with Python's ipaddress.ip_network(v, strict=False).
 * This runs that function itself (the Python of Checkov's environment) on random network texts
 * and numbers, and requires ip-network.ts to accept the same ones with the same first and last
 * address, and to refuse the others.
 */

const octet = fc.constantFrom('0', '1', '10', '127', '255', '256', '010', '00', '', '1a', '\u0663', '999', '0x1');
const v4 = fc.array(octet, { minLength: 3, maxLength: 5 }).map((parts) => parts.join('.'));
const hextet = fc.constantFrom('', '0', '1', 'ffff', 'FFFF', 'db8', '2001', '12345', 'g', '0000', 'fe80');
const v6 = fc
  .tuple(fc.array(hextet, { minLength: 1, maxLength: 10 }), fc.option(fc.constantFrom('10.0.0.1', '1.2.3', '256.0.0.1'), { nil: undefined }), fc.option(fc.constantFrom('%eth0', '%', '%a%b', '%1'), { nil: undefined }))
  .map(([parts, tail, zone]) => `${[...parts, ...(tail ? [tail] : [])].join(':')}${zone ?? ''}`);
const prefix = fc.constantFrom('0', '8', '24', '32', '33', '64', '128', '129', '024', '', '255.0.0.0', '0.0.0.255', '255.0.255.0', '255.255.255.255', '0.0.0.0', '+8', ' 8', '1/2');
const network = fc.tuple(fc.oneof(v4, v6), fc.option(prefix, { nil: undefined })).map(([address, p]) => (p === undefined ? address : `${address}/${p}`));
const noise = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF.:/% g'), maxLength: 20 });
const value = fc.oneof(
  { weight: 6, arbitrary: network },
  { weight: 2, arbitrary: noise },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 5, 4294967295, 4294967296, -1, 1.5, true, false, null, 2 ** 53) },
);

const PYTHON_SCRIPT = `
import ipaddress, json, sys
out = []
for v in json.load(sys.stdin):
    try:
        n = ipaddress.ip_network(v, strict=False)
        out.append([n.version, str(int(n.network_address)), str(int(n.broadcast_address))])
    except Exception:
        out.append(None)
json.dump(out, sys.stdout)
`;

function ours(v: unknown): [number, string, string] | null {
  try {
    const n = ipNetwork(v);
    return [n.version, String(n.first), String(n.last)];
  } catch (error) {
    if (error instanceof PyTypeError) return null;
    throw error;
  }
}

describe("Python's ipaddress.ip_network, as Checkov's cidr operators read networks", () => {
  const checkov = findCheckov();

  it.skipIf(!checkov)('accepts and refuses what Python does, with the same network and last address', () => {
    const python = checkov!.includes('/') && existsSync(path.join(path.dirname(checkov!), 'python')) ? path.join(path.dirname(checkov!), 'python') : 'python3';
    const seed = Number(process.env.RAMPART_ORACLE_SEED ?? 20261207);
    const values = fc.sample(value, { seed, numRuns: Number(process.env.IPADDRESS_RUNS ?? 20000) });
    const run = spawnSync(python, ['-W', 'ignore', '-c', PYTHON_SCRIPT], { input: JSON.stringify(values), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    const expected = JSON.parse(run.stdout) as Array<[number, string, string] | null>;
    const differences = values.flatMap((v, i) => {
      const mine = ours(v);
      return JSON.stringify(mine) === JSON.stringify(expected[i]) ? [] : [`${JSON.stringify(v)}: Python ${JSON.stringify(expected[i])}, Rampart ${JSON.stringify(mine)}`];
    });
    expect(differences.slice(0, 10)).toEqual([]);
    // Both outcomes, for both versions, in numbers.
    expect(expected.filter((e) => e?.[0] === 4).length).toBeGreaterThan(500);
    expect(expected.filter((e) => e?.[0] === 6).length).toBeGreaterThan(500);
    expect(expected.filter((e) => e === null).length).toBeGreaterThan(2000);
  });
});
