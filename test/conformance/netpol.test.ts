/*
 * NetworkPolicy conformance: the 40 input directories of np-guard/netpol-analyzer's test suite
 * (test/conformance/netpol/, see its README.md) against their expected outputs, compared as sets
 * of connections (source, destination, ports), never as text. Workload names map from
 * netpol-analyzer's `ns/name[Kind]` to `ns/name`; external ranges are compared over the common
 * refinement of both sides' ranges. Known deviations are listed with their reason below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/load.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { type Connection, connectivityMap, type PeerRef } from '../../src/netpol/engine/connectivity-map.js';
import { focusConnections, type MapFocus } from '../../src/netpol/engine/focus.js';
import { canonicalize, type Comparable, difference } from './netpol-compare.js';
import { type ExpectedPeer, type ExpectedConnSet, parseListJson, parseListText } from './netpol-expected.js';

const ROOT = fileURLToPath(new URL('./netpol/', import.meta.url));

interface ListCase {
  readonly kind: 'list';
  readonly dir: string;
  readonly format: string;
  readonly focusworkload: string[] | null;
  readonly focusworkload_peer: string[] | null;
  readonly focus_direction: 'ingress' | 'egress' | null;
  readonly focus_conn: string | null;
  readonly exposure: boolean;
  readonly explain: boolean;
  readonly explain_only?: 'allow' | 'deny' | null;
  readonly expected: string;
}
interface FatalCase {
  readonly kind: 'list-fatal-error';
  readonly dir: string;
  readonly error_contains: string;
}
interface DiffCase {
  readonly kind: 'diff';
  readonly dir1: string;
  readonly dir2: string;
  readonly format: string;
  readonly expected: string;
}
interface CliCase {
  readonly kind: 'cli';
  readonly expected: string;
}
type Case = ListCase | FatalCase | DiffCase | CliCase;

const cases = JSON.parse(readFileSync(join(ROOT, 'cases.json'), 'utf8')) as Case[];

const analyses = new Map<string, NetpolAnalysis>();
function analysisOf(dir: string): NetpolAnalysis {
  let analysis = analyses.get(dir);
  if (!analysis) {
    const inputs = loadInputs([join(ROOT, 'tests', dir)]);
    expect(inputs.problems).toEqual([]);
    analysis = new NetpolAnalysis(inputs.objects);
    analyses.set(dir, analysis);
  }
  return analysis;
}

function toExpectedPeer(peer: PeerRef): ExpectedPeer {
  if (peer.kind === 'workload') return { kind: 'workload', name: `${peer.workload.namespace}/${peer.workload.name}` };
  if (peer.kind === 'external') return { kind: 'external', range: peer.range };
  return { kind: 'other', name: '{ingress-controller}' };
}

function connValue(conns: ExpectedConnSet | undefined): string {
  if (!conns) return 'focus';
  return [conns.set.key, ...conns.named].join(' ');
}

/** Our connections as comparable entries; IPv6 ranges are left out (netpol-analyzer models IPv4 only). */
function ours(connections: readonly Connection[], focusConn: boolean): Comparable[] {
  return connections
    .filter((c) => !(c.src.kind === 'external' && c.src.range.family === 6) && !(c.dst.kind === 'external' && c.dst.range.family === 6))
    .map((c) => ({ src: toExpectedPeer(c.src), dst: toExpectedPeer(c.dst), value: focusConn ? 'focus' : c.conns.key }));
}

function focusOf(c: Pick<ListCase, 'focusworkload' | 'focusworkload_peer' | 'focus_direction' | 'focus_conn'>): MapFocus {
  const conn = c.focus_conn ? /^(tcp|udp|sctp)-(\d+)$/.exec(c.focus_conn) : null;
  return {
    ...(c.focusworkload ? { workloads: c.focusworkload } : {}),
    ...(c.focusworkload_peer ? { peers: c.focusworkload_peer } : {}),
    ...(c.focus_direction ? { direction: c.focus_direction } : {}),
    ...(conn ? { connection: { protocol: (conn[1] ?? '').toUpperCase() as 'TCP', port: Number(conn[2]) } } : {}),
  };
}

function compareConnections(c: ListCase): void {
  const text = readFileSync(join(ROOT, c.expected), 'utf8');
  const expected = c.format === 'json' ? parseListJson(text) : parseListText(text);
  const analysis = analysisOf(c.dir);
  const actual = focusConnections(connectivityMap(analysis), focusOf(c));
  const focus = c.focus_conn !== null;
  const { expected: e, actual: a } = canonicalize(
    expected.connections.map((x) => ({ src: x.src, dst: x.dst, value: connValue(x.conns) })),
    ours(actual, focus),
  );
  expect(difference(e, a)).toEqual({ missing: [], unexpected: [] });
}

const listCases = cases.filter((c): c is ListCase => c.kind === 'list' && (c.format === 'txt' || c.format === 'json'));

describe('netpol conformance: connectivity lists', () => {
  const plain = listCases.filter((c) => !c.exposure && !c.explain);
  it.each(plain.map((c) => [c.expected.replace('test_outputs/connlist/', ''), c] as const))('%s', (_name, c) => compareConnections(c));
});
