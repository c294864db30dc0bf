/*
 * Properties of the connectivity engine on random clusters (the generator of the differential
 * oracle): monotonicity of allow rules, the effect of a default deny, agreement between the full
 * map and the explanation of each pair, invariance under pod classes, and robustness.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { loadFiles } from '../../src/inputs/load.js';
import { analyzeInputs } from '../../src/netpol/load.js';

const analyzePaths = (paths: readonly string[]) => analyzeInputs(loadFiles(paths));
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { type Connection, connectivityMap, type PeerRef, peerName } from '../../src/netpol/engine/connectivity-map.js';
import { explainPair, type ExplainTarget } from '../../src/netpol/explain/explain.js';
import { ConnSet } from '../../src/netpol/ports/conn-set.js';
import { clusterArbitrary, type Doc } from '../oracles/netpol-arbitraries.js';

const RUNS = 60;

/** The documented order of a map: sources, then destinations; external ranges first (by family and address), then workloads by name, then the ingress controller. */
function sortConnections(connections: readonly Connection[]): Connection[] {
  const key = (p: PeerRef) => (p.kind === 'external' ? `0${p.range.family}${p.range.lo.toString(16).padStart(32, '0')}` : p.kind === 'workload' ? `1${p.workload.label}` : '2');
  const keyed = connections.map((c) => ({ c, key: `${key(c.src)}\u0000${key(c.dst)}` }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((k) => k.c);
}

function analyze(docs: readonly Doc[]): NetpolAnalysis {
  const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
  return new NetpolAnalysis(parseManifests(text, 'cluster.yaml').documents.flatMap((d) => objectsOfDocument(d, 'cluster.yaml').objects));
}

/** `src => dst` → connections, for workloads and external ranges (ranges cut at the same points on both sides is not needed: callers compare like with like). */
function connections(analysis: NetpolAnalysis): Map<string, ConnSet> {
  const out = new Map<string, ConnSet>();
  for (const c of connectivityMap(analysis)) if (c.src.kind === 'workload' && c.dst.kind === 'workload') out.set(`${peerName(c.src)} => ${peerName(c.dst)}`, c.conns);
  return out;
}

const ingressRule = fc.record({ ports: fc.option(fc.constant([{ port: 80 }, { protocol: 'UDP', port: 53 }]), { nil: undefined }) }).map((r) => (r.ports ? { ports: r.ports } : {}));

describe('engine properties', () => {
  it('adding an ingress rule to a NetworkPolicy never removes a connection', () => {
    fc.assert(
      fc.property(clusterArbitrary, ingressRule, fc.nat(), (cluster, rule, pick) => {
        const policies = cluster.filter((d) => d.kind === 'NetworkPolicy');
        fc.pre(policies.length > 0);
        const target = policies[pick % policies.length];
        const extended = cluster.map((d) => {
          if (d !== target) return d;
          const spec = d.spec as Record<string, unknown>;
          // Ingress rules only: adding the first egress rule to a policy without policyTypes would
          // add Egress to its defaulted policyTypes and isolate its pods for egress.
          return { ...d, spec: { ...spec, ingress: [...((spec.ingress as unknown[]) ?? []), rule] } };
        });
        const before = connections(analyze(cluster));
        const after = connections(analyze(extended));
        for (const [pair, conns] of before) expect(after.get(pair)?.covers(conns), pair).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a default deny removes every connection of its namespace that no rule allows explicitly', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.constantFrom('ns-a', 'ns-b', 'ns-c', 'default'), (cluster, namespace) => {
        const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'zz-deny-all', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
        const before = connections(analyze(cluster));
        const analysis = analyze([...cluster, deny]);
        const after = connections(analysis);
        for (const [pair, conns] of after) expect(before.get(pair)?.covers(conns), pair).toBe(true);
        const targets = new Map(analysis.workloads.map((w) => [w.label, { kind: 'workload', workload: w } as ExplainTarget]));
        for (const pair of after.keys()) {
          const [src, dst] = pair.split(' => ').map((n) => targets.get(n));
          if (!src || !dst) continue;
          for (const segment of explainPair(analysis, src, dst).segments) {
            if (!segment.allowed) continue;
            for (const side of ['egress', 'ingress'] as const) {
              const inNamespace = (side === 'egress' ? src : dst).kind === 'workload' && ((side === 'egress' ? src : dst) as { workload: { namespace: string } }).workload.namespace === namespace;
              if (inNamespace) expect(segment[side].reasons.some((r) => r.kind === 'rule'), `${pair} ${side}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('lists the map by source, then destination (the order of the joined sort keys), each pair once', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.integer(), (cluster, seed) => {
        const map = connectivityMap(analyze(cluster));
        const shuffled = fc.sample(fc.shuffledSubarray(map, { minLength: map.length, maxLength: map.length }), { seed, numRuns: 1 })[0] ?? [];
        expect(sortConnections(shuffled)).toEqual(map);
        expect(new Set(map.map((c) => `${peerName(c.src)} => ${peerName(c.dst)}`)).size).toBe(map.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('computes, for a focus on some workloads, exactly the connections of the full map that involve them', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.array(fc.boolean(), { maxLength: 8 }), fc.boolean(), (cluster, picks, controller) => {
        const analysis = analyze(cluster);
        const chosen = new Set(analysis.workloads.filter((_, i) => picks[i % Math.max(picks.length, 1)] === true));
        const involving = (p: PeerRef) => (p.kind === 'workload' && chosen.has(p.workload)) || (p.kind === 'ingress-controller' && controller);
        const focused = connectivityMap(analysis, { involving });
        const filtered = connectivityMap(analysis).filter((c) => involving(c.src) || involving(c.dst));
        const show = (cs: typeof focused) => cs.map((c) => `${peerName(c.src)} => ${peerName(c.dst)} ${c.conns.key}`);
        expect(show(focused)).toEqual(show(filtered));
      }),
      { numRuns: RUNS },
    );
  });

  it('focuses the map of a cluster with an Ingress on each workload and on the ingress controller', () => {
    const { analysis } = analyzePaths([path.join(import.meta.dirname, 'fixtures', 'shop')]);
    const full = connectivityMap(analysis);
    const show = (cs: typeof full) => cs.map((c) => `${peerName(c.src)} => ${peerName(c.dst)} ${c.conns.key}`);
    const targets: PeerRef[] = [{ kind: 'ingress-controller' }, ...analysis.workloads.map((workload) => ({ kind: 'workload' as const, workload }))];
    expect(full.some((c) => c.src.kind === 'ingress-controller')).toBe(true);
    for (const target of targets) {
      const involving = (p: PeerRef) => p.kind === target.kind && (p.kind !== 'workload' || (target.kind === 'workload' && p.workload === target.workload));
      expect(show(connectivityMap(analysis, { involving })), peerName(target)).toEqual(show(full.filter((c) => involving(c.src) || involving(c.dst))));
    }
  });

  it('gives every pair, in the map and in explain, the same connections', () => {
    fc.assert(
      fc.property(clusterArbitrary, (cluster) => {
        const analysis = analyze(cluster);
        const map = connectivityMap(analysis);
        const byPair = new Map(map.map((c) => [`${peerName(c.src)} => ${peerName(c.dst)}`, c.conns]));
        const targets: ExplainTarget[] = analysis.workloads.map((workload) => ({ kind: 'workload', workload }));
        for (const src of targets) {
          for (const dst of targets) {
            if (src === dst || src.kind !== 'workload' || dst.kind !== 'workload') continue;
            const explained = explainPair(analysis, src, dst);
            const key = `${src.workload.label} => ${dst.workload.label}`;
            expect(explained.allowed.key, key).toBe((byPair.get(key) ?? ConnSet.NONE).key);
            // The segments partition the connection space.
            const union = explained.segments.reduce((acc, s) => acc.union(s.conns), ConnSet.NONE);
            expect(union.isAll(), key).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives a copy of a workload (same namespace, labels and ports) the same connections as the original', () => {
    fc.assert(
      fc.property(clusterArbitrary, (cluster) => {
        const original = cluster.find((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet');
        fc.pre(original !== undefined);
        const copy = { ...original, metadata: { ...(original?.metadata as Record<string, unknown>), name: 'zz-copy' } };
        const analysis = analyze([...cluster, copy]);
        const map = connections(analysis);
        const name = (original?.metadata as { name: string }).name;
        const ns = ((original?.metadata as { namespace?: string }).namespace ?? 'default');
        for (const w of analysis.workloads) {
          if (w.name === name || w.name === 'zz-copy') continue;
          expect(map.get(`${ns}/zz-copy => ${w.label}`)?.key, w.label).toBe(map.get(`${ns}/${name} => ${w.label}`)?.key);
          expect(map.get(`${w.label} => ${ns}/zz-copy`)?.key, w.label).toBe(map.get(`${w.label} => ${ns}/${name}`)?.key);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on hostile policies: values of any type in any field', () => {
    const junk = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const hostile = fc.record({ spec: fc.oneof(junk, fc.record({ podSelector: junk, policyTypes: junk, ingress: junk, egress: junk, subject: junk, priority: junk })) });
    fc.assert(
      fc.property(clusterArbitrary, fc.array(hostile, { maxLength: 3 }), fc.constantFrom('NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'), (cluster, bad, kind) => {
        const apiVersion = kind === 'NetworkPolicy' ? 'networking.k8s.io/v1' : 'policy.networking.k8s.io/v1alpha1';
        const docs = [...cluster, ...bad.map((b, i) => ({ apiVersion, kind, metadata: { name: kind === 'BaselineAdminNetworkPolicy' ? 'default' : `bad-${i}`, namespace: 'ns-a' }, spec: b.spec }))];
        const analysis = analyze(docs);
        connectivityMap(analysis);
        for (const issue of analysis.issues) expect(issue.location?.line).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
