/*
 * Differential test of src/netpol against np-guard/netpol-analyzer v1.4.4 (Go), the library the
 * conformance data comes from: test/oracles/netpol builds a small program on it; hundreds of
 * random clusters (netpol-arbitraries.ts) go to both, and for every ordered pair of workloads and
 * probe addresses, every probe port (each port number the cluster mentions, its neighbours, and
 * 1 and 65535, for TCP, UDP and SCTP) must be allowed or denied alike.
 *
 * netpol-analyzer answers through its per-connection check (PolicyEngine.CheckIfAllowed). Its
 * connlist code (the `list` command) is not used: in v1.4.4 its port-interval arithmetic loses
 * ports when an admin policy's port range partially overlaps the ports the other direction
 * allows (an AdminNetworkPolicy egress Allow of TCP 79-80 against an ingress NetworkPolicy of
 * TCP 80-9100 lists TCP 80 where the policies allow 80-9100), while the per-connection check
 * answers each port by the rules as written. That check has a defect of its own, worked around
 * the same way (an equivalent spelling, see forOracle): a NetworkPolicy port with a protocol but no
 * number matches every protocol there.
 *
 *   NETPOL_ORACLE_RUNS=2000 NETPOL_ORACLE_SEED=123 npx vitest run test/oracles/netpol.oracle.test.ts
 *   NETPOL_ORACLE_SEED=random npx vitest run test/oracles/netpol.oracle.test.ts
 *
 * Without the Go toolchain the test is skipped with a message saying so.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { difference } from '../conformance/netpol-compare.js';
import type { Endpoint } from '../../src/netpol/engine/analysis.js';
import { parseIp } from '../../src/netpol/ip/address.js';
import { PROTOCOLS, type Protocol } from '../../src/netpol/ports/conn-set.js';
import { clusterArbitrary, type Doc, forOracle } from './netpol-arbitraries.js';

const ORACLE_DIR = fileURLToPath(new URL('./netpol/', import.meta.url));
const HAVE_GO = goAvailable('netpol');
const RUNS = Number(process.env.NETPOL_ORACLE_RUNS ?? 200);
const SEED = process.env.NETPOL_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.NETPOL_ORACLE_SEED ?? 20260704);


interface OracleAnswer {
  readonly results?: ReadonlyArray<{ readonly src: string; readonly dst: string; readonly allowed: readonly string[] }>;
  readonly error?: string;
}

/** Addresses inside and outside every CIDR the generator uses, and at their edges. */
const PROBE_IPS = ['8.8.8.8', '10.1.2.3', '10.1.3.4', '169.254.169.254', '172.20.1.1', '203.0.113.7'];
/** Probe ports per cluster and protocol, at most: the edges of the ranges in use, picked at random beyond that. */
const PORTS_PER_PROTOCOL = 10;

/** Every port number the cluster mentions, with its neighbours, and the ends of the range, for each protocol. */
function probePorts(cluster: readonly Doc[]): Array<{ protocol: Protocol; port: number }> {
  const numbers = new Set<number>([1, 65535]);
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) value.forEach((v) => visit(v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    else if (typeof value === 'number' && key && ['port', 'endPort', 'start', 'end', 'containerPort'].includes(key)) {
      for (const n of [value - 1, value, value + 1]) if (n >= 1 && n <= 65535) numbers.add(n);
    }
  };
  visit(cluster);
  const all = [...numbers].sort((a, b) => a - b);
  // A deterministic pick (the same for both sides), different for each protocol.
  return PROTOCOLS.flatMap((protocol, p) => {
    const picked = all.length <= PORTS_PER_PROTOCOL ? all : all.filter((_, i) => (i * 7 + p * 3 + all.length) % Math.ceil(all.length / PORTS_PER_PROTOCOL) === 0);
    return picked.map((port) => ({ protocol, port }));
  });
}

let oracle: string;
let built: { readonly binary: string; remove(): void } | undefined;

beforeAll(() => {
  if (!HAVE_GO) return;
  built = buildGoOracle(ORACLE_DIR, 'netpol');
  oracle = built.binary;
}, 900_000);

afterAll(() => built?.remove());

function askOracle(clusters: readonly Doc[][]): OracleAnswer[] {
  const input = clusters.map((documents) => JSON.stringify({ documents: forOracle(documents), ips: PROBE_IPS, ports: probePorts(documents) })).join('\n');
  const run = spawnSync(oracle, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`NetworkPolicy oracle failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(clusters.length);
  return lines.map((line) => JSON.parse(line) as OracleAnswer);
}

/** Rampart's answer to the same questions: `src => dst: allowed probes`, plus any policy error. */
function ours(documents: readonly Doc[]): { answers: Map<string, string[]>; errors: string[] } {
  const text = documents.map((d) => JSON.stringify(d)).join('\n---\n');
  const objects = parseManifests(text, 'cluster.yaml').documents.flatMap((d) => objectsOfDocument(d, 'cluster.yaml').objects);
  const analysis = new NetpolAnalysis(objects);
  const ports = probePorts(documents);
  const endpoints: Array<{ name: string; endpoint: Endpoint; workload?: string }> = analysis.workloads.map((w) => ({ name: `${w.namespace}/${w.name}[${w.kind}]`, endpoint: { kind: 'class', id: w.classId }, workload: w.label }));
  for (const ip of PROBE_IPS) {
    const address = parseIp(ip);
    const atom = analysis.atoms.findIndex((a) => a.family === 4 && address !== undefined && a.lo <= address.value && address.value <= a.hi);
    endpoints.push({ name: ip, endpoint: { kind: 'external', atom } });
  }
  const answers = new Map<string, string[]>();
  for (const src of endpoints) {
    for (const dst of endpoints) {
      if (src === dst || (src.endpoint.kind === 'external' && dst.endpoint.kind === 'external')) continue;
      const conns = analysis.connection(src.endpoint, dst.endpoint);
      answers.set(`${src.name} => ${dst.name}`, ports.filter((p) => conns.contains(p.protocol, p.port)).map((p) => `${p.protocol} ${p.port}`));
    }
  }
  return { answers, errors: analysis.issues.filter((i) => i.level === 'error').map((i) => i.message) };
}

describe.skipIf(!HAVE_GO)('NetworkPolicy engine vs netpol-analyzer (differential)', () => {
  it(`allows the same connections on ${RUNS} random clusters (seed ${SEED})`, () => {
    const clusters = fc.sample(clusterArbitrary, { numRuns: RUNS, seed: SEED });
    const answers = askOracle(clusters);
    const failures: string[] = [];
    let allowed = 0;
    let checked = 0;
    clusters.forEach((cluster, i) => {
      const answer = answers[i] ?? {};
      const mine = ours(cluster);
      // netpol-analyzer refuses input without policies; then everything is allowed.
      if (answer.error === 'no relevant Kubernetes network policy resources found' && !cluster.some((d) => String(d.kind).endsWith('NetworkPolicy'))) {
        const all = probePorts(cluster).length;
        for (const [key, allowedPorts] of mine.answers) if (allowedPorts.length !== all) failures.push(`#${i} ${key}: no policies, yet Rampart denies some probes`);
        return;
      }
      if (answer.error !== undefined || mine.errors.length > 0) {
        failures.push(`#${i}: errors differ or are unexpected: netpol-analyzer ${answer.error ?? 'none'}; Rampart ${mine.errors.join('; ') || 'none'}\n${JSON.stringify(cluster)}`);
        return;
      }
      const theirs = answer.results ?? [];
      expect(theirs.length, `#${i}: pairs`).toBe(mine.answers.size);
      for (const r of theirs) {
        const key = `${r.src} => ${r.dst}`;
        const diff = difference([...r.allowed].sort(), [...(mine.answers.get(key) ?? ['(no such pair)'])].sort());
        checked++;
        allowed += r.allowed.length;
        if (diff.missing.length + diff.unexpected.length > 0) failures.push(`#${i} ${key}: only netpol-analyzer allows ${diff.missing.join(', ') || '-'}; only Rampart allows ${diff.unexpected.join(', ') || '-'}\n${JSON.stringify(cluster)}`);
      }
    });
    expect(failures.slice(0, 3), `${failures.length} differences in ${RUNS} clusters (seed ${SEED})`).toEqual([]);
    // The sample must exercise the engine: many pairs, with both allowed and denied probes.
    expect(checked).toBeGreaterThan(RUNS * 20);
    expect(allowed).toBeGreaterThan(checked);
  }, 300_000);
});
